// Alipay's OpenAPI v2 gateway (PLATFORM-FACTS-MORE §1.2): alipay.system.oauth.token over real HTTP on
// loopback, with real RSA signatures both ways.
#include <catch2/catch.hpp>

#include <cctype>
#include <mutex>

#include <nlohmann/json.hpp>

#include "loginscope/alipay.hpp"
#include "loginscope/baidu.hpp"  // parse_form
#include "loginscope/rsa.hpp"

using namespace ls;
using nlohmann::json;

namespace {

constexpr const char* kTimestamp = "2024-05-20 16:20:46";  // a request's own wall-clock time

const RsaKeyPair& stranger_keys() {  // a pair nobody registered
    static const RsaKeyPair keys = rsa_generate();
    return keys;
}

// The platform behind a real HttpHost on an ephemeral loopback port, and the project's client.
struct Gateway {
    std::mutex mu;
    std::string forced_;
    VirtualClock clock;
    IdGenerator ids{7};
    Journal journal;
    AlipayPlatform alipay{clock, ids, journal};
    HttpHost host{[this](const HttpRequest& r) { return Delivery{alipay.gateway(r, 1, forced())}; }};
    HttpTransport client{host.port(), 5000};

    // The next requests' injected fault (read on the host's I/O thread).
    void force(const std::string& fault) {
        std::lock_guard<std::mutex> lock(mu);
        forced_ = fault;
    }
    std::string forced() {
        std::lock_guard<std::mutex> lock(mu);
        return forced_;
    }
    HttpReply send(const HttpRequest& r) {
        TransportResult t = client.send(r);
        REQUIRE(t.ok());
        return *t.reply;
    }
    HttpRequest code_request(const std::string& code, const std::string& sign_type = "RSA2") const {
        return alipay_token_request(alipay.app(), {{"grant_type", "authorization_code"}, {"code", code}}, kTimestamp, sign_type);
    }
    HttpReply exchange(const std::string& code, const std::string& sign_type = "RSA2") { return send(code_request(code, sign_type)); }
    HttpReply refresh(const std::string& token) {
        return send(alipay_token_request(alipay.app(), {{"grant_type", "refresh_token"}, {"refresh_token", token}}, kTimestamp));
    }
    std::string login_code(const std::string& user = "alice", const std::string& scope = "auth_base") {
        return alipay.issue_code(user, 1, scope).first;
    }
    const Event last_event() const { return journal.all().back(); }
};

json token_response(const HttpReply& r) {
    INFO(r.body);
    const json j = json::parse(r.body);
    REQUIRE(j.contains("alipay_system_oauth_token_response"));
    return j["alipay_system_oauth_token_response"];
}

json error_response(const HttpReply& r) {
    INFO(r.body);
    const json j = json::parse(r.body);
    REQUIRE(j.contains("error_response"));
    return j["error_response"];
}

// The text between `"key":` and `,"sign"`: what alipay-sdk cuts out of the raw body to verify.
std::string signed_text(const std::string& body, const std::string& key) {
    const std::string head = "{\"" + key + "\":";
    REQUIRE(body.rfind(head, 0) == 0);
    const size_t tail = body.rfind(",\"sign\":\"");
    REQUIRE(tail != std::string::npos);
    return body.substr(head.size(), tail - head.size());
}

std::string sign_of(const std::string& body) { return json::parse(body).at("sign").get<std::string>(); }

// Every parameter of `r` (query and form body), as the gateway reads them.
std::map<std::string, std::string> params_of(const HttpRequest& r) {
    std::map<std::string, std::string> p = parse_form(r.body);
    for (const auto& [k, v] : r.query) p[k] = v;
    return p;
}

// `r` signed anew with `private_key` (after a test changed a parameter).
void resign(HttpRequest& r, const std::string& private_key, const std::string& sign_type = "RSA2") {
    r.query["sign"] = rsa_sign(private_key, alipay_sign_content(params_of(r)), sign_type).value();
}

bool all_digits(const std::string& s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return !s.empty();
}

}  // namespace

