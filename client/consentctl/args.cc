#include "client/consentctl/args.h"

#include <absl/strings/match.h>
#include <absl/strings/str_cat.h>

namespace consent::ctl {

std::string Args::Take(const std::string& name, const std::string& fallback) {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  std::string value = std::move(it->second);
  flags.erase(it);
  return value;
}

absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& argv) {
  Args args;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& word = argv[i];
    if (word == "--json") {
      args.json = true;
    } else if (word == "--help" || word == "-h") {
      args.help = true;
    } else if (absl::StartsWith(word, "--") && word.size() > 2) {
      std::string name = word.substr(2), value;
      if (auto eq = name.find('='); eq != std::string::npos) {
        value = name.substr(eq + 1);
        name.resize(eq);
      } else if (i + 1 < argv.size()) {
        value = argv[++i];
      } else {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " needs a value"));
      }
      if (!args.flags.emplace(name, value).second) {
        return absl::InvalidArgumentError(absl::StrCat("--", name, " given twice"));
      }
    } else {
      args.words.push_back(word);  // includes "-", which means stdin where a file is expected
    }
  }
  return args;
}

}  // namespace consent::ctl
