// Two tasks on two threads, joined before returning (see thread_task_pair.hpp).
#include "thread_task_pair.hpp"

#include <exception>
#include <system_error>
#include <thread>

namespace learnloop::native {

void ThreadTaskPair::run_both(const std::function<void()>& first, const std::function<void()>& second) {
  std::exception_ptr second_failed;
  std::thread worker;
  try {
    worker = std::thread([&second, &second_failed] {
      try {
        second();
      } catch (...) {
        second_failed = std::current_exception();
      }
    });
  } catch (const std::system_error&) {  // no thread to be had: the pair runs here, one after the other
    first();
    second();
    return;
  }
  std::exception_ptr first_failed;
  try {
    first();
  } catch (...) {
    first_failed = std::current_exception();
  }
  worker.join();
  if (first_failed) std::rethrow_exception(first_failed);
  if (second_failed) std::rethrow_exception(second_failed);
}

}  // namespace learnloop::native
