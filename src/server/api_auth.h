#pragma once
// Authentication for the node's own REST API (/api/v1/...): a valid credential of a user of the
// node's own organisation. These endpoints read across every collection (matching) or show
// node operations (peers), so other organisations' users get 403.

#include <string>

#include "accounts/authenticator.h"
#include "http/message.h"

namespace concord::server {

// Any authenticated user of any organisation with accounts here, or the error response to send
// (401 with WWW-Authenticate, 429).
Result<accounts::Principal> AuthenticateUser(accounts::Authenticator& auth,
                                             const http::Request& request, http::Response* error);

// The caller, or the error response to send (401 with WWW-Authenticate, 403, 429).
Result<accounts::Principal> AuthenticateNodeUser(accounts::Authenticator& auth,
                                                 const http::Request& request,
                                                 const std::string& organisation,
                                                 http::Response* error);

}  // namespace concord::server
