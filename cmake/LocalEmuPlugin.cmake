# emu_add_plugin(<name> SOURCES ... [LIBS ...] [OUTPUT_DIR <dir>])
#   A plugin shared library: hidden visibility, a version script exporting only
#   localemu_plugin_entry, output into the build's plugin folder, installed into
#   lib/localemu/plugins. With OUTPUT_DIR (test fixtures) it goes there instead
#   and is not installed.
set(LOCALEMU_PLUGIN_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/plugin.map CACHE INTERNAL "")

function(emu_add_plugin name)
  cmake_parse_arguments(ARG "" "OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  add_library(${name} MODULE ${ARG_SOURCES})
  if(ARG_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${ARG_OUTPUT_DIR})
  else()
    set_target_properties(${name} PROPERTIES PREFIX "" LIBRARY_OUTPUT_DIRECTORY ${LOCALEMU_PLUGIN_OUTPUT_DIR})
    install(TARGETS ${name} LIBRARY DESTINATION ${LOCALEMU_PLUGIN_INSTALL_DIR})
  endif()
  target_link_libraries(${name} PRIVATE localemu::plugin_api localemu_warnings ${ARG_LIBS})
  target_link_options(${name} PRIVATE -Wl,--version-script=${LOCALEMU_PLUGIN_VERSION_SCRIPT} -Wl,--no-undefined)
endfunction()

# emu_embed_resource(<target> <symbol> <file>)
#   Compiles <file> into <target> as `extern const unsigned char <symbol>[]` and
#   `extern const std::size_t <symbol>_size` (namespace localemu::resources).
function(emu_embed_resource target symbol file)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${symbol}.cpp)
  add_custom_command(OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${file} -DOUTPUT=${out} -DSYMBOL=${symbol} -P ${LOCALEMU_EMBED_SCRIPT}
    DEPENDS ${file} ${LOCALEMU_EMBED_SCRIPT} VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
set(LOCALEMU_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/EmbedFile.cmake CACHE INTERNAL "")
