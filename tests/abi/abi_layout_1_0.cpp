// Freezes the ABI 1.0 layouts on LP64 (Linux x86_64/aarch64): the size,
// alignment and offset of every field of every struct in
// plugin-api/include/localemu/*.h, the exact type of each field (so a changed
// function signature breaks the build too), and the values of the constants.
// A failing assert here means a plugin built against 1.0 would break: append
// fields instead, or bump LOCALEMU_ABI_VERSION_MAJOR and update this file with it.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "localemu/localemu.h"

static_assert(LOCALEMU_ABI_VERSION_MAJOR == 1, "this file freezes ABI 1.x; a new major needs its own");

// Constants and enum values are part of the ABI too.
static_assert(LOCALEMU_OK == 0 && LOCALEMU_IDLE == 1);
static_assert(LOCALEMU_ERR_INVALID_ARG == -1 && LOCALEMU_ERR_NOT_FOUND == -2 && LOCALEMU_ERR_UNSUPPORTED == -3 &&
              LOCALEMU_ERR_UNAVAILABLE == -4 && LOCALEMU_ERR_TIMEOUT == -5 && LOCALEMU_ERR_CANCELLED == -6 &&
              LOCALEMU_ERR_CONFLICT == -7 && LOCALEMU_ERR_INTERNAL == -8);
static_assert(LOCALEMU_ERROR_MESSAGE_MAX == 1024);
static_assert(LOCALEMU_LOG_TRACE == 0 && LOCALEMU_LOG_DEBUG == 1 && LOCALEMU_LOG_INFO == 2 && LOCALEMU_LOG_WARN == 3 &&
              LOCALEMU_LOG_ERROR == 4 && LOCALEMU_LOG_CRITICAL == 5 && LOCALEMU_LOG_OFF == 6);
static_assert(LOCALEMU_KIND_SERVICE == 1 && LOCALEMU_KIND_EXECUTOR == 2 && LOCALEMU_KIND_POLLER == 3 &&
              LOCALEMU_KIND_RESOLVER == 4);
static_assert(LOCALEMU_PROTOCOL_REST_JSON == 1 && LOCALEMU_PROTOCOL_JSON_1_0 == 2 && LOCALEMU_PROTOCOL_JSON_1_1 == 3 &&
              LOCALEMU_PROTOCOL_QUERY == 4 && LOCALEMU_PROTOCOL_REST_XML == 5);
static_assert(LOCALEMU_CONFIG_STRING == 0 && LOCALEMU_CONFIG_BOOL == 1 && LOCALEMU_CONFIG_INT == 2 &&
              LOCALEMU_CONFIG_DURATION_MS == 3 && LOCALEMU_CONFIG_JSON == 4 && LOCALEMU_CONFIG_ENUM == 5 &&
              LOCALEMU_CONFIG_LIST == 6);
static_assert(LOCALEMU_STREAM_STDOUT == 1 && LOCALEMU_STREAM_STDERR == 2);
static_assert(LOCALEMU_ENV_CREATED == 1 && LOCALEMU_ENV_RUNNING == 2 && LOCALEMU_ENV_EXITED == 3 &&
              LOCALEMU_ENV_GONE == 4);
static_assert(LOCALEMU_BATCH_SUCCEEDED == 1 && LOCALEMU_BATCH_PARTIAL == 2 && LOCALEMU_BATCH_FAILED == 3);
static_assert(LOCALEMU_STORE_PUT == 0 && LOCALEMU_STORE_DELETE == 1);
static_assert(sizeof(localemu_status) == 4 && std::is_signed_v<localemu_status>);
static_assert(sizeof(localemu_timer_id) == 8 && std::is_unsigned_v<localemu_timer_id>);
static_assert(std::is_same_v<localemu_plugin_entry_fn, const localemu_plugin_entry_table* (*)(uint32_t, uint32_t)>);
static_assert(std::is_same_v<localemu_timer_fn, void (*)(void*)>);
static_assert(std::is_same_v<localemu_store_visit_fn, bool (*)(void*, localemu_str, localemu_str)>);

constexpr bool sameText(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}
static_assert(sameText(LOCALEMU_ENTRY_SYMBOL, "localemu_plugin_entry"));
static_assert(sameText(LOCALEMU_HOST_BUS_V1, "localemu.host.bus/1"));
static_assert(sameText(LOCALEMU_HOST_CONFIG_V1, "localemu.host.config/1"));
static_assert(sameText(LOCALEMU_HOST_METRICS_V1, "localemu.host.metrics/1"));
static_assert(sameText(LOCALEMU_HOST_REGISTRY_V1, "localemu.host.registry/1"));
static_assert(sameText(LOCALEMU_HOST_STORE_V1, "localemu.host.store/1"));
static_assert(sameText(LOCALEMU_HOST_TIMERS_V1, "localemu.host.timers/1"));

