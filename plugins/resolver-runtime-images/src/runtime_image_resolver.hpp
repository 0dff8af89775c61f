// runtime_image_resolver.hpp — the "runtime-images" resolver plugin: a runtime
// identifier and architecture -> the image an executor runs.
//
// Order: LAMBDA_RUNTIME_IMAGE_MAPPING (read once, at creation), then the
// official public.ecr.aws/lambda images. The official images are multi-arch
// manifests, so the reference is the same for x86_64 and arm64; the
// architecture is only checked. Immutable after construction: resolve() is
// [thread-safe].
#pragma once

#include <string>
#include <string_view>

#include "image_mapping.hpp"
#include "localemu/sdk/plugin.hpp"

namespace localemu::resolver {

inline constexpr std::string_view kMappingVariable = "LAMBDA_RUNTIME_IMAGE_MAPPING";

class RuntimeImageResolver : public sdk::Resolver {
 public:
  // Throws PluginError(INVALID_ARG) when LAMBDA_RUNTIME_IMAGE_MAPPING is malformed.
  explicit RuntimeImageResolver(const sdk::PluginContext& ctx);

  // PluginError(NOT_FOUND) for a runtime neither mapped nor official;
  // PluginError(INVALID_ARG) for an architecture other than x86_64/arm64 (empty: x86_64).
  std::string resolve(std::string_view runtime, std::string_view architecture) override;

 private:
  ImageMapping mapping_;
};

// The plugin's descriptor (id "runtime-images", kind resolver, the option it reads).
const localemu_plugin_descriptor& runtimeImagesDescriptor() noexcept;

}  // namespace localemu::resolver
