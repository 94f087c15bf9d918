#pragma once
// Text measures for validation limits stated in characters, and required-ness.
#include <cstddef>

#include <absl/strings/ascii.h>
#include <absl/strings/string_view.h>

namespace consent {

// Unicode code points of UTF-8 text: continuation bytes are not counted.
inline size_t CharacterCount(absl::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

// True for text a required field cannot accept: empty or only whitespace.
inline bool IsBlank(absl::string_view text) { return absl::StripAsciiWhitespace(text).empty(); }

}  // namespace consent
