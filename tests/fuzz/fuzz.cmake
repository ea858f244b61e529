# The libFuzzer targets, included by CMakeLists.txt in native builds.
# With BM_FUZZ on, each target is built, and a ctest entry per target runs
# it once over its committed corpus (crash regressions included), so a
# finding that was fixed stays fixed. scripts/fuzz.sh does the real runs.

if(BM_FUZZ)
  set(BM_FUZZ_TARGETS fuzz_config fuzz_messages fuzz_responses
      fuzz_tokenizer)
  foreach(name ${BM_FUZZ_TARGETS})
    add_executable(${name} tests/fuzz/${name}.c)
    target_link_libraries(${name} PRIVATE bm_core)
    target_include_directories(${name} PRIVATE tests/fuzz)
    target_compile_options(${name} PRIVATE ${BM_WARNINGS}
      -fsanitize=fuzzer,address,undefined)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
    add_test(NAME ${name}_corpus
             COMMAND ${name} -runs=0 -detect_leaks=1
                     "${CMAKE_SOURCE_DIR}/tests/fuzz/corpus/${name}"
             WORKING_DIRECTORY "${CMAKE_SOURCE_DIR}")
  endforeach()
  if(TARGET fuzz_tokenizer)
    # The target reads its rank assets from dist/ (see its header).
    set_tests_properties(fuzz_tokenizer_corpus PROPERTIES ENVIRONMENT
      "BM_FUZZ_TOKENIZER_ASSET=${CMAKE_SOURCE_DIR}/dist/o200k_base.bmtok")
  endif()
endif()
