#pragma once
#include <string_view>

namespace consent {
// The serialized google.protobuf.FileDescriptorSet of the whole API (imports included).
std::string_view EmbeddedDescriptorSet();
}  // namespace consent