// Every struct passed by pointer starts with its size.
#define LOCALEMU_STARTS_WITH_SIZE(type) \
  static_assert(offsetof(type, struct_size) == 0 && std::is_same_v<decltype(type::struct_size), uint32_t>)
LOCALEMU_STARTS_WITH_SIZE(localemu_error);
LOCALEMU_STARTS_WITH_SIZE(localemu_plugin_entry_table);
LOCALEMU_STARTS_WITH_SIZE(localemu_plugin_descriptor);
LOCALEMU_STARTS_WITH_SIZE(localemu_object);
LOCALEMU_STARTS_WITH_SIZE(localemu_host_api);
#undef LOCALEMU_STARTS_WITH_SIZE

// Every instance vtable begins with a localemu_object.
static_assert(offsetof(localemu_service_vtable, object) == 0);
static_assert(offsetof(localemu_executor_vtable, object) == 0);
static_assert(offsetof(localemu_poller_vtable, object) == 0);
static_assert(offsetof(localemu_resolver_vtable, object) == 0);

#if defined(__LP64__)

// localemu_str (abi.h)
static_assert(sizeof(localemu_str) == 16);
static_assert(alignof(localemu_str) == 8);
static_assert(offsetof(localemu_str, data) == 0);
static_assert(offsetof(localemu_str, size) == 8);
static_assert(std::is_same_v<decltype(localemu_str::data), const char*>);
static_assert(std::is_same_v<decltype(localemu_str::size), size_t>);

// localemu_error (abi.h)
static_assert(sizeof(localemu_error) == 1032);
static_assert(alignof(localemu_error) == 4);
static_assert(offsetof(localemu_error, struct_size) == 0);
static_assert(offsetof(localemu_error, code) == 4);
static_assert(offsetof(localemu_error, message) == 8);
static_assert(std::is_same_v<decltype(localemu_error::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_error::code), localemu_status>);
static_assert(std::is_same_v<decltype(localemu_error::message), char[1024]>);

// localemu_sink (abi.h)
static_assert(sizeof(localemu_sink) == 24);
static_assert(alignof(localemu_sink) == 8);
static_assert(offsetof(localemu_sink, struct_size) == 0);
static_assert(offsetof(localemu_sink, ctx) == 8);
static_assert(offsetof(localemu_sink, write) == 16);
static_assert(std::is_same_v<decltype(localemu_sink::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_sink::ctx), void*>);
static_assert(std::is_same_v<decltype(localemu_sink::write), void (*)(void* ctx, localemu_str chunk)>);

// localemu_pair (abi.h)
static_assert(sizeof(localemu_pair) == 32);
static_assert(alignof(localemu_pair) == 8);
static_assert(offsetof(localemu_pair, name) == 0);
static_assert(offsetof(localemu_pair, value) == 16);
static_assert(std::is_same_v<decltype(localemu_pair::name), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_pair::value), localemu_str>);

// localemu_host_bus_v1 (bus.h)
static_assert(sizeof(localemu_host_bus_v1) == 24);
static_assert(alignof(localemu_host_bus_v1) == 8);
static_assert(offsetof(localemu_host_bus_v1, struct_size) == 0);
static_assert(offsetof(localemu_host_bus_v1, call) == 8);
static_assert(offsetof(localemu_host_bus_v1, has_service) == 16);
static_assert(std::is_same_v<decltype(localemu_host_bus_v1::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_bus_v1::call), localemu_status (*)(const localemu_host_api* host, localemu_str service_id, const localemu_call_request* request, const localemu_call_result* result, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_bus_v1::has_service), bool (*)(const localemu_host_api* host, localemu_str service_id)>);

// localemu_request_context (call.h)
static_assert(sizeof(localemu_request_context) == 88);
static_assert(alignof(localemu_request_context) == 8);
static_assert(offsetof(localemu_request_context, struct_size) == 0);
static_assert(offsetof(localemu_request_context, request_id) == 8);
static_assert(offsetof(localemu_request_context, region) == 24);
static_assert(offsetof(localemu_request_context, account_id) == 40);
static_assert(offsetof(localemu_request_context, access_key) == 56);
static_assert(offsetof(localemu_request_context, gateway_url) == 72);
static_assert(std::is_same_v<decltype(localemu_request_context::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_request_context::request_id), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_request_context::region), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_request_context::account_id), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_request_context::access_key), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_request_context::gateway_url), localemu_str>);

