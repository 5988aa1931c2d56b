// FaultBook: where × when × what, and the JSON form scenarios and the admin API use.
#include <catch2/catch.hpp>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "loginscope/faults.hpp"

#include "fault_rules.hpp"
#include "refusal.hpp"

using namespace ls;
using namespace ls::test;
using nlohmann::json;

namespace {
FaultRule rule(Hop hop, WhenMode when, int n = 1) { return platform_error("-1", hop, when, n); }

// What fault_rule_from_json says when it refuses `j` read at `where`; "(accepted)" when it does not.
std::string rejection(const json& j, const std::string& where) {
    return refusal<std::invalid_argument>([&] { fault_rule_from_json(j, where); });
}

std::vector<bool> pattern(FaultBook& b, Hop hop, int calls) {
    std::vector<bool> out;
    for (int i = 0; i < calls; ++i) out.push_back(b.take(hop).has_value());
    return out;
}
}  // namespace

TEST_CASE("a next-call rule fires once and then stays quiet", "[faults]") {
    FaultBook b;
    b.add(rule(Hop::PlatformResponse, WhenMode::Next));
    CHECK(pattern(b, Hop::PlatformResponse, 4) == std::vector<bool>{true, false, false, false});
}

// serve asks surely_empty() without the engine's lock and then skips take(): so the answer must
// follow every change of the rules, and an nth rule must count the calls made since it was added.
TEST_CASE("an empty fault book says so at every change, and a rule counts calls from when it was added", "[faults]") {
    FaultBook b;
    CHECK(b.surely_empty());
    CHECK(pattern(b, Hop::ClientToDev, 3) == std::vector<bool>{false, false, false});
    b.add(rule(Hop::ClientToDev, WhenMode::Nth, 2));
    CHECK_FALSE(b.surely_empty());
    CHECK(pattern(b, Hop::ClientToDev, 3) == std::vector<bool>{false, true, false});
    b.add(rule(Hop::DevToPlatform, WhenMode::Every));
    b.remove(0);
    CHECK_FALSE(b.surely_empty());
    b.remove(0);
    CHECK(b.surely_empty());
    b.add(rule(Hop::DevToPlatform, WhenMode::Every));
    b.clear();
    CHECK(b.surely_empty());
}

TEST_CASE("a rule does not fire on calls at another hop", "[faults]") {
    FaultBook b;
    b.add(rule(Hop::PlatformResponse, WhenMode::Next));
    CHECK_FALSE(b.take(Hop::ClientToDev));
    CHECK_FALSE(b.take(Hop::DevToPlatform));
    CHECK(b.take(Hop::PlatformResponse));
}

TEST_CASE("an nth rule fires only on that call", "[faults]") {
    FaultBook b;
    b.add(rule(Hop::ClientToDev, WhenMode::Nth, 3));
    CHECK(pattern(b, Hop::ClientToDev, 5) == std::vector<bool>{false, false, true, false, false});
}

TEST_CASE("a first_n rule fires on the first n calls", "[faults]") {
    FaultBook b;
    b.add(rule(Hop::ClientToDev, WhenMode::FirstN, 2));
    CHECK(pattern(b, Hop::ClientToDev, 4) == std::vector<bool>{true, true, false, false});
}

TEST_CASE("an every rule fires on every call", "[faults]") {
    FaultBook b;
    b.add(rule(Hop::DevToPlatform, WhenMode::Every));
    CHECK(pattern(b, Hop::DevToPlatform, 5) == std::vector<bool>(5, true));
}

TEST_CASE("a disabled rule never fires", "[faults]") {
    FaultBook b;
    FaultRule r = rule(Hop::DevToPlatform, WhenMode::Every);
    r.enabled = false;
    b.add(r);
    CHECK(pattern(b, Hop::DevToPlatform, 3) == std::vector<bool>(3, false));
}

TEST_CASE("reset_counts restarts nth counting", "[faults]") {
    FaultBook b;
    b.add(rule(Hop::ClientToDev, WhenMode::Nth, 2));
    CHECK(pattern(b, Hop::ClientToDev, 2) == std::vector<bool>{false, true});
    b.reset_counts();
    CHECK(pattern(b, Hop::ClientToDev, 2) == std::vector<bool>{false, true});
}

