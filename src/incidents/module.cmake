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
  SOURCES ${CMAKE_CURRENT_BINARY_DIR}/rsit_document.cc incidents/rsit.cc
  DEPS concord_common)
concord_test(incidents_test incidents/incidents_test.cc DEPS concord_incidents)
