# Toolchain file: clang's wasm32-wasi target with Debian's wasi-libc,
# which clang finds in its multiarch paths (no sysroot needed).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR wasm32)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET wasm32-wasi)
set(CMAKE_C_COMPILER_WORKS 1)
set(CMAKE_EXECUTABLE_SUFFIX ".wasm")
set(BM_WASI 1)
if(NOT EXISTS /usr/include/wasm32-wasi/stdlib.h AND NOT BM_WASI_SYSROOT)
  message(FATAL_ERROR "wasi-libc not found: install the Debian packages "
    "wasi-libc, lld and libclang-rt-14-dev-wasm32 "
    "(scripts/setup-system.sh does it), or pass -DBM_WASI_SYSROOT=DIR")
endif()
if(BM_WASI_SYSROOT)
  set(CMAKE_SYSROOT "${BM_WASI_SYSROOT}")
endif()
