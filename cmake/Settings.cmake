# Build policy shared by every first-party target (linked PRIVATE).

add_library(pantau_settings INTERFACE)
target_compile_features(pantau_settings INTERFACE cxx_std_23)
# Includes are rooted at the repository: #include "crawler/frontier.hpp".
target_include_directories(pantau_settings INTERFACE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/generated)
target_compile_definitions(pantau_settings INTERFACE
  PANTAU_VERSION="${PROJECT_VERSION}"
  PANTAU_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
if(PANTAU_SANITIZE)
  target_compile_options(pantau_settings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(pantau_settings INTERFACE -fsanitize=address,undefined)
endif()

add_library(pantau_warnings INTERFACE)
target_compile_options(pantau_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Woverloaded-virtual
  -Wimplicit-fallthrough)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  # GCC 12 reports false -Wrestrict/-Wnull-dereference inside libstdc++'s std::string at -O2
  # (GCC bug 105329); they are not about our code.
  target_compile_options(pantau_warnings INTERFACE -Wno-restrict)
endif()
if(PANTAU_WERROR)
  target_compile_options(pantau_warnings INTERFACE -Werror)
endif()

# pantau_module(NAME SOURCES... [LINKS ...]): one static library per top-level folder with a pantau:: alias.
function(pantau_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_LINKS;PRIVATE_LINKS" ${ARGN})
  if(NOT ARG_SOURCES)
    # A module whose sources are not written yet still configures (work in progress in a checkout).
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/pantau_${name}_empty.cpp "// no sources yet\n")
    set(ARG_SOURCES ${CMAKE_CURRENT_BINARY_DIR}/pantau_${name}_empty.cpp)
  endif()
  add_library(pantau_${name} STATIC ${ARG_SOURCES})
  add_library(pantau::${name} ALIAS pantau_${name})
  target_link_libraries(pantau_${name} PUBLIC pantau_settings ${ARG_PUBLIC_LINKS}
                                       PRIVATE pantau_warnings ${ARG_PRIVATE_LINKS})
endfunction()
