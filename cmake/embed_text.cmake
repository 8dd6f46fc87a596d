# Writes OUT, a C++ source defining `std::string_view NAME` in namespace NS with the bytes of IN
# (a text file the binary serves, such as the OpenAPI document). Run by add_custom_command.
file(READ "${IN}" text)
file(WRITE "${OUT}" "// Generated from ${IN} by cmake/embed_text.cmake; edit that file.\n#include <string_view>\nnamespace ${NS} {\nextern const std::string_view ${NAME};\nconst std::string_view ${NAME} = R\"concord_embed(${text})concord_embed\";\n}  // namespace ${NS}\n")
