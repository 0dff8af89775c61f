// localemu/sdk/plugin.hpp — base classes for the four plugin kinds, the
// trampolines that turn them into C vtables behind an exception barrier, and
// the entry macro. Header-only: a plugin needs nothing else to meet the ABI.
//
//   class Echo : public localemu::sdk::Service { ... };
//   LOCALEMU_PLUGIN_ENTRY(localemu::sdk::plugin<Echo>(kEchoDescriptor))
//
// Threading: the host calls start/stop/reset/destroy from its control thread,
// everything else concurrently from request threads (see the C headers).
#pragma once

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <optional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>

#include "localemu/executor.h"
#include "localemu/plugin.h"
#include "localemu/poller.h"
#include "localemu/resolver.h"
#include "localemu/service.h"
#include "localemu/sdk/core.hpp"
#include "localemu/sdk/host.hpp"

namespace localemu::sdk {

// What every plugin instance is constructed with.
struct PluginContext {
  Host host;
  std::string_view configJson;  // valid during construction only
};

class PluginBase {
 public:
  explicit PluginBase(const PluginContext& ctx) : host_(ctx.host) {}
  virtual ~PluginBase() = default;
  PluginBase(const PluginBase&) = delete;
  PluginBase& operator=(const PluginBase&) = delete;

  const Host& host() const noexcept { return host_; }
  virtual const void* extension(std::string_view /*id*/) { return nullptr; }

 private:
  Host host_;
};

// ---------------------------------------------------------------- service

class HttpRequest {
 public:
  explicit HttpRequest(const localemu_http_request* raw) noexcept : raw_(raw) {}
  std::string_view method() const noexcept { return view(raw_->method); }
  std::string_view path() const noexcept { return view(raw_->path); }
  std::string_view query() const noexcept { return view(raw_->query); }
  std::string_view hostHeader() const noexcept { return view(raw_->host); }
  std::string_view body() const noexcept { return view(raw_->body); }
  const localemu_request_context& context() const noexcept { return *raw_->context; }
  std::size_t headerCount() const noexcept { return raw_->header_count; }
  const localemu_pair& headerAt(std::size_t i) const noexcept { return raw_->headers[i]; }
  // The first header named `name`, compared case-insensitively.
  std::optional<std::string_view> header(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < raw_->header_count; ++i) {
      const auto n = view(raw_->headers[i].name);
      if (n.size() == name.size() && std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          }))
        return view(raw_->headers[i].value);
    }
    return std::nullopt;
  }
  const localemu_http_request* raw() const noexcept { return raw_; }

 private:
  const localemu_http_request* raw_;
};

class HttpResponse {
 public:
  explicit HttpResponse(const localemu_http_response_writer* raw) noexcept : raw_(raw) {}
  void setStatus(int status) const noexcept { raw_->set_status(raw_->ctx, status); }
  void addHeader(std::string_view name, std::string_view value) const noexcept {
    raw_->add_header(raw_->ctx, toStr(name), toStr(value));
  }
  // False when the client has gone away.
  bool write(std::string_view chunk) const noexcept { return raw_->write(raw_->ctx, toStr(chunk)) == LOCALEMU_OK; }
  bool beginStream() const noexcept { return raw_->begin_stream(raw_->ctx) == LOCALEMU_OK; }
  void setOperation(std::string_view operation) const noexcept {
    if (LOCALEMU_HAS_FIELD(raw_, localemu_http_response_writer, set_operation) && raw_->set_operation != nullptr)
      raw_->set_operation(raw_->ctx, toStr(operation));
  }

 private:
  const localemu_http_response_writer* raw_;
};

// One operation call: name, input JSON and who asked. Views live for the call.
struct CallRequest {
  std::string_view operation;
  std::string_view inputJson;
  const localemu_request_context* context;
};

class Service : public PluginBase {
 public:
  using PluginBase::PluginBase;
  virtual void start() {}
  virtual void stop() {}
  // The wire door: write an HTTP response (AWS errors included).
  virtual void handle(const HttpRequest& request, const HttpResponse& response) = 0;
  // The operation door: return the output JSON, or throw AwsError.
  virtual std::string call(const CallRequest& request) = 0;
  // Forget all state; throw PluginError(UNSUPPORTED) when not supported.
  virtual void reset() { throw PluginError(LOCALEMU_ERR_UNSUPPORTED, "reset is not supported"); }
};

// ---------------------------------------------------------------- executor

class Executor : public PluginBase {
 public:
  using PluginBase::PluginBase;
  virtual void prepare(std::string_view image, std::string_view architecture) = 0;
  virtual void createEnv(const localemu_env_spec& spec, const localemu_env_output& output) = 0;
  virtual void startEnv(std::string_view envId) = 0;
  virtual void stopEnv(std::string_view envId, std::uint32_t graceMs) = 0;
  virtual void destroyEnv(std::string_view envId) = 0;
  virtual localemu_env_status status(std::string_view envId) = 0;
  virtual void cleanupOrphans(std::string_view owner) = 0;
};

// ---------------------------------------------------------------- poller

