# localemu_warnings(target): the project's warning set, errors when LOCALEMU_WERROR.
add_library(localemu_warnings INTERFACE)
target_compile_options(localemu_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                   $<$<BOOL:${LOCALEMU_WERROR}>:-Werror>)
if(LOCALEMU_SANITIZE)
  target_compile_options(localemu_warnings INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer)
  target_link_options(localemu_warnings INTERFACE -fsanitize=address,undefined)
endif()