// localemu_call_request (call.h)
static_assert(sizeof(localemu_call_request) == 48);
static_assert(alignof(localemu_call_request) == 8);
static_assert(offsetof(localemu_call_request, struct_size) == 0);
static_assert(offsetof(localemu_call_request, operation) == 8);
static_assert(offsetof(localemu_call_request, input_json) == 24);
static_assert(offsetof(localemu_call_request, context) == 40);
static_assert(std::is_same_v<decltype(localemu_call_request::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_call_request::operation), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_call_request::input_json), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_call_request::context), const localemu_request_context*>);

// localemu_call_result (call.h)
static_assert(sizeof(localemu_call_result) == 32);
static_assert(alignof(localemu_call_result) == 8);
static_assert(offsetof(localemu_call_result, struct_size) == 0);
static_assert(offsetof(localemu_call_result, ctx) == 8);
static_assert(offsetof(localemu_call_result, succeed) == 16);
static_assert(offsetof(localemu_call_result, fail) == 24);
static_assert(std::is_same_v<decltype(localemu_call_result::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_call_result::ctx), void*>);
static_assert(std::is_same_v<decltype(localemu_call_result::succeed), void (*)(void* ctx, localemu_str output_json)>);
static_assert(std::is_same_v<decltype(localemu_call_result::fail), void (*)(void* ctx, int32_t http_status, localemu_str error_code, localemu_str message, localemu_str extra_json)>);

// localemu_config_option (config.h)
static_assert(sizeof(localemu_config_option) == 48);
static_assert(alignof(localemu_config_option) == 8);
static_assert(offsetof(localemu_config_option, struct_size) == 0);
static_assert(offsetof(localemu_config_option, name) == 8);
static_assert(offsetof(localemu_config_option, type) == 16);
static_assert(offsetof(localemu_config_option, default_value) == 24);
static_assert(offsetof(localemu_config_option, allowed) == 32);
static_assert(offsetof(localemu_config_option, description) == 40);
static_assert(std::is_same_v<decltype(localemu_config_option::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_config_option::name), const char*>);
static_assert(std::is_same_v<decltype(localemu_config_option::type), int32_t>);
static_assert(std::is_same_v<decltype(localemu_config_option::default_value), const char*>);
static_assert(std::is_same_v<decltype(localemu_config_option::allowed), const char*>);
static_assert(std::is_same_v<decltype(localemu_config_option::description), const char*>);

// localemu_host_config_v1 (config.h)
static_assert(sizeof(localemu_host_config_v1) == 16);
static_assert(alignof(localemu_host_config_v1) == 8);
static_assert(offsetof(localemu_host_config_v1, struct_size) == 0);
static_assert(offsetof(localemu_host_config_v1, get) == 8);
static_assert(std::is_same_v<decltype(localemu_host_config_v1::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_config_v1::get), localemu_status (*)(const localemu_host_api* host, localemu_str name, const localemu_sink* out)>);

// localemu_env_spec (executor.h)
static_assert(sizeof(localemu_env_spec) == 240);
static_assert(alignof(localemu_env_spec) == 8);
static_assert(offsetof(localemu_env_spec, struct_size) == 0);
static_assert(offsetof(localemu_env_spec, env_id) == 8);
static_assert(offsetof(localemu_env_spec, function_arn) == 24);
static_assert(offsetof(localemu_env_spec, runtime) == 40);
static_assert(offsetof(localemu_env_spec, handler) == 56);
static_assert(offsetof(localemu_env_spec, image) == 72);
static_assert(offsetof(localemu_env_spec, architecture) == 88);
static_assert(offsetof(localemu_env_spec, code_path) == 104);
static_assert(offsetof(localemu_env_spec, layer_paths) == 120);
static_assert(offsetof(localemu_env_spec, layer_count) == 128);
static_assert(offsetof(localemu_env_spec, env) == 136);
static_assert(offsetof(localemu_env_spec, env_count) == 144);
static_assert(offsetof(localemu_env_spec, memory_mb) == 152);
static_assert(offsetof(localemu_env_spec, timeout_s) == 156);
static_assert(offsetof(localemu_env_spec, runtime_api) == 160);
static_assert(offsetof(localemu_env_spec, entrypoint) == 176);
static_assert(offsetof(localemu_env_spec, entrypoint_count) == 184);
static_assert(offsetof(localemu_env_spec, command) == 192);
static_assert(offsetof(localemu_env_spec, command_count) == 200);
static_assert(offsetof(localemu_env_spec, working_dir) == 208);
static_assert(offsetof(localemu_env_spec, labels) == 224);
static_assert(offsetof(localemu_env_spec, label_count) == 232);
static_assert(std::is_same_v<decltype(localemu_env_spec::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_env_spec::env_id), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::function_arn), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::runtime), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::handler), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::image), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::architecture), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::code_path), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::layer_paths), const localemu_str*>);
static_assert(std::is_same_v<decltype(localemu_env_spec::layer_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_env_spec::env), const localemu_pair*>);
static_assert(std::is_same_v<decltype(localemu_env_spec::env_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_env_spec::memory_mb), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_env_spec::timeout_s), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_env_spec::runtime_api), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::entrypoint), const localemu_str*>);
static_assert(std::is_same_v<decltype(localemu_env_spec::entrypoint_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_env_spec::command), const localemu_str*>);
static_assert(std::is_same_v<decltype(localemu_env_spec::command_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_env_spec::working_dir), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_env_spec::labels), const localemu_pair*>);
static_assert(std::is_same_v<decltype(localemu_env_spec::label_count), size_t>);

