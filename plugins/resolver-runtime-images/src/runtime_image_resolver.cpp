#include "runtime_image_resolver.hpp"

#include <algorithm>
#include <string>

#include "official_images.hpp"

namespace localemu::resolver {
namespace {

const localemu_config_option kOptions[] = {
    {sizeof(localemu_config_option), "LAMBDA_RUNTIME_IMAGE_MAPPING", LOCALEMU_CONFIG_JSON, nullptr, nullptr,
     "JSON object mapping a Lambda runtime to the image to run instead of the official "
     "public.ecr.aws/lambda one, e.g. {\"python3.12\": \"my-mirror/lambda/python:3.12\"}."},
};

const localemu_plugin_descriptor kDescriptor = {
    sizeof(localemu_plugin_descriptor),
    "runtime-images",
    LOCALEMU_KIND_RESOLVER,
    "0.1.0",
    "Lambda runtime -> container image: the official public.ecr.aws/lambda images, "
    "overridden by LAMBDA_RUNTIME_IMAGE_MAPPING",
    nullptr,
    kOptions,
    std::size(kOptions),
};

}  // namespace

RuntimeImageResolver::RuntimeImageResolver(const sdk::PluginContext& ctx)
    : sdk::Resolver(ctx), mapping_(ImageMapping::parse(ctx.host.configString(kMappingVariable))) {
  if (mapping_.size() > 0)
    host().info(std::string(kMappingVariable) + " maps " + std::to_string(mapping_.size()) + " runtime(s)");
}

std::string RuntimeImageResolver::resolve(std::string_view runtime, std::string_view architecture) {
  if (!architecture.empty() && architecture != "x86_64" && architecture != "arm64")
    throw sdk::PluginError(LOCALEMU_ERR_INVALID_ARG,
                           "unknown architecture \"" + std::string(architecture) + "\": expected x86_64 or arm64");
  if (auto image = mapping_.find(runtime)) return *image;
  if (auto image = officialImageFor(runtime)) return *image;
  const auto retired = runtimesWithoutImage();
  if (std::find(retired.begin(), retired.end(), runtime) != retired.end())
    throw sdk::PluginError(LOCALEMU_ERR_NOT_FOUND,
                           "runtime \"" + std::string(runtime) +
                               "\" was retired before AWS published Lambda container images; map it to an image with " +
                               std::string(kMappingVariable));
  throw sdk::PluginError(LOCALEMU_ERR_NOT_FOUND, "no image for runtime \"" + std::string(runtime) +
                                                     "\": not a Lambda runtime with an official image and not in " +
                                                     std::string(kMappingVariable));
}

const localemu_plugin_descriptor& runtimeImagesDescriptor() noexcept { return kDescriptor; }

}  // namespace localemu::resolver
