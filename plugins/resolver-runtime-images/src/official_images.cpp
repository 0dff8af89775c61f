#include "official_images.hpp"

#include <algorithm>
#include <array>

namespace localemu::resolver {
namespace {

// Tags as AWS publishes them in the ECR Public gallery (gallery.ecr.aws/lambda).
constexpr std::array kImages = {
    OfficialImage{"python3.14", "python", "3.14"},
    OfficialImage{"python3.13", "python", "3.13"},
    OfficialImage{"python3.12", "python", "3.12"},
    OfficialImage{"python3.11", "python", "3.11"},
    OfficialImage{"python3.10", "python", "3.10"},
    OfficialImage{"python3.9", "python", "3.9"},
    OfficialImage{"python3.8", "python", "3.8"},
    OfficialImage{"python3.7", "python", "3.7"},
    OfficialImage{"python3.6", "python", "3.6"},
    OfficialImage{"python2.7", "python", "2.7"},
    OfficialImage{"nodejs24.x", "nodejs", "24"},
    OfficialImage{"nodejs22.x", "nodejs", "22"},
    OfficialImage{"nodejs20.x", "nodejs", "20"},
    OfficialImage{"nodejs18.x", "nodejs", "18"},
    OfficialImage{"nodejs16.x", "nodejs", "16"},
    OfficialImage{"nodejs14.x", "nodejs", "14"},
    OfficialImage{"nodejs12.x", "nodejs", "12"},
    OfficialImage{"nodejs10.x", "nodejs", "10"},
    OfficialImage{"java25", "java", "25"},
    OfficialImage{"java21", "java", "21"},
    OfficialImage{"java17", "java", "17"},
    OfficialImage{"java11", "java", "11"},
    OfficialImage{"java8.al2", "java", "8.al2"},
    OfficialImage{"java8", "java", "8"},
    OfficialImage{"dotnet10", "dotnet", "10"},
    OfficialImage{"dotnet8", "dotnet", "8"},
    OfficialImage{"dotnet6", "dotnet", "6"},
    OfficialImage{"dotnetcore3.1", "dotnet", "core3.1"},
    OfficialImage{"dotnetcore2.1", "dotnet", "core2.1"},
    OfficialImage{"ruby4.0", "ruby", "4.0"},
    OfficialImage{"ruby3.4", "ruby", "3.4"},
    OfficialImage{"ruby3.3", "ruby", "3.3"},
    OfficialImage{"ruby3.2", "ruby", "3.2"},
    OfficialImage{"ruby2.7", "ruby", "2.7"},
    OfficialImage{"ruby2.5", "ruby", "2.5"},
    OfficialImage{"go1.x", "go", "1"},
    OfficialImage{"provided.al2023", "provided", "al2023"},
    OfficialImage{"provided.al2", "provided", "al2"},
    OfficialImage{"provided", "provided", "alami"},
};

constexpr std::array<std::string_view, 7> kWithoutImage = {
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "dotnetcore1.0", "dotnetcore2.0",
};

}  // namespace

std::span<const OfficialImage> officialImages() noexcept { return kImages; }

std::span<const std::string_view> runtimesWithoutImage() noexcept { return kWithoutImage; }

std::optional<std::string> officialImageFor(std::string_view runtime) {
  const auto it = std::find_if(kImages.begin(), kImages.end(), [&](const auto& i) { return i.runtime == runtime; });
  if (it == kImages.end()) return std::nullopt;
  std::string image(kOfficialRegistry);
  image.append(it->repository).append(":").append(it->tag);
  return image;
}

}  // namespace localemu::resolver