// localemu_env_output (executor.h)
static_assert(sizeof(localemu_env_output) == 32);
static_assert(alignof(localemu_env_output) == 8);
static_assert(offsetof(localemu_env_output, struct_size) == 0);
static_assert(offsetof(localemu_env_output, ctx) == 8);
static_assert(offsetof(localemu_env_output, line) == 16);
static_assert(offsetof(localemu_env_output, exited) == 24);
static_assert(std::is_same_v<decltype(localemu_env_output::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_env_output::ctx), void*>);
static_assert(std::is_same_v<decltype(localemu_env_output::line), void (*)(void* ctx, localemu_str env_id, int32_t stream, localemu_str line)>);
static_assert(std::is_same_v<decltype(localemu_env_output::exited), void (*)(void* ctx, localemu_str env_id, int32_t exit_code)>);

// localemu_env_status (executor.h)
static_assert(sizeof(localemu_env_status) == 24);
static_assert(alignof(localemu_env_status) == 8);
static_assert(offsetof(localemu_env_status, struct_size) == 0);
static_assert(offsetof(localemu_env_status, state) == 4);
static_assert(offsetof(localemu_env_status, exit_code) == 8);
static_assert(offsetof(localemu_env_status, memory_used_bytes) == 16);
static_assert(std::is_same_v<decltype(localemu_env_status::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_env_status::state), int32_t>);
static_assert(std::is_same_v<decltype(localemu_env_status::exit_code), int32_t>);
static_assert(std::is_same_v<decltype(localemu_env_status::memory_used_bytes), uint64_t>);

// localemu_executor_vtable (executor.h)
static_assert(sizeof(localemu_executor_vtable) == 88);
static_assert(alignof(localemu_executor_vtable) == 8);
static_assert(offsetof(localemu_executor_vtable, object) == 0);
static_assert(offsetof(localemu_executor_vtable, prepare) == 32);
static_assert(offsetof(localemu_executor_vtable, create_env) == 40);
static_assert(offsetof(localemu_executor_vtable, start_env) == 48);
static_assert(offsetof(localemu_executor_vtable, stop_env) == 56);
static_assert(offsetof(localemu_executor_vtable, destroy_env) == 64);
static_assert(offsetof(localemu_executor_vtable, status) == 72);
static_assert(offsetof(localemu_executor_vtable, cleanup_orphans) == 80);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::object), localemu_object>);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::prepare), localemu_status (*)(void* self, localemu_str image, localemu_str architecture, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::create_env), localemu_status (*)(void* self, const localemu_env_spec* spec, const localemu_env_output* output, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::start_env), localemu_status (*)(void* self, localemu_str env_id, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::stop_env), localemu_status (*)(void* self, localemu_str env_id, uint32_t grace_ms, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::destroy_env), localemu_status (*)(void* self, localemu_str env_id, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::status), localemu_status (*)(void* self, localemu_str env_id, localemu_env_status* out, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_executor_vtable::cleanup_orphans), localemu_status (*)(void* self, localemu_str owner, localemu_error* err)>);