class Poller : public PluginBase {
 public:
  using PluginBase::PluginBase;
  // A session belongs to the poller; destroyed by close().
  class Session {
   public:
    virtual ~Session() = default;
  };
  struct Batch {
    std::string token;
    std::string recordsJson;
    std::size_t count = 0;
  };
  virtual std::unique_ptr<Session> open(std::string_view mappingJson) = 0;
  // Returns a batch, or nothing when `waitMs` passed without records.
  virtual std::optional<Batch> poll(Session& session, std::uint32_t maxRecords, std::uint32_t waitMs) = 0;
  virtual void complete(Session& session, std::string_view batchToken, const localemu_batch_outcome& outcome) = 0;
};

// ---------------------------------------------------------------- resolver

class Resolver : public PluginBase {
 public:
  using PluginBase::PluginBase;
  // The image for a runtime; throw PluginError(NOT_FOUND) for an unknown runtime.
  virtual std::string resolve(std::string_view runtime, std::string_view architecture) = 0;
};

// ---------------------------------------------------------------- trampolines

namespace detail {

template <typename Impl, typename Vtable>
struct Instance {
  std::unique_ptr<Impl> impl;
  Vtable vtable{};
  static Impl& of(void* self) noexcept { return *static_cast<Instance*>(self)->impl; }
  static const void* extension(void* self, const char* id) noexcept {
    try {
      return of(self).extension(id == nullptr ? std::string_view{} : std::string_view{id});
    } catch (...) {
      return nullptr;
    }
  }
  static void destroy(void* self) noexcept { delete static_cast<Instance*>(self); }
  void fillObject() noexcept {
    vtable.object = localemu_object{sizeof(Vtable), this, &Instance::extension, &Instance::destroy};
  }
};

template <typename Impl>
void fillVtable(Instance<Impl, localemu_service_vtable>& in) {
  using I = Instance<Impl, localemu_service_vtable>;
  in.fillObject();
  auto& v = in.vtable;
  v.start = [](void* self, localemu_error* err) noexcept { return barrier(err, [&] { I::of(self).start(); }); };
  v.stop = [](void* self) noexcept {
    localemu_error ignored{};
    barrier(&ignored, [&] { I::of(self).stop(); });
  };
  v.handle = [](void* self, const localemu_http_request* req, const localemu_http_response_writer* res,
                localemu_error* err) noexcept {
    return barrier(err, [&] { I::of(self).handle(HttpRequest(req), HttpResponse(res)); });
  };
  v.call = [](void* self, const localemu_call_request* req, const localemu_call_result* result,
              localemu_error* err) noexcept {
    return barrier(err, [&] {
      try {
        const std::string out =
            I::of(self).call(CallRequest{view(req->operation), view(req->input_json), req->context});
        result->succeed(result->ctx, toStr(out));
      } catch (const AwsError& e) {
        result->fail(result->ctx, e.status(), toStr(e.code()), toStr(e.what()), toStr(e.extraJson()));
      }
    });
  };
  v.reset = [](void* self, localemu_error* err) noexcept { return barrier(err, [&] { I::of(self).reset(); }); };
}

template <typename Impl>
void fillVtable(Instance<Impl, localemu_executor_vtable>& in) {
  using I = Instance<Impl, localemu_executor_vtable>;
  in.fillObject();
  auto& v = in.vtable;
  v.prepare = [](void* self, localemu_str image, localemu_str arch, localemu_error* err) noexcept {
    return barrier(err, [&] { I::of(self).prepare(view(image), view(arch)); });
  };
  v.create_env = [](void* self, const localemu_env_spec* spec, const localemu_env_output* out,
                    localemu_error* err) noexcept { return barrier(err, [&] { I::of(self).createEnv(*spec, *out); }); };
  v.start_env = [](void* self, localemu_str id, localemu_error* err) noexcept {
    return barrier(err, [&] { I::of(self).startEnv(view(id)); });
  };
  v.stop_env = [](void* self, localemu_str id, uint32_t graceMs, localemu_error* err) noexcept {
    return barrier(err, [&] { I::of(self).stopEnv(view(id), graceMs); });
  };
  v.destroy_env = [](void* self, localemu_str id, localemu_error* err) noexcept {
    return barrier(err, [&] { I::of(self).destroyEnv(view(id)); });
  };
  v.status = [](void* self, localemu_str id, localemu_env_status* out, localemu_error* err) noexcept {
    return barrier(err, [&] {
      const uint32_t size = out->struct_size;
      *out = I::of(self).status(view(id));
      out->struct_size = size;
    });
  };
  v.cleanup_orphans = [](void* self, localemu_str owner, localemu_error* err) noexcept {
    return barrier(err, [&] { I::of(self).cleanupOrphans(view(owner)); });
  };
}

template <typename Impl>
void fillVtable(Instance<Impl, localemu_poller_vtable>& in) {
  using I = Instance<Impl, localemu_poller_vtable>;
  using Session = Poller::Session;
  in.fillObject();
  auto& v = in.vtable;
  v.source_arn_prefixes = Impl::kSourceArnPrefixes.data();
  v.source_arn_prefix_count = Impl::kSourceArnPrefixes.size();
  v.open = [](void* self, localemu_str mapping, localemu_poller_session** out, localemu_error* err) noexcept {
    return barrier(err, [&] {
      *out = reinterpret_cast<localemu_poller_session*>(I::of(self).open(view(mapping)).release());
    });
  };
  v.poll = [](void* self, localemu_poller_session* s, uint32_t max, uint32_t waitMs, const localemu_batch_sink* sink,
              localemu_error* err) noexcept {
    return barrier(err, [&]() -> localemu_status {
      auto batch = I::of(self).poll(*reinterpret_cast<Session*>(s), max, waitMs);
      if (!batch) return LOCALEMU_IDLE;
      sink->deliver(sink->ctx, toStr(batch->token), toStr(batch->recordsJson), batch->count);
      return LOCALEMU_OK;
    });
  };
  v.complete = [](void* self, localemu_poller_session* s, localemu_str token, const localemu_batch_outcome* outcome,
                  localemu_error* err) noexcept {
    return barrier(err, [&] { I::of(self).complete(*reinterpret_cast<Session*>(s), view(token), *outcome); });
  };
  v.close = [](void*, localemu_poller_session* s) noexcept { delete reinterpret_cast<Session*>(s); };
}

template <typename Impl>
void fillVtable(Instance<Impl, localemu_resolver_vtable>& in) {
  using I = Instance<Impl, localemu_resolver_vtable>;
  in.fillObject();
  in.vtable.resolve = [](void* self, localemu_str runtime, localemu_str arch, const localemu_sink* out,
                         localemu_error* err) noexcept {
    return barrier(err, [&] { writeTo(out, I::of(self).resolve(view(runtime), view(arch))); });
  };
}

template <typename Impl>
using VtableFor = std::conditional_t<
    std::is_base_of_v<Service, Impl>, localemu_service_vtable,
    std::conditional_t<std::is_base_of_v<Executor, Impl>, localemu_executor_vtable,
                       std::conditional_t<std::is_base_of_v<Poller, Impl>, localemu_poller_vtable,
                                          localemu_resolver_vtable>>>;

}  // namespace detail

