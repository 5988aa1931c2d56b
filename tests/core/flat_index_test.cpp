// The open-addressing index the code store finds live codes with: what it holds is found, what it
// dropped is not, whatever the collisions and the order of removal.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "loginscope/flat_index.hpp"

using namespace ls;

namespace {
struct Rec {
    uint64_t hash;
    int key;
};

Rec* find(const FlatIndex<Rec>& index, const Rec& r) {
    return index.find(r.hash, [&](const Rec& x) { return x.key == r.key; });
}
}  // namespace

TEST_CASE("flat index: records sharing hashes and runs are all found, and each removal keeps the rest findable",
          "[flat-index]") {
    // Few distinct hashes, a table three quarters full: long runs, one wrapping around the end, the case
    // backward-shift deletion gets wrong when it moves a record before its home.
    std::mt19937_64 rng(7);
    std::vector<Rec> recs(3000);
    for (int i = 0; i < int(recs.size()); ++i) recs[size_t(i)] = Rec{rng() % 400, i};
    FlatIndex<Rec> index;
    for (auto& r : recs) index.insert(r.hash, &r);
    REQUIRE(index.size() == recs.size());
    for (auto& r : recs) REQUIRE(find(index, r) == &r);

    std::vector<Rec*> order;
    for (auto& r : recs) order.push_back(&r);
    std::shuffle(order.begin(), order.end(), rng);
    std::set<int> gone;
    for (size_t n = 0; n < order.size(); ++n) {
        REQUIRE(index.erase(order[n]->hash, order[n]));
        REQUIRE_FALSE(index.erase(order[n]->hash, order[n]));  // once only
        gone.insert(order[n]->key);
        if (n % 97 == 0 || n + 5 > order.size())
            for (auto& r : recs) REQUIRE((find(index, r) == nullptr) == (gone.count(r.key) == 1));
    }
    CHECK(index.empty());
}

TEST_CASE("flat index: a table emptied by removals shrinks, and what is left is still found", "[flat-index]") {
    std::vector<Rec> recs(100000);
    FlatIndex<Rec> index;
    for (int i = 0; i < int(recs.size()); ++i) {
        recs[size_t(i)] = Rec{uint64_t(i) * 0x100000001b3ull, i};
        index.insert(recs[size_t(i)].hash, &recs[size_t(i)]);
    }
    const size_t full = index.capacity();
    for (size_t i = 0; i < recs.size(); ++i)
        if (i % 50 != 0) index.erase(recs[i].hash, &recs[i]);
    index.shrink_if_sparse();
    CHECK(index.capacity() * 16 < full);
    CHECK(index.size() == recs.size() / 50);
    for (size_t i = 0; i < recs.size(); ++i) REQUIRE((find(index, recs[i]) != nullptr) == (i % 50 == 0));
}