// localemu_host_api (host.h)
static_assert(sizeof(localemu_host_api) == 64);
static_assert(alignof(localemu_host_api) == 8);
static_assert(offsetof(localemu_host_api, struct_size) == 0);
static_assert(offsetof(localemu_host_api, abi_major) == 4);
static_assert(offsetof(localemu_host_api, abi_minor) == 8);
static_assert(offsetof(localemu_host_api, host_data) == 16);
static_assert(offsetof(localemu_host_api, plugin_id) == 24);
static_assert(offsetof(localemu_host_api, log) == 40);
static_assert(offsetof(localemu_host_api, log_level) == 48);
static_assert(offsetof(localemu_host_api, get_service) == 56);
static_assert(std::is_same_v<decltype(localemu_host_api::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_api::abi_major), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_api::abi_minor), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_api::host_data), void*>);
static_assert(std::is_same_v<decltype(localemu_host_api::plugin_id), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_host_api::log), void (*)(const localemu_host_api* host, int32_t level, localemu_str message)>);
static_assert(std::is_same_v<decltype(localemu_host_api::log_level), int32_t (*)(const localemu_host_api* host)>);
static_assert(std::is_same_v<decltype(localemu_host_api::get_service), const void* (*)(const localemu_host_api* host, const char* service_id)>);

// localemu_host_metrics_v1 (metrics.h)
static_assert(sizeof(localemu_host_metrics_v1) == 32);
static_assert(alignof(localemu_host_metrics_v1) == 8);
static_assert(offsetof(localemu_host_metrics_v1, struct_size) == 0);
static_assert(offsetof(localemu_host_metrics_v1, counter_add) == 8);
static_assert(offsetof(localemu_host_metrics_v1, gauge_set) == 16);
static_assert(offsetof(localemu_host_metrics_v1, observe) == 24);
static_assert(std::is_same_v<decltype(localemu_host_metrics_v1::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_metrics_v1::counter_add), void (*)(const localemu_host_api* host, localemu_str name, const localemu_pair* labels, size_t label_count, double value)>);
static_assert(std::is_same_v<decltype(localemu_host_metrics_v1::gauge_set), void (*)(const localemu_host_api* host, localemu_str name, const localemu_pair* labels, size_t label_count, double value)>);
static_assert(std::is_same_v<decltype(localemu_host_metrics_v1::observe), void (*)(const localemu_host_api* host, localemu_str name, const localemu_pair* labels, size_t label_count, double seconds)>);

// localemu_routing_claims (plugin.h)
static_assert(sizeof(localemu_routing_claims) == 72);
static_assert(alignof(localemu_routing_claims) == 8);
static_assert(offsetof(localemu_routing_claims, struct_size) == 0);
static_assert(offsetof(localemu_routing_claims, protocol) == 4);
static_assert(offsetof(localemu_routing_claims, host_patterns) == 8);
static_assert(offsetof(localemu_routing_claims, host_pattern_count) == 16);
static_assert(offsetof(localemu_routing_claims, signing_names) == 24);
static_assert(offsetof(localemu_routing_claims, signing_name_count) == 32);
static_assert(offsetof(localemu_routing_claims, target_prefixes) == 40);
static_assert(offsetof(localemu_routing_claims, target_prefix_count) == 48);
static_assert(offsetof(localemu_routing_claims, path_prefixes) == 56);
static_assert(offsetof(localemu_routing_claims, path_prefix_count) == 64);
static_assert(std::is_same_v<decltype(localemu_routing_claims::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::protocol), int32_t>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::host_patterns), const char* const*>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::host_pattern_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::signing_names), const char* const*>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::signing_name_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::target_prefixes), const char* const*>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::target_prefix_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::path_prefixes), const char* const*>);
static_assert(std::is_same_v<decltype(localemu_routing_claims::path_prefix_count), size_t>);

// localemu_plugin_descriptor (plugin.h)
static_assert(sizeof(localemu_plugin_descriptor) == 64);
static_assert(alignof(localemu_plugin_descriptor) == 8);
static_assert(offsetof(localemu_plugin_descriptor, struct_size) == 0);
static_assert(offsetof(localemu_plugin_descriptor, id) == 8);
static_assert(offsetof(localemu_plugin_descriptor, kind) == 16);
static_assert(offsetof(localemu_plugin_descriptor, version) == 24);
static_assert(offsetof(localemu_plugin_descriptor, description) == 32);
static_assert(offsetof(localemu_plugin_descriptor, routing) == 40);
static_assert(offsetof(localemu_plugin_descriptor, options) == 48);
static_assert(offsetof(localemu_plugin_descriptor, option_count) == 56);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::id), const char*>);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::kind), int32_t>);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::version), const char*>);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::description), const char*>);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::routing), const localemu_routing_claims*>);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::options), const localemu_config_option*>);
static_assert(std::is_same_v<decltype(localemu_plugin_descriptor::option_count), size_t>);

