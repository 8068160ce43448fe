# Every third-party dependency is found here, once. Each comes from a Debian 12 package that
# scripts/install-deps installs; a missing one stops configuration with the package's name.

find_package(PkgConfig QUIET)
if(NOT PkgConfig_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package 'pkg-config' (scripts/install-deps)")
endif()

# pantau_pkg(TARGET PCNAME DEBPKG): an imported target from pkg-config or a clear failure.
macro(pantau_pkg target pcname debpkg)
  pkg_check_modules(${target} QUIET IMPORTED_TARGET GLOBAL ${pcname})
  if(NOT ${target}_FOUND)
    message(FATAL_ERROR "${pcname} not found: install the Debian package '${debpkg}' (scripts/install-deps)")
  endif()
endmacro()

# pantau_cmake_pkg(NAME DEBPKG [args]): find_package CONFIG or a clear failure.
macro(pantau_cmake_pkg name debpkg)
  find_package(${name} ${ARGN} QUIET)
  if(NOT ${name}_FOUND)
    message(FATAL_ERROR "${name} not found: install the Debian package '${debpkg}' (scripts/install-deps)")
  endif()
endmacro()

set(THREADS_PREFER_PTHREAD_FLAG ON)
find_package(Threads REQUIRED)

pantau_pkg(CURL libcurl libcurl4-openssl-dev)
pantau_pkg(GUMBO gumbo libgumbo-dev)
pantau_pkg(SQLITE3 sqlite3 libsqlite3-dev)
pantau_pkg(UCHARDET uchardet libuchardet-dev)
pantau_pkg(PSL libpsl libpsl-dev)
pantau_pkg(ZLIB zlib zlib1g-dev)
pantau_pkg(ZSTD libzstd libzstd-dev)
pantau_pkg(XLSXWRITER xlsxwriter libxlsxwriter-dev)
pantau_pkg(POPPLER_CPP poppler-cpp libpoppler-cpp-dev)
pantau_pkg(PUGIXML pugixml libpugixml-dev)
pantau_pkg(CRYPTO libcrypto libssl-dev)
pantau_pkg(OPENSSL openssl libssl-dev) # libssl + libcrypto: TLS in the loopback demo server

pantau_cmake_pkg(fmt libfmt-dev)
pantau_cmake_pkg(yaml-cpp libyaml-cpp-dev)
pantau_cmake_pkg(nlohmann_json nlohmann-json3-dev)
pantau_cmake_pkg(CLI11 libcli11-dev)

find_package(Boost 1.74 QUIET)
if(NOT Boost_FOUND)
  message(FATAL_ERROR "Boost headers not found: install the Debian package 'libboost-dev' (scripts/install-deps)")
endif()
add_library(pantau_asio INTERFACE)
target_link_libraries(pantau_asio INTERFACE Boost::headers Threads::Threads)
target_compile_definitions(pantau_asio INTERFACE BOOST_ASIO_NO_DEPRECATED)

if(PANTAU_BUILD_TESTS)
  pantau_cmake_pkg(Catch2 catch2)
  include(Catch)
endif()
if(PANTAU_BUILD_BENCH)
  find_package(benchmark QUIET)
  if(NOT benchmark_FOUND)
    message(STATUS "Google Benchmark not found (Debian 'libbenchmark-dev'): micro-benchmarks are skipped")
  endif()
endif()
