#pragma once
// Notifications: telling an organisation of this node what happened in its incidents, in the
// console, by mail and by signed webhook.
//
// They are derived from the audit log, by one path, whether a change was made here or received
// from a peer: each logged version of a record tells the organisations of this node in the
// record's audience, except the one that made it ("CERT-B acknowledged your request"). So an
// organisation is told only of records it may see, and of each once. The one exception is a
// missed request deadline, which no version records (NoticeMissedDeadlines).
//
// Mail and webhooks are subscriptions an organisation opts into (`concord notify subscribe`).
// What leaves the node never carries more than the record's TLP allows: above TLP:GREEN a plain
// mail and a webhook name the kind, the ids, the TLP and the time, never the incident's title or
// what was said. A mail to a team whose OpenPGP key the directory holds is encrypted to that
// key (GPGME), and then carries the title and the summary too.

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.h"
#include "common/status.h"
#include "common/time.h"
#include "directory/mail.h"
#include "incidents/store.h"
#include "sharing/policy.h"
#include "store/database.h"

namespace concord::incidents {

struct Notification {
  int64_t id = 0;
  std::string org;          // the organisation of this node told
  std::string incident_id;  // the incident it concerns
  std::string subject;      // the record that changed
  std::string kind;         // kNotificationKinds
  Micros at = 0;
  sharing::Tlp tlp = sharing::Tlp::kAmber;
  std::string title;    // the incident's name: shown in the console, sent only as TLP allows
  std::string summary;  // what happened, in one line ("CERT-B acknowledged take-down")
  Micros read_at = 0;   // 0: unread
};

inline constexpr const char* kNotificationKinds[] = {
    "incident.shared",   // an incident names the organisation (its first version it sees)
    "incident.changed",  // a later version
    "task.added",       "task.changed",
    "request.received",  // a request to the organisation
    "request.changed",   // the requester changed it
    "request.updated",   // the other team reported on a request (acknowledged, completed...)
    "request.overdue"};  // a request's acknowledgement or completion deadline passed unmet

// What this node tells of one missed request deadline (NoticeMissedDeadlines).
struct MissedDeadlineNotice {
  std::string request_id;
  bool acknowledge = true;  // the acknowledgement deadline; false: the completion deadline
  std::vector<Notification> notifications;  // none when no organisation of this node is told
};

struct Subscription {
  int64_t id = 0;
  std::string org;
  std::string channel;  // "mail" or "webhook"
  std::string target;   // the address, or the https URL (http only to loopback)
  std::string secret;   // webhook: the HMAC key (stored sealed with the node key)
  Micros created = 0;
};

struct Delivery {
  Notification notification;
  Subscription subscription;
  int attempts = 0;
};

// The notifications' tables (migration 13): db.Get<NotificationStore>(). Thread-safe.
class NotificationStore {
 public:
  virtual ~NotificationStore() = default;
  // The organisation's notifications, newest first (at most `limit`).
  virtual Result<std::vector<Notification>> List(std::string_view org, bool unread_only,
                                                 int limit) const = 0;
  virtual Result<int64_t> Unread(std::string_view org) const = 0;
  // Marks the organisation's notifications read: those listed, or all when `ids` is empty.
  virtual Status MarkRead(std::string_view org, const std::vector<int64_t>& ids, Micros at) = 0;

  virtual Result<int64_t> Subscribe(const Subscription& subscription) = 0;
  virtual Status Unsubscribe(std::string_view org, int64_t id) = 0;
  // Secrets are not returned (the webhook key is shown once, by whoever chose it).
  virtual Result<std::vector<Subscription>> Subscriptions(std::string_view org) const = 0;
  // The organisations with at least one subscription.
  virtual Result<std::set<std::string>> SubscribedOrganisations() const = 0;

