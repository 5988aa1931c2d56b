// The single-use, short-lived code store every platform's exchange uses.
#include <catch2/catch.hpp>

#include "loginscope/code_store.hpp"

using namespace ls;

TEST_CASE("a stored code is taken once while it lives and names its user", "[code-store]") {
    CodeStore s;
    s.put("c1", "alice", 1000);
    std::string user;
    CHECK(s.take("c1", 999, &user) == CodeStore::Take::Ok);
    CHECK(user == "alice");
    CHECK(s.take("c1", 999) == CodeStore::Take::Used);
}

TEST_CASE("a code is expired from its expiry instant and unknown codes are rejected", "[code-store]") {
    CodeStore s;
    s.put("c1", "alice", 1000);
    CHECK(s.take("c1", 1000) == CodeStore::Take::Expired);
    CHECK(s.take("nope", 0) == CodeStore::Take::Unknown);
}

TEST_CASE("use_up makes a live code answer used and next_expiry skips it", "[code-store]") {
    CodeStore s;
    s.put("a", "u", 500);
    s.put("b", "u", 800);
    CHECK(s.next_expiry(0) == 500);
    s.use_up("a");
    CHECK(s.take("a", 0) == CodeStore::Take::Used);
    CHECK(s.next_expiry(0) == 800);
    CHECK_FALSE(s.next_expiry(800).has_value());
    s.clear();
    CHECK(s.take("b", 0) == CodeStore::Take::Unknown);
}