TEST_CASE("probability rules are reproducible with the same seed", "[faults]") {
    auto run = [](uint64_t seed, double p) {
        FaultBook b;
        FaultRule r = rule(Hop::PlatformResponse, WhenMode::Probability);
        r.probability = p;
        r.seed = seed;
        b.add(r);
        return pattern(b, Hop::PlatformResponse, 200);
    };
    const auto a = run(99, 0.3), again = run(99, 0.3), other = run(100, 0.3);
    CHECK(a == again);
    CHECK(a != other);
    const auto fired = std::count(a.begin(), a.end(), true);
    CHECK(fired > 30);  // ≈ 60 expected
    CHECK(fired < 90);
    const auto never = run(5, 0.0);
    CHECK(std::count(never.begin(), never.end(), true) == 0);
    const auto always = run(5, 1.0);
    CHECK(std::count(always.begin(), always.end(), true) == 200);
}

TEST_CASE("the first matching rule is the one that fires", "[faults]") {
    FaultBook b;
    FaultRule a = rule(Hop::PlatformResponse, WhenMode::Next);
    a.code = "40163";
    FaultRule c = rule(Hop::PlatformResponse, WhenMode::Every);
    c.code = "-1";
    b.add(a);
    b.add(c);
    auto f1 = b.take(Hop::PlatformResponse);
    auto f2 = b.take(Hop::PlatformResponse);
    REQUIRE(f1);
    REQUIRE(f2);
    CHECK(f1->code == "40163");
    CHECK(f2->code == "-1");
}

TEST_CASE("fault rules round trip through JSON", "[faults]") {
    const json in = {{"hop", "platform_response"}, {"when", "nth"}, {"n", 2}, {"what", "platform_error"}, {"code", "40163"}};
    FaultRule r = fault_rule_from_json(in, "faults[0]");
    CHECK(r.hop == Hop::PlatformResponse);
    CHECK(r.when == WhenMode::Nth);
    CHECK(r.n == 2);
    CHECK(r.kind == FaultKind::PlatformError);
    CHECK(r.code == "40163");
    CHECK(fault_rule_to_json(r) == in);
    // A numeric errcode is accepted as well.
    CHECK(fault_rule_from_json({{"hop", "platform_response"}, {"what", "platform_error"}, {"code", -1}}, "f").code == "-1");
}

TEST_CASE("fault_rule_from_json rejects bad input and names the field", "[faults]") {
    auto message = [](const json& j) { return rejection(j, "faults[3]"); };
    CHECK_THAT(message({{"hop", "moon"}, {"what", "hang"}}), Catch::Contains("faults[3].hop"));
    CHECK_THAT(message({{"what", "hang"}}), Catch::Contains("faults[3].hop"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "explode"}}), Catch::Contains("faults[3].what"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "platform_error"}, {"code", "-1"}}), Catch::Contains("faults[3].what"));
    CHECK_THAT(message({{"hop", "client_call"}, {"what", "connection_reset"}}), Catch::Contains("faults[3].what"));
    CHECK_THAT(message({{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "99999"}}),
               Catch::Contains("faults[3].code") && Catch::Contains("99999"));
    CHECK_THAT(message({{"hop", "platform_response"}, {"what", "platform_error"}}), Catch::Contains("faults[3].code"));
    CHECK_THAT(message({{"hop", "platform_response"}, {"what", "platform_error"}, {"code", "login:fail timeout"}}),
               Catch::Contains("faults[3].code"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "sometimes"}}), Catch::Contains("faults[3].when"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "nth"}, {"n", 0}}), Catch::Contains("faults[3].n"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "probability"}, {"probability", 1.5}}),
               Catch::Contains("faults[3].probability"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "delay"}}), Catch::Contains("faults[3].ms"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "delay"}, {"ms", "1000"}}), Catch::Contains("faults[3].ms"));
    CHECK_THAT(message({{"hop", "client_to_dev"}, {"what", "http_status"}, {"status", 99}}), Catch::Contains("faults[3].status"));
    CHECK_THAT(message(json::array()), Catch::Contains("faults[3]"));
    CHECK(message({{"hop", "client_to_dev"}, {"what", "hang"}}) == "(accepted)");
}

// The admin API's POST /__admin/faults and scenario files share this parser: a typo ("propability")
// must not leave a rule that fires on every call.
TEST_CASE("fault_rule_from_json refuses an unknown field and names it", "[faults]") {
    const json rule = {{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "probability"}, {"propability", 0.1}};
    try {
        fault_rule_from_json(rule, "faults[3]");
        FAIL("accepted an unknown field");
    } catch (const std::invalid_argument& e) {
        CHECK(std::string(e.what()) == "faults[3].propability: unknown field");
    }
}

