// api/image_prebuild.hpp — LAMBDA_PREBUILD_IMAGES: the image a function
// version runs in is made ready while the function is Pending (CreateFunction)
// or InProgress (UpdateFunctionCode/-Configuration), not at its first invoke:
// the runtime image through the resolver plugin (or the function's own image
// for PackageType Image), then the executor plugin's prepare() — pulled, or
// found present, and checked against the function's architecture. The
// executor keeps what it prepared, so the first invoke starts its container
// at once. A failure is the function's: State/LastUpdateStatus Failed with
// AWS's reason codes (ImageAccessDenied, InvalidImage, InvalidRuntime,
// InternalError).
//
// LocalStack's option also builds one image per function version with the
// code copied in. LocalEmu mounts the unpacked code at /var/task instead (no
// copy at invoke either), and the executor ABI has no image build entry.
//
// Threading: [thread-safe]; blocks for as long as a pull takes.
#pragma once

#include <optional>
#include <string>

#include "localemu/sdk/host.hpp"
#include "model/function_record.hpp"

namespace localemu::lambda {

struct ImageFailure {
  std::string reasonCode;  // StateReasonCode / LastUpdateStatusReasonCode
  std::string reason;
};

// True when LAMBDA_PREBUILD_IMAGES is set.
bool prebuildImagesEnabled(const sdk::Host& host);

// Readies the image of `version` (see above); nullopt when it is ready.
std::optional<ImageFailure> prebuildImage(const sdk::Host& host, const FunctionVersion& version);

// The reason code of a failed prepare(), from the plugin's status: an image
// the engine cannot pull (or reach) is ImageAccessDenied, one for another
// architecture InvalidImage. Pure.
std::string imageFailureCode(localemu_status status);

}  // namespace localemu::lambda
