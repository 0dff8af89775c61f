#include "api/image_prebuild.hpp"

#include <memory>

#include "invoke/executor_client.hpp"

namespace localemu::lambda {
namespace {

std::unique_ptr<ResolverClient> resolverOrNull(const sdk::Host& host) {
  try {
    return std::make_unique<ResolverClient>(host, "runtime-images");
  } catch (const sdk::PluginError&) {
    return nullptr;
  }
}

}  // namespace

bool prebuildImagesEnabled(const sdk::Host& host) { return host.configBool("LAMBDA_PREBUILD_IMAGES", false); }

std::string imageFailureCode(localemu_status status) {
  switch (status) {
    case LOCALEMU_ERR_INVALID_ARG:
      return "InvalidImage";
    case LOCALEMU_ERR_NOT_FOUND:
    case LOCALEMU_ERR_UNAVAILABLE:
      return "ImageAccessDenied";
    default:
      return "InternalError";
  }
}

std::optional<ImageFailure> prebuildImage(const sdk::Host& host, const FunctionVersion& version) {
  const auto& config = version.config;
  const std::string architecture = config.architectures.empty() ? "x86_64" : config.architectures.front();
  std::string image;
  std::unique_ptr<ExecutorClient> executor;
  try {
    executor = std::make_unique<ExecutorClient>(host, host.configString("LAMBDA_RUNTIME_EXECUTOR", "docker"));
  } catch (const sdk::PluginError& e) {
    return ImageFailure{"InternalError", e.what()};
  }
  try {
    if (config.packageType == "Image") {
      image = version.code.resolvedImageUri.empty() ? version.code.imageUri : version.code.resolvedImageUri;
    } else if (const auto resolver = resolverOrNull(host)) {
      try {
        image = resolver->resolve(config.runtime, architecture);
      } catch (const sdk::PluginError& e) {
        if (e.code() != LOCALEMU_ERR_NOT_FOUND) throw;
        return ImageFailure{"InvalidRuntime", "No image is known for runtime " + config.runtime + ": " + e.what()};
      }
    }  // no resolver plugin: executors that need no image (local) run zip functions without one
    executor->prepare(image, architecture);
    host.debug("LAMBDA_PREBUILD_IMAGES: " + (image.empty() ? std::string("(no image)") : image) + " ready for " +
               config.functionArn);
    return std::nullopt;
  } catch (const sdk::PluginError& e) {
    const std::string what = image.empty() ? std::string(e.what())
                                           : "The image " + image + " could not be prepared: " + e.what();
    return ImageFailure{imageFailureCode(e.code()), what};
  } catch (const std::exception& e) {
    return ImageFailure{"InternalError", e.what()};
  }
}

}  // namespace localemu::lambda
