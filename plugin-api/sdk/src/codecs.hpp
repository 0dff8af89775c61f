// Internal: constructors of the protocol codecs.
#pragma once

#include <memory>

#include "localemu/sdk/aws/protocol.hpp"

namespace localemu::sdk::aws::detail {

std::unique_ptr<Protocol> makeRestJsonProtocol(std::shared_ptr<const ServiceModel> model);
std::unique_ptr<Protocol> makeJsonProtocol(std::shared_ptr<const ServiceModel> model, localemu_protocol version);
std::unique_ptr<Protocol> makeQueryProtocol(std::shared_ptr<const ServiceModel> model);

}  // namespace localemu::sdk::aws::detail
