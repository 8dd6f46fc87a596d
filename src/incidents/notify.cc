#include "incidents/notify.h"

#include <fcntl.h>
#include <gpgme.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>

#include "accounts/secrets.h"
#include "common/json.h"
#include "common/strings.h"
#include "incidents/desk.h"
#include "incidents/views.h"
#include "sharing/node_policy.h"

namespace concord::incidents {
namespace {

// What the record of an audit entry is, for whom, made by whom, and what to say of it.
struct Told {
  std::vector<std::string> audience;
  std::vector<std::string> before;  // an incident's audience in the version before (if any)
  std::string maker, kind, summary;
  sharing::Tlp tlp = sharing::Tlp::kAmber;
};

Result<Told> WhatHappened(const AuditRecord& e, const Names& names) {
  json::Document doc;
  CONCORD_RETURN_IF_ERROR(doc.ParseAll(e.after));
  const json::Value o = doc.root();
  const std::string type = o["type"].str();
  Told t;
  if (type == "incident") {
    auto i = IncidentFromStix(o);
    if (!i.ok()) return i.status();
    t.audience = i->Audience();
    t.maker = i->owner;
    t.tlp = i->tlp;
    t.kind = "incident.changed";
    t.summary = names.NameOf(t.maker) + " changed the incident (" + i->investigation_status + ")";
    json::Document previous;
    if (!e.before.empty() && previous.ParseAll(e.before).ok()) {
      if (auto p = IncidentFromStix(previous.root()); p.ok()) t.before = p->Audience();
    }
    if (e.previous_version == 0) {
      t.kind = "incident.shared";
      t.summary = names.NameOf(t.maker) + " opened the incident (" + i->rsit_class + "/" +
                  i->rsit_type + ")";
    }
  } else if (type == "task") {
    auto k = TaskFromStix(o);
    if (!k.ok()) return k.status();
    t.audience = k->audience;
    t.maker = k->owner;
    t.tlp = k->tlp;
    t.kind = e.previous_version == 0 ? "task.added" : "task.changed";
    t.summary = names.NameOf(t.maker) + (e.previous_version == 0 ? " added a task: " : " ") +
                (e.previous_version == 0 ? k->name : "updated a task: " + k->name) + " (" +
                k->outcome + ")";
  } else if (type == kRequestType) {
    auto r = RequestFromStix(o);
    if (!r.ok()) return r.status();
    t.audience = {r->requester, r->recipient};
    t.maker = r->requester;
    t.tlp = r->tlp;
    t.kind = e.previous_version == 0 ? "request.received" : "request.changed";
    t.summary = names.NameOf(r->requester) + " asks " + names.NameOf(r->recipient) + ": " +
                r->action + " (" + r->severity + ")" + (r->text.empty() ? "" : ": " + r->text);
  } else if (type == kRequestUpdateType) {
    auto u = UpdateFromStix(o);
    if (!u.ok()) return u.status();
    t.audience = u->audience;
    t.maker = u->author;
    t.tlp = u->tlp;
    t.kind = "request.updated";
    t.summary = names.NameOf(u->author) + " reported on the request: " + u->kind +
                (u->outcome.empty() ? "" : " (" + u->outcome + ")") +
                (u->text.empty() ? "" : ": " + u->text);
  } else {
    return Status::InvalidArgument("not an incident record: " + type);
  }
  return t;
}

// Only this node's organisations are told: the node's own, those with users here and those with
// a subscription; not every partner it merely knows.
class ToldHere {
 public:
  static Result<ToldHere> Load(store::Database& db) {
    auto policy = sharing::LoadNodePolicy(db);
    if (!policy.ok()) return policy.status();
    auto subscribed = db.Get<NotificationStore>().SubscribedOrganisations();
    if (!subscribed.ok()) return subscribed.status();
    return ToldHere(std::move(*policy), std::move(*subscribed));
  }
  bool Includes(const std::string& org) const {
    return policy_.IsLocalOrg(org) || subscribed_.count(org) > 0;
  }

