// invoke_bench — warm invoke latency and throughput over raw HTTP.
//
//   invoke_bench --port 4566 --function noop --requests 2000 --concurrency 4
//   invoke_bench --port 4566 --path /_localemu/health --requests 2000   (the baseline)
//
// Each caller keeps one keep-alive connection and sends unsigned requests
// (the gateway routes Lambda's paths by prefix). Prints one line:
//   <label, no spaces> requests=<n> concurrency=<c> p50_ms=<x> p99_ms=<y> rps=<z> errors=<e>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/NullStream.h>
#include <Poco/StreamCopier.h>

namespace {

struct Options {
  int port = 4566;
  std::string function;
  std::string path;
  int requests = 1000;
  int concurrency = 1;
  int warmup = 50;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string key = argv[i], value = argv[i + 1];
    if (key == "--port") o.port = std::stoi(value);
    else if (key == "--function") o.function = value;
    else if (key == "--path") o.path = value;
    else if (key == "--requests") o.requests = std::stoi(value);
    else if (key == "--concurrency") o.concurrency = std::stoi(value);
    else if (key == "--warmup") o.warmup = std::stoi(value);
    else throw std::invalid_argument("unknown option " + key);
  }
  if (o.path.empty() && o.function.empty()) throw std::invalid_argument("give --function or --path");
  return o;
}

bool send(Poco::Net::HTTPClientSession& session, const Options& o) {
  const bool invoke = o.path.empty();
  Poco::Net::HTTPRequest request(invoke ? "POST" : "GET",
                                 invoke ? "/2015-03-31/functions/" + o.function + "/invocations" : o.path,
                                 Poco::Net::HTTPMessage::HTTP_1_1);
  const std::string body = invoke ? "{}" : "";
  request.setContentLength64(static_cast<Poco::Int64>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  auto& in = session.receiveResponse(response);
  Poco::NullOutputStream sink;
  Poco::StreamCopier::copyStream(in, sink);
  return response.getStatus() == 200 && !response.has("X-Amz-Function-Error");
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse(argc, argv);
    {
      Poco::Net::HTTPClientSession warm("127.0.0.1", static_cast<Poco::UInt16>(o.port));
      for (int i = 0; i < o.warmup; ++i) send(warm, o);
    }
    std::vector<double> latencies(static_cast<std::size_t>(o.requests));
    std::atomic<int> next{0}, errors{0};
    const auto started = std::chrono::steady_clock::now();
    std::vector<std::thread> callers;
    for (int c = 0; c < o.concurrency; ++c)
      callers.emplace_back([&] {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(o.port));
        session.setKeepAlive(true);
        for (int i = next++; i < o.requests; i = next++) {
          const auto t0 = std::chrono::steady_clock::now();
          if (!send(session, o)) ++errors;
          latencies[static_cast<std::size_t>(i)] =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        }
      });
    for (auto& t : callers) t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::sort(latencies.begin(), latencies.end());
    const auto at = [&](double q) { return latencies[static_cast<std::size_t>(q * (latencies.size() - 1))]; };
    std::printf("%s requests=%d concurrency=%d p50_ms=%.3f p99_ms=%.3f rps=%.0f errors=%d\n",
                o.path.empty() ? ("invoke:" + o.function).c_str() : ("GET:" + o.path).c_str(), o.requests,
                o.concurrency, at(0.5), at(0.99), o.requests / seconds, errors.load());
    return errors == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "invoke_bench: " << e.what() << "\n";
    return 2;
  }
}
