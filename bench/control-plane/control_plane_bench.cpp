// bench_control_plane — Lambda control-plane latency against any endpoint
// speaking Lambda's rest-json protocol (LocalEmu, moto_server), one keep-alive
// HTTP/1.1 connection written and read raw, unsigned requests carrying a
// SigV4-shaped header.
//
//   bench_control_plane --port 4566 --role arn:aws:iam::000000000000:role/r
//                       [--functions 1000] [--creates 100] [--gets 1000] [--pages <gets>]
//                       [--lists 20] [--publishes 100] [--prefix cp] [--floor-path /_localemu/health]
//
// Phases, in order:
//   floor    (with --floor-path) GETs of a path the server answers without work,
//            e.g. LocalEmu's health: the round trip no operation can beat
//   body_floor (with --floor-path) `creates` POSTs of a body as large as a
//            create's to that path (LocalEmu reads it whole and answers 405):
//            sending the package, which no CreateFunction can beat
//   seed     (functions - creates) functions with a tiny zip (untimed)
//   create   `creates` CreateFunction calls, each a distinct 1 MiB zip of
//            incompressible bytes (stored, base64 in the JSON body); the
//            account grows from (functions - creates) to `functions`; then,
//            untimed, every function is awaited until it leaves Pending
//   get      GetFunction of functions spread over all of them
//   page     one ListFunctions call without a marker, as a client's first
//            call sees it (AWS answers 50 and a NextMarker; a server that
//            answers everything in one page returns all of them)
//   list     the full listing of every function: follow NextMarker from the
//            first page until none (AWS pages at 50; a server that answers all
//            in one page takes one request); one sample = one full walk
//   publish  PublishVersion on one function, each after an
//            UpdateFunctionConfiguration (untimed, awaited until its
//            LastUpdateStatus leaves InProgress) so every publish makes a version
// Prints one line per phase: "<phase> n=<n> p50_ms=<x> p99_ms=<y> errors=<e> [...]".
#include <Poco/Checksum.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>

#include "localemu/sdk/aws/encoding.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  int port = 4566;
  std::string role;
  std::string prefix = "cp";
  int functions = 1000;
  int creates = 100;
  int gets = 1000;
  int pages = -1;  // first-page ListFunctions calls; -1: as many as gets
  int lists = 20;
  int publishes = 100;
  std::string floorPath;  // when set, first times `gets` GETs of this path: the server's own round trip
};

struct Response {
  int status = 0;
  std::string body;
};

// A raw HTTP/1.1 client on one keep-alive connection: each request leaves in
// one write (head and body together) and the answer is read in 64 KiB blocks,
// so the figures measure the server rather than a client's stream buffering.
class Client {
 public:
  explicit Client(int port) : address_("127.0.0.1", static_cast<Poco::UInt16>(port)) { connect(); }

  Response call(const std::string& method, const std::string& path, const std::string& body = {}) {
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/lambda/aws4_request, "
        "SignedHeaders=host, Signature=0\r\n";
    if (!body.empty()) request += "Content-Type: application/json\r\n";
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    request += body;
    if (closed_) connect();
    for (std::size_t sent = 0; sent < request.size();)
      sent += static_cast<std::size_t>(socket_.sendBytes(request.data() + sent, static_cast<int>(request.size() - sent)));
    return readResponse();
  }

 private:
  // A server that answers "Connection: close" (moto's werkzeug) gets a new connection per request.
  void connect() {
    socket_ = Poco::Net::StreamSocket(address_);
    socket_.setNoDelay(true);
    socket_.setReceiveTimeout(Poco::Timespan(120, 0));
    buffer_.clear();
    closed_ = false;
  }

  Response readResponse() {
    std::size_t headEnd;
    while ((headEnd = buffer_.find("\r\n\r\n")) == std::string::npos) receive();
    Poco::Net::HTTPResponse head;
    std::istringstream headText(buffer_.substr(0, headEnd + 4));
    head.read(headText);
    buffer_.erase(0, headEnd + 4);
    Response out;
    out.status = head.getStatus();
    closed_ = !head.getKeepAlive();
    if (head.hasContentLength()) {
      const auto n = static_cast<std::size_t>(head.getContentLength64());
      while (buffer_.size() < n) receive();
      out.body = buffer_.substr(0, n);
      buffer_.erase(0, n);
    } else if (head.getChunkedTransferEncoding()) {
      for (;;) {
        std::size_t lineEnd;
        while ((lineEnd = buffer_.find("\r\n")) == std::string::npos) receive();
        const auto n = static_cast<std::size_t>(std::stoull(buffer_.substr(0, lineEnd), nullptr, 16));
        while (buffer_.size() < lineEnd + 2 + n + 2) receive();
        out.body.append(buffer_, lineEnd + 2, n);
        buffer_.erase(0, lineEnd + 2 + n + 2);
        if (n == 0) break;
      }
    }
    return out;
  }

  void receive() {
    char chunk[64 * 1024];
    const int n = socket_.receiveBytes(chunk, sizeof chunk);
    if (n <= 0) throw std::runtime_error("the server closed the connection");
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }

