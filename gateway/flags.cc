#include "flags.h"

#include <cstdlib>

namespace consent::gateway {

void FlagSet::Add(std::string name, std::string env, std::string help, Parser parse) {
  flags_.push_back({std::move(name), std::move(env), std::move(help), std::move(parse)});
}

void FlagSet::AddString(std::string name, std::string env, std::string help,
                        std::string* target) {
  Add(std::move(name), std::move(env), std::move(help), [target](const std::string& value) {
    *target = value;
    return absl::OkStatus();
  });
}

const FlagSet::Flag* FlagSet::Find(const std::string& name) const {
  for (const Flag& flag : flags_) {
    if (flag.name == name) return &flag;
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
    if (arg == "--help" || arg == "-h") {
      help_requested_ = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) return absl::InvalidArgumentError("unexpected argument: " + arg);
    std::string name = arg.substr(2);
    std::string value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return absl::InvalidArgumentError("--" + name + " needs a value");
    }
    const Flag* flag = Find(name);
    if (flag == nullptr) return absl::InvalidArgumentError("unknown flag --" + name);
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

}  // namespace consent::gateway
