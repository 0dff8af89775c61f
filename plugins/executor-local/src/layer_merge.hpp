// layer_merge.hpp — the host folder that stands for /opt.
#pragma once

#include <filesystem>
#include <vector>

namespace localemu::local {

// No layer: `workDir`/opt, created empty (so that /opt never means the host's /opt).
// One layer: that layer's folder, used in place (the function must treat /opt as read-only).
// Several: copied in order into `workDir`/opt, a later layer's file replacing an
// earlier one's, as Lambda extracts them. Symlinks are copied as symlinks.
// Throws std::filesystem::filesystem_error.
std::filesystem::path prepareOpt(const std::vector<std::filesystem::path>& layers, const std::filesystem::path& workDir);

}  // namespace localemu::local
