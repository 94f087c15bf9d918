#include "lib/jsonpatch/json_patch.h"

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <absl/status/status.h>
#include <absl/strings/str_cat.h>

namespace consent::jsonpatch {
namespace {

using nlohmann::json;
using Pointer = std::vector<std::string>;

absl::Status Malformed(const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("malformed patch: ", why));
}

absl::Status Missing(const std::string& path) {
  return absl::OutOfRangeError(absl::StrCat("path \"", path, "\" does not exist"));
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

absl::Status Add(json& doc, const Pointer& at, const std::string& path, json value) {
  if (at.empty()) {
    doc = std::move(value);
    return absl::OkStatus();
  }
  json* parent = Resolve(doc, at, at.size() - 1);
  const std::string& last = at.back();
  if (parent != nullptr && parent->is_object()) {
    (*parent)[last] = std::move(value);
    return absl::OkStatus();
  }
  if (parent != nullptr && parent->is_array()) {
    if (last == "-") {
      parent->push_back(std::move(value));
      return absl::OkStatus();
    }
    std::optional<size_t> index = ParseIndex(last);
    if (index && *index <= parent->size()) {
      parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(*index), std::move(value));
      return absl::OkStatus();
    }
  }
  return Missing(path);
}

absl::StatusOr<json> Remove(json& doc, const Pointer& at, const std::string& path) {
  json* parent = at.empty() ? nullptr : Resolve(doc, at, at.size() - 1);
  if (parent == nullptr || Resolve(*parent, Pointer{at.back()}) == nullptr) return Missing(path);
  if (parent->is_object()) {
    auto it = parent->find(at.back());
    json removed = std::move(*it);
    parent->erase(it);
    return removed;
  }
  size_t index = *ParseIndex(at.back());
  json removed = std::move((*parent)[index]);
  parent->erase(index);
  return removed;
}

struct Operation {
  std::string op;
  std::string path;
  Pointer at;
  std::string from_path;
  Pointer from;
  const json* value = nullptr;
};

absl::StatusOr<Pointer> PointerMember(const json& operation, const char* member) {
  auto it = operation.find(member);
  if (it == operation.end() || !it->is_string()) {
    return Malformed(absl::StrCat("operation needs a string \"", member, "\""));
  }
  std::optional<Pointer> pointer = ParsePointer(it->get_ref<const std::string&>());
  if (!pointer) {
    return Malformed(
        absl::StrCat("\"", it->get_ref<const std::string&>(), "\" is not a JSON pointer"));
  }
  return *pointer;
}

bool IsProperPrefix(const Pointer& prefix, const Pointer& of) {
  return prefix.size() < of.size() && std::equal(prefix.begin(), prefix.end(), of.begin());
}

// Checks the whole document before anything is applied, so a malformed patch is always
// reported as malformed regardless of the document.
absl::StatusOr<std::vector<Operation>> Validate(const json& patch) {
  if (!patch.is_array()) return Malformed("a JSON Patch document must be an array");
  std::vector<Operation> operations;
  for (const json& item : patch) {
    if (!item.is_object()) return Malformed("every operation must be an object");
    Operation operation;
    auto op = item.find("op");
    if (op == item.end() || !op->is_string()) return Malformed("operation needs a string \"op\"");
    operation.op = op->get<std::string>();
    static constexpr std::string_view kOps[] = {"add", "remove", "replace", "move", "copy", "test"};
    if (std::find(std::begin(kOps), std::end(kOps), operation.op) == std::end(kOps)) {
      return Malformed(absl::StrCat("unknown op \"", operation.op, "\""));
    }
    absl::StatusOr<Pointer> at = PointerMember(item, "path");
    if (!at.ok()) return at.status();
    operation.at = *std::move(at);
    operation.path = item["path"].get<std::string>();
    if (operation.op == "add" || operation.op == "replace" || operation.op == "test") {
      auto value = item.find("value");
      if (value == item.end())
        return Malformed(absl::StrCat("\"", operation.op, "\" needs \"value\""));
      operation.value = &*value;
    }
    if (operation.op == "move" || operation.op == "copy") {
      absl::StatusOr<Pointer> from = PointerMember(item, "from");
      if (!from.ok()) return from.status();
      operation.from = *std::move(from);
      operation.from_path = item["from"].get<std::string>();
      if (operation.op == "move" && IsProperPrefix(operation.from, operation.at)) {
        return Malformed(absl::StrCat("cannot move \"", operation.from_path,
                                      "\" into its own child \"", operation.path, "\""));
      }
    }
    operations.push_back(std::move(operation));
  }
  return operations;
}

absl::Status Apply(json& doc, const Operation& o) {
  if (o.op == "add") return Add(doc, o.at, o.path, *o.value);
  if (o.op == "remove") return Remove(doc, o.at, o.path).status();
  if (o.op == "replace") {
    json* target = Resolve(doc, o.at);
    if (target == nullptr) return Missing(o.path);
    *target = *o.value;
    return absl::OkStatus();
  }
  if (o.op == "test") {
    json* target = Resolve(doc, o.at);
    if (target == nullptr || *target != *o.value) {
      return absl::AbortedError(
          absl::StrCat("test failed: \"", o.path, "\" is not ", o.value->dump()));
    }
    return absl::OkStatus();
  }
  json* source = Resolve(doc, o.from);
  if (source == nullptr) return Missing(o.from_path);
  if (o.op == "copy") return Add(doc, o.at, o.path, *source);
  if (o.from == o.at) return absl::OkStatus();
  absl::StatusOr<json> moved = Remove(doc, o.from, o.from_path);
  if (!moved.ok()) return moved.status();
  return Add(doc, o.at, o.path, *std::move(moved));
}

}  // namespace

absl::StatusOr<json> ApplyJsonPatch(const json& doc, const json& patch) {
  absl::StatusOr<std::vector<Operation>> operations = Validate(patch);
  if (!operations.ok()) return operations.status();
  json result = doc;
  for (const Operation& operation : *operations) {
    if (absl::Status status = Apply(result, operation); !status.ok()) return status;
  }
  return result;
}

json ApplyMergePatch(const json& doc, const json& patch) {
  json result = doc;
  result.merge_patch(patch);
  return result;
}

}  // namespace consent::jsonpatch
