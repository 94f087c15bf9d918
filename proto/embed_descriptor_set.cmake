# Writes INPUT (a binary FileDescriptorSet) to OUTPUT as the definition of
# consent::EmbeddedDescriptorSet() declared in embedded_descriptor_set.h.
file(READ ${INPUT} hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUTPUT}
  "#include \"proto/embedded_descriptor_set.h\"\n"
  "namespace consent {\n"
  "static const unsigned char kData[] = {${bytes}};\n"
  "std::string_view EmbeddedDescriptorSet() {\n"
  "  return {reinterpret_cast<const char*>(kData), sizeof(kData)};\n"
  "}\n"
  "}  // namespace consent\n")
