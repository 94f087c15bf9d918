#include "lib/jsonpatch/json_patch.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/strings/str_cat.h>

namespace consent::jsonpatch {
namespace {

using nlohmann::json;
using Pointer = std::vector<std::string>;

using Kind = PatchError::Kind;
// An operation's outcome: nullopt when it applied.
using Failure = std::optional<PatchError>;

// At most this many bytes of what the client sent appear in a message: messages travel in
// gRPC trailers, which receivers cap at 8 KiB.
constexpr size_t kMaxExcerptBytes = 100;

// `text` cut to kMaxExcerptBytes on a UTF-8 character boundary, "..." after the cut;
// Quoted: the same in quotes.
std::string Excerpt(absl::string_view text) {
  if (text.size() <= kMaxExcerptBytes) return std::string(text);
  size_t end = kMaxExcerptBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "...");
}

std::string Quoted(absl::string_view text) { return absl::StrCat("\"", Excerpt(text), "\""); }

PatchError Malformed(const std::string& why, const std::string& pointer = "") {
  return {Kind::kMalformed, pointer, absl::StrCat("malformed patch: ", why)};
}

PatchError Missing(const std::string& path) {
  return {Kind::kPathNotFound, path, absl::StrCat("path ", Quoted(path), " does not exist")};
}

// RFC 6901: "" is the whole document, otherwise "/"-separated tokens with ~1 and ~0 escapes.
std::optional<Pointer> ParsePointer(std::string_view text) {
  Pointer tokens;
  if (text.empty()) return tokens;
  if (text.front() != '/') return std::nullopt;
  std::string token;
  for (size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      tokens.push_back(std::move(token));
      token.clear();
    } else if (text[i] == '~') {
      if (i + 1 == text.size() || (text[i + 1] != '0' && text[i + 1] != '1')) return std::nullopt;
      token += text[++i] == '0' ? '~' : '/';
    } else {
      token += text[i];
    }
  }
  return tokens;
}

// An array index per RFC 6901: "0" or digits without a leading zero.
std::optional<size_t> ParseIndex(const std::string& token) {
  if (token.empty() || token.size() > 18) return std::nullopt;
  if (token.size() > 1 && token[0] == '0') return std::nullopt;
  size_t index = 0;
  for (char c : token) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<size_t>(c - '0');
  }
  return index;
}

// The value at tokens[0, count), or nullptr if it does not exist.
json* Resolve(json& doc, const Pointer& tokens, size_t count) {
  json* node = &doc;
  for (size_t i = 0; i < count; ++i) {
    const std::string& token = tokens[i];
    if (node->is_object()) {
      auto it = node->find(token);
      if (it == node->end()) return nullptr;
      node = &*it;
    } else if (node->is_array()) {
      std::optional<size_t> index = ParseIndex(token);
      if (!index || *index >= node->size()) return nullptr;
      node = &(*node)[*index];
    } else {
      return nullptr;
    }
  }
  return node;
}

json* Resolve(json& doc, const Pointer& tokens) { return Resolve(doc, tokens, tokens.size()); }

Failure Add(json& doc, const Pointer& at, const std::string& path, json value) {
  if (at.empty()) {
    doc = std::move(value);
    return std::nullopt;
  }
  json* parent = Resolve(doc, at, at.size() - 1);
  const std::string& last = at.back();
  if (parent != nullptr && parent->is_object()) {
    (*parent)[last] = std::move(value);
    return std::nullopt;
  }
  if (parent != nullptr && parent->is_array()) {
    if (last == "-") {
      parent->push_back(std::move(value));
      return std::nullopt;
    }
    std::optional<size_t> index = ParseIndex(last);
    if (index && *index <= parent->size()) {
      parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(*index), std::move(value));
      return std::nullopt;
    }
  }
  return Missing(path);
}

// Moves the value at `at` into `removed`.
Failure Remove(json& doc, const Pointer& at, const std::string& path, json* removed) {
  json* parent = at.empty() ? nullptr : Resolve(doc, at, at.size() - 1);
  if (parent == nullptr || Resolve(*parent, Pointer{at.back()}) == nullptr) return Missing(path);
  if (parent->is_object()) {
    auto it = parent->find(at.back());
    *removed = std::move(*it);
    parent->erase(it);
    return std::nullopt;
  }
  size_t index = *ParseIndex(at.back());
  *removed = std::move((*parent)[index]);
  parent->erase(index);
  return std::nullopt;
}

struct Operation {
  std::string op;
  std::string path;
  Pointer at;
  std::string from_path;
  Pointer from;
  const json* value = nullptr;
};

Failure PointerMember(const json& operation, const char* member, Pointer* out) {
  auto it = operation.find(member);
  if (it == operation.end() || !it->is_string()) {
    return Malformed(absl::StrCat("operation needs a string \"", member, "\""));
  }
  std::optional<Pointer> pointer = ParsePointer(it->get_ref<const std::string&>());
  if (!pointer) {
    return Malformed(
        absl::StrCat(Quoted(it->get_ref<const std::string&>()), " is not a JSON pointer"));
  }
  *out = *std::move(pointer);
  return std::nullopt;
}

bool IsProperPrefix(const Pointer& prefix, const Pointer& of) {
  return prefix.size() < of.size() && std::equal(prefix.begin(), prefix.end(), of.begin());
}

