#include "services/metrics.hpp"

#include <gtest/gtest.h>

namespace localemu::host {
namespace {

TEST(Metrics, CountersGaugesAndHistogramsRenderAsPrometheusText) {
  MetricsRegistry metrics;
  metrics.counterAdd("requests_total", {{"service", "lambda"}, {"status", "200"}});
  metrics.counterAdd("requests_total", {{"service", "lambda"}, {"status", "200"}}, 2);
  metrics.gaugeSet("environments", {}, 3);
  metrics.observe("latency_seconds", {{"op", "Invoke"}}, 0.0007);
  metrics.observe("latency_seconds", {{"op", "Invoke"}}, 3);
  const auto text = metrics.renderPrometheus();
  EXPECT_NE(text.find("# TYPE requests_total counter\nrequests_total{service=\"lambda\",status=\"200\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE environments gauge\nenvironments 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{op=\"Invoke\",le=\"0.0005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{op=\"Invoke\",le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{op=\"Invoke\",le=\"5\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_bucket{op=\"Invoke\",le=\"+Inf\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("latency_seconds_count{op=\"Invoke\"} 2\n"), std::string::npos) << text;
}

TEST(Metrics, LabelValuesAreEscaped) {
  MetricsRegistry metrics;
  metrics.counterAdd("c", {{"path", "a\"b\\c\nd"}});
  EXPECT_NE(metrics.renderPrometheus().find("c{path=\"a\\\"b\\\\c\\nd\"} 1"), std::string::npos);
}

}  // namespace
}  // namespace localemu::host
