// official_images.hpp — the container images AWS publishes for Lambda's managed
// runtimes: runtime identifier -> public.ecr.aws/lambda/<family>:<tag>.
//
// Pure data, no state: safe from any thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace localemu::resolver {

inline constexpr std::string_view kOfficialRegistry = "public.ecr.aws/lambda/";

struct OfficialImage {
  std::string_view runtime;     // "python3.12"
  std::string_view repository;  // "python" (under kOfficialRegistry)
  std::string_view tag;         // "3.12"
};

// Every runtime with an official image, newest families first.
std::span<const OfficialImage> officialImages() noexcept;

// Runtimes of the Lambda model that were retired before AWS published
// container images (nodejs4.3, dotnetcore2.0, ...): known, but with no image.
std::span<const std::string_view> runtimesWithoutImage() noexcept;

// "public.ecr.aws/lambda/python:3.12" for "python3.12"; nullopt when the runtime
// has no official image (unknown, or in runtimesWithoutImage()).
std::optional<std::string> officialImageFor(std::string_view runtime);

}  // namespace localemu::resolver