// localemu_object (plugin.h)
static_assert(sizeof(localemu_object) == 32);
static_assert(alignof(localemu_object) == 8);
static_assert(offsetof(localemu_object, struct_size) == 0);
static_assert(offsetof(localemu_object, self) == 8);
static_assert(offsetof(localemu_object, get_extension) == 16);
static_assert(offsetof(localemu_object, destroy) == 24);
static_assert(std::is_same_v<decltype(localemu_object::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_object::self), void*>);
static_assert(std::is_same_v<decltype(localemu_object::get_extension), const void* (*)(void* self, const char* extension_id)>);
static_assert(std::is_same_v<decltype(localemu_object::destroy), void (*)(void* self)>);

// localemu_plugin_entry_table (plugin.h)
static_assert(sizeof(localemu_plugin_entry_table) == 40);
static_assert(alignof(localemu_plugin_entry_table) == 8);
static_assert(offsetof(localemu_plugin_entry_table, struct_size) == 0);
static_assert(offsetof(localemu_plugin_entry_table, abi_major) == 4);
static_assert(offsetof(localemu_plugin_entry_table, abi_minor) == 8);
static_assert(offsetof(localemu_plugin_entry_table, count) == 16);
static_assert(offsetof(localemu_plugin_entry_table, describe) == 24);
static_assert(offsetof(localemu_plugin_entry_table, create) == 32);
static_assert(std::is_same_v<decltype(localemu_plugin_entry_table::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_plugin_entry_table::abi_major), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_plugin_entry_table::abi_minor), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_plugin_entry_table::count), uint32_t (*)(void)>);
static_assert(std::is_same_v<decltype(localemu_plugin_entry_table::describe), const localemu_plugin_descriptor* (*)(uint32_t index)>);
static_assert(std::is_same_v<decltype(localemu_plugin_entry_table::create), localemu_status (*)(const localemu_host_api* host, const char* id, localemu_str config_json, const void** out_vtable, localemu_error* err)>);

// localemu_batch_sink (poller.h)
static_assert(sizeof(localemu_batch_sink) == 24);
static_assert(alignof(localemu_batch_sink) == 8);
static_assert(offsetof(localemu_batch_sink, struct_size) == 0);
static_assert(offsetof(localemu_batch_sink, ctx) == 8);
static_assert(offsetof(localemu_batch_sink, deliver) == 16);
static_assert(std::is_same_v<decltype(localemu_batch_sink::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_batch_sink::ctx), void*>);
static_assert(std::is_same_v<decltype(localemu_batch_sink::deliver), void (*)(void* ctx, localemu_str batch_token, localemu_str records_json, size_t record_count)>);

// localemu_batch_outcome (poller.h)
static_assert(sizeof(localemu_batch_outcome) == 24);
static_assert(alignof(localemu_batch_outcome) == 8);
static_assert(offsetof(localemu_batch_outcome, struct_size) == 0);
static_assert(offsetof(localemu_batch_outcome, result) == 4);
static_assert(offsetof(localemu_batch_outcome, failed_ids_json) == 8);
static_assert(std::is_same_v<decltype(localemu_batch_outcome::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_batch_outcome::result), int32_t>);
static_assert(std::is_same_v<decltype(localemu_batch_outcome::failed_ids_json), localemu_str>);

// localemu_poller_vtable (poller.h)
static_assert(sizeof(localemu_poller_vtable) == 80);
static_assert(alignof(localemu_poller_vtable) == 8);
static_assert(offsetof(localemu_poller_vtable, object) == 0);
static_assert(offsetof(localemu_poller_vtable, source_arn_prefixes) == 32);
static_assert(offsetof(localemu_poller_vtable, source_arn_prefix_count) == 40);
static_assert(offsetof(localemu_poller_vtable, open) == 48);
static_assert(offsetof(localemu_poller_vtable, poll) == 56);
static_assert(offsetof(localemu_poller_vtable, complete) == 64);
static_assert(offsetof(localemu_poller_vtable, close) == 72);
static_assert(std::is_same_v<decltype(localemu_poller_vtable::object), localemu_object>);
static_assert(std::is_same_v<decltype(localemu_poller_vtable::source_arn_prefixes), const char* const*>);
static_assert(std::is_same_v<decltype(localemu_poller_vtable::source_arn_prefix_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_poller_vtable::open), localemu_status (*)(void* self, localemu_str mapping_json, localemu_poller_session** out_session, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_poller_vtable::poll), localemu_status (*)(void* self, localemu_poller_session* session, uint32_t max_records, uint32_t wait_ms, const localemu_batch_sink* sink, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_poller_vtable::complete), localemu_status (*)(void* self, localemu_poller_session* session, localemu_str batch_token, const localemu_batch_outcome* outcome, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_poller_vtable::close), void (*)(void* self, localemu_poller_session* session)>);

