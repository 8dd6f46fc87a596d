#include "server/api_auth.h"

namespace concord::server {

Result<accounts::Principal> AuthenticateUser(accounts::Authenticator& auth,
                                             const http::Request& request, http::Response* error) {
  auto principal = auth.Authenticate(request.Header("Authorization"), request.remote_address);
  if (!principal.ok()) {
    *error = http::Response::FromStatus(principal.status());
    if (principal.status().code() == StatusCode::kUnauthenticated) {
      error->SetHeader("WWW-Authenticate", "Bearer realm=\"concord\"");
    }
  }
  return principal;
}

Result<accounts::Principal> AuthenticateNodeUser(accounts::Authenticator& auth,
                                                 const http::Request& request,
                                                 const std::string& organisation,
                                                 http::Response* error) {
  auto principal = AuthenticateUser(auth, request, error);
  if (!principal.ok()) return principal.status();
  if (principal->org.name != organisation) {
    const Status denied = Status::PermissionDenied("this endpoint is for users of " + organisation +
                                                   ", the node's own organisation");
    *error = http::Response::FromStatus(denied);
    return denied;
  }
  return principal;
}

}  // namespace concord::server
