#include "observability/json_log.h"

#include <chrono>
#include <cstdio>

#include <absl/time/clock.h>
#include <absl/time/time.h>

namespace consent::observability {

void LogJson(const std::string& level, const std::string& msg, nlohmann::json fields) {
  if (!fields.is_object()) fields = nlohmann::json::object();
  fields["ts"] = absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone());
  fields["level"] = level;
  fields["msg"] = msg;
  std::string line = fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  // One fwrite per line keeps lines whole when many threads log at once.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace consent::observability
