# Embeds text files (SQL migrations, the OpenAPI document) into the binary as a generated C++
# source, so that one `fuwu` binary carries everything it needs to run.
#
# fuwu_embed_files(OUTPUT <file.cpp> FUNCTION <qualified name> FILES <abs paths...> BASE <dir>)
# generates: std::vector<fuwu::EmbeddedFile> <function>() with {relative path, contents}.
function(fuwu_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT;FUNCTION;BASE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DFUNCTION=${ARG_FUNCTION} -DBASE=${ARG_BASE}
            "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake
    COMMENT "Embedding ${ARG_FUNCTION}"
    VERBATIM)
endfunction()