TEST_CASE("fault_rule_from_json refuses a fraction or an out-of-range integer, naming the value", "[faults]") {
    auto message = [](const json& j) { return rejection(j, "fault"); };
    auto with = [](json rule, const json& fields) {
        rule.update(fields);
        return rule;
    };
    const json nth = {{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "nth"}};
    CHECK(message(with(nth, {{"n", 1.5}})) == "fault.n: must be an integer 1..2147483647, not 1.5");
    CHECK(message(with(nth, {{"n", 2147483648}})) == "fault.n: must be an integer 1..2147483647, not 2147483648");
    CHECK(message(with(nth, {{"n", 0}})) == "fault.n: must be an integer 1..2147483647, not 0");
    CHECK(message(with(nth, {{"n", 2147483647}})) == "(accepted)");
    const json cut = {{"hop", "client_to_dev"}, {"what", "cut_body"}};
    CHECK(message(with(cut, {{"bytes", -1}})) == "fault.bytes: must be an integer 0..2147483647, not -1");
    CHECK(message(with(cut, {{"bytes", 10.25}})) == "fault.bytes: must be an integer 0..2147483647, not 10.25");
    const json status = {{"hop", "client_to_dev"}, {"what", "http_status"}};
    CHECK(message(with(status, {{"status", 4294967798}})) == "fault.status: must be an integer 100..599, not 4294967798");
    const json chance = {{"hop", "client_to_dev"}, {"what", "hang"}, {"when", "probability"}};
    CHECK(message(with(chance, {{"probability", -0.5}})) == "fault.probability: must be a number 0..1, not -0.5");
    CHECK(message(with(chance, {{"seed", 1e30}})) == "fault.seed: must be an integer 0..18446744073709551615, not 1e+30");
    CHECK(fault_rule_from_json(with(chance, {{"seed", 18446744073709551615ULL}}), "f").seed == 18446744073709551615ULL);
}

TEST_CASE("socket faults only apply to HTTP hops", "[faults]") {
    CHECK(fault_applies(FaultKind::ConnectionReset, Hop::ClientToDev));
    CHECK(fault_applies(FaultKind::CutBody, Hop::PlatformResponse));
    CHECK_FALSE(fault_applies(FaultKind::ConnectionReset, Hop::ClientCall));
    CHECK_FALSE(fault_applies(FaultKind::MalformedJson, Hop::SessionCheck));
    CHECK(fault_applies(FaultKind::Hang, Hop::ClientCall));
    CHECK(fault_applies(FaultKind::PlatformError, Hop::PlatformResponse));
    CHECK_FALSE(fault_applies(FaultKind::PlatformError, Hop::ClientToDev));
}

TEST_CASE("every fault kind has a name that parses back", "[faults]") {
    for (FaultKind k : all_fault_kinds()) {
        auto back = fault_kind_from_string(to_string(k));
        REQUIRE(back);
        CHECK(*back == k);
    }
    CHECK_FALSE(fault_kind_from_string("nope"));
}

TEST_CASE("a rule with a path counts and fails only the requests to that path, and keeps it through JSON", "[faults]") {
    FaultBook b;
    FaultRule r = rule(Hop::PlatformResponse, WhenMode::Nth, 2);
    r.path = "/donut/code2verifyinfo";
    b.add(r);
    CHECK_FALSE(b.take(Hop::PlatformResponse, "/cgi-bin/token"));       // not counted
    CHECK_FALSE(b.take(Hop::PlatformResponse, "/donut/code2verifyinfo"));  // call 1
    CHECK_FALSE(b.take(Hop::PlatformResponse, "/cgi-bin/token"));
    CHECK(b.take(Hop::PlatformResponse, "/donut/code2verifyinfo"));        // call 2
    const json j = fault_rule_to_json(r);
    CHECK(j["path"] == "/donut/code2verifyinfo");
    CHECK(fault_rule_from_json(j, "f").path == r.path);
    CHECK_THAT(r.describe(), Catch::StartsWith("platform_response /donut/code2verifyinfo × call #2"));
    CHECK(rejection(json{{"hop", "platform_response"}, {"what", "hang"}, {"path", "cgi-bin"}}, "faults[0]") ==
          "faults[0].path: must be a path such as \"/sns/jscode2session\" (at most 256 characters), not \"cgi-bin\"");
    CHECK(rejection(json{{"hop", "client_call"}, {"what", "hang"}, {"path", "/x"}}, "faults[0]") ==
          "faults[0].path: only an HTTP hop's rule holds to a path, not \"client_call\"'s");
}
