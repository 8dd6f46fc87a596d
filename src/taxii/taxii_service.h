#pragma once
// The TAXII 2.1 server (OASIS TAXII Version 2.1, §4-§5): discovery, API root, status,
// collections, collection, objects (GET, POST), object (GET, DELETE), object versions and
// manifest, under /taxii2/. Every request is authenticated; a collection an organisation has no
// grant for is answered as if it did not exist (404). Errors are TAXII error messages.
// Handlers are synchronous and thread-safe.

#include <string>

#include "accounts/authenticator.h"
#include "api/response_cache.h"
#include "api/routes.h"
#include "common/time.h"
#include "http/message.h"
#include "sharing/policy.h"
#include "store/database.h"

namespace concord::taxii {

inline constexpr std::string_view kTaxiiMediaType = "application/taxii+json;version=2.1";
inline constexpr std::string_view kStixMediaType = "application/stix+json;version=2.1";

struct TaxiiOptions {
  std::string title = "Concord TAXII 2.1";
  std::string description = "Threat intelligence exchange of this Concord node";
  std::string contact;
  std::string api_root = "api";           // served at /taxii2/<api_root>/
  size_t max_page_size = 1000;            // server maximum for `limit`
  size_t max_content_length = 64u << 20;  // advertised, and the limit of a POST body
  size_t page_cache_bytes = 256u << 20;   // rendered pages kept until the next commit; 0: off
};

class TaxiiService {
 public:
  TaxiiService(store::Database& db, const Clock& clock, TaxiiOptions options);
  // Adds the /taxii2/ routes, each for any authenticated account (api::Access::kUser).
  void AddRoutes(api::Routes& routes);
  // A TAXII error message resource (§3.6.1) with the TAXII media type.
  static http::Response ErrorResponse(int status, std::string_view title,
                                      std::string_view description);
  // The same from a status code: the router's error formatter for /taxii2 paths.
  static http::Response FormatError(int status, StatusCode code, std::string_view message);

 private:
  struct Context;
  http::Response Discovery(const Context& c);
  http::Response ApiRoot(const Context& c);
  http::Response GetStatus(const Context& c, const std::string& id);
  http::Response Collections(const Context& c);
  http::Response CollectionInfo(const Context& c, const std::string& id);
  http::Response GetObjects(const Context& c, const std::string& cid, const std::string& oid,
                            bool manifest);
  // One page of objects or manifest entries for `q` (built fresh; GetObjects caches it).
  // `to` is who reads the page: objects the sharing policy does not release to them are left
  // out (the page may then hold fewer than `page` objects).
  http::Response RenderPage(const store::ObjectQuery& q, size_t page, bool manifest,
                            bool single_object, const sharing::Recipient& to);
  static sharing::Recipient RecipientOf(const accounts::Principal& p);
  // The sharing policy's verdict for one stored version; unreadable facts withhold it.
  bool Releasable(const sharing::Policy& policy, const store::StoredObject& o,
                  const sharing::Recipient& to) const;
  http::Response PostObjects(const Context& c, const std::string& cid);
  http::Response DeleteObject(const Context& c, const std::string& cid, const std::string& oid);
  http::Response Versions(const Context& c, const std::string& cid, const std::string& oid);

  store::Database& db_;
  const Clock& clock_;
  TaxiiOptions options_;
  api::ResponseCache pages_;
};

}  // namespace concord::taxii
