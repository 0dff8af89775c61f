#include "image_cache.hpp"

#include <sstream>

#include "container_spec.hpp"

namespace localemu::docker {
namespace {

using sdk::PluginError;

constexpr std::chrono::milliseconds kPullTimeout{10 * 60 * 1000};

}  // namespace

ImageReference ImageReference::parse(std::string_view reference) {
  ImageReference ref;
  std::string_view rest = reference;
  if (const auto at = rest.find('@'); at != std::string_view::npos) {
    ref.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  const auto slash = rest.rfind('/');
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    if (ref.digest.empty()) ref.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  ref.repository = std::string(rest);
  if (ref.digest.empty() && ref.tag.empty()) ref.tag = "latest";
  return ref;
}

ImageCache::ImageCache(DockerClient& client, bool ignoreArchitecture)
    : client_(client), ignoreArchitecture_(ignoreArchitecture) {}

void ImageCache::prepare(std::string_view image, std::string_view architecture) {
  if (image.empty()) throw PluginError(LOCALEMU_ERR_INVALID_ARG, "no image to prepare");
  const std::string imageArch = ensure(std::string(image));
  if (ignoreArchitecture_ || architecture.empty() || imageArch.empty()) return;
  const std::string wanted = dockerArchitecture(architecture);
  if (wanted != imageArch)
    throw PluginError(LOCALEMU_ERR_INVALID_ARG,
                      "image " + std::string(image) + " is built for " + imageArch + " but the function's architecture is " +
                          std::string(architecture) + " (" + wanted +
                          "); use an image for that architecture or set LAMBDA_IGNORE_ARCHITECTURE=1 to run it anyway");
}

std::string ImageCache::ensure(const std::string& image) {
  std::promise<std::string> promise;
  std::shared_future<std::string> future;
  bool owner = false;
  {
    std::lock_guard lock(mutex_);
    auto it = images_.find(image);
    if (it == images_.end()) {
      future = promise.get_future().share();
      images_.emplace(image, future);
      owner = true;
    } else {
      future = it->second;
    }
  }
  if (owner) {
    try {
      bool present = false;
      std::string arch = inspectArchitecture(image, present);
      if (!present) {
        pull(image);
        arch = inspectArchitecture(image, present);
        if (!present)
          throw PluginError(LOCALEMU_ERR_UNAVAILABLE, "image " + image + " is still missing after its pull");
      }
      promise.set_value(arch);
    } catch (...) {
      {
        std::lock_guard lock(mutex_);
        images_.erase(image);
      }
      promise.set_exception(std::current_exception());
    }
  }
  return future.get();
}

std::string ImageCache::inspectArchitecture(const std::string& image, bool& present) {
  const auto response = client_.request("GET", "/images/" + image + "/json", {}, DockerClient::kDefaultTimeout, {404});
  present = response.status != 404;
  if (!present) return {};
  return parseObject(response.body, "GET /images/" + image + "/json")->optValue<std::string>("Architecture", "");
}

void ImageCache::pull(const std::string& image) {
  const auto ref = ImageReference::parse(image);
  std::string target = "/images/create?fromImage=" + encodeQuery(ref.repository);
  if (!ref.digest.empty())
    target = "/images/create?fromImage=" + encodeQuery(ref.repository + "@" + ref.digest);
  else
    target += "&tag=" + encodeQuery(ref.tag);
  const auto advice = ". This machine may not reach that registry: map the runtime to a local image with "
                      "LAMBDA_RUNTIME_IMAGE_MAPPING (or docker load/pull it beforehand)";
  DockerResponse response;
  try {
    response = client_.request("POST", target, {}, kPullTimeout);
  } catch (const DockerError& e) {
    throw PluginError(LOCALEMU_ERR_UNAVAILABLE, "cannot pull image " + image + ": " + e.engineMessage() + advice);
  }
  // 200 with a stream of JSON progress lines; a failure shows as {"error": ...}.
  std::istringstream lines(response.body);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("\"error\"") == std::string::npos) continue;
    try {
      const auto object = parseObject(line, "the pull of " + image);
      if (object->has("error"))
        throw PluginError(LOCALEMU_ERR_UNAVAILABLE,
                          "cannot pull image " + image + ": " + object->getValue<std::string>("error") + advice);
    } catch (const PluginError& e) {
      if (e.code() == LOCALEMU_ERR_UNAVAILABLE) throw;
    }
  }
}

}  // namespace localemu::docker
