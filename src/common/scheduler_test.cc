#include "common/scheduler.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "common/refreshing.h"

namespace concord {
namespace {

constexpr Micros kSecond = 1'000'000;

TEST(SchedulerTest, PeriodicJobsRunWhenTheFakeClockSaysSo) {
  FakeClock clock(1000 * kSecond);
  Scheduler scheduler(clock);
  int runs = 0;
  scheduler.Every(
      "tick", 10 * kSecond,
      [&] {
        ++runs;
        return Status::Ok();
      },
      /*first_delay=*/10 * kSecond);
  EXPECT_EQ(scheduler.RunDue(), 0u);
  clock.Advance(9 * kSecond);
  EXPECT_EQ(scheduler.RunDue(), 0u);
  clock.Advance(1 * kSecond);
  EXPECT_EQ(scheduler.RunDue(), 1u);
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(*scheduler.NextDue(), clock.Now() + 10 * kSecond);
  clock.Advance(10 * kSecond);
  scheduler.RunDue();
  EXPECT_EQ(runs, 2);
}

TEST(SchedulerTest, TimersRunOnceAtTheirTimeAndCanBeCancelled) {
  FakeClock clock(1000 * kSecond);
  Scheduler scheduler(clock);
  std::vector<std::string> fired;
  scheduler.At("deadline B", clock.Now() + 20 * kSecond, [&] {
    fired.push_back("B");
    return Status::Ok();
  });
  scheduler.At("deadline A", clock.Now() + 5 * kSecond, [&] {
    fired.push_back("A");
    return Status::Ok();
  });
  auto cancelled = scheduler.At("deadline C", clock.Now() + 5 * kSecond, [&] {
    fired.push_back("C");
    return Status::Ok();
  });
  scheduler.Cancel(cancelled);
  clock.Advance(30 * kSecond);
  scheduler.RunDue();
  EXPECT_EQ(fired, (std::vector<std::string>{"A", "B"}));  // in due order
  clock.Advance(30 * kSecond);
  EXPECT_EQ(scheduler.RunDue(), 0u);
  EXPECT_FALSE(scheduler.NextDue().has_value());
}

TEST(SchedulerTest, AFailingOrThrowingJobIsRetriedWithBackOffAndTheSchedulerLives) {
  FakeClock clock(1000 * kSecond);
  Scheduler scheduler(clock, /*max_backoff=*/8 * kSecond);
  int calls = 0;
  auto id = scheduler.Every("flaky", 1 * kSecond, [&]() -> Status {
    ++calls;
    if (calls == 1) throw std::runtime_error("boom");
    if (calls <= 4) return Status::Internal("store unavailable");
    return Status::Ok();
  });
  scheduler.RunDue();  // throws: logged, retried after 1 s
  EXPECT_EQ(*scheduler.Failures(id), 1);
  EXPECT_EQ(*scheduler.NextDue(), clock.Now() + 1 * kSecond);
  clock.Advance(1 * kSecond);
  scheduler.RunDue();  // fails: 2 s
  EXPECT_EQ(*scheduler.NextDue(), clock.Now() + 2 * kSecond);
  clock.Advance(2 * kSecond);
  scheduler.RunDue();  // fails: 4 s
  EXPECT_EQ(*scheduler.NextDue(), clock.Now() + 4 * kSecond);
  clock.Advance(4 * kSecond);
  scheduler.RunDue();  // fails again: 8 s, the cap
  EXPECT_EQ(*scheduler.NextDue(), clock.Now() + 8 * kSecond);
  EXPECT_EQ(*scheduler.Failures(id), 4);
  clock.Advance(8 * kSecond);
  scheduler.RunDue();  // succeeds: back to its period
  EXPECT_EQ(*scheduler.Failures(id), 0);
  EXPECT_EQ(*scheduler.NextDue(), clock.Now() + 1 * kSecond);
  EXPECT_EQ(calls, 5);
}

TEST(SchedulerTest, AJobMayScheduleAnother) {
  FakeClock clock(0);
  Scheduler scheduler(clock);
  bool escalated = false;
  scheduler.At("acknowledgement deadline", 10 * kSecond, [&] {
    scheduler.At("escalation", clock.Now() + 5 * kSecond, [&] {
      escalated = true;
      return Status::Ok();
    });
    return Status::Ok();
  });
  clock.Advance(10 * kSecond);
  scheduler.RunDue();
  EXPECT_FALSE(escalated);
  clock.Advance(5 * kSecond);
  scheduler.RunDue();
  EXPECT_TRUE(escalated);
}

TEST(RefreshingTest, RebuildsOnlyWhenTheVersionMovesAndKeepsTheLastGoodValue) {
  FakeClock clock(0);
  uint64_t version = 1;
  int value = 10;
  bool fail = false;
  Refreshing<int> r([&]() -> Result<uint64_t> { return version; },
                    [&]() -> Result<int> {
                      if (fail) return Status::Internal("cannot read");
                      return value;
                    },
                    clock, /*min_interval=*/kSecond);
  EXPECT_EQ(**r.Get(), 10);
  value = 11;
  EXPECT_EQ(**r.Get(), 10);  // same version: not rebuilt
  version = 2;
  EXPECT_EQ(**r.Get(), 10);  // checked less than min_interval ago
  clock.Advance(kSecond);
  auto held = *r.Get();
  EXPECT_EQ(*held, 11);  // rebuilt
  version = 3;
  fail = true;
  EXPECT_FALSE(r.Refresh().ok());
  EXPECT_EQ(**r.Get(), 11);  // readers keep the last good value
  EXPECT_EQ(*held, 11);      // and a reader's snapshot never changes under it
  fail = false;
  value = 12;
  EXPECT_TRUE(r.Refresh().ok());
  EXPECT_EQ(**r.Get(), 12);
  EXPECT_EQ(r.builds(), 3u);
}

}  // namespace
}  // namespace concord
