// Clock: the one source of "now" in fuwu. Injected everywhere so tests control time.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace fuwu {

// UTC milliseconds since the Unix epoch: the only time representation stored.
using TimeMs = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimeMs now_ms() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// The system clock shifted by a fixed offset: `clock.offset_ms` for demos and black-box tests
// that must see a deadline pass (e.g. an appeal window of days). Zero in production.
class OffsetClock final : public Clock {
 public:
  explicit OffsetClock(TimeMs offset_ms) : offset_ms_(offset_ms) {}
  TimeMs now_ms() const override { return system_.now_ms() + offset_ms_; }
  TimeMs offset_ms() const { return offset_ms_; }

 private:
  SystemClock system_;
  TimeMs offset_ms_;
};

// A clock that only moves when told to. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimeMs start_ms) : now_ms_(start_ms) {}
  TimeMs now_ms() const override { return now_ms_.load(); }
  void advance_ms(TimeMs delta_ms) { now_ms_ += delta_ms; }
  void set_ms(TimeMs value_ms) { now_ms_ = value_ms; }

 private:
  std::atomic<TimeMs> now_ms_;
};

}  // namespace fuwu
