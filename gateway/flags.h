#pragma once
// A small command-line flag set: --name=value or --name value, each flag with an optional
// environment-variable fallback. Precedence: command line > environment > the default already
// held by the target. New flags (metrics, logging, ...) are one Add* call each.
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace consent::gateway {

class FlagSet {
 public:
  // `parse` converts the text form into the target and reports bad values.
  using Parser = std::function<absl::Status(const std::string& value)>;

  void Add(std::string name, std::string env, std::string help, Parser parse);
  void AddString(std::string name, std::string env, std::string help, std::string* target);

  // Applies environment fallbacks, then argv. Sets help_requested() on --help/-h.
  absl::Status Parse(int argc, const char* const* argv);
  bool help_requested() const { return help_requested_; }
  std::string Usage(const std::string& program) const;

 private:
  struct Flag {
    std::string name;
    std::string env;
    std::string help;
    Parser parse;
  };
  const Flag* Find(const std::string& name) const;

  std::vector<Flag> flags_;
  bool help_requested_ = false;
};

}  // namespace consent::gateway