// One plugin of a library: its descriptor and how to create it.
struct PluginDef {
  const localemu_plugin_descriptor* descriptor;
  localemu_status (*create)(const localemu_host_api* host, localemu_str config, const void** out,
                            localemu_error* err) noexcept;
};

template <typename Impl>
constexpr PluginDef plugin(const localemu_plugin_descriptor& descriptor) {
  return PluginDef{&descriptor, [](const localemu_host_api* host, localemu_str config, const void** out,
                                   localemu_error* err) noexcept {
                     return barrier(err, [&] {
                       using Vtable = detail::VtableFor<Impl>;
                       auto instance = std::make_unique<detail::Instance<Impl, Vtable>>();
                       instance->impl = std::make_unique<Impl>(PluginContext{Host(host), view(config)});
                       detail::fillVtable(*instance);
                       *out = &instance.release()->vtable;
                     });
                   }};
}

}  // namespace localemu::sdk

// Defines the library's one exported symbol over the listed PluginDefs.
#define LOCALEMU_PLUGIN_ENTRY(...)                                                                           \
  namespace {                                                                                                \
  const ::localemu::sdk::PluginDef kLocalemuPlugins[] = {__VA_ARGS__};                                       \
  constexpr uint32_t kLocalemuPluginCount = sizeof(kLocalemuPlugins) / sizeof(kLocalemuPlugins[0]);          \
  }                                                                                                          \
  extern "C" LOCALEMU_EXPORT const localemu_plugin_entry_table* localemu_plugin_entry(uint32_t hostMajor,   \
                                                                                      uint32_t /*minor*/) { \
    static const localemu_plugin_entry_table table = {                                                      \
        sizeof(localemu_plugin_entry_table), LOCALEMU_ABI_VERSION_MAJOR, LOCALEMU_ABI_VERSION_MINOR,         \
        []() noexcept { return kLocalemuPluginCount; },                                                      \
        [](uint32_t i) noexcept -> const localemu_plugin_descriptor* {                                       \
          return i < kLocalemuPluginCount ? kLocalemuPlugins[i].descriptor : nullptr;                         \
        },                                                                                                   \
        [](const localemu_host_api* host, const char* id, localemu_str config, const void** out,             \
           localemu_error* err) noexcept -> localemu_status {                                                \
          for (const auto& def : kLocalemuPlugins)                                                           \
            if (id != nullptr && std::string_view(def.descriptor->id) == id)                                 \
              return def.create(host, config, out, err);                                                     \
          ::localemu::sdk::fillError(err, LOCALEMU_ERR_NOT_FOUND, "no plugin with that id in this library"); \
          return LOCALEMU_ERR_NOT_FOUND;                                                                     \
        }};                                                                                                  \
    return hostMajor == LOCALEMU_ABI_VERSION_MAJOR ? &table : nullptr;                                       \
  }
