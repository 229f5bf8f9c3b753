// numpy's legacy RandomState, which Keras' imdb, reuters and boston_housing loaders shuffle with.
// Every expected value below was printed by numpy 1.24 (/usr/bin/python3), e.g.
//   r = np.random.RandomState(113); a = np.arange(10); r.shuffle(a); print(list(a))

#include <catch2/catch.hpp>

#include "datasets/random_state.h"
#include "libkeras/utils/error.h"

using namespace keras;
using datasets::RandomState;

TEST_CASE("RandomState.shuffle matches numpy bit for bit", "[datasets][random_state]") {
  RandomState rng(113);
  CHECK(datasets::shuffled_indices(10, rng) == std::vector<std::int64_t>{9, 3, 6, 1, 0, 7, 4, 8, 2, 5});
  // The same generator continues, as Keras shuffles imdb's test split after its training split.
  CHECK(datasets::shuffled_indices(7, rng) == std::vector<std::int64_t>{5, 1, 0, 3, 6, 4, 2});

  RandomState zero(0);
  CHECK(datasets::shuffled_indices(5, zero) == std::vector<std::int64_t>{2, 0, 1, 3, 4});
  RandomState top(4294967295LL);
  CHECK(datasets::shuffled_indices(12, top) == std::vector<std::int64_t>{11, 8, 5, 9, 1, 10, 6, 0, 4, 7, 2, 3});
}

TEST_CASE("RandomState shuffles imdb's 25000 indices as numpy does", "[datasets][random_state]") {
  RandomState rng(113);
  const auto order = datasets::shuffled_indices(25000, rng);
  CHECK(std::vector<std::int64_t>(order.begin(), order.begin() + 8) ==
        std::vector<std::int64_t>{7798, 13226, 18078, 793, 17499, 23003, 574, 19638});
  CHECK(std::vector<std::int64_t>(order.end() - 4, order.end()) ==
        std::vector<std::int64_t>{16236, 22690, 4828, 14501});
}

TEST_CASE("random_interval draws like numpy's masked bounded integers", "[datasets][random_state]") {
  // np.random.RandomState(113).randint(0, 11, dtype=np.uint32) five times, and
  // randint(0, 2**40 + 1, dtype=np.uint64) three times: the same masked rejection sampling.
  RandomState small(113);
  std::vector<std::uint64_t> got;
  for (int i = 0; i < 5; ++i) got.push_back(small.random_interval(10));
  CHECK(got == std::vector<std::uint64_t>{5, 2, 10, 2, 6});
  RandomState big(113);
  got.clear();
  for (int i = 0; i < 3; ++i) got.push_back(big.random_interval(std::uint64_t{1} << 40));
  CHECK(got == std::vector<std::uint64_t>{709198713564ULL, 696332875338ULL, 645287314199ULL});
  CHECK(big.random_interval(0) == 0);
}

TEST_CASE("RandomState rejects seeds numpy rejects", "[datasets][random_state][errors]") {
  CHECK_THROWS_AS(RandomState(-1), ValueError);
  CHECK_THROWS_WITH(RandomState(4294967296LL), Catch::Contains("between 0 and 2**32 - 1"));
}
