# Cross-border incident coordination (issue 20; src/CMakeLists.txt includes every */module.cmake).
# The RSIT taxonomy, compiled in.
add_custom_command(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/rsit_document.cc
  COMMAND ${CMAKE_COMMAND} -DIN=${CMAKE_SOURCE_DIR}/data/taxonomies/rsit.json
          -DOUT=${CMAKE_CURRENT_BINARY_DIR}/rsit_document.cc -DNS=concord::incidents
          -DNAME=kRsitDocument -P ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
  DEPENDS ${CMAKE_SOURCE_DIR}/data/taxonomies/rsit.json ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
  VERBATIM)
concord_library(concord_incidents
  SOURCES ${CMAKE_CURRENT_BINARY_DIR}/rsit_document.cc incidents/rsit.cc incidents/incident.cc
          incidents/sla.cc incidents/state.cc incidents/sqlite_store.cc incidents/desk.cc incidents/views.cc
          incidents/escalation.cc incidents/suggest.cc incidents/reports.cc
  DEPS concord_directory concord_sharing)
concord_test(incidents_test incidents/incidents_test.cc DEPS concord_incidents)
# What the module adds to the node: routes, commands, the deadline watch (module.cc).
concord_module(concord_incidents_module
  SOURCES incidents/module.cc incidents/api_incidents.cc incidents/command_support.cc
          incidents/incident_command.cc incidents/request_command.cc incidents/audit_command.cc
  DEPS concord_incidents)
