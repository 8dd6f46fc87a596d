# The spam module (src/CMakeLists.txt includes every */module.cmake).
concord_library(concord_spam
  SOURCES spam/mime.cc spam/report.cc spam/intake.cc spam/reputation.cc spam/indicator_index.cc
          spam/zones.cc spam/share.cc spam/sqlite_store.cc
  DEPS concord_dns concord_match concord_accounts concord_sharing)
concord_test(spam_test spam/spam_test.cc DEPS concord_spam)
# What the module adds to the node: routes, commands (module.cc registers them).
concord_module(concord_spam_module
  SOURCES spam/module.cc spam/api_reports.cc spam/api_dns.cc spam/spam_command.cc
          spam/dns_command.cc
  DEPS concord_spam)
