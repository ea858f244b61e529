# cmake/tokenizer.cmake - sources of the token counter (src/tokenizer*.c).
#
# include() this file from the CMakeLists.txt that defines the targets
# using the sources, since a generated file is only built for targets of
# the directory that declares its custom command. Works unchanged in the
# native and the wasm32-wasi builds.
#
# Reads (optional):
#   BM_NODE                 node executable; found on PATH when unset
#   BM_TOKENIZER_ASSET_DIR  where bm_tokenizer_assets writes its files
#                           (default: <repo>/dist)
# Defines:
#   BM_TOKENIZER_SOURCES       the tokenizer's C files plus the generated
#                              Unicode class table; add them to the core
#   BM_TOKENIZER_INCLUDE_DIRS  directory of tokenizer.h
#   BM_TOKENIZER_TEST_SOURCES  tests/c/test_tokenizer.c (args: asset dir)
#   BM_TOKENIZER_CLI_SOURCES   tests/c/tokcount.c, the CLI the JS tests run
#   target bm_tokenizer_assets regenerates the .bmtok rank assets from
#                              js-tiktoken (not part of ALL; the assets
#                              live in the repository's dist/)

set(_bm_tok_root "${CMAKE_CURRENT_LIST_DIR}/..")
get_filename_component(_bm_tok_root "${_bm_tok_root}" ABSOLUTE)

if(NOT BM_NODE)
  find_program(BM_NODE NAMES node nodejs REQUIRED)
endif()
if(NOT BM_TOKENIZER_ASSET_DIR)
  set(BM_TOKENIZER_ASSET_DIR "${_bm_tok_root}/dist")
endif()

set(_bm_tok_gen_dir "${CMAKE_CURRENT_BINARY_DIR}/generated")
set(_bm_tok_table "${_bm_tok_gen_dir}/tokenizer_unicode.c")
set(_bm_tok_table_script "${_bm_tok_root}/scripts/gen-unicode-tables.mjs")

add_custom_command(
  OUTPUT "${_bm_tok_table}"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${_bm_tok_gen_dir}"
  COMMAND "${BM_NODE}" "${_bm_tok_table_script}" "${_bm_tok_table}"
  DEPENDS "${_bm_tok_table_script}"
  COMMENT "Generating the tokenizer's Unicode class table"
  VERBATIM)

# The table includes tokenizer_internal.h from src/.
set_source_files_properties("${_bm_tok_table}" PROPERTIES
  GENERATED TRUE
  INCLUDE_DIRECTORIES "${_bm_tok_root}/src")

set(BM_TOKENIZER_SOURCES
  "${_bm_tok_root}/src/tokenizer.c"
  "${_bm_tok_root}/src/tokenizer_pretok.c"
  "${_bm_tok_root}/src/tokenizer_estimate.c"
  "${_bm_tok_table}")
set(BM_TOKENIZER_INCLUDE_DIRS "${_bm_tok_root}/src")
set(BM_TOKENIZER_TEST_SOURCES "${_bm_tok_root}/tests/c/test_tokenizer.c")
set(BM_TOKENIZER_CLI_SOURCES "${_bm_tok_root}/tests/c/tokcount.c")

set(_bm_tok_asset_script "${_bm_tok_root}/scripts/gen-token-assets.mjs")
add_custom_command(
  OUTPUT "${BM_TOKENIZER_ASSET_DIR}/o200k_base.bmtok"
         "${BM_TOKENIZER_ASSET_DIR}/cl100k_base.bmtok"
  COMMAND "${BM_NODE}" "${_bm_tok_asset_script}" "${BM_TOKENIZER_ASSET_DIR}"
  DEPENDS "${_bm_tok_asset_script}"
  WORKING_DIRECTORY "${_bm_tok_root}"
  COMMENT "Generating the token rank assets"
  VERBATIM)
add_custom_target(bm_tokenizer_assets
  DEPENDS "${BM_TOKENIZER_ASSET_DIR}/o200k_base.bmtok"
          "${BM_TOKENIZER_ASSET_DIR}/cl100k_base.bmtok")
