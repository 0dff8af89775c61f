// image_mapping.hpp — LAMBDA_RUNTIME_IMAGE_MAPPING: a JSON object mapping a
// runtime identifier to the image to use instead of the official one, e.g.
//   {"python3.12": "localemu/test-python:5715609a", "nodejs20.x": "mirror.local/lambda/nodejs:20"}
//
// Immutable after parsing: safe to read from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace localemu::resolver {

class ImageMapping {
 public:
  ImageMapping() = default;
  // Throws PluginError(INVALID_ARG) naming the variable when `json` is not an
  // object whose values are non-empty strings. Empty text is an empty mapping.
  static ImageMapping parse(std::string_view json);

  std::optional<std::string> find(std::string_view runtime) const;
  std::size_t size() const noexcept { return images_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> images_;
};

}  // namespace localemu::resolver
