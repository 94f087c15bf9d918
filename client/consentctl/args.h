#pragma once
// consentctl's command line split into words (the subcommand and its positional values)
// and --flags (`--name value` or `--name=value`; --json and --help/-h take no value).
#include <map>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

namespace consent::ctl {

struct Args {
  std::vector<std::string> words;
  std::map<std::string, std::string> flags;  // without the leading dashes
  bool json = false;
  bool help = false;

  // Removes and returns flag `name`, or `fallback` when absent.
  std::string Take(const std::string& name, const std::string& fallback = "");
};

// INVALID_ARGUMENT (a usage error) for a flag given twice or missing its value.
absl::StatusOr<Args> ParseArgs(const std::vector<std::string>& argv);

}  // namespace consent::ctl
