#include "lib/flags/flag_set.h"

#include <algorithm>
#include <cstdlib>

#include <absl/strings/ascii.h>
#include <absl/strings/numbers.h>
#include <absl/strings/str_cat.h>

namespace consent::flags {
namespace {

std::string Normalized(std::string name) {
  std::replace(name.begin(), name.end(), '_', '-');
  return name;
}

}  // namespace

void FlagSet::Add(std::string name, std::string env, std::string help, Parser parse) {
  flags_.push_back(
      {Normalized(std::move(name)), std::move(env), std::move(help), std::move(parse)});
}

void FlagSet::AddString(std::string name, std::string env, std::string help, std::string* target) {
  Add(std::move(name), std::move(env), std::move(help), [target](const std::string& value) {
    *target = value;
    return absl::OkStatus();
  });
}

void FlagSet::AddInt(std::string name, std::string env, std::string help, int* target, int min) {
  std::string flag = "--" + Normalized(name);
  Add(std::move(name), std::move(env), std::move(help),
      [target, min, flag](const std::string& value) {
        int parsed = 0;
        if (!absl::SimpleAtoi(value, &parsed) || parsed < min) {
          return absl::InvalidArgumentError(
              absl::StrCat(flag, ": expected an integer of at least ", min, ", got ", value));
        }
        *target = parsed;
        return absl::OkStatus();
      });
}

void FlagSet::AddBool(std::string name, std::string env, std::string help, bool* target) {
  std::string flag = "--" + Normalized(name);
  Add(std::move(name), std::move(env), std::move(help), [target, flag](const std::string& value) {
    const std::string v = absl::AsciiStrToLower(value);
    if (v == "1" || v == "true" || v == "yes") {
      *target = true;
    } else if (v == "0" || v == "false" || v == "no" || v.empty()) {
      *target = false;
    } else {
      return absl::InvalidArgumentError(flag + ": expected true or false, got " + value);
    }
    return absl::OkStatus();
  });
  flags_.back().boolean = true;
}

const FlagSet::Flag* FlagSet::Find(const std::string& name) const {
  const std::string normalized = Normalized(name);
  for (const Flag& flag : flags_) {
    if (flag.name == normalized) return &flag;
  }
  return nullptr;
}

absl::Status FlagSet::Parse(int argc, const char* const* argv) {
  for (const Flag& flag : flags_) {
    const char* value = flag.env.empty() ? nullptr : std::getenv(flag.env.c_str());
    if (value == nullptr) continue;
    if (absl::Status status = flag.parse(value); !status.ok()) {
      return absl::InvalidArgumentError(flag.env + ": " + std::string(status.message()));
    }
  }
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "--helpfull" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) return absl::InvalidArgumentError("unexpected argument: " + arg);
    std::string name = arg.substr(2);
    std::string value;
    const size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    const Flag* flag = Find(name);
    if (flag == nullptr) return absl::InvalidArgumentError("unknown flag --" + name);
    if (eq == std::string::npos) {
      if (flag->boolean) {
        value = "true";
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        return absl::InvalidArgumentError("--" + name + " needs a value");
      }
    }
    if (absl::Status status = flag->parse(value); !status.ok()) return status;
  }
  return absl::OkStatus();
}

std::string FlagSet::Usage(const std::string& program) const {
  std::string usage = "usage: " + program + " [flags]\n";
  for (const Flag& flag : flags_) {
    usage += "  --" + flag.name;
    if (!flag.env.empty()) usage += " [$" + flag.env + "]";
    usage += "\n      " + flag.help + "\n";
  }
  return usage;
}

}  // namespace consent::flags
