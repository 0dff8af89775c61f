#include "runtime_image_resolver.hpp"

LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<localemu::resolver::RuntimeImageResolver>(
    localemu::resolver::runtimeImagesDescriptor()))
