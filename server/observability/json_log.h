#pragma once
// Structured logs: one JSON object per line on stderr. Callers pass only operational
// fields (method, route, status, latency, request id, tenant), never bodies or personal data.
#include <initializer_list>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace consent::observability {

void LogJson(const std::string& level, const std::string& msg, nlohmann::json fields = {});

}  // namespace consent::observability
