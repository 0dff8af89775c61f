// ImageCache against a fake engine on a unix socket: one pull per image however
// many callers wait, pull-stream errors, the architecture check.
#include <atomic>
#include <filesystem>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include "image_cache.hpp"

namespace localemu::docker {
namespace {

using ::testing::HasSubstr;

// Knows "present:1" (amd64); "pullable:1" appears after one slow pull;
// "broken:1" fails inside a 200 pull stream; anything else fails with 500.
struct FakeEngine {
  std::atomic<int> pulls{0};
  std::atomic<bool> pulled{false};

  void handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const auto& uri = request.getURI();
    auto answer = [&](Poco::Net::HTTPResponse::HTTPStatus status, const std::string& body) {
      response.setStatus(status);
      response.setContentType("application/json");
      response.sendBuffer(body.data(), body.size());
    };
    if (uri == "/version") return answer(Poco::Net::HTTPResponse::HTTP_OK, R"({"ApiVersion":"1.43"})");
    if (uri == "/v1.41/images/present:1/json" || (uri == "/v1.41/images/pullable:1/json" && pulled))
      return answer(Poco::Net::HTTPResponse::HTTP_OK, R"({"Architecture":"amd64"})");
    if (uri.starts_with("/v1.41/images/") && uri.ends_with("/json"))
      return answer(Poco::Net::HTTPResponse::HTTP_NOT_FOUND, R"({"message":"No such image"})");
    if (uri == "/v1.41/images/create?fromImage=pullable&tag=1") {
      ++pulls;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      pulled = true;
      return answer(Poco::Net::HTTPResponse::HTTP_OK, "{\"status\":\"Pulling\"}\n{\"status\":\"Done\"}\n");
    }
    if (uri == "/v1.41/images/create?fromImage=broken&tag=1")
      return answer(Poco::Net::HTTPResponse::HTTP_OK,
                    "{\"status\":\"Pulling\"}\n{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\n");
    answer(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR, R"({"message":"dial tcp: no such host"})");
  }
};

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(FakeEngine& engine) : engine_(engine) {}
  void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
    engine_.handle(request, response);
  }

 private:
  FakeEngine& engine_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(FakeEngine& engine) : engine_(engine) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new Handler(engine_);
  }

 private:
  FakeEngine& engine_;
};

class ImageCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("localemu-fake-docker-" + std::to_string(::getpid()) + ".sock");
    std::filesystem::remove(path_);
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(Poco::Net::SocketAddress::UNIX_LOCAL, path_.string()));
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(engine_), socket, params);
    server_->start();
    client_ = std::make_unique<DockerClient>(DockerEndpoint::parse("unix://" + path_.string()));
  }
  void TearDown() override {
    server_->stopAll(true);
    std::filesystem::remove(path_);
  }

  std::string errorOf(ImageCache& cache, const std::string& image, const std::string& arch,
                      localemu_status expected) {
    try {
      cache.prepare(image, arch);
    } catch (const sdk::PluginError& e) {
      EXPECT_EQ(e.code(), expected);
      return e.what();
    }
    return "no error";
  }

  std::filesystem::path path_;
  FakeEngine engine_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::unique_ptr<DockerClient> client_;
};

TEST_F(ImageCacheTest, NegotiatesTheApiVersionDown) { EXPECT_EQ(client_->apiVersion(), "1.41"); }

TEST_F(ImageCacheTest, ConcurrentPreparesShareOnePull) {
  ImageCache cache(*client_, false);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      cache.prepare("pullable:1", "x86_64");
      ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 4);
  EXPECT_EQ(engine_.pulls, 1);
  cache.prepare("pullable:1", "x86_64");
  EXPECT_EQ(engine_.pulls, 1);
}

TEST_F(ImageCacheTest, PresentImagesAreNotPulled) {
  ImageCache cache(*client_, false);
  cache.prepare("present:1", "x86_64");
  EXPECT_EQ(engine_.pulls, 0);
}

TEST_F(ImageCacheTest, ArchitectureMismatch) {
  ImageCache cache(*client_, false);
  const auto message = errorOf(cache, "present:1", "arm64", LOCALEMU_ERR_INVALID_ARG);
  EXPECT_THAT(message, HasSubstr("image present:1 is built for amd64 but the function's architecture is arm64"));
  ImageCache ignoring(*client_, true);
  ignoring.prepare("present:1", "arm64");
}

TEST_F(ImageCacheTest, PullFailuresNameTheImageAndTheWayOut) {
  ImageCache cache(*client_, false);
  auto message = errorOf(cache, "unreachable:1", "x86_64", LOCALEMU_ERR_UNAVAILABLE);
  EXPECT_THAT(message, HasSubstr("cannot pull image unreachable:1: dial tcp: no such host"));
  EXPECT_THAT(message, HasSubstr("LAMBDA_RUNTIME_IMAGE_MAPPING"));
  message = errorOf(cache, "broken:1", "x86_64", LOCALEMU_ERR_UNAVAILABLE);
  EXPECT_THAT(message, HasSubstr("cannot pull image broken:1: manifest unknown"));
}

}  // namespace
}  // namespace localemu::docker
