// image_cache.hpp — images made available once: inspect, else pull (one pull
// per image however many callers wait for it), then the architecture check.
//
// Threading: [thread-safe]. A successful result is cached for the life of the
// instance; a failed pull is reported to every caller waiting for it and
// retried by the next prepare().
#pragma once

#include <future>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "docker_client.hpp"

namespace localemu::docker {

// An image reference split for POST /images/create.
struct ImageReference {
  std::string repository;  // "public.ecr.aws/lambda/python"
  std::string tag;         // "3.12" ("latest" when none); empty with a digest
  std::string digest;      // "sha256:..." or empty

  static ImageReference parse(std::string_view reference);
};

class ImageCache {
 public:
  ImageCache(DockerClient& client, bool ignoreArchitecture);

  // Makes `image` available and checks it runs `architecture` ("x86_64" or
  // "arm64"; empty skips the check). Throws PluginError: INVALID_ARG for an
  // architecture mismatch, UNAVAILABLE when the pull fails.
  void prepare(std::string_view image, std::string_view architecture);

 private:
  // The image's docker architecture ("amd64", ...), pulling it when absent.
  std::string ensure(const std::string& image);
  std::string inspectArchitecture(const std::string& image, bool& present);
  void pull(const std::string& image);

  DockerClient& client_;
  bool ignoreArchitecture_;
  std::mutex mutex_;
  std::map<std::string, std::shared_future<std::string>, std::less<>> images_;
};

}  // namespace localemu::docker
