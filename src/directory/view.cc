#include "directory/view.h"

#include "sharing/node_policy.h"

namespace concord::directory {

bool DirectoryView::VisibleTo(uint32_t i, const accounts::Principal& caller) const {
  const sharing::Recipient to{sharing::Channel::kLocalUser, caller.org.identity_id};
  return policy.Decide(entries[i].facts, to).release;
}

std::unique_ptr<DirectoryViews> MakeDirectoryViews(store::Database& db, const Clock& clock) {
  auto version = [&db]() { return db.objects().DataVersion(); };
  auto build = [&db]() -> Result<DirectoryView> {
    CONCORD_ASSIGN_OR_RETURN(auto entries, LoadTeams(db.objects()));
    CONCORD_ASSIGN_OR_RETURN(auto policy, sharing::LoadNodePolicy(db));
    DirectoryView view;
    view.policy = std::move(policy);
    view.directory = Directory(TeamsOf(entries));
    view.entries = std::move(entries);
    return view;
  };
  // Every read checks the data version (one PRAGMA on the watcher connection), so a client
  // reads its own writes; the rebuild itself is done ahead by the scheduler's job.
  return std::make_unique<DirectoryViews>(version, build, clock, /*min_interval=*/0);
}

}  // namespace concord::directory
