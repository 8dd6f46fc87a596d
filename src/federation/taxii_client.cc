#include "federation/taxii_client.h"

namespace concord::federation {
namespace {

constexpr std::string_view kTaxiiMediaType = "application/taxii+json";

std::string Excerpt(std::string_view body) {
  std::string s(body.substr(0, 200));
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return s;
}

}  // namespace

Result<std::unique_ptr<TaxiiClient>> TaxiiClient::Connect(const store::Peer& peer) {
  http::ClientOptions options;
  options.ca_file = peer.ca_file;
  auto client = http::Client::Create(peer.url, options);
  if (!client.ok()) return client.status();
  auto t = std::unique_ptr<TaxiiClient>(new TaxiiClient());
  t->root_ = (*client)->base().path;
  if (t->root_.back() != '/') t->root_.push_back('/');
  t->client_ = std::move(client.value());
  t->headers_ = {{"Authorization", "Bearer " + peer.token},
                 {"Accept", "application/taxii+json;version=2.1"}};
  return t;
}

Result<http::ClientResponse> TaxiiClient::Get(const std::string& target, json::Document* doc) {
  return Expect("GET", target, client_->Send("GET", target, headers_), 200, doc);
}

Result<http::ClientResponse> TaxiiClient::Post(const std::string& target, std::string_view envelope,
                                               json::Document* doc) {
  http::Headers headers = headers_;
  headers.emplace_back("Content-Type", "application/taxii+json;version=2.1");
  return Expect("POST", target, client_->Send("POST", target, headers, envelope), 202, doc);
}

Result<http::ClientResponse> TaxiiClient::Expect(std::string_view method, const std::string& target,
                                                 Result<http::ClientResponse> r, int want,
                                                 json::Document* doc) {
  const std::string what = std::string(method) + " " + target;
  if (!r.ok()) return r.status();
  if (r->status != want) {
    return Status::Internal(what + " answered " + std::to_string(r->status) + ": " +
                            Excerpt(r->body));
  }
  if (r->Header("Content-Type").substr(0, kTaxiiMediaType.size()) != kTaxiiMediaType) {
    return Status::Unsupported(what + " answered with media type '" +
                               std::string(r->Header("Content-Type")) + "', not " +
                               std::string(kTaxiiMediaType));
  }
  size_t offset = 0;
  Status st = doc->ParseAll(r->body, &offset);
  if (!st.ok()) {
    return Status::InvalidArgument(what + ": invalid JSON at byte " + std::to_string(offset) +
                                   ": " + st.message());
  }
  if (!doc->root().is_object()) return Status::InvalidArgument(what + ": not a JSON object");
  return r;
}

}  // namespace concord::federation
