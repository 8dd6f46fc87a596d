# Build helpers so that adding a module or a test is one line.

# concord_library(NAME SOURCES... [DEPS targets...])
#   A static library for one folder of src/. DEPS are linked PUBLIC, so the dependency
#   arrows of DESIGN.md are visible in each folder's CMakeLists.txt.
function(concord_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
endfunction()

# concord_module(NAME SOURCES... [DEPS targets...])
#   The library of what a module adds to the node (its module.cc, routes and commands), on top
#   of its domain library. It may use api/ and cli/ (a domain library may not). Collected in
#   CONCORD_MODULES for modules/modules.cc.
function(concord_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} concord_api concord_cli_support CLI11::CLI11)
  set(CONCORD_MODULES ${CONCORD_MODULES} ${name} PARENT_SCOPE)
endfunction()

# concord_test(NAME SOURCE [DEPS targets...])
#   One GoogleTest executable registered with CTest. Tests run from the build directory and
#   get CONCORD_SOURCE_DIR / CONCORD_BINARY so they can find test data and the program.
function(concord_test name source)
  if(NOT CONCORD_BUILD_TESTS)
    return()
  endif()
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  add_executable(${name} ${source})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main Threads::Threads)
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR})
  target_compile_definitions(${name} PRIVATE
    CONCORD_SOURCE_DIR="${CMAKE_SOURCE_DIR}"
    CONCORD_BINARY="$<TARGET_FILE:concord>")
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 900)
endfunction()