// localemu_host_registry_v1 (registry.h)
static_assert(sizeof(localemu_host_registry_v1) == 24);
static_assert(alignof(localemu_host_registry_v1) == 8);
static_assert(offsetof(localemu_host_registry_v1, struct_size) == 0);
static_assert(offsetof(localemu_host_registry_v1, find) == 8);
static_assert(offsetof(localemu_host_registry_v1, list) == 16);
static_assert(std::is_same_v<decltype(localemu_host_registry_v1::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_registry_v1::find), const void* (*)(const localemu_host_api* host, int32_t kind, localemu_str id)>);
static_assert(std::is_same_v<decltype(localemu_host_registry_v1::list), void (*)(const localemu_host_api* host, int32_t kind, void (*visit)(void* ctx, localemu_str id), void* ctx)>);

// localemu_resolver_vtable (resolver.h)
static_assert(sizeof(localemu_resolver_vtable) == 40);
static_assert(alignof(localemu_resolver_vtable) == 8);
static_assert(offsetof(localemu_resolver_vtable, object) == 0);
static_assert(offsetof(localemu_resolver_vtable, resolve) == 32);
static_assert(std::is_same_v<decltype(localemu_resolver_vtable::object), localemu_object>);
static_assert(std::is_same_v<decltype(localemu_resolver_vtable::resolve), localemu_status (*)(void* self, localemu_str runtime, localemu_str architecture, const localemu_sink* out_image, localemu_error* err)>);

// localemu_http_request (service.h)
static_assert(sizeof(localemu_http_request) == 112);
static_assert(alignof(localemu_http_request) == 8);
static_assert(offsetof(localemu_http_request, struct_size) == 0);
static_assert(offsetof(localemu_http_request, method) == 8);
static_assert(offsetof(localemu_http_request, path) == 24);
static_assert(offsetof(localemu_http_request, query) == 40);
static_assert(offsetof(localemu_http_request, host) == 56);
static_assert(offsetof(localemu_http_request, headers) == 72);
static_assert(offsetof(localemu_http_request, header_count) == 80);
static_assert(offsetof(localemu_http_request, body) == 88);
static_assert(offsetof(localemu_http_request, context) == 104);
static_assert(std::is_same_v<decltype(localemu_http_request::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_http_request::method), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_http_request::path), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_http_request::query), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_http_request::host), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_http_request::headers), const localemu_pair*>);
static_assert(std::is_same_v<decltype(localemu_http_request::header_count), size_t>);
static_assert(std::is_same_v<decltype(localemu_http_request::body), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_http_request::context), const localemu_request_context*>);

// localemu_http_response_writer (service.h)
static_assert(sizeof(localemu_http_response_writer) == 56);
static_assert(alignof(localemu_http_response_writer) == 8);
static_assert(offsetof(localemu_http_response_writer, struct_size) == 0);
static_assert(offsetof(localemu_http_response_writer, ctx) == 8);
static_assert(offsetof(localemu_http_response_writer, set_status) == 16);
static_assert(offsetof(localemu_http_response_writer, add_header) == 24);
static_assert(offsetof(localemu_http_response_writer, write) == 32);
static_assert(offsetof(localemu_http_response_writer, begin_stream) == 40);
static_assert(offsetof(localemu_http_response_writer, set_operation) == 48);
static_assert(std::is_same_v<decltype(localemu_http_response_writer::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_http_response_writer::ctx), void*>);
static_assert(std::is_same_v<decltype(localemu_http_response_writer::set_status), void (*)(void* ctx, int32_t status)>);
static_assert(std::is_same_v<decltype(localemu_http_response_writer::add_header), void (*)(void* ctx, localemu_str name, localemu_str value)>);
static_assert(std::is_same_v<decltype(localemu_http_response_writer::write), localemu_status (*)(void* ctx, localemu_str chunk)>);
static_assert(std::is_same_v<decltype(localemu_http_response_writer::begin_stream), localemu_status (*)(void* ctx)>);
static_assert(std::is_same_v<decltype(localemu_http_response_writer::set_operation), void (*)(void* ctx, localemu_str operation)>);

