// gateway/router.hpp — decides which service a request is for, from the
// routing claims each service declares as data (plugin.h).
//
// Order: host patterns, SigV4 signing name, X-Amz-Target prefix, path prefix
// (longest prefix wins). Threading: build with add() at start-up; route() is
// then thread-safe (read-only).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "localemu/plugin.h"

namespace localemu::host {

// What the router looks at in a request.
struct RouteKey {
  std::string_view host;         // Host header without the port
  std::string_view signingName;  // from the SigV4 credential scope, may be empty
  std::string_view target;       // X-Amz-Target, may be empty
  std::string_view path;
};

struct Route {
  std::string serviceId;
  localemu_protocol protocol;
  bool byHostPattern = false;  // matched by a host pattern (e.g. a function URL)
};

class Router {
 public:
  void add(std::string serviceId, const localemu_routing_claims& claims);
  std::optional<Route> route(const RouteKey& key) const;

  // '*' matches one or more characters; everything else literally, case-insensitively.
  static bool globMatch(std::string_view pattern, std::string_view text);

 private:
  struct Claim {
    std::string serviceId;
    localemu_protocol protocol;
    std::string value;
  };
  std::vector<Claim> hostPatterns_, signingNames_, targetPrefixes_, pathPrefixes_;
};

}  // namespace localemu::host
