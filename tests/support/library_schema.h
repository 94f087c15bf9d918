#pragma once
// A small non-consent API ("test.library.v1") as a serialized FileDescriptorSet, to show
// that routes and transcoding come from descriptors alone.
#include <string>

namespace consent::gateway::testing {

std::string LibraryDescriptorSet();

}  // namespace consent::gateway::testing
