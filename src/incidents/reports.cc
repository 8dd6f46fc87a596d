#include "incidents/reports.h"

#include <algorithm>
#include <map>

#include "directory/formats.h"

namespace concord::incidents {
namespace {

Micros Median(std::vector<Micros> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int Percent(int64_t part, int64_t whole) {
  return whole == 0 ? -1 : static_cast<int>((part * 100 + whole / 2) / whole);
}

std::string Line(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    directory::AppendCsvCell(&out, cells[i]);
  }
  return out + "\r\n";
}

std::string Seconds(Micros t) { return t < 0 ? "" : std::to_string(t / 1'000'000); }
std::string Share(int percent) { return percent < 0 ? "" : std::to_string(percent); }

}  // namespace

Result<std::vector<ClassMonth>> IncidentsByClassAndMonth(store::Database& db, const Actor& actor) {
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db));
  std::map<std::pair<std::string, std::string>, int64_t> counts;
  CONCORD_RETURN_IF_ERROR(db.Get<IncidentStore>().ForEachIncidentOf(
      actor.org_identity, [&](std::string_view rsit_class, Micros created) {
        ++counts[{std::string(rsit_class), FormatTimestampMillis(created).substr(0, 7)}];
      }));
  std::vector<ClassMonth> out;
  for (const auto& [key, n] : counts) out.push_back({key.first, key.second, n});
  std::sort(out.begin(), out.end(), [](const ClassMonth& a, const ClassMonth& b) {
    return a.month != b.month ? a.month < b.month : a.rsit_class < b.rsit_class;
  });
  return out;
}

Result<std::vector<PartnerReport>> RequestsByPartner(store::Database& db, const Actor& actor,
                                                     Micros now) {
  CONCORD_RETURN_IF_ERROR(CatchUpIndex(db));
  struct Tally {
    PartnerReport report;
    std::vector<Micros> to_acknowledge, to_complete;
    int64_t acknowledge_due = 0, complete_due = 0;  // deadlines passed or met
  };
  std::map<std::string, Tally> by_partner;
  CONCORD_RETURN_IF_ERROR(
      db.Get<IncidentStore>().ForEachRequestOf(actor.org_identity, [&](const RequestTiming& r) {
        const bool sent = r.requester == actor.org_identity;
        Tally& t = by_partner[sent ? r.recipient : r.requester];
        ++(sent ? t.report.sent : t.report.received);
        if (r.acknowledged_at != 0) {
          ++t.report.acknowledged;
          t.to_acknowledge.push_back(r.acknowledged_at - r.created);
        }
        if (r.acknowledged_at != 0 || (r.acknowledge_by != 0 && now > r.acknowledge_by)) {
          ++t.acknowledge_due;
          if (r.acknowledged_at != 0 && r.acknowledged_at <= r.acknowledge_by) {
            ++t.report.acknowledged_in_time;
          }
        }
        const bool completed = r.state == "completed";
        if (completed) {
          ++t.report.completed;
          t.to_complete.push_back(r.closed_at - r.created);
        }
        if (completed || (r.state != "declined" && r.state != "cancelled" && r.complete_by != 0 &&
                          now > r.complete_by)) {
          ++t.complete_due;
          if (completed && r.closed_at <= r.complete_by) ++t.report.completed_in_time;
        }
      }));
  auto names = Names::Load(db);
  if (!names.ok()) return names.status();
  std::vector<PartnerReport> out;
  for (auto& [partner, t] : by_partner) {
    t.report.partner = partner;
    t.report.partner_name = names->NameOf(partner);
    t.report.median_acknowledge = Median(t.to_acknowledge);
    t.report.median_complete = Median(t.to_complete);
    t.report.acknowledge_compliance = Percent(t.report.acknowledged_in_time, t.acknowledge_due);
    t.report.complete_compliance = Percent(t.report.completed_in_time, t.complete_due);
    out.push_back(std::move(t.report));
  }
  std::sort(out.begin(), out.end(), [](const PartnerReport& a, const PartnerReport& b) {
    return a.partner_name < b.partner_name;
  });
  return out;
}

std::string ClassMonthCsv(const std::vector<ClassMonth>& rows) {
  std::string out = Line({"month", "rsit_class", "incidents"});
  for (const auto& r : rows) out += Line({r.month, r.rsit_class, std::to_string(r.incidents)});
  return out;
}

std::string PartnerCsv(const std::vector<PartnerReport>& rows) {
  std::string out =
      Line({"partner", "identity", "requests_sent", "requests_received", "acknowledged",
            "completed", "median_seconds_to_acknowledge", "median_seconds_to_complete",
            "acknowledged_in_time_percent", "completed_in_time_percent"});
  for (const auto& r : rows) {
    out += Line({r.partner_name, r.partner, std::to_string(r.sent), std::to_string(r.received),
                 std::to_string(r.acknowledged), std::to_string(r.completed),
                 Seconds(r.median_acknowledge), Seconds(r.median_complete),
                 Share(r.acknowledge_compliance), Share(r.complete_compliance)});
  }
  return out;
}

}  // namespace concord::incidents