 private:
  ToldHere(sharing::Policy policy, std::set<std::string> subscribed)
      : policy_(std::move(policy)), subscribed_(std::move(subscribed)) {}
  sharing::Policy policy_;
  std::set<std::string> subscribed_;
};

// The notification of a missed deadline for `org` (the requester or the recipient).
Notification MissedDeadlineNotification(const MissedDeadline& m, const std::string& org,
                                        const Names& names, const Incident* incident) {
  const Request& r = m.state.request;
  const std::string requester = names.NameOf(r.requester);
  const std::string recipient = names.NameOf(r.recipient);
  const std::string what = r.action + ", " + r.severity;
  const bool asked = org == r.requester;
  Notification n;
  n.org = org;
  n.incident_id = r.incident_id;
  n.subject = r.id;
  n.kind = "request.overdue";
  n.at = m.acknowledge ? r.acknowledge_by : r.complete_by;
  if (m.acknowledge) {
    n.summary = asked
                    ? recipient + " did not acknowledge your request (" + what + ") by its deadline"
                    : "The request from " + requester + " (" + what +
                          ") awaits your acknowledgement: its deadline passed";
  } else {
    n.summary = asked ? recipient + " did not complete your request (" + what + ") by its deadline"
                      : "The request from " + requester + " (" + what +
                            ") was due to be completed: its deadline passed";
  }
  // As sensitive as the more restricted of the request and its incident (the title is the
  // incident's).
  n.tlp = r.tlp;
  if (incident != nullptr) {
    n.title = incident->name;
    n.tlp = std::max(n.tlp, incident->tlp);
  }
  return n;
}

// A key ring of its own for one encryption, removed afterwards (with any agent gpg started).
class TemporaryGnupgHome {
 public:
  TemporaryGnupgHome() {
    std::string pattern = (std::filesystem::temp_directory_path() / "concord-gpg-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TemporaryGnupgHome() {
    if (path_.empty()) return;
    std::error_code ignored;
    // gpg may have started an agent for this home: it goes with it.
    // (The agent also leaves once its home is gone, so a failure here is not reported.)
    if (std::filesystem::exists(path_ + "/S.gpg-agent", ignored)) KillAgent();
    std::filesystem::remove_all(path_, ignored);
  }
  TemporaryGnupgHome(const TemporaryGnupgHome&) = delete;
  TemporaryGnupgHome& operator=(const TemporaryGnupgHome&) = delete;
  const std::string& path() const { return path_; }

 private:
  // Spawned and waited for directly, not through std::system(): that blocks SIGCHLD in this
  // thread, so the child's exit would wake another thread's blocking read on a socket with a
  // timeout (a peer sync, an SMTP session) and fail it with EINTR.
  void KillAgent() const {
    posix_spawn_file_actions_t quiet;
    posix_spawn_file_actions_init(&quiet);
    posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&quiet, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::string homedir = path_;
    char gpgconf[] = "gpgconf", home_flag[] = "--homedir", kill[] = "--kill", agent[] = "gpg-agent";
    char* argv[] = {gpgconf, home_flag, homedir.data(), kill, agent, nullptr};
    pid_t pid = -1;
    if (posix_spawnp(&pid, "gpgconf", &quiet, nullptr, argv, environ) == 0) {
      while (waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
    posix_spawn_file_actions_destroy(&quiet);
  }

  std::string path_;
};

Status GpgError(std::string_view what, gpgme_error_t err) {
  return Status::InvalidArgument(std::string(what) + ": " + gpgme_strerror(err));
}

}  // namespace

// A mail address or a webhook URL a subscription may name; the error says why not.
Status CheckSubscription(const Subscription& s) {
  if (s.channel == "mail") {
    const size_t at = s.target.find('@');
    if (at == std::string::npos || at == 0 || at + 1 == s.target.size() ||
        s.target.find_first_of(" \r\n<>,") != std::string::npos || s.target.size() > 254) {
      return Status::InvalidArgument("mail: not an address: " + Printable(s.target));
    }
    return Status::Ok();
  }
  // scheme://host[:port]/...: https, or plain http to this machine only.
  const std::string& t = s.target;
  const bool tls = t.rfind("https://", 0) == 0;
  if (!tls && t.rfind("http://", 0) != 0) {
    return Status::InvalidArgument("webhook: an http(s) URL is needed: " + Printable(t));
  }
  const size_t host_at = tls ? 8 : 7;
  const std::string authority = t.substr(host_at, t.find('/', host_at) - host_at);
  if (authority.empty() || t.find_first_of(" \r\n") != std::string::npos) {
    return Status::InvalidArgument("webhook: no host in " + Printable(t));
  }
  const std::string host = authority.front() == '[' ? authority.substr(0, authority.find(']') + 1)
                                                    : authority.substr(0, authority.find(':'));
  const bool loopback = host == "127.0.0.1" || host == "[::1]" || host == "localhost";
  if (!tls && !loopback) {
    return Status::InvalidArgument("webhook: https is required (plain http only to loopback)");
  }
  if (s.secret.size() < 16) {
    return Status::InvalidArgument("secret: at least 16 characters (the HMAC key)");
  }
  return Status::Ok();
}

bool MayCarryText(const Notification& n, bool encrypted) {
  return encrypted || n.tlp <= sharing::Tlp::kGreen;
}

directory::MailMessage NotificationMail(const Notification& n, const std::string& from,
                                        const std::string& to, bool encrypted) {
  directory::MailMessage m;
  m.from = from;
  m.to = to;
  // The subject is never encrypted (PGP/MIME encrypts the body): it follows the plain rule.
  m.subject = "[Concord " + std::string(sharing::TlpName(n.tlp)) + "] " + n.kind + ": " +
              (MayCarryText(n, false) ? n.title : n.incident_id);
  m.body = std::string(sharing::TlpName(n.tlp)) + "\n\n";
  if (MayCarryText(n, encrypted)) m.body += n.title + "\n" + n.summary + "\n\n";
  m.body += "What: " + n.kind + "\nIncident: " + n.incident_id + "\nRecord: " + n.subject +
            "\nWhen: " + FormatTimestampMillis(n.at) + "\n";
  if (!MayCarryText(n, encrypted)) {
    m.body += "\nThe title and what was said are above TLP:GREEN: read them in Concord.\n";
  }
  return m;
}

Status EncryptMail(directory::MailMessage* mail, std::string_view armored_key) {
  // The encrypted part is a whole MIME entity, in canonical CRLF form.
  std::string entity =
      "Content-Type: " + mail->content_type + "\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
  for (const std::string& line : Split(mail->body, '\n', false)) entity += line + "\r\n";
  auto armored = EncryptToKey(armored_key, entity);
  if (!armored.ok()) return armored.status();
  constexpr const char* kBoundary = "concord-pgp-mime";
  mail->content_type = std::string(
                           "multipart/encrypted; protocol=\"application/pgp-encrypted\"; "
                           "boundary=\"") +
                       kBoundary + "\"";
  mail->body = std::string("This is an OpenPGP/MIME encrypted message (RFC 3156).\n--") +
               kBoundary +
               "\nContent-Type: application/pgp-encrypted\nContent-Description: PGP/MIME version "
               "identification\n\nVersion: 1\n\n--" +
               kBoundary +
               "\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\n"
               "Content-Description: OpenPGP encrypted message\nContent-Disposition: inline; "
               "filename=\"encrypted.asc\"\n\n" +
               *armored + (armored->empty() || armored->back() != '\n' ? "\n" : "") + "\n--" +
               kBoundary + "--\n";
  return Status::Ok();
}

void WriteNotification(const Notification& n, json::Writer& w) {
  w.BeginObject().Key("id").Int(n.id).Key("kind").String(n.kind);
  w.Key("incident").String(n.incident_id).Key("record").String(n.subject);
  w.Key("at").String(FormatTimestampMillis(n.at)).Key("tlp").String(sharing::TlpName(n.tlp));
  w.Key("title").String(n.title).Key("summary").String(n.summary);
  w.Key("read").Bool(n.read_at != 0).EndObject();
}

std::string WebhookBody(const Notification& n) {
  std::string out;
  json::Writer w(&out);
  w.BeginObject();
  w.Key("id").Int(n.id).Key("kind").String(n.kind).Key("organisation").String(n.org);
  w.Key("incident").String(n.incident_id).Key("record").String(n.subject);
  w.Key("at").String(FormatTimestampMillis(n.at)).Key("tlp").String(sharing::TlpName(n.tlp));
  if (MayCarryText(n, false)) w.Key("title").String(n.title).Key("summary").String(n.summary);
  w.EndObject();
  return out;
}

std::string WebhookSignature(std::string_view secret, int64_t unix_seconds, std::string_view body) {
  const std::string t = std::to_string(unix_seconds);
  return "t=" + t + ",v1=" + accounts::HmacSha256Hex(secret, t + "." + std::string(body));
}

Result<std::string> EncryptToKey(std::string_view armored_key, std::string_view plain) {
  static std::once_flag initialised;
  std::call_once(initialised, [] { gpgme_check_version(nullptr); });
  TemporaryGnupgHome home;
  if (home.path().empty()) return Status::Internal("cannot make a temporary GnuPG home");
  gpgme_ctx_t ctx = nullptr;
  if (gpgme_error_t err = gpgme_new(&ctx)) return GpgError("gpgme", err);
  std::unique_ptr<gpgme_context, decltype(&gpgme_release)> context(ctx, gpgme_release);
  if (gpgme_error_t err =
          gpgme_ctx_set_engine_info(ctx, GPGME_PROTOCOL_OpenPGP, nullptr, home.path().c_str())) {
    return GpgError("gpg", err);
  }
  gpgme_set_armor(ctx, 1);
  gpgme_data_t key_data = nullptr;
  gpgme_data_new_from_mem(&key_data, armored_key.data(), armored_key.size(), 1);
  std::unique_ptr<gpgme_data, decltype(&gpgme_data_release)> key_holder(key_data,
                                                                        gpgme_data_release);
  if (gpgme_error_t err = gpgme_op_import(ctx, key_data)) return GpgError("the key", err);
  gpgme_import_result_t imported = gpgme_op_import_result(ctx);
  if (imported == nullptr || imported->imports == nullptr || imported->imports->fpr == nullptr) {
    return Status::InvalidArgument("the key: not an OpenPGP public key");
  }
  gpgme_key_t key = nullptr;
  if (gpgme_error_t err = gpgme_get_key(ctx, imported->imports->fpr, &key, 0)) {
    return GpgError("the key", err);
  }
  std::unique_ptr<_gpgme_key, decltype(&gpgme_key_unref)> key_ref(key, gpgme_key_unref);
  gpgme_key_t recipients[2] = {key, nullptr};
  gpgme_data_t in = nullptr, out = nullptr;
  gpgme_data_new_from_mem(&in, plain.data(), plain.size(), 1);
  std::unique_ptr<gpgme_data, decltype(&gpgme_data_release)> in_holder(in, gpgme_data_release);
  gpgme_data_new(&out);
  if (gpgme_error_t err = gpgme_op_encrypt(ctx, recipients, GPGME_ENCRYPT_ALWAYS_TRUST, in, out)) {
    gpgme_data_release(out);
    return GpgError("encrypting to " + std::string(imported->imports->fpr), err);
  }
  size_t size = 0;
  char* bytes = gpgme_data_release_and_get_mem(out, &size);
  std::string message(bytes, size);
  gpgme_free(bytes);
  return message;
}

Status DeriveNotifications(store::Database& db) {
  auto& notes = db.Get<NotificationStore>();
  auto told_here = ToldHere::Load(db);
  if (!told_here.ok()) return told_here.status();
  auto names = Names::Load(db);
  if (!names.ok()) return names.status();
  std::map<std::string, std::pair<std::string, sharing::Tlp>> incidents;  // id -> name, TLP
  auto& store = db.Get<IncidentStore>();
  for (;;) {
    auto cursor = notes.Cursor();
    if (!cursor.ok()) return cursor.status();
    auto entries = notes.AuditAfter(*cursor, 500);
    if (!entries.ok()) return entries.status();
    if (entries->empty()) return Status::Ok();
    std::vector<Notification> batch;
    for (const AuditRecord& e : *entries) {
      if (e.after.empty()) continue;  // the version is no longer stored
      auto told = WhatHappened(e, *names);
      if (!told.ok()) continue;  // indexed records validate; anything else says nothing
      auto& incident = incidents[e.incident_id];
      if (incident.first.empty()) {
        auto row = store.Get(e.incident_id, 0);
        if (row.ok() && row->has_value()) {
          incident = {(*row)->incident.name, (*row)->incident.tlp};
        }
      }
      for (const std::string& org : told->audience) {
        if (org == told->maker || !told_here->Includes(org)) continue;
        Notification n;
        n.org = org;
        n.incident_id = e.incident_id;
        n.subject = e.subject;
        n.kind = told->kind;
        n.summary = told->summary;
        // A team added to an incident later is told it was shared with it.
        if (n.kind == "incident.changed" &&
            std::find(told->before.begin(), told->before.end(), org) == told->before.end()) {
          n.kind = "incident.shared";
          n.summary = names->NameOf(told->maker) + " shared the incident with you";
        }
        n.at = e.at;
        // A notification's words are as sensitive as the more restricted of the record and
        // its incident (the title is the incident's).
        n.tlp = std::max(told->tlp, incident.second);
        n.title = incident.first;
        batch.push_back(std::move(n));
      }
    }
    auto added = notes.Add(batch, *cursor, entries->back().seq);
    if (!added.ok()) return added.status();  // when another pass was first, go on from there
  }
}

Status NoticeMissedDeadlines(store::Database& db, Micros now) {
  auto& store = db.Get<IncidentStore>();
  auto& notes = db.Get<NotificationStore>();
  const Micros since = now - kMissedDeadlineHorizon;
  CONCORD_RETURN_IF_ERROR(notes.SkipMissedDeadlinesBefore(since));
  constexpr size_t kBatch = 500;
  for (;;) {
    auto missed = store.MissedDeadlines(since, now, kBatch);
    if (!missed.ok()) return missed.status();
    if (missed->empty()) return Status::Ok();
    auto told_here = ToldHere::Load(db);
    if (!told_here.ok()) return told_here.status();
    auto names = Names::Load(db);
    if (!names.ok()) return names.status();
    std::vector<MissedDeadlineNotice> notices;
    for (const MissedDeadline& m : *missed) {
      const Request& r = m.state.request;
      MissedDeadlineNotice notice{r.id, m.acknowledge, {}};
      std::vector<std::string> told;
      for (const std::string& org : {r.requester, r.recipient}) {
        if (told_here->Includes(org) && (told.empty() || told.back() != org)) told.push_back(org);
      }
      if (!told.empty()) {
        auto incident = store.Get(r.incident_id, now);
        if (!incident.ok()) return incident.status();
        for (const std::string& org : told) {
          notice.notifications.push_back(MissedDeadlineNotification(
              m, org, *names, incident->has_value() ? &(*incident)->incident : nullptr));
        }
      }
      // Stored even with nobody told here (a hub relaying the request): not looked at again.
      notices.push_back(std::move(notice));
    }
    auto added = notes.AddMissedDeadlines(notices);
    if (!added.ok()) return added.status();
    if (missed->size() < kBatch) return Status::Ok();  // fewer than a batch of each: all done
  }
}

Status NotificationsCurrent(store::Database& db, Micros now) {
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db));
  CONCORD_RETURN_IF_ERROR(DeriveNotifications(db));
  return NoticeMissedDeadlines(db, now);
}

Result<DeliveryReport> DeliverNotifications(store::Database& db, Micros now,
                                            directory::MailTransport* mail, const std::string& from,
                                            const WebhookPoster& post) {
  auto& notes = db.Get<NotificationStore>();
  auto due = notes.Due(now, 100, mail != nullptr);
  if (!due.ok()) return due.status();
  DeliveryReport report;
  if (due->empty()) return report;
  auto names = Names::Load(db);
  if (!names.ok()) return names.status();
  for (const Delivery& d : *due) {
    const Notification& n = d.notification;
    const Subscription& s = d.subscription;
    Status sent;
    if (s.channel == "mail") {
      const directory::Team* team = names->TeamOf(s.org);
      const bool encrypt = team != nullptr && !team->pgp_key.empty();
      directory::MailMessage m = NotificationMail(n, from, s.target, encrypt);
      if (encrypt) sent = EncryptMail(&m, team->pgp_key);
      if (sent.ok()) sent = mail->Send(m);
    } else {
      const std::string body = WebhookBody(n);
      const std::vector<std::pair<std::string, std::string>> headers = {
          {"Content-Type", "application/json"},
          {"X-Concord-Event", n.kind},
          {"X-Concord-Signature", WebhookSignature(s.secret, now / 1'000'000, body)}};
      auto status = post(s.target, headers, body);
      if (!status.ok()) {
        sent = status.status();
      } else if (*status < 200 || *status > 299) {
        sent = Status::Unavailable("the webhook answered " + std::to_string(*status));
      }
    }
    if (sent.ok()) {
      CONCORD_RETURN_IF_ERROR(notes.Delivered(n.id, s.id, now));
      ++report.delivered;
      continue;
    }
    // Tried again later: 30 s, 1 min, 2 min ... at most an hour apart.
    const Micros wait = std::min<Micros>(30'000'000LL << std::min(d.attempts, 7), 3'600'000'000LL);
    CONCORD_RETURN_IF_ERROR(notes.Failed(n.id, s.id, now + wait, sent.message()));
    ++report.failed;
    report.errors.push_back(s.channel + " " + s.target + ": " + sent.message());
  }
  return report;
}

}  // namespace concord::incidents
