# localemu_warnings(target): the project's warning set, errors when LOCALEMU_WERROR.
add_library(localemu_warnings INTERFACE)
target_compile_options(localemu_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                   $<$<BOOL:${LOCALEMU_WERROR}>:-Werror>)
# GCC 12 reports false -Wrestrict positives inside std::string at -O2 and above
# (GCC bug 105329); later GCCs do not.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(localemu_warnings INTERFACE $<$<COMPILE_LANGUAGE:CXX>:-Wno-restrict>)
endif()
if(LOCALEMU_SANITIZE)
  target_compile_options(localemu_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(localemu_warnings INTERFACE -fsanitize=address,undefined)
endif()
