# emu_add_test(<name> SOURCES ... [LIBS ...] [LABELS ...])
#   A GoogleTest executable registered with CTest through gtest_discover_tests.
function(emu_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE GTest::gtest GTest::gtest_main GTest::gmock localemu_warnings ${ARG_LIBS})
  # A list property must reach set_tests_properties with its ';' escaped.
  string(REPLACE ";" "\\;" labels "${ARG_LABELS}")
  gtest_discover_tests(${name} PROPERTIES LABELS "${labels}" DISCOVERY_TIMEOUT 60)
endfunction()
