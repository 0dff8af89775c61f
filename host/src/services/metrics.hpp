// services/metrics.hpp — counters, gauges and latency histograms, rendered in
// the Prometheus text format for /_localemu/metrics.
// Threading: every member is thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace localemu::host {

using MetricLabels = std::vector<std::pair<std::string, std::string>>;

class MetricsRegistry {
 public:
  void counterAdd(const std::string& name, const MetricLabels& labels, double value = 1);
  void gaugeSet(const std::string& name, const MetricLabels& labels, double value);
  void observe(const std::string& name, const MetricLabels& labels, double seconds);
  std::string renderPrometheus() const;

  // Upper bounds (seconds) of the latency histogram buckets.
  static const std::vector<double>& buckets();

 private:
  struct Histogram {
    std::vector<unsigned long long> counts;  // per bucket, cumulative on render
    unsigned long long total = 0;
    double sum = 0;
  };
  enum class Type { Counter, Gauge, Histogram };
  struct Family {
    Type type;
    std::map<std::string, double> values;         // rendered labels -> value
    std::map<std::string, Histogram> histograms;  // rendered labels -> histogram
  };
  Family& family(const std::string& name, Type type);

  mutable std::mutex mutex_;
  std::map<std::string, Family> families_;
};

}  // namespace localemu::host