// localemu_service_vtable (service.h)
static_assert(sizeof(localemu_service_vtable) == 72);
static_assert(alignof(localemu_service_vtable) == 8);
static_assert(offsetof(localemu_service_vtable, object) == 0);
static_assert(offsetof(localemu_service_vtable, start) == 32);
static_assert(offsetof(localemu_service_vtable, stop) == 40);
static_assert(offsetof(localemu_service_vtable, handle) == 48);
static_assert(offsetof(localemu_service_vtable, call) == 56);
static_assert(offsetof(localemu_service_vtable, reset) == 64);
static_assert(std::is_same_v<decltype(localemu_service_vtable::object), localemu_object>);
static_assert(std::is_same_v<decltype(localemu_service_vtable::start), localemu_status (*)(void* self, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_service_vtable::stop), void (*)(void* self)>);
static_assert(std::is_same_v<decltype(localemu_service_vtable::handle), localemu_status (*)(void* self, const localemu_http_request* request, const localemu_http_response_writer* response, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_service_vtable::call), localemu_status (*)(void* self, const localemu_call_request* request, const localemu_call_result* result, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_service_vtable::reset), localemu_status (*)(void* self, localemu_error* err)>);

// localemu_store_op (store.h)
static_assert(sizeof(localemu_store_op) == 56);
static_assert(alignof(localemu_store_op) == 8);
static_assert(offsetof(localemu_store_op, struct_size) == 0);
static_assert(offsetof(localemu_store_op, kind) == 4);
static_assert(offsetof(localemu_store_op, collection) == 8);
static_assert(offsetof(localemu_store_op, id) == 24);
static_assert(offsetof(localemu_store_op, document) == 40);
static_assert(std::is_same_v<decltype(localemu_store_op::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_store_op::kind), int32_t>);
static_assert(std::is_same_v<decltype(localemu_store_op::collection), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_store_op::id), localemu_str>);
static_assert(std::is_same_v<decltype(localemu_store_op::document), localemu_str>);

// localemu_host_store_v1 (store.h)
static_assert(sizeof(localemu_host_store_v1) == 80);
static_assert(alignof(localemu_host_store_v1) == 8);
static_assert(offsetof(localemu_host_store_v1, struct_size) == 0);
static_assert(offsetof(localemu_host_store_v1, put) == 8);
static_assert(offsetof(localemu_host_store_v1, get) == 16);
static_assert(offsetof(localemu_host_store_v1, remove) == 24);
static_assert(offsetof(localemu_host_store_v1, list) == 32);
static_assert(offsetof(localemu_host_store_v1, apply) == 40);
static_assert(offsetof(localemu_host_store_v1, blob_put) == 48);
static_assert(offsetof(localemu_host_store_v1, blob_path) == 56);
static_assert(offsetof(localemu_host_store_v1, blob_remove) == 64);
static_assert(offsetof(localemu_host_store_v1, data_dir) == 72);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::put), localemu_status (*)(const localemu_host_api* host, localemu_str collection, localemu_str id, localemu_str document, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::get), localemu_status (*)(const localemu_host_api* host, localemu_str collection, localemu_str id, const localemu_sink* out, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::remove), localemu_status (*)(const localemu_host_api* host, localemu_str collection, localemu_str id, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::list), localemu_status (*)(const localemu_host_api* host, localemu_str collection, localemu_str id_prefix, localemu_store_visit_fn visit, void* ctx, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::apply), localemu_status (*)(const localemu_host_api* host, const localemu_store_op* ops, size_t count, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::blob_put), localemu_status (*)(const localemu_host_api* host, localemu_str bytes, const localemu_sink* out_digest, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::blob_path), localemu_status (*)(const localemu_host_api* host, localemu_str digest, const localemu_sink* out_path, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::blob_remove), localemu_status (*)(const localemu_host_api* host, localemu_str digest, localemu_error* err)>);
static_assert(std::is_same_v<decltype(localemu_host_store_v1::data_dir), localemu_status (*)(const localemu_host_api* host, const localemu_sink* out_path, localemu_error* err)>);

// localemu_host_timers_v1 (timers.h)
static_assert(sizeof(localemu_host_timers_v1) == 24);
static_assert(alignof(localemu_host_timers_v1) == 8);
static_assert(offsetof(localemu_host_timers_v1, struct_size) == 0);
static_assert(offsetof(localemu_host_timers_v1, schedule) == 8);
static_assert(offsetof(localemu_host_timers_v1, cancel) == 16);
static_assert(std::is_same_v<decltype(localemu_host_timers_v1::struct_size), uint32_t>);
static_assert(std::is_same_v<decltype(localemu_host_timers_v1::schedule), localemu_timer_id (*)(const localemu_host_api* host, uint64_t delay_ms, uint64_t period_ms, localemu_timer_fn fn, void* ctx)>);
static_assert(std::is_same_v<decltype(localemu_host_timers_v1::cancel), void (*)(const localemu_host_api* host, localemu_timer_id id)>);
#endif  // __LP64__
