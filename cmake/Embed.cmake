# cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -DNAMESPACE=ns -P Embed.cmake
# Writes a C++ source defining `const char* const ns::name` holding the input file's text, so the
# binary carries its default data (the rule catalogue) and works from any directory.
file(READ "${INPUT}" content)
string(FIND "${content}" ")PANTAU_EMBED\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the embed delimiter")
endif()
file(WRITE "${OUTPUT}.tmp" "// Generated from ${INPUT} by cmake/Embed.cmake. Do not edit.\nnamespace ${NAMESPACE} {\nextern const char* const ${SYMBOL};\nconst char* const ${SYMBOL} = R\"PANTAU_EMBED(${content})PANTAU_EMBED\";\n}\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
