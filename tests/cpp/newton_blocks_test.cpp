// The logistic fit's Newton passes in fixed blocks (blocked_logistic_sums): the same bits whether the blocks run in
// turn, on two threads or with the halves in reverse order; a pass of one block is the plain sum over its rows; and
// more blocks fold each block's sums in order.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "cli/thread_task_pair.hpp"
#include "predictors/logistic_newton.hpp"
#include "task_pair_support.hpp"

namespace learnloop {
namespace {

using predictors::NewtonPoint;

constexpr std::size_t kColumns = 3;

// Row i's non-zero columns (a rotating one-hot column and a numeric one, then the intercept) and its label.
struct Rows {
  void add(std::size_t begin, std::size_t end, const std::vector<double>& beta, NewtonPoint* sums) const {
    for (std::size_t i = begin; i < end; ++i) {
      const std::size_t at[3] = {i % 2, 2, kColumns};
      const double value[3] = {1.0, static_cast<double>((i * 7919) % 1000) / 997.0, 1.0};
      predictors::add_logistic_row(at, value, 3, static_cast<double>((i * 31) % 7 < 3), beta, sums);
    }
  }
};

// The point's numbers as bytes, for a bit-for-bit comparison.
std::vector<std::uint8_t> bits(const NewtonPoint& p) {
  std::vector<double> all{p.loss};
  all.insert(all.end(), p.gradient.begin(), p.gradient.end());
  all.insert(all.end(), p.hessian.cells.begin(), p.hessian.cells.end());
  std::vector<std::uint8_t> out(all.size() * sizeof(double));
  std::memcpy(out.data(), all.data(), out.size());
  return out;
}

NewtonPoint blocked(std::size_t n, const std::vector<double>& beta, TaskPair& tasks) {
  const Rows rows;
  return predictors::blocked_logistic_sums(
      n, kColumns, [&](std::size_t begin, std::size_t end, NewtonPoint* sums) { rows.add(begin, end, beta, sums); },
      tasks);
}

TEST(NewtonBlocks, ThreadsAndEitherOrderGiveTheSameBits) {
  const std::vector<double> beta{0.3, -0.2, 0.7, -0.1};
  const std::size_t n = 2 * predictors::kNewtonBlockRows + 12345;  // three blocks, the last one short
  SequentialTaskPair in_turn;
  native::ThreadTaskPair threads;
  task_pair_support::ReversedTaskPair reversed;
  const std::vector<std::uint8_t> expected = bits(blocked(n, beta, in_turn));
  EXPECT_EQ(bits(blocked(n, beta, threads)), expected);
  EXPECT_EQ(bits(blocked(n, beta, reversed)), expected);
}

TEST(NewtonBlocks, ABlocksSumsAreFoldedInOrderAndOneBlockIsThePlainSum) {
  const std::vector<double> beta{0.3, -0.2, 0.7, -0.1};
  const Rows rows;
  SequentialTaskPair in_turn;
  // One block: the plain sum over the rows, bit for bit.
  const std::size_t small = predictors::kNewtonBlockRows - 1;
  NewtonPoint plain = predictors::start_logistic_point(kColumns);
  rows.add(0, small, beta, &plain);
  EXPECT_EQ(bits(blocked(small, beta, in_turn)), bits(plain));
  // Three blocks: each block summed from zero, then added in order.
  const std::size_t n = 2 * predictors::kNewtonBlockRows + 7;
  NewtonPoint folded = predictors::start_logistic_point(kColumns);
  rows.add(0, predictors::kNewtonBlockRows, beta, &folded);
  for (std::size_t begin = predictors::kNewtonBlockRows; begin < n; begin += predictors::kNewtonBlockRows) {
    NewtonPoint block = predictors::start_logistic_point(kColumns);
    rows.add(begin, std::min(n, begin + predictors::kNewtonBlockRows), beta, &block);
    folded.loss += block.loss;
    for (std::size_t a = 0; a < block.gradient.size(); ++a) folded.gradient[a] += block.gradient[a];
    for (std::size_t c = 0; c < block.hessian.cells.size(); ++c) folded.hessian.cells[c] += block.hessian.cells[c];
  }
  EXPECT_EQ(bits(blocked(n, beta, in_turn)), bits(folded));
  // A pass with no rows is a point of zeros.
  EXPECT_EQ(bits(blocked(0, beta, in_turn)), bits(predictors::start_logistic_point(kColumns)));
}

}  // namespace
}  // namespace learnloop
