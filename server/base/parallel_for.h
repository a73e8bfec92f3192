// Work over every company at once (a full re-score, the impact of a policy
// revision) split over the machine's cores: [0, n) in contiguous parts, one
// per worker, the calling thread being one of them. `work` must not throw
// and must only touch its own part of any shared output. Thread-safe.
#ifndef LEADGATE_SERVER_BASE_PARALLEL_FOR_H_
#define LEADGATE_SERVER_BASE_PARALLEL_FOR_H_

#include <algorithm>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

namespace leadgate::collector {

// One worker per core (at least one).
inline unsigned CoreCount() { return std::max(1u, std::thread::hardware_concurrency()); }

// Calls work(worker, begin, end) for `workers` parts of [0, n) (fewer when
// n is small: a thread is not worth fewer than `min_part` items) and waits
// for all of them. Worker numbers are 0..workers-1, for per-worker state.
inline void ParallelFor(size_t n, unsigned workers, const std::function<void(unsigned, size_t, size_t)>& work,
                        size_t min_part = 64) {
  const size_t parts = std::max<size_t>(1, std::min<size_t>(workers, n / std::max<size_t>(1, min_part)));
  std::vector<std::thread> helpers;
  for (size_t part = 1; part < parts; ++part)
    helpers.emplace_back(work, static_cast<unsigned>(part), n * part / parts, n * (part + 1) / parts);
  work(0, 0, n / parts);
  for (std::thread& helper : helpers) helper.join();
}

}  // namespace leadgate::collector

#endif  // LEADGATE_SERVER_BASE_PARALLEL_FOR_H_
