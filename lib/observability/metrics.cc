#include "lib/observability/metrics.h"

#include <algorithm>
#include <sstream>

namespace consent::observability {
namespace {

std::string Escape(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string LabelSet(const Labels& labels, const std::string& extra_name = "",
                     const std::string& extra_value = "") {
  std::string out = "{";
  bool first = true;
  auto add = [&](const std::string& k, const std::string& v) {
    out += (first ? "" : ",") + k + "=\"" + Escape(v) + "\"";
    first = false;
  };
  for (const auto& [k, v] : labels) add(k, v);
  if (!extra_name.empty()) add(extra_name, extra_value);
  return out + "}";
}

}  // namespace

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                              0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return buckets;
}

void Metrics::Describe(const std::string& name, const std::string& type, const std::string& help) {
  std::lock_guard lock(mu_);
  descriptions_[name] = {type, help};
}

void Metrics::ObserveRequest(const std::string& counter, const std::string& histogram,
                             const Labels& labels, double seconds) {
  const auto& bounds = LatencyBuckets();
  std::lock_guard lock(mu_);
  ++counters_[counter][labels];
  Histogram& h = histograms_[histogram][labels];
  if (h.buckets.empty()) h.buckets.assign(bounds.size(), 0);
  auto it = std::lower_bound(bounds.begin(), bounds.end(), seconds);
  if (it != bounds.end()) ++h.buckets[it - bounds.begin()];
  ++h.count;
  h.sum += seconds;
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_[name] = {help, std::move(read)};
}

void Metrics::AddCounter(const std::string& name, const std::string& help,
                         std::function<double()> read) {
  std::lock_guard lock(mu_);
  gauges_[name] = {help, std::move(read), "counter"};
}

std::string Metrics::Render() const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  auto header = [&](const std::string& name, const std::string& type) {
    auto d = descriptions_.find(name);
    out << "# HELP " << name << " " << (d == descriptions_.end() ? name : d->second.second)
        << "\n# TYPE " << name << " " << type << "\n";
  };
  for (const auto& [name, series] : counters_) {
    header(name, "counter");
    for (const auto& [labels, value] : series)
      out << name << LabelSet(labels) << " " << value << "\n";
  }
  const auto& bounds = LatencyBuckets();
  for (const auto& [name, series] : histograms_) {
    header(name, "histogram");
    for (const auto& [labels, h] : series) {
      unsigned long long cumulative = 0;
      for (size_t i = 0; i < bounds.size(); ++i) {
        cumulative += h.buckets[i];
        std::ostringstream le;
        le << bounds[i];
        out << name << "_bucket" << LabelSet(labels, "le", le.str()) << " " << cumulative << "\n";
      }
      out << name << "_bucket" << LabelSet(labels, "le", "+Inf") << " " << h.count << "\n";
      out << name << "_sum" << LabelSet(labels) << " " << h.sum << "\n";
      out << name << "_count" << LabelSet(labels) << " " << h.count << "\n";
    }
  }
  for (const auto& [name, gauge] : gauges_) {
    out << "# HELP " << name << " " << gauge.help << "\n# TYPE " << name << " " << gauge.type
        << "\n";
    out << name << " " << gauge.read() << "\n";
  }
  return out.str();
}

}  // namespace consent::observability
