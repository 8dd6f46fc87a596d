# Cross-border incident coordination (issue 20; src/CMakeLists.txt includes every */module.cmake).
# The RSIT taxonomy, compiled in.
add_custom_command(
  OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/rsit_document.cc
  COMMAND ${CMAKE_COMMAND} -DIN=${CMAKE_SOURCE_DIR}/data/taxonomies/rsit.json
          -DOUT=${CMAKE_CURRENT_BINARY_DIR}/rsit_document.cc -DNS=concord::incidents
          -DNAME=kRsitDocument -P ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
  DEPENDS ${CMAKE_SOURCE_DIR}/data/taxonomies/rsit.json ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
  VERBATIM)
# RFC 7970's IODEF schema and the four it imports (data/schemas/iodef/LICENSE.md), compiled in:
# IODEF documents are validated with no file and no network.
set(IODEF_SCHEMA_SOURCES)
foreach(schema IodefSchema:iodef-2.0 XmldsigSchema:xmldsig-core-schema XmlNamespaceSchema:xml
               EnumSchema:iodef-enum-1.0 SciSchema:iodef-sci-1.0)
  string(REPLACE ":" ";" parts ${schema})
  list(GET parts 0 symbol)
  list(GET parts 1 file)
  add_custom_command(
    OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/iodef_${symbol}.cc
    COMMAND ${CMAKE_COMMAND} -DIN=${CMAKE_SOURCE_DIR}/data/schemas/iodef/${file}.xsd
            -DOUT=${CMAKE_CURRENT_BINARY_DIR}/iodef_${symbol}.cc -DNS=concord::incidents::iodef
            -DNAME=k${symbol} -P ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    DEPENDS ${CMAKE_SOURCE_DIR}/data/schemas/iodef/${file}.xsd ${CMAKE_SOURCE_DIR}/cmake/embed_text.cmake
    VERBATIM)
  list(APPEND IODEF_SCHEMA_SOURCES ${CMAKE_CURRENT_BINARY_DIR}/iodef_${symbol}.cc)
endforeach()
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
pkg_check_modules(GPGME REQUIRED IMPORTED_TARGET gpgme)  # notifications encrypted to a team's key
concord_library(concord_incidents
  SOURCES ${CMAKE_CURRENT_BINARY_DIR}/rsit_document.cc ${IODEF_SCHEMA_SOURCES} incidents/iodef.cc
          incidents/rsit.cc incidents/incident.cc
          incidents/sla.cc incidents/state.cc incidents/sqlite_store.cc incidents/desk.cc incidents/views.cc
          incidents/escalation.cc incidents/suggest.cc incidents/reports.cc incidents/interchange.cc
          incidents/notify.cc
  DEPS concord_directory concord_sharing PkgConfig::LIBXML2 PkgConfig::GPGME)
concord_test(incidents_test incidents/incidents_test.cc DEPS concord_incidents)
# What the module adds to the node: routes, commands, the deadline watch (module.cc).
concord_module(concord_incidents_module
  SOURCES incidents/module.cc incidents/api_incidents.cc incidents/command_support.cc
          incidents/incident_command.cc incidents/interchange_command.cc incidents/request_command.cc incidents/audit_command.cc incidents/notify_command.cc
  DEPS concord_incidents)
