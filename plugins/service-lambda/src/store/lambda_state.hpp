// Every host-store collection the Lambda plugin writes, and the erasure of all
// of them (POST /_localemu/reset). A unit test (tests/unit/lambda/reset_test.cpp)
// checks this list against the collections the plugin actually writes.
//
// Blobs (deployment packages, layer zips) and the unpacked code folders under
// <data dir>/code/ stay: both are content-addressed, so a later upload of the
// same bytes reuses them, and no document refers to them after the erasure.
// Threading: [thread-safe] at the store level; eraseLambdaState must not run
// while a LambdaApi over the same host is alive (it would write again).
#pragma once

#include <array>
#include <string_view>

#include "localemu/sdk/host.hpp"

namespace localemu::lambda {

inline constexpr std::array<std::string_view, 20> kLambdaCollections{
    // store/function_repository.cpp
    "functions", "versions", "aliases",
    // store/settings_store.hpp (collections::k*)
    "function-concurrency", "provisioned-concurrency", "event-invoke-configs", "function-settings",
    "code-signing-configs", "capacity-providers", "durable-executions", "durable-callbacks",
    // api/permission_operations.cpp, api/function_url_operations.cpp
    "function-policies", "function-urls", "function-url-ids",
    // store/layer_repository.cpp
    "layers", "layer-versions", "layer-contents",
    // store/event_source_mapping_repository.cpp, store/code_usage_ledger.cpp, api/lambda_api.cpp (AsyncEventQueue)
    "event-source-mappings", "code-usage", "async-events"};

// Deletes every document of kLambdaCollections in one store transaction.
void eraseLambdaState(const sdk::Host& host);

}  // namespace localemu::lambda
