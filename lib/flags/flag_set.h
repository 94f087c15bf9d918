#pragma once
// A small command-line flag set: --name=value or --name value, each flag with an optional
// environment-variable fallback. Precedence: command line > environment > the default already
// held by the target. Names match with '-' and '_' alike (--pool-size is --pool_size). A
// boolean flag alone (--migrate-only) means true; its value is given only as --name=value.
#include <functional>
#include <string>
#include <vector>

#include <absl/status/status.h>

namespace consent::flags {

class FlagSet {
 public:
  // `parse` converts the text form into the target and reports bad values.
  using Parser = std::function<absl::Status(const std::string& value)>;

  void Add(std::string name, std::string env, std::string help, Parser parse);
  void AddString(std::string name, std::string env, std::string help, std::string* target);
  // An integer of at least `min`.
  void AddInt(std::string name, std::string env, std::string help, int* target, int min);
  // true/false, 1/0, yes/no.
  void AddBool(std::string name, std::string env, std::string help, bool* target);

  // Applies environment fallbacks, then argv. Sets help_requested() on --help, --helpfull
  // or -h.
  absl::Status Parse(int argc, const char* const* argv);
  bool help_requested() const { return help_requested_; }
  std::string Usage(const std::string& program) const;

 private:
  struct Flag {
    std::string name;
    std::string env;
    std::string help;
    Parser parse;
    bool boolean = false;
  };
  const Flag* Find(const std::string& name) const;

  std::vector<Flag> flags_;
  bool help_requested_ = false;
};

}  // namespace consent::flags