TEST_CASE("an Alipay auth code is exchanged over HTTP for user_id and tokens signed RSA2", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    const HttpReply r = g.exchange(code);
    CHECK(r.status == 200);
    CHECK(r.content_type == "text/html;charset=utf-8");
    const json t = token_response(r);
    const std::string user_id = t.at("user_id");
    CHECK(user_id == g.alipay.user_id_of("alice"));
    CHECK(user_id.size() == 16);
    CHECK(user_id.rfind("2088", 0) == 0);
    CHECK(all_digits(user_id));
    CHECK(t.at("expires_in") == 1296000);  // numbers on the wire, not strings
    CHECK(t.at("re_expires_in") == 2592000);
    CHECK(t.at("auth_start") == alipay_timestamp(g.clock.now_ms()));
    const std::string access = t.at("access_token"), refresh = t.at("refresh_token");
    CHECK(access.rfind("authbseB", 0) == 0);
    CHECK(access.size() == 40);
    CHECK(refresh.rfind("authbseB", 0) == 0);
    CHECK(refresh != access);
    CHECK(access.substr(37) == refresh.substr(37));  // the pair shares its suffix, as real ones do
    CHECK(!t.contains("open_id"));
    CHECK(g.alipay.access_token_alive(access));
    // The real field order, not an alphabetical accident of the test's JSON library.
    CHECK(r.body.rfind("{\"alipay_system_oauth_token_response\":{\"access_token\":\"authbseB", 0) == 0);
    CHECK(signed_text(r.body, "alipay_system_oauth_token_response").find("\"expires_in\":1296000,\"re_expires_in\":2592000,") !=
          std::string::npos);
    const Event e = g.last_event();
    CHECK(e.kind == "exchange.ok");
    CHECK(e.ends == code);
    CHECK(e.links.value("user_id") == user_id);
}

TEST_CASE("an Alipay response's sign verifies with the platform public key over the raw response text", "[alipay]") {
    Gateway g;
    const HttpReply r = g.exchange(g.login_code());
    const std::string object = signed_text(r.body, "alipay_system_oauth_token_response");
    CHECK(rsa_verify(g.alipay.platform_public_key(), object, sign_of(r.body), "RSA2"));
    CHECK(alipay_response_object(r.body, "alipay_system_oauth_token_response") == object);
    CHECK(alipay_response_verified(r.body, g.alipay.platform_public_key()));
    // Not with another key, and not over the text re-serialised.
    CHECK_FALSE(rsa_verify(stranger_keys().public_pem, object, sign_of(r.body), "RSA2"));
    CHECK_FALSE(rsa_verify(g.alipay.platform_public_key(), json::parse(object).dump(2), sign_of(r.body), "RSA2"));
    CHECK_FALSE(rsa_verify(demo_app_keys().public_pem, object, sign_of(r.body), "RSA2"));
}

TEST_CASE("an Alipay request signed RSA (SHA1) is accepted and answered with a SHA1 signature", "[alipay]") {
    Gateway g;
    const HttpReply r = g.exchange(g.login_code(), "RSA");
    const json t = token_response(r);
    CHECK(t.at("user_id") == g.alipay.user_id_of("alice"));
    const std::string object = signed_text(r.body, "alipay_system_oauth_token_response");
    CHECK(rsa_verify(g.alipay.platform_public_key(), object, sign_of(r.body), "RSA"));
    CHECK_FALSE(rsa_verify(g.alipay.platform_public_key(), object, sign_of(r.body), "RSA2"));
}

