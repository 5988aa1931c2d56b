// The single-use, short-lived code store every platform's exchange uses.
#include <catch2/catch.hpp>

#include <vector>

#include "loginscope/code_store.hpp"
#include "loginscope/record_arena.hpp"

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

namespace {
constexpr int64_t kLife = 5 * 60 * 1000;
constexpr int64_t kMemory = 24 * 3600 * 1000;  // assumptions(): codes.dead_memory_ms
}  // namespace

TEST_CASE("dead codes leave the store at their expiry and keep their answers while remembered", "[code-store]") {
    REQUIRE(dead_code_memory_ms() == kMemory);
    CodeStore s;
    const int n = 20000;
    for (int i = 0; i < n; ++i) s.put("c" + std::to_string(i), "u", kLife);
    for (int i = 0; i < n; i += 2) REQUIRE(s.take("c" + std::to_string(i), 1000) == CodeStore::Take::Ok);
    CHECK(s.size() == size_t(n / 2));  // the used half can no longer be accepted
    CHECK(s.remembered() == 0);          // but is held whole until its expiry: using a code only marks it
    CHECK(s.take("c0", 1000) == CodeStore::Take::Used);
    CHECK(s.used_at("c0", 1000) == 1000);

    s.sweep(kLife);  // every code has expired
    CHECK(s.size() == 0);
    CHECK(s.remembered() == size_t(n));
    CHECK(s.take("c0", kLife) == CodeStore::Take::Used);      // used: "used", as before
    CHECK(s.take("c1", kLife) == CodeStore::Take::Expired);   // never used: "expired", as before
    CHECK(s.take("c0", kLife + kMemory - 1) == CodeStore::Take::Used);
    CHECK(s.take("c1", kLife + kMemory - 1) == CodeStore::Take::Expired);
    CHECK(s.seen("c0", kLife).used_ms == 1000);

    s.sweep(kLife + kMemory);  // a day after the expiry: forgotten
    CHECK(s.remembered() == 0);
    CHECK(s.take("c0", kLife + kMemory) == CodeStore::Take::Unknown);
    CHECK(s.take("c1", kLife + kMemory) == CodeStore::Take::Unknown);
}

TEST_CASE("a remembered code answers as forgotten at its time even before a sweep drops it", "[code-store]") {
    CodeStore s;
    s.put("early", "u", 10 * kLife);  // used at once, expires late: its record waits at the front
    s.put("late", "u", kLife);
    REQUIRE(s.take("early", 0) == CodeStore::Take::Ok);
    s.sweep(kLife);  // "late" expired: its record queues behind "early"'s
    CHECK(s.take("late", kLife + kMemory) == CodeStore::Take::Unknown);
    CHECK(s.take("early", kLife + kMemory) == CodeStore::Take::Used);
    s.sweep(10 * kLife + kMemory);
    CHECK(s.remembered() == 0);
}

TEST_CASE("next_expiry stays exact when lifetimes do not follow the issue order", "[code-store]") {
    CodeStore s;
    s.put("a", "u", 1000);
    s.put("b", "u", 500);  // a shorter lifetime issued later
    s.put("c", "u", 800);
    CHECK(s.next_expiry(0) == 500);
    REQUIRE(s.take("b", 0) == CodeStore::Take::Ok);
    CHECK(s.next_expiry(0) == 800);
    s.sweep(800);
    CHECK(s.size() == 1);
    CHECK(s.take("c", 800) == CodeStore::Take::Expired);
    CHECK(s.next_expiry(0) == 1000);
}

TEST_CASE("a scoped code is unknown under another scope, alive or dead", "[code-store]") {
    CodeStore s;
    s.put("k", {"alice", "key-1"}, 1000, "app-1");
    CHECK(s.seen("k", 0, "app-2").state == CodeStore::Take::Unknown);
    const CodeStore::Seen live = s.seen("k", 0, "app-1");
    REQUIRE(live.state == CodeStore::Take::Ok);
    CHECK(live.payload == "key-1");
    s.use_up("k", 10);
    CHECK(s.seen("k", 20, "app-2").state == CodeStore::Take::Unknown);
    CHECK(s.seen("k", 20, "app-1").state == CodeStore::Take::Used);
    CHECK(s.used_at("k", 20) == 10);
}

TEST_CASE("forget makes a live or dead code unknown and an expired code used up answers used", "[code-store]") {
    CodeStore s;
    s.put("a", "u", 100);
    s.put("b", "u", 100);
    s.forget("a");
    CHECK(s.take("a", 0) == CodeStore::Take::Unknown);
    CHECK(s.take("b", 200) == CodeStore::Take::Expired);
    s.use_up("b", 300);
    CHECK(s.take("b", 300) == CodeStore::Take::Used);
    s.forget("b");
    CHECK(s.take("b", 300) == CodeStore::Take::Unknown);
    CHECK(s.remembered() == 0);
}

TEST_CASE("a lifetime near the end of time is remembered without wrapping", "[code-store]") {
    CodeStore s;
    s.put("far", "u", INT64_MAX - 1);
    s.use_up("far", INT64_MAX - 2);
    CHECK(s.take("far", INT64_MAX - 1) == CodeStore::Take::Used);  // expiry + memory held at INT64_MAX
    s.sweep(INT64_MAX - 1);
    CHECK(s.remembered() == 1);
    CHECK(saturating_add(INT64_MAX - 1, kMemory) == INT64_MAX);
    CHECK(saturating_add(INT64_MIN + 1, -kMemory) == INT64_MIN);
}

TEST_CASE("a record arena gives a block back when the last record in it goes", "[code-store]") {
    RecordArena arena;
    std::vector<void*> records;
    for (int i = 0; i < 4000; ++i) records.push_back(arena.allocate(48, 8));  // about three 64 KiB blocks
    REQUIRE(arena.blocks() == 3);
    for (int i = 0; i < 2000; ++i) arena.deallocate(records[size_t(i)], 48);  // the older half dies first
    CHECK(arena.blocks() == 2);
    void* big = arena.allocate(100000, 8);  // larger than a record: not from a block
    CHECK(arena.blocks() == 2);
    arena.deallocate(big, 100000);
    for (int i = 2000; i < 4000; ++i) arena.deallocate(records[size_t(i)], 48);
    CHECK(arena.blocks() == 1);  // the block being filled stays, empty, for the next records
}

TEST_CASE("a store gives its memory back once every code is forgotten", "[code-store]") {
    CodeStore s;
    for (int i = 0; i < 50000; ++i) s.put("code-" + std::to_string(i), CodeStore::Grant{"user", "a-session-key-of-24-chars"}, kLife);
    for (int i = 0; i < 50000; i += 3) REQUIRE(s.take("code-" + std::to_string(i), 0) == CodeStore::Take::Ok);
    s.sweep(kLife + kMemory);
    CHECK(s.size() == 0);
    CHECK(s.remembered() == 0);
    CHECK(s.blocks() <= 2);  // at most the block each arena is filling
}