  // Derivation: the audit entries after the cursor (with the version's JSON in `after`), and
  // the step that stores their notifications (with a delivery per subscription of each
  // organisation told) and moves the cursor, in one transaction.
  virtual Result<int64_t> Cursor() const = 0;
  virtual Result<std::vector<AuditRecord>> AuditAfter(int64_t seq, int limit) const = 0;
  // Stores nothing and answers false when the cursor is no longer `from` (another process or
  // request derived them first).
  virtual Result<bool> Add(const std::vector<Notification>& notifications, int64_t from,
                           int64_t to) = 0;
  // Stores each missed deadline's notifications and marks the deadline told, in one
  // transaction; one told already (by another process) is skipped. Returns how many were new.
  virtual Result<size_t> AddMissedDeadlines(const std::vector<MissedDeadlineNotice>& notices) = 0;
  // Marks told, telling nobody, every deadline that passed unmet before `before` (old news: an
  // imported history, or a node back after a long absence).
  virtual Status SkipMissedDeadlinesBefore(Micros before) = 0;

  // Deliveries due at `now` (not delivered, fewer than kMaxDeliveryAttempts, retry time
  // reached), with the webhook secrets opened; by mail only when `mail` (a relay is set).
  virtual Result<std::vector<Delivery>> Due(Micros now, int limit, bool mail) const = 0;
  virtual Status Delivered(int64_t notification, int64_t subscription, Micros at) = 0;
  virtual Status Failed(int64_t notification, int64_t subscription, Micros retry_at,
                        std::string_view error) = 0;
};

inline constexpr int kMaxDeliveryAttempts = 8;

// Whether a subscription may be made: a plain mail address, or an https URL (plain http only to
// loopback) with an HMAC key of at least 16 characters. The error names what is wrong.
Status CheckSubscription(const Subscription& subscription);

// What may leave the node about `n` over a channel: its title and summary only at TLP:GREEN or
// below, or when the channel is encrypted to the recipient.
bool MayCarryText(const Notification& n, bool encrypted);

// The JSON form (the API's and `notify list --json`'s): for people of the organisation told.
void WriteNotification(const Notification& n, json::Writer& w);

directory::MailMessage NotificationMail(const Notification& n, const std::string& from,
                                        const std::string& to, bool encrypted);
std::string WebhookBody(const Notification& n);
// The X-Concord-Signature header of a webhook: "t=<unix seconds>,v1=<hex HMAC-SHA256 of
// '<t>.<body>' with the subscription's secret>" (a receiver recomputes it, and refuses a t
// too far from its clock, which stops replays).
std::string WebhookSignature(std::string_view secret, int64_t unix_seconds, std::string_view body);

// Encrypts `plain` to the OpenPGP public key `armored_key` with GPGME (gpg underneath, in a
// keyring of its own that is removed afterwards): an ASCII-armoured OpenPGP message.
Result<std::string> EncryptToKey(std::string_view armored_key, std::string_view plain);
// Makes `mail` PGP/MIME (RFC 3156): its body, as a text/plain MIME entity, encrypted to
// `armored_key`, in a multipart/encrypted body that mail readers decrypt in place. The subject
// stays in clear (it follows the plain rule).
Status EncryptMail(directory::MailMessage* mail, std::string_view armored_key);

// One pass: notifications derived from the audit entries logged since the last pass.
Status DeriveNotifications(store::Database& db);
// One pass at `now`: each request deadline that passed unmet (not acknowledged by its
// acknowledgement deadline, not closed by its completion deadline) is told, once, to the
// requester and the recipient where they are organisations of this node ("request.overdue").
// Not derived from the audit log: a deadline passing is no new version. Each node tells its own
// organisations, so the requester's and the recipient's nodes both do. A deadline missed more
// than kMissedDeadlineHorizon before `now` is marked told without telling anyone.
Status NoticeMissedDeadlines(store::Database& db, Micros now);
inline constexpr Micros kMissedDeadlineHorizon = 7LL * 24 * 3600 * 1'000'000;
// The index caught up, then both passes above: what a list of notifications reads first, so that
// it shows what is known now rather than at the job's next pass.
Status NotificationsCurrent(store::Database& db, Micros now);

// Sends what is due. `mail` is null when no relay is configured (mail deliveries then wait).
// `post` sends a webhook (url, headers, body) and returns the HTTP status.
using WebhookPoster = std::function<Result<int>(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& headers,
    const std::string& body)>;
struct DeliveryReport {
  int delivered = 0, failed = 0;
  std::vector<std::string> errors;
};
Result<DeliveryReport> DeliverNotifications(store::Database& db, Micros now,
                                            directory::MailTransport* mail, const std::string& from,
                                            const WebhookPoster& post);

}  // namespace concord::incidents