TEST_CASE("a used Alipay auth code answers isv.code-invalid in a signed error_response", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    REQUIRE(token_response(g.exchange(code)).contains("user_id"));
    const HttpReply r = g.exchange(code);
    CHECK(r.status == 200);  // business errors are HTTP 200
    const json err = error_response(r);
    CHECK(err.at("code") == "40002");
    CHECK(err.at("msg") == "Invalid Arguments");
    CHECK(err.at("sub_code") == "isv.code-invalid");
    CHECK(err.at("sub_msg") == "授权码code无效");
    CHECK(r.body.rfind(R"({"error_response":{"msg":"Invalid Arguments","code":"40002","sub_msg":"授权码code无效","sub_code":"isv.code-invalid"},"sign":")", 0) == 0);
    CHECK(rsa_verify(g.alipay.platform_public_key(), signed_text(r.body, "error_response"), sign_of(r.body), "RSA2"));
    const Event e = g.last_event();
    CHECK(e.kind == "exchange.error");
    CHECK(e.links.value("sub_code") == "isv.code-invalid");
    CHECK(e.text.find("code already used") != std::string::npos);
}

TEST_CASE("an Alipay auth code expires after its assumed ten minutes", "[alipay]") {
    Gateway g;
    CHECK(AlipayPlatform::kCodeTtlMs == 10 * 60 * 1000);
    const auto [early, expires] = g.alipay.issue_code("alice", 1);
    const std::string late = g.login_code("bob");
    CHECK(expires == AlipayPlatform::kCodeTtlMs);
    g.clock.advance(AlipayPlatform::kCodeTtlMs - 1);
    CHECK(token_response(g.exchange(early)).contains("user_id"));
    g.clock.advance(1);
    CHECK(error_response(g.exchange(late)).at("sub_code") == "isv.code-invalid");
    CHECK(g.last_event().text.find("code expired") != std::string::npos);
}

TEST_CASE("an Alipay request altered by one byte or signed with another key is refused with the gateway's sign string", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    const std::string prefix = "验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：";
    auto refused = [&](const HttpRequest& req) {
        const HttpReply r = g.send(req);
        const json err = error_response(r);
        CHECK(err.at("code") == "40002");
        CHECK(err.at("sub_code") == "isv.invalid-signature");
        CHECK(rsa_verify(g.alipay.platform_public_key(), signed_text(r.body, "error_response"), sign_of(r.body), "RSA2"));
        return err.at("sub_msg").get<std::string>();
    };
    SECTION("one byte of a business parameter changed after signing") {
        HttpRequest req = g.code_request(code);
        const size_t at = req.body.find(code);
        REQUIRE(at != std::string::npos);
        req.body[at] = req.body[at] == 'a' ? 'b' : 'a';
        const std::string sub_msg = refused(req);
        CHECK(sub_msg.rfind(prefix, 0) == 0);
        // The string the gateway verified, HTML-escaped as the real gateway quotes it.
        CHECK(sub_msg.substr(prefix.size()) == "app_id=2021004123456789&amp;charset=utf-8&amp;code=" + req.body.substr(at, code.size()) +
                                                   "&amp;format=JSON&amp;grant_type=authorization_code&amp;method=alipay.system.oauth.token"
                                                   "&amp;sign_type=RSA2&amp;timestamp=" + kTimestamp + "&amp;version=1.0");
    }
    SECTION("one character of the sign changed") {
        HttpRequest req = g.code_request(code);
        std::string& sign = req.query["sign"];
        sign[10] = sign[10] == 'A' ? 'B' : 'A';
        refused(req);
    }
    SECTION("signed with a private key whose public key was never registered") {
        HttpRequest req = g.code_request(code);
        resign(req, stranger_keys().private_pem);
        refused(req);
    }
    SECTION("signed RSA but labelled RSA2") {
        HttpRequest req = g.code_request(code, "RSA");
        req.query["sign_type"] = "RSA2";
        refused(req);
    }
    // A refused request never reached the API: the code is still good.
    CHECK(token_response(g.exchange(code)).contains("user_id"));
}

TEST_CASE("an Alipay request missing a system parameter answers 40001 with the parameter's sub_code", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    auto without = [&](const char* param) {
        HttpRequest req = g.code_request(code);
        req.query.erase(param);
        if (std::string(param) != "sign") resign(req, g.alipay.app().private_key());
        return g.send(req);
    };
    const HttpReply no_sign = without("sign");
    const json err = error_response(no_sign);
    CHECK(err.at("code") == "40001");
    CHECK(err.at("msg") == "Missing Required Arguments");
    CHECK(err.at("sub_code") == "isv.missing-signature");
    CHECK(err.at("sub_msg") == "缺少签名参数");
    CHECK(json::parse(no_sign.body).contains("sign"));  // the app is known: signed
    CHECK(error_response(without("method")).at("sub_code") == "isv.missing-method");
    CHECK(error_response(without("timestamp")).at("sub_code") == "isv.missing-timestamp");
    CHECK(error_response(without("sign_type")).at("sub_code") == "isv.missing-signature-type");
    CHECK(error_response(without("version")).at("sub_code") == "isv.missing-version");
    const HttpReply no_app = without("app_id");
    CHECK(error_response(no_app).at("sub_code") == "isv.missing-app-id");
    CHECK_FALSE(json::parse(no_app.body).contains("sign"));  // no app, no key to sign with
    CHECK(token_response(g.exchange(code)).contains("user_id"));
}

TEST_CASE("an unknown Alipay app_id answers isv.invalid-app-id without a sign", "[alipay]") {
    Gateway g;
    AlipayApp other = g.alipay.app();
    other.app_id = "2021000000000001";
    const HttpReply r = g.send(alipay_token_request(other, {{"grant_type", "authorization_code"}, {"code", g.login_code()}}, kTimestamp));
    const json err = error_response(r);
    CHECK(err.at("code") == "40002");
    CHECK(err.at("sub_code") == "isv.invalid-app-id");
    CHECK(err.at("sub_msg") == "无效的AppID参数");
    CHECK_FALSE(json::parse(r.body).contains("sign"));
}

TEST_CASE("an Alipay code issued to another app is unknown to this one", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    AlipayApp next = g.alipay.app();
    next.app_id = "2021004987654321";
    g.alipay.set_app(next);
    CHECK(error_response(g.exchange(code)).at("sub_code") == "isv.code-invalid");
    CHECK(g.last_event().text.find("no such code for this app") != std::string::npos);
}

TEST_CASE("an Alipay method other than alipay.system.oauth.token answers isv.invalid-method", "[alipay]") {
    Gateway g;
    HttpRequest req = g.code_request(g.login_code());
    req.query["method"] = "alipay.user.info.share";
    resign(req, g.alipay.app().private_key());
    const json err = error_response(g.send(req));
    CHECK(err.at("code") == "40002");
    CHECK(err.at("sub_code") == "isv.invalid-method");
    CHECK(err.at("sub_msg") == "不存在的方法名");
}

TEST_CASE("an Alipay refresh_token works once and its successor takes over", "[alipay]") {
    Gateway g;
    const json first = token_response(g.exchange(g.login_code()));
    const std::string rt1 = first.at("refresh_token"), at1 = first.at("access_token");
    const HttpReply r2 = g.refresh(rt1);
    const json second = token_response(r2);
    CHECK(alipay_response_verified(r2.body, g.alipay.platform_public_key()));
    const std::string rt2 = second.at("refresh_token"), at2 = second.at("access_token");
    CHECK(second.at("user_id") == first.at("user_id"));
    CHECK(rt2 != rt1);
    CHECK(at2 != at1);
    CHECK(g.alipay.access_token_alive(at2));
    CHECK(g.last_event().ends == rt1);

    const HttpReply again = g.refresh(rt1);
    const json err = error_response(again);
    CHECK(err.at("sub_code") == "isv.refreshed-token-invalid");
    CHECK(err.at("code") == "40002");
    CHECK(again.body.find(rt1) == std::string::npos);  // no token in an error
    CHECK(error_response(g.refresh("authbseB0000000000000000000000000000X00")).at("sub_code") == "isv.refresh-token-invalid");

    const json third = token_response(g.refresh(rt2));
    CHECK(third.at("user_id") == first.at("user_id"));
    g.clock.advance(seconds_to_ms(AlipayPlatform::kRefreshTokenTtlS));
    CHECK(error_response(g.refresh(third.at("refresh_token"))).at("sub_code") == "isv.refresh-token-invalid");
    CHECK_FALSE(g.alipay.access_token_alive(third.at("access_token")));
}

TEST_CASE("an Alipay app in openid mode gets a per-app open_id and no user_id", "[alipay]") {
    Gateway g;
    AlipayApp a = g.alipay.app();
    a.openid_mode = true;
    g.alipay.set_app(a);
    const json t = token_response(g.exchange(g.login_code("alice", "auth_user")));
    CHECK_FALSE(t.contains("user_id"));
    const std::string open_id = t.at("open_id");
    CHECK(open_id == g.alipay.open_id_of("alice", a.app_id));
    CHECK(open_id.size() == 47);
    CHECK(open_id[0] == '0');
    CHECK(g.alipay.openid_of("alice") == open_id);
    CHECK(t.at("access_token").get<std::string>().rfind("authusrB", 0) == 0);  // auth_user's tokens
    // Stable for this app; another app of the same user gets another open_id.
    CHECK(token_response(g.exchange(g.login_code("alice"))).at("open_id") == open_id);
    a.app_id = "2021004987654321";
    g.alipay.set_app(a);
    const std::string other = token_response(g.exchange(g.login_code("alice"))).at("open_id");
    CHECK(other != open_id);
    CHECK(other == g.alipay.open_id_of("alice", a.app_id));
}

TEST_CASE("an Alipay app bound for union_id gets the same union_id in every app", "[alipay]") {
    Gateway g;
    AlipayApp a = g.alipay.app();
    a.union_id_bound = true;
    g.alipay.set_app(a);
    const std::string union_id = token_response(g.exchange(g.login_code())).at("union_id");
    CHECK(union_id == g.alipay.union_id_of("alice"));
    a.app_id = "2021004987654321";
    g.alipay.set_app(a);
    CHECK(token_response(g.exchange(g.login_code())).at("union_id") == union_id);
    CHECK(g.alipay.union_id_of("bob").empty());
}

TEST_CASE("Alipay timestamps are Beijing time on the engine's virtual clock", "[alipay]") {
    // Virtual 0 is Unix 1700000000 = 2023-11-14 22:13:20 UTC, which is 06:13:20 the next day in UTC+8.
    CHECK(alipay_timestamp(0) == "2023-11-15 06:13:20");
    CHECK(alipay_timestamp(999) == "2023-11-15 06:13:20");
    CHECK(alipay_timestamp(-1) == "2023-11-15 06:13:19");
    CHECK(alipay_timestamp(18 * 3600 * 1000LL) == "2023-11-16 00:13:20");
    Gateway g;
    g.clock.advance(3600 * 1000);
    CHECK(token_response(g.exchange(g.login_code())).at("auth_start") == "2023-11-15 07:13:20");
}

TEST_CASE("an injected Alipay fault answers its error and a code error uses the code up", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    g.force("20000");
    const json busy = error_response(g.exchange(code));
    CHECK(busy.at("code") == "20000");
    CHECK(busy.at("msg") == "Service Currently Unavailable");
    CHECK(busy.at("sub_code") == "isp.unknow-error");
    g.force("isv.code-invalid");
    CHECK(error_response(g.exchange(code)).at("sub_code") == "isv.code-invalid");
    CHECK(g.last_event().text.find("injected fault") != std::string::npos);
    g.force("");
    CHECK(error_response(g.exchange(code)).at("sub_code") == "isv.code-invalid");  // gone for good
    g.force("40002");  // a bare code: this API's own 40002
    const std::string named_by_code = g.login_code();
    CHECK(error_response(g.exchange(named_by_code)).at("sub_code") == "isv.code-invalid");
    g.force("");
    CHECK(error_response(g.exchange(named_by_code)).at("sub_code") == "isv.code-invalid");
    const std::string fresh = g.login_code();
    CHECK(token_response(g.exchange(fresh)).contains("user_id"));
}

TEST_CASE("an Alipay gateway rejects a bad timestamp shape and an unknown sign_type", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    HttpRequest req = g.code_request(code);
    req.query["timestamp"] = "2024/05/20 16:20:46";
    resign(req, g.alipay.app().private_key());
    CHECK(error_response(g.send(req)).at("sub_code") == "isv.invalid-timestamp");
    req = g.code_request(code);
    req.query["sign_type"] = "MD5";
    CHECK(error_response(g.send(req)).at("sub_code") == "isv.invalid-signature-type");
    req = g.code_request(code);
    req.query["format"] = "XML";
    resign(req, g.alipay.app().private_key());
    CHECK(error_response(g.send(req)).at("sub_code") == "isv.invalid-format");
}

TEST_CASE("an Alipay gateway reads business params from the query too and ignores empty ones when verifying", "[alipay]") {
    Gateway g;
    const std::string code = g.login_code();
    HttpRequest req = g.code_request(code);
    req.body.clear();
    req.headers.erase("Content-Type");
    req.query["grant_type"] = "authorization_code";
    req.query["code"] = code;
    req.query["app_auth_token"] = "";  // empty: not part of the sign string
    CHECK(token_response(g.send(req)).contains("user_id"));
}

TEST_CASE("RSA2 and RSA signatures round trip and reject tampering", "[alipay][rsa]") {
    const RsaKeyPair& k = demo_app_keys();
    for (const char* type : {"RSA2", "RSA"}) {
        INFO(type);
        const auto sig = rsa_sign(k.private_pem, "app_id=1&sign_type=RSA2", type);
        REQUIRE(sig.has_value());
        CHECK(sig->size() == 344);  // 256 bytes in base64: the docs' "sign … 344"
        CHECK(rsa_verify(k.public_pem, "app_id=1&sign_type=RSA2", *sig, type));
        CHECK_FALSE(rsa_verify(k.public_pem, "app_id=2&sign_type=RSA2", *sig, type));
        std::string bent = *sig;
        bent[20] = bent[20] == 'A' ? 'B' : 'A';
        CHECK_FALSE(rsa_verify(k.public_pem, "app_id=1&sign_type=RSA2", bent, type));
        CHECK_FALSE(rsa_verify(stranger_keys().public_pem, "app_id=1&sign_type=RSA2", *sig, type));
        CHECK_FALSE(rsa_verify(k.public_pem, "app_id=1&sign_type=RSA2", "not base64!", type));
        CHECK_FALSE(rsa_verify("garbage", "app_id=1&sign_type=RSA2", *sig, type));
    }
    const auto sig2 = rsa_sign(k.private_pem, "m", "RSA2");
    CHECK_FALSE(rsa_verify(k.public_pem, "m", *sig2, "RSA"));
    CHECK_FALSE(rsa_sign(k.private_pem, "m", "MD5").has_value());
    CHECK_FALSE(rsa_sign("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "m", "RSA2").has_value());
    CHECK_FALSE(rsa_verify(k.public_pem, "m", *sig2, "MD5"));
    CHECK_FALSE(rsa_public_key_usable(k.private_pem));
    CHECK_FALSE(rsa_private_key_usable(k.public_pem));
}

TEST_CASE("RSA keys are accepted as PEM or as the bare base64 body of PKCS#8 or PKCS#1", "[alipay][rsa]") {
    const RsaKeyPair& k = demo_app_keys();
    REQUIRE(k.private_pem.rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
    REQUIRE(k.public_pem.rfind("-----BEGIN PUBLIC KEY-----", 0) == 0);
    const std::string pkcs1 = rsa_private_key_pkcs1(k.private_pem).value();
    CHECK(pkcs1.rfind("-----BEGIN RSA PRIVATE KEY-----", 0) == 0);
    const std::string public_body = pem_body(k.public_pem);
    CHECK(public_body.rfind("MIIBIjANBg", 0) == 0);  // the console's form of a 2048-bit SPKI key
    CHECK(public_body.find('\n') == std::string::npos);
    // alipay-sdk's formatKey: the body on one line between the markers.
    const std::string one_line = "-----BEGIN RSA PRIVATE KEY-----\n" + pem_body(pkcs1) + "\n-----END RSA PRIVATE KEY-----";
    for (const std::string& priv : {k.private_pem, pkcs1, pem_body(k.private_pem), pem_body(pkcs1), one_line}) {
        const auto sig = rsa_sign(priv, "message", "RSA2");
        REQUIRE(sig.has_value());
        CHECK(rsa_verify(public_body, "message", *sig, "RSA2"));
        CHECK(rsa_verify(k.public_pem, "message", *sig, "RSA2"));
    }
    CHECK(rsa_public_key_of(pem_body(pkcs1)) == k.public_pem);
    // The gateway verifies with a key registered in the console's bare form.
    Gateway g;
    AlipayApp a = g.alipay.app();
    a.app_public_key = public_body;
    a.app_private_key = pem_body(pkcs1);
    g.alipay.set_app(a);
    CHECK(token_response(g.exchange(g.login_code())).contains("user_id"));
}

TEST_CASE("Alipay's demo key pairs are generated once per process and shared", "[alipay][rsa]") {
    CHECK(&demo_platform_keys() == &demo_platform_keys());
    CHECK(&demo_app_keys() == &demo_app_keys());
    CHECK(demo_platform_keys().public_pem != demo_app_keys().public_pem);
    CHECK(AlipayApp{}.app_public_key.empty());  // the default: the demo pair, resolved on use
    CHECK(AlipayApp{}.public_key() == demo_app_keys().public_pem);
    CHECK(AlipayApp{}.private_key() == demo_app_keys().private_pem);
    Gateway g;
    CHECK(g.alipay.platform_public_key() == demo_platform_keys().public_pem);
    g.alipay.set_platform_keys(stranger_keys());
    const HttpReply r = g.exchange(g.login_code());
    CHECK(alipay_response_verified(r.body, stranger_keys().public_pem));
    CHECK_FALSE(alipay_response_verified(r.body, demo_platform_keys().public_pem));
}

TEST_CASE("the Alipay journal and error answers never carry a private key or a refresh_token", "[alipay]") {
    Gateway g;
    const json t = token_response(g.exchange(g.login_code()));
    const std::string rt = t.at("refresh_token");
    HttpRequest bad = alipay_token_request(g.alipay.app(), {{"grant_type", "refresh_token"}, {"refresh_token", rt}}, kTimestamp);
    resign(bad, stranger_keys().private_pem);
    const HttpReply r = g.send(bad);
    const std::string sub_msg = error_response(r).at("sub_msg");
    CHECK(sub_msg.find("refresh_token=" + rt.substr(0, 4) + "****" + rt.substr(rt.size() - 4)) != std::string::npos);
    CHECK(r.body.find(rt) == std::string::npos);
    const std::string private_piece = pem_body(g.alipay.app().private_key()).substr(100, 40);
    const std::string platform_piece = pem_body(demo_platform_keys().private_pem).substr(100, 40);
    for (const Event& e : g.journal.all()) {
        CHECK(e.text.find("PRIVATE KEY") == std::string::npos);
        CHECK(e.text.find(rt) == std::string::npos);
        for (const auto& [k, v] : e.links) {
            CHECK(v.find(private_piece) == std::string::npos);
            CHECK(v.find(platform_piece) == std::string::npos);
        }
    }
}

TEST_CASE("Alipay auth codes have the shape of real ones and journal their issue", "[alipay]") {
    Gateway g;
    const auto [code, expires] = g.alipay.issue_code("alice", 3, "auth_user");
    REQUIRE(code.size() == 32);
    for (size_t i = 0; i < 28; ++i) CHECK(std::isxdigit(static_cast<unsigned char>(code[i])));
    CHECK(std::isupper(static_cast<unsigned char>(code[28])));
    CHECK(std::isupper(static_cast<unsigned char>(code[29])));
    CHECK(std::isdigit(static_cast<unsigned char>(code[30])));
    CHECK(std::isdigit(static_cast<unsigned char>(code[31])));
    const Event e = g.last_event();
    CHECK(e.kind == "code.issued");
    CHECK(e.hop == Hop::Dialog);  // auth_user: the user agreed in the authorization float
    CHECK(e.starts->until_ms == expires);
    CHECK(e.links.value("user_id") == g.alipay.user_id_of("alice"));
    g.alipay.issue_code("alice", 3);
    CHECK(g.last_event().hop == Hop::ClientCall);  // auth_base: silent
    CHECK(g.alipay.user_id_of("alice") == e.links.value("user_id"));  // stable per user
}
