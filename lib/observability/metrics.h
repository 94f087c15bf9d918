#pragma once
// A small Prometheus registry: labelled counters, gauges read at scrape time, and
// latency histograms, rendered in the text exposition format (version 0.0.4).
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace consent::observability {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Metrics {
 public:
  // Counts one request and its latency under {method, code}.
  void ObserveRequest(const std::string& counter, const std::string& histogram,
                      const Labels& labels, double seconds);
  // A gauge whose value is read when /metrics is scraped.
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read);
  // A counter kept elsewhere (it must only grow), read when /metrics is scraped.
  void AddCounter(const std::string& name, const std::string& help, std::function<double()> read);
  void Describe(const std::string& name, const std::string& type, const std::string& help);

  std::string Render() const;

 private:
  struct Histogram {
    std::vector<unsigned long long> buckets;  // cumulative at render time
    unsigned long long count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string help;
    std::function<double()> read;
    const char* type = "gauge";
  };

  mutable std::mutex mu_;
  std::map<std::string, std::pair<std::string, std::string>> descriptions_;  // type, help
  std::map<std::string, std::map<Labels, unsigned long long>> counters_;
  std::map<std::string, std::map<Labels, Histogram>> histograms_;
  std::map<std::string, Gauge> gauges_;
};

// Latency bucket bounds in seconds.
const std::vector<double>& LatencyBuckets();

}  // namespace consent::observability
