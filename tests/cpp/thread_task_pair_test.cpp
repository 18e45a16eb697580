// The native host's TaskPair: both tasks run, on two threads at once, and an exception from either reaches the caller
// only after both have ended.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "cli/thread_task_pair.hpp"

namespace learnloop {
namespace {

TEST(ThreadTaskPair, RunsBothTasksAtOnceOnTwoThreads) {
  native::ThreadTaskPair pair;
  std::atomic<int> arrived{0};
  std::thread::id first_thread, second_thread;
  bool met_in_first = false, met_in_second = false;
  // Each task waits (up to 10 s) for the other to arrive: only tasks running at the same time both see 2.
  const auto meet = [&arrived](bool* met) {
    ++arrived;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (arrived.load() < 2 && std::chrono::steady_clock::now() < until) std::this_thread::yield();
    *met = arrived.load() == 2;
  };
  pair.run_both(
      [&] {
        first_thread = std::this_thread::get_id();
        meet(&met_in_first);
      },
      [&] {
        second_thread = std::this_thread::get_id();
        meet(&met_in_second);
      });
  EXPECT_TRUE(met_in_first);
  EXPECT_TRUE(met_in_second);
  EXPECT_EQ(first_thread, std::this_thread::get_id()) << "the first task runs on the caller's thread";
  EXPECT_NE(second_thread, first_thread);
}

TEST(ThreadTaskPair, AnExceptionFromEitherTaskReachesTheCallerAfterBothEnded) {
  native::ThreadTaskPair pair;
  bool second_done = false;
  EXPECT_THROW(pair.run_both([] { throw std::runtime_error("first failed"); },
                             [&second_done] {
                               std::this_thread::sleep_for(std::chrono::milliseconds(50));
                               second_done = true;
                             }),
               std::runtime_error);
  EXPECT_TRUE(second_done) << "the second task ended before run_both returned";
  bool first_done = false;
  try {
    pair.run_both([&first_done] { first_done = true; }, [] { throw std::logic_error("second failed"); });
    ADD_FAILURE() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(), "second failed");
  }
  EXPECT_TRUE(first_done);
}

}  // namespace
}  // namespace learnloop