// Checks the whole document before anything is applied, so a malformed patch is always
// reported as malformed regardless of the document.
Failure Validate(const json& patch, const Limits& limits, std::vector<Operation>* operations) {
  if (!patch.is_array()) return Malformed("a JSON Patch document must be an array");
  if (patch.size() > limits.max_operations) {
    return PatchError{Kind::kTooLarge, "",
                      absl::StrCat("a patch may hold at most ", limits.max_operations,
                                   " operations; this one holds ", patch.size())};
  }
  for (const json& item : patch) {
    if (!item.is_object()) return Malformed("every operation must be an object");
    Operation operation;
    auto op = item.find("op");
    if (op == item.end() || !op->is_string()) return Malformed("operation needs a string \"op\"");
    operation.op = op->get<std::string>();
    static constexpr std::string_view kOps[] = {"add", "remove", "replace", "move", "copy", "test"};
    if (std::find(std::begin(kOps), std::end(kOps), operation.op) == std::end(kOps)) {
      return Malformed(absl::StrCat("unknown op ", Quoted(operation.op)));
    }
    if (Failure failure = PointerMember(item, "path", &operation.at)) return failure;
    operation.path = item["path"].get<std::string>();
    if (operation.op == "add" || operation.op == "replace" || operation.op == "test") {
      auto value = item.find("value");
      if (value == item.end()) {
        return Malformed(absl::StrCat(Quoted(operation.op), " needs \"value\""), operation.path);
      }
      operation.value = &*value;
    }
    if (operation.op == "move" || operation.op == "copy") {
      if (Failure failure = PointerMember(item, "from", &operation.from)) return failure;
      operation.from_path = item["from"].get<std::string>();
      if (operation.op == "move" && IsProperPrefix(operation.from, operation.at)) {
        return Malformed(absl::StrCat("cannot move ", Quoted(operation.from_path),
                                      " into its own child ", Quoted(operation.path)),
                         operation.path);
      }
    }
    operations->push_back(std::move(operation));
  }
  return std::nullopt;
}

// What applying a patch has cost so far: the values in the document, and the values the
// operations added, replaced and removed (each one counted, copied or freed).
struct Tally {
  size_t values = 0;
  size_t touched = 0;
};

// Applies `o` to `doc`, keeping `tally` up to date: what an operation adds is counted before
// it is added, so the document never grows past max_values, and the work done stays within
// max_touched_values (a copy within the size bound may be repeated up to max_operations).
Failure Apply(json& doc, const Operation& o, const Limits& limits, Tally& tally) {
  size_t& values = tally.values;
  auto touch = [&](size_t count) -> Failure {
    tally.touched += count;
    if (tally.touched > limits.max_touched_values) {
      return PatchError{Kind::kTooLarge, o.path,
                        absl::StrCat("the patch would add, replace or remove more than ",
                                     limits.max_touched_values, " JSON values in all")};
    }
    return std::nullopt;
  };
  auto grow = [&](size_t added, size_t removed) -> Failure {
    if (values - removed + added > limits.max_values) {
      return PatchError{Kind::kTooLarge, o.path,
                        absl::StrCat("the patched document would hold more than ",
                                     limits.max_values, " JSON values")};
    }
    if (Failure failure = touch(added + removed)) return failure;
    values = values - removed + added;
    return std::nullopt;
  };
  // What `add` at `o.at` replaces: an object member of that name, or the whole document.
  auto replaced_by_add = [&]() -> size_t {
    if (o.at.empty()) return values;
    json* parent = Resolve(doc, o.at, o.at.size() - 1);
    if (parent == nullptr || !parent->is_object()) return 0;
    auto it = parent->find(o.at.back());
    return it == parent->end() ? 0 : CountValues(*it);
  };
  if (o.op == "add") {
    if (Failure failure = grow(CountValues(*o.value), replaced_by_add())) return failure;
    return Add(doc, o.at, o.path, *o.value);
  }
  if (o.op == "remove") {
    json removed;
    if (Failure failure = Remove(doc, o.at, o.path, &removed)) return failure;
    const size_t count = CountValues(removed);
    values -= count;
    return touch(count);
  }
  if (o.op == "replace") {
    json* target = Resolve(doc, o.at);
    if (target == nullptr) return Missing(o.path);
    if (Failure failure = grow(CountValues(*o.value), CountValues(*target))) return failure;
    *target = *o.value;
    return std::nullopt;
  }
  if (o.op == "test") {
    json* target = Resolve(doc, o.at);
    if (target == nullptr || *target != *o.value) {
      return PatchError{
          Kind::kTestFailed, o.path,
          absl::StrCat("test failed: ", Quoted(o.path), " is not ", Excerpt(o.value->dump()))};
    }
    return std::nullopt;
  }
  json* source = Resolve(doc, o.from);
  if (source == nullptr) return Missing(o.from_path);
  if (o.op == "copy") {
    if (Failure failure = grow(CountValues(*source), replaced_by_add())) return failure;
    return Add(doc, o.at, o.path, *source);
  }
  if (o.from == o.at) return std::nullopt;
  json moved;
  if (Failure failure = Remove(doc, o.from, o.from_path, &moved)) return failure;
  const size_t count = CountValues(moved);
  values -= count;
  if (Failure failure = grow(count, replaced_by_add())) return failure;
  return Add(doc, o.at, o.path, std::move(moved));
}

}  // namespace

size_t CountValues(const json& value) {
  size_t count = 1;
  if (value.is_structured()) {
    for (const json& item : value) count += CountValues(item);
  }
  return count;
}

PatchResult ApplyJsonPatch(const json& doc, const json& patch, const Limits& limits) {
  std::vector<Operation> operations;
  if (Failure failure = Validate(patch, limits, &operations)) return {json(), std::move(failure)};
  PatchResult result{doc, std::nullopt};
  Tally tally{.values = CountValues(doc)};
  for (const Operation& operation : operations) {
    if (Failure failure = Apply(result.document, operation, limits, tally)) {
      return {json(), std::move(failure)};
    }
  }
  return result;
}

json ApplyMergePatch(const json& doc, const json& patch) {
  json result = doc;
  result.merge_patch(patch);
  return result;
}

}  // namespace consent::jsonpatch