  Poco::Net::SocketAddress address_;
  Poco::Net::StreamSocket socket_;
  std::string buffer_;
  bool closed_ = false;
};

// The string value of the first "key": "value" in a JSON text (enough for ids and markers).
std::string field(const std::string& json, const std::string& key) {
  const auto k = json.find("\"" + key + "\"");
  if (k == std::string::npos) return {};
  const auto colon = json.find(':', k);
  const auto start = json.find('"', colon) + 1;
  return json.substr(start, json.find('"', start) - start);
}

std::size_t count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++n;
  return n;
}

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, static_cast<std::uint16_t>(v & 0xffff));
  put16(out, static_cast<std::uint16_t>(v >> 16));
}

// A zip of stored (uncompressed) entries.
std::string storedZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string zip, central;
  for (const auto& [name, data] : entries) {
    Poco::Checksum crc(Poco::Checksum::TYPE_CRC32);
    crc.update(data.data(), static_cast<unsigned>(data.size()));
    const auto offset = static_cast<std::uint32_t>(zip.size());
    const auto size = static_cast<std::uint32_t>(data.size());
    const auto nameSize = static_cast<std::uint16_t>(name.size());
    put32(zip, 0x04034b50);
    for (std::uint16_t v : {20, 0, 0, 0, 0x5821}) put16(zip, v);  // version, flags, stored, time, date (2024-01-01)
    for (std::uint32_t v : {crc.checksum(), size, size}) put32(zip, v);
    put16(zip, nameSize);
    put16(zip, 0);
    zip += name;
    zip += data;
    put32(central, 0x02014b50);
    for (std::uint16_t v : {0x0314, 20, 0, 0, 0, 0x5821}) put16(central, v);  // made by unix 2.0
    for (std::uint32_t v : {crc.checksum(), size, size}) put32(central, v);
    for (std::uint16_t v : {nameSize, std::uint16_t{0}, std::uint16_t{0}, std::uint16_t{0}, std::uint16_t{0}}) put16(central, v);
    put32(central, 0644u << 16);
    put32(central, offset);
    central += name;
  }
  const auto centralOffset = static_cast<std::uint32_t>(zip.size());
  zip += central;
  put32(zip, 0x06054b50);
  for (std::uint16_t v : {std::uint16_t{0}, std::uint16_t{0}, static_cast<std::uint16_t>(entries.size()),
                          static_cast<std::uint16_t>(entries.size())})
    put16(zip, v);
  put32(zip, static_cast<std::uint32_t>(central.size()));
  put32(zip, centralOffset);
  put16(zip, 0);
  return zip;
}

const std::string kHandlerSource = "def handler(event, context):\n    return event\n";

std::string createBody(const Options& o, const std::string& name, const std::string& zip) {
  return R"({"FunctionName":")" + name + R"(","Runtime":"python3.12","Role":")" + o.role +
         R"(","Handler":"index.handler","Code":{"ZipFile":")" + localemu::sdk::aws::base64Encode(zip) + R"("}})";
}

struct Stats {
  std::vector<double> ms;
  int errors = 0;
  void print(const char* phase, const std::string& extra = {}) {
    std::sort(ms.begin(), ms.end());
    const auto at = [&](double q) { return ms.empty() ? 0.0 : ms[static_cast<std::size_t>(q * static_cast<double>(ms.size() - 1))]; };
    std::printf("%s n=%zu p50_ms=%.3f p99_ms=%.3f errors=%d%s\n", phase, ms.size(), at(0.5), at(0.99), errors,
                extra.c_str());
    std::fflush(stdout);
  }
};

