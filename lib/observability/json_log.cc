#include "lib/observability/json_log.h"

#include <cstdio>
#include <thread>

#include <absl/strings/str_cat.h>
#include <absl/time/clock.h>
#include <absl/time/time.h>

namespace consent::observability {
namespace {

constexpr auto kReplaceInvalidUtf8 = nlohmann::json::error_handler_t::replace;

// "2026-11-27T17:54:23.123456Z"; the part up to the seconds is formatted once a second.
std::string Timestamp() {
  thread_local long long cached_second = -1;
  thread_local std::string cached_prefix;
  const long long micros = absl::ToUnixMicros(absl::Now());
  const long long second = micros / 1000000;
  if (second != cached_second) {
    cached_second = second;
    cached_prefix =
        absl::FormatTime("%Y-%m-%dT%H:%M:%S.", absl::FromUnixSeconds(second), absl::UTCTimeZone());
  }
  std::string fraction = std::to_string(1000000 + micros % 1000000).substr(1);
  return absl::StrCat(cached_prefix, fraction, "Z");
}

void WriteLine(const std::string& line) {
  // One fwrite per line keeps lines whole when many threads log at once.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace

void BufferLogs(std::chrono::milliseconds interval) {
  static char buffer[1 << 16];
  std::setvbuf(stderr, buffer, _IOFBF, sizeof(buffer));
  std::thread([interval] {
    for (;;) {
      std::this_thread::sleep_for(interval);
      std::fflush(stderr);
    }
  }).detach();
}

void LogJson(const std::string& level, const std::string& msg, nlohmann::json fields) {
  if (!fields.is_object()) fields = nlohmann::json::object();
  fields["ts"] = Timestamp();
  fields["level"] = level;
  fields["msg"] = msg;
  WriteLine(fields.dump(-1, ' ', false, kReplaceInvalidUtf8) + "\n");
}

LogLine::LogLine(std::string_view level, std::string_view msg) {
  line_.reserve(256);
  line_ = "{";
  Add("ts", Timestamp());
  Add("level", level);
  Add("msg", msg);
}

void LogLine::Key(std::string_view key) {
  if (line_.size() > 1) line_ += ',';
  line_ += '"';
  line_ += key;  // keys are our own identifiers: nothing to escape
  line_ += "\":";
}

LogLine& LogLine::Add(std::string_view key, std::string_view value) {
  Key(key);
  // nlohmann escapes as the rest of our JSON does, and replaces invalid UTF-8 from headers.
  line_ += nlohmann::json(std::string(value)).dump(-1, ' ', false, kReplaceInvalidUtf8);
  return *this;
}

LogLine& LogLine::Add(std::string_view key, double value) {
  Key(key);
  absl::StrAppend(&line_, value);
  return *this;
}

LogLine& LogLine::Add(std::string_view key, long long value) {
  Key(key);
  absl::StrAppend(&line_, value);
  return *this;
}

const std::string& LogLine::Finish() {
  if (line_.empty() || line_.back() != '\n') line_ += "}\n";
  return line_;
}

void LogLine::Write() { WriteLine(Finish()); }

}  // namespace consent::observability
