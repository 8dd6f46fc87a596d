#pragma once
// The client side of TAXII 2.1 as a peer speaks it: one API root, our token, and answers that
// must be TAXII JSON. Errors name what the peer did wrong (status, media type, bad JSON), so
// they can go straight into the sync log and GET /api/v1/peers. Not thread-safe.

#include <memory>
#include <string>

#include "common/json.h"
#include "common/status.h"
#include "http/client.h"
#include "store/peer_store.h"

namespace concord::federation {

class TaxiiClient {
 public:
  static Result<std::unique_ptr<TaxiiClient>> Connect(const store::Peer& peer);

  // The API root's path, ending in '/': targets are built on it.
  const std::string& root() const { return root_; }
  // GET `target`; a 200 answer's TAXII JSON is parsed into `doc`.
  Result<http::ClientResponse> Get(const std::string& target, json::Document* doc);
  // POST a TAXII envelope to `target`; a 202 answer's status resource is parsed into `doc`.
  Result<http::ClientResponse> Post(const std::string& target, std::string_view envelope,
                                    json::Document* doc);

 private:
  Result<http::ClientResponse> Expect(std::string_view method, const std::string& target,
                                      Result<http::ClientResponse> r, int want,
                                      json::Document* doc);
  std::unique_ptr<http::Client> client_;
  std::string root_;
  http::Headers headers_;
};

}  // namespace concord::federation
