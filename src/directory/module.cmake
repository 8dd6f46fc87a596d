# The directory module (src/CMakeLists.txt includes every */module.cmake).
concord_library(concord_directory
  SOURCES directory/country.cc directory/pgp.cc directory/business_hours.cc directory/team.cc
          directory/stix_team.cc directory/directory.cc directory/editor.cc directory/formats.cc
          directory/mail.cc directory/reachability.cc directory/sqlite_store.cc
  DEPS concord_accounts concord_sharing OpenSSL::Crypto)
concord_test(directory_test directory/directory_test.cc DEPS concord_directory)
concord_module(concord_directory_module
  SOURCES directory/module.cc directory/view.cc directory/api_lookup.cc directory/api_teams.cc
          directory/api_contacts.cc directory/command_support.cc directory/team_command.cc
          directory/contact_command.cc directory/constituency_command.cc
          directory/lookup_command.cc
  DEPS concord_directory)
