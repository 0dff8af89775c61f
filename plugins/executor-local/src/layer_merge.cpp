#include "layer_merge.hpp"

namespace localemu::local {
namespace fs = std::filesystem;

namespace {

void mergeInto(const fs::path& from, const fs::path& to) {
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator(); ++it) {
    const auto target = to / it->path().lexically_relative(from);
    const auto status = it->symlink_status();
    if (fs::is_directory(status)) {
      if (fs::is_symlink(fs::symlink_status(target)) || (fs::exists(fs::symlink_status(target)) && !fs::is_directory(target)))
        fs::remove(target);
      fs::create_directories(target);
    } else {
      if (fs::exists(fs::symlink_status(target))) fs::remove_all(target);
      if (fs::is_symlink(status))
        fs::copy_symlink(it->path(), target);
      else
        fs::copy_file(it->path(), target);
    }
  }
}

}  // namespace

fs::path prepareOpt(const std::vector<fs::path>& layers, const fs::path& workDir) {
  if (layers.size() == 1) return layers.front();
  const auto opt = workDir / "opt";
  fs::create_directories(opt);
  for (const auto& layer : layers) mergeInto(layer, opt);
  return opt;
}

}  // namespace localemu::local
