// bench_sqs — SQS figures against any endpoint speaking the JSON protocol
// (LocalEmu, moto_server): SendMessage/s with N keep-alive clients, and the
// long-poll wake-up latency (how long after another connection starts its
// SendMessage a ReceiveMessage waiting with WaitTimeSeconds answers).
//
//   bench_sqs --port 4566 --mode send --clients 4 --seconds 3
//   bench_sqs --port 4566 --mode wake --rounds 30
//   bench_sqs --port 4566 --mode health --clients 4 --seconds 3   (the gateway alone)
// Prints one line: "<mode> key=value ...".
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 4566;
  std::string mode = "send";
  int clients = 1;
  double seconds = 3;
  int rounds = 30;
  std::string queue = "bench-queue";
};

std::string call(Poco::Net::HTTPClientSession& session, const std::string& op, const std::string& body, int* status = nullptr) {
  Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, "/", Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType("application/x-amz-json-1.0");
  request.set("X-Amz-Target", "AmazonSQS." + op);
  request.set("Authorization",
              "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/sqs/aws4_request, SignedHeaders=host, Signature=0");
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::string out;
  Poco::StreamCopier::copyToString(in, out);
  if (status) *status = response.getStatus();
  return out;
}

std::string field(const std::string& json, const std::string& key) {
  const auto k = json.find("\"" + key + "\"");
  if (k == std::string::npos) return {};
  const auto start = json.find('"', json.find(':', k) + 1) + 1;
  return json.substr(start, json.find('"', start) - start);
}

std::string createQueue(int port, const std::string& name) {
  Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(port));
  const auto out = call(s, "CreateQueue", "{\"QueueName\":\"" + name + "\"}");
  const auto url = field(out, "QueueUrl");
  if (url.empty()) {
    std::cerr << "CreateQueue failed: " << out << "\n";
    std::exit(1);
  }
  return url;
}

void sendBench(const Options& o) {
  const std::string url = createQueue(o.port, o.queue + "-send-" + std::to_string(o.clients));
  const std::string body = "{\"QueueUrl\":\"" + url + "\",\"MessageBody\":\"benchmark message body of some length\"}";
  std::atomic<long> sent{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < o.clients; ++c)
    threads.emplace_back([&] {
      Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(o.port));
      s.setKeepAlive(true);
      while (!stop.load(std::memory_order_relaxed)) {
        int status = 0;
        call(s, "SendMessage", body, &status);
        (status == 200 ? sent : failed).fetch_add(1, std::memory_order_relaxed);
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("send clients=%d sent=%ld failed=%ld per_second=%.0f\n", o.clients, sent.load(), failed.load(),
              static_cast<double>(sent.load()) / elapsed);
}

// The gateway's own round trip (GET /_localemu/health): the ceiling for any service behind it.
void healthBench(const Options& o) {
  std::atomic<long> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < o.clients; ++c)
    threads.emplace_back([&] {
      Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(o.port));
      s.setKeepAlive(true);
      while (!stop.load(std::memory_order_relaxed)) {
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/_localemu/health", Poco::Net::HTTPMessage::HTTP_1_1);
        s.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string out;
        Poco::StreamCopier::copyToString(s.receiveResponse(response), out);
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("health clients=%d done=%ld per_second=%.0f\n", o.clients, done.load(), static_cast<double>(done.load()) / elapsed);
}

void wakeBench(const Options& o) {
  const std::string url = createQueue(o.port, o.queue + "-wake");
  Poco::Net::HTTPClientSession receiver("127.0.0.1", static_cast<Poco::UInt16>(o.port));
  Poco::Net::HTTPClientSession sender("127.0.0.1", static_cast<Poco::UInt16>(o.port));
  receiver.setTimeout(Poco::Timespan(30, 0));
  std::vector<double> latencies;
  for (int r = 0; r < o.rounds; ++r) {
    Clock::time_point sentAt;
    std::thread t([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      sentAt = Clock::now();
      call(sender, "SendMessage", "{\"QueueUrl\":\"" + url + "\",\"MessageBody\":\"wake\"}");
    });
    const auto out = call(receiver, "ReceiveMessage", "{\"QueueUrl\":\"" + url + "\",\"WaitTimeSeconds\":5}");
    const auto receivedAt = Clock::now();
    t.join();
    const auto handle = field(out, "ReceiptHandle");
    if (handle.empty()) {
      std::fprintf(stderr, "round %d: no message\n", r);
      continue;
    }
    call(receiver, "DeleteMessage", "{\"QueueUrl\":\"" + url + "\",\"ReceiptHandle\":\"" + handle + "\"}");
    // From the moment SendMessage leaves the sender to the waiting receive's answer.
    latencies.push_back(std::chrono::duration<double, std::milli>(receivedAt - sentAt).count());
  }
  std::sort(latencies.begin(), latencies.end());
  if (latencies.empty()) {
    std::printf("wake rounds=0\n");
    return;
  }
  const auto pct = [&](double p) { return latencies[static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1))]; };
  std::printf("wake rounds=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n", latencies.size(), pct(0.5), pct(0.99),
              latencies.back());
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--port") o.port = std::atoi(v.c_str());
    else if (k == "--mode") o.mode = v;
    else if (k == "--clients") o.clients = std::atoi(v.c_str());
    else if (k == "--seconds") o.seconds = std::atof(v.c_str());
    else if (k == "--rounds") o.rounds = std::atoi(v.c_str());
    else if (k == "--queue") o.queue = v;
    else {
      std::cerr << "unknown option " << k << "\n";
      return 2;
    }
  }
  if (o.mode == "send") sendBench(o);
  else if (o.mode == "health") healthBench(o);
  else wakeBench(o);
  return 0;
}