template <typename F>
double timed(F&& f) {
  const auto t0 = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void fail(const std::string& what, const Response& r) {
  throw std::runtime_error(what + " answered " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
}

std::string functionName(const Options& o, int i) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%05d", i);
  return o.prefix + "-" + digits;
}

void run(const Options& o) {
  Client client(o.port);
  if (!o.floorPath.empty()) {
    Stats floor;
    for (int i = 0; i < o.gets; ++i) {
      Response r;
      floor.ms.push_back(timed([&] { r = client.call("GET", o.floorPath); }));
      if (r.status != 200) ++floor.errors;
    }
    floor.print("floor");
  }
  std::mt19937_64 random(42);
  std::string payload(1024 * 1024 - 200, '\0');
  for (auto& c : payload) c = static_cast<char>(random());
  if (!o.floorPath.empty()) {
    const std::string body = createBody(o, functionName(o, 0), storedZip({{"index.py", kHandlerSource}, {"blob.bin", payload}}));
    Stats floor;
    for (int i = 0; i < o.creates; ++i) {
      Response r;
      floor.ms.push_back(timed([&] { r = client.call("POST", o.floorPath, body); }));
      if (r.status == 0) ++floor.errors;
    }
    floor.print("body_floor", " body_bytes=" + std::to_string(body.size()));
  }
  const int seeded = std::max(0, o.functions - o.creates);
  const std::string small = storedZip({{"index.py", kHandlerSource}});
  for (int i = 0; i < seeded; ++i) {
    auto r = client.call("POST", "/2015-03-31/functions", createBody(o, functionName(o, i), small));
    if (r.status != 201) fail("seed CreateFunction", r);
  }

  Stats create;
  for (int i = seeded; i < o.functions; ++i) {
    std::snprintf(payload.data(), 16, "%015d", i);  // every package distinct
    const std::string body = createBody(o, functionName(o, i), storedZip({{"index.py", kHandlerSource}, {"blob.bin", payload}}));
    Response r;
    create.ms.push_back(timed([&] { r = client.call("POST", "/2015-03-31/functions", body); }));
    if (r.status != 201) {
      ++create.errors;
      std::cerr << "CreateFunction " << r.status << ": " << r.body.substr(0, 300) << "\n";
    }
  }
  create.print("create", " zip_bytes=" + std::to_string(storedZip({{"index.py", kHandlerSource}, {"blob.bin", payload}}).size()));
  // As a client would (`aws lambda wait function-active`): the next phases start once every
  // function has left Pending, so that no creation work still running is measured with them.
  for (int i = 0; i < o.functions; ++i) {
    const std::string path = "/2015-03-31/functions/" + functionName(o, i) + "/configuration";
    for (int polls = 0; field(client.call("GET", path).body, "State") == "Pending"; ++polls) {
      if (polls > 20000) throw std::runtime_error("the function did not become active");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  Stats get;
  for (int i = 0; i < o.gets; ++i) {
    const std::string path = "/2015-03-31/functions/" + functionName(o, static_cast<int>(random() % o.functions));
    Response r;
    get.ms.push_back(timed([&] { r = client.call("GET", path); }));
    if (r.status != 200) ++get.errors;
  }
  get.print("get");

  Stats page;
  std::size_t onFirstPage = 0;
  for (int i = 0; i < (o.pages < 0 ? o.gets : o.pages); ++i) {
    Response r;
    page.ms.push_back(timed([&] { r = client.call("GET", "/2015-03-31/functions/"); }));
    if (r.status != 200) ++page.errors;
    onFirstPage = count(r.body, "\"FunctionArn\"");
  }
  page.print("page", " functions=" + std::to_string(onFirstPage));

  Stats list;
  std::size_t pages = 0, listed = 0;
  for (int i = 0; i < o.lists; ++i) {
    pages = listed = 0;
    list.ms.push_back(timed([&] {
      std::string marker;
      do {
        std::string path = "/2015-03-31/functions/";
        if (!marker.empty()) {
          std::string encoded;
          Poco::URI::encode(marker, "+/=&?", encoded);
          path += "?Marker=" + encoded;
        }
        const auto r = client.call("GET", path);
        if (r.status != 200) fail("ListFunctions", r);
        ++pages;
        listed += count(r.body, "\"FunctionArn\"");
        marker = field(r.body, "NextMarker");
      } while (!marker.empty());
    }));
    if (listed != static_cast<std::size_t>(o.functions)) ++list.errors;
  }
  list.print("list", " pages=" + std::to_string(pages) + " functions=" + std::to_string(listed));

  Stats publish;
  const std::string target = "/2015-03-31/functions/" + functionName(o, 0);
  long previous = 0;
  for (int i = 0; i < o.publishes; ++i) {
    auto u = client.call("PUT", target + "/configuration", R"({"Description":"revision )" + std::to_string(i) + R"("})");
    if (u.status != 200) fail("UpdateFunctionConfiguration", u);
    for (int polls = 0; field(u.body, "LastUpdateStatus") == "InProgress"; ++polls) {
      if (polls > 2000) throw std::runtime_error("the update did not finish");
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      u = client.call("GET", target + "/configuration");
    }
    Response r;
    publish.ms.push_back(timed([&] { r = client.call("POST", target + "/versions", "{}"); }));
    const long version = r.status == 201 ? std::atol(field(r.body, "Version").c_str()) : -1;
    if (version != previous + 1 && previous != 0) ++publish.errors;
    if (version > 0) previous = version;
  }
  publish.print("publish", " last_version=" + std::to_string(previous));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string k = argv[i], v = argv[i + 1];
      if (k == "--port") o.port = std::stoi(v);
      else if (k == "--role") o.role = v;
      else if (k == "--prefix") o.prefix = v;
      else if (k == "--functions") o.functions = std::stoi(v);
      else if (k == "--creates") o.creates = std::stoi(v);
      else if (k == "--gets") o.gets = std::stoi(v);
      else if (k == "--pages") o.pages = std::stoi(v);
      else if (k == "--lists") o.lists = std::stoi(v);
      else if (k == "--publishes") o.publishes = std::stoi(v);
      else if (k == "--floor-path") o.floorPath = v;
      else throw std::invalid_argument("unknown option " + k);
    }
    if (o.role.empty()) throw std::invalid_argument("give --role");
    run(o);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_control_plane: " << e.what() << "\n";
    return 2;
  }
}
