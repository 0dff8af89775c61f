#include "services/metrics.hpp"

#include <fmt/format.h>

namespace localemu::host {
namespace {

std::string escapeLabel(const std::string& value) {
  std::string out;
  out.reserve(value.size());
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

std::string renderLabels(const MetricLabels& labels) {
  std::string out;
  for (const auto& [name, value] : labels) {
    if (!out.empty()) out += ',';
    out += name + "=\"" + escapeLabel(value) + '"';
  }
  return out;
}

std::string braced(const std::string& labels, const std::string& extra = {}) {
  std::string inner = labels;
  if (!extra.empty()) inner += (inner.empty() ? "" : ",") + extra;
  return inner.empty() ? std::string() : "{" + inner + "}";
}

}  // namespace

const std::vector<double>& MetricsRegistry::buckets() {
  static const std::vector<double> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

MetricsRegistry::Family& MetricsRegistry::family(const std::string& name, Type type) {
  auto [it, inserted] = families_.try_emplace(name, Family{type, {}, {}});
  return it->second;
}

void MetricsRegistry::counterAdd(const std::string& name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mutex_);
  family(name, Type::Counter).values[renderLabels(labels)] += value;
}

void MetricsRegistry::gaugeSet(const std::string& name, const MetricLabels& labels, double value) {
  std::lock_guard lock(mutex_);
  family(name, Type::Gauge).values[renderLabels(labels)] = value;
}

void MetricsRegistry::observe(const std::string& name, const MetricLabels& labels, double seconds) {
  const auto& bounds = buckets();
  std::lock_guard lock(mutex_);
  auto& histogram = family(name, Type::Histogram).histograms[renderLabels(labels)];
  if (histogram.counts.empty()) histogram.counts.assign(bounds.size(), 0);
  for (std::size_t i = 0; i < bounds.size(); ++i)
    if (seconds <= bounds[i]) {
      ++histogram.counts[i];
      break;
    }
  ++histogram.total;
  histogram.sum += seconds;
}

std::string MetricsRegistry::renderPrometheus() const {
  const auto& bounds = buckets();
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, fam] : families_) {
    const char* type = fam.type == Type::Counter ? "counter" : fam.type == Type::Gauge ? "gauge" : "histogram";
    out += fmt::format("# TYPE {} {}\n", name, type);
    for (const auto& [labels, value] : fam.values) out += fmt::format("{}{} {}\n", name, braced(labels), value);
    for (const auto& [labels, h] : fam.histograms) {
      unsigned long long cumulative = 0;
      for (std::size_t i = 0; i < bounds.size(); ++i) {
        cumulative += h.counts[i];
        out += fmt::format("{}_bucket{} {}\n", name, braced(labels, fmt::format("le=\"{}\"", bounds[i])), cumulative);
      }
      out += fmt::format("{}_bucket{} {}\n", name, braced(labels, "le=\"+Inf\""), h.total);
      out += fmt::format("{}_sum{} {}\n", name, braced(labels), h.sum);
      out += fmt::format("{}_count{} {}\n", name, braced(labels), h.total);
    }
  }
  return out;
}

}  // namespace localemu::host
