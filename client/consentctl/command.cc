#include "client/consentctl/command.h"

#include <fstream>
#include <map>
#include <sstream>

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "client/consentctl/fields.h"
#include "lib/wire/status_details.h"

namespace consent::ctl {
namespace {

// flag name -> field path, for every --flag the command takes besides --file.
std::map<std::string, std::string> FlagPaths(const Command& command) {
  std::map<std::string, std::string> paths;
  if (command.request == nullptr) return paths;
  std::vector<std::string> prefixes = command.shape.flags_from;
  prefixes.insert(prefixes.begin(), "");
  for (const std::string& prefix : prefixes) {
    for (const FieldFlag& f : ScalarFlags(*command.request, prefix)) {
      bool positional =
          std::count(command.shape.positionals.begin(), command.shape.positionals.end(), f.path);
      if (!positional) paths.emplace(f.flag, f.path);
    }
  }
  for (const auto& [flag, path] : command.shape.aliases) paths.emplace(flag, path);
  return paths;
}

absl::Status ApplyFile(const std::string& path, const std::string& name,
                       google::protobuf::Message& request) {
  absl::StatusOr<std::string> json = ReadInput(name);
  if (!json.ok()) return json.status();
  google::protobuf::Message* target = MutableAt(request, path);
  auto parsed = google::protobuf::util::JsonStringToMessage(*json, target);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(name == "-" ? "stdin" : name, ": not a JSON ",
                                                   target->GetDescriptor()->name(), ": ",
                                                   parsed.message().as_string()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ReadInput(const std::string& name) {
  std::stringstream text;
  if (name == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream file(name);
    if (!file) return absl::InvalidArgumentError(absl::StrCat("cannot read ", name));
    text << file.rdbuf();
  }
  return text.str();
}

std::string Command::Usage() const {
  std::string usage = absl::StrCat("usage: consentctl ", Name());
  for (const std::string& p : shape.positionals) absl::StrAppend(&usage, " <", Kebab(p), ">");
  auto flags = FlagPaths(*this);
  if (!flags.empty() || shape.file_into) absl::StrAppend(&usage, " [flags]");
  absl::StrAppend(&usage, "\n\n", summary, "\n", details);
  if (shape.file_into) {
    absl::StrAppend(&usage, "\n  --file PATH|-   ",
                    MessageTypeAt(*request, *shape.file_into)->full_name(),
                    " as JSON (API field names), '-' = stdin",
                    shape.file_required ? " (required)" : "; flags override it", "\n");
  }
  for (const auto& [flag, path] : flags) {
    absl::StrAppend(&usage, "  --", flag, std::string(flag.size() < 14 ? 14 - flag.size() : 1, ' '),
                    FieldType(*request, path), "\n");
  }
  absl::StrAppend(
      &usage,
      "\nGlobal flags (--server, --tenant, --token, --ca-file, --cert-file, --key-file, --timeout,"
      " --timeout-ms, --json) "
      "and exit codes: "
      "consentctl --help\n");
  return usage;
}

std::optional<int> BuildRequest(const Command& command, Args& args,
                                google::protobuf::Message& request) {
  const std::string file = args.Take("file");
  if (file.empty() && command.shape.file_required) {
    return ReportUsage(command, absl::InvalidArgumentError("--file is required"));
  }
  if (!file.empty()) {
    if (!command.shape.file_into)
      return ReportUsage(command, absl::InvalidArgumentError("unknown flag --file"));
    if (absl::Status s = ApplyFile(*command.shape.file_into, file, request); !s.ok())
      return ReportError(s);
  }
  const auto paths = FlagPaths(command);
  for (const auto& [flag, value] : args.flags) {
    auto it = paths.find(flag);
    if (it == paths.end())
      return ReportUsage(command,
                         absl::InvalidArgumentError(absl::StrCat("unknown flag --", flag)));
    if (absl::Status s = SetField(request, it->second, value); !s.ok())
      return ReportUsage(command, s);
  }
  if (args.words.size() != command.shape.positionals.size()) {
    return ReportUsage(command, absl::InvalidArgumentError(absl::StrCat(
                                    "expected ", command.shape.positionals.size(),
                                    " positional argument(s), got ", args.words.size())));
  }
  for (size_t i = 0; i < args.words.size(); ++i) {
    if (absl::Status s = SetField(request, command.shape.positionals[i], args.words[i]); !s.ok()) {
      return ReportUsage(command, absl::InvalidArgumentError(absl::StrCat(
                                      "<", Kebab(command.shape.positionals[i]), ">: '",
                                      args.words[i], "' is not a valid ",
                                      FieldType(*command.request, command.shape.positionals[i]))));
    }
  }
  return std::nullopt;
}

namespace {

bool json_errors = false;

ExitCode ExitCodeOf(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kNotFound:
      return kNotFound;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return kInvalid;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAborted:
      return kConflict;
    case absl::StatusCode::kUnavailable:
      return kUnavailable;
    default:
      return kServerError;
  }
}

void PrintJsonError(const std::string& code, const absl::Status& status, ExitCode exit_code) {
  nlohmann::ordered_json error = {{"code", code},
                                  {"message", std::string(status.message())},
                                  {"exitCode", static_cast<int>(exit_code)}};
  std::vector<wire::Violation> violations = wire::ViolationsOf(status);
  if (!violations.empty()) {
    error["violations"] = nlohmann::ordered_json::array();
    for (const wire::Violation& v : violations)
      error["violations"].push_back({{"field", v.field}, {"description", v.description}});
  }
  std::cout << nlohmann::ordered_json{{"error", error}}.dump(
                   -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
            << "\n";
}

}  // namespace

void SetJsonErrors(bool json) { json_errors = json; }

int ReportError(const absl::Status& status) {
  std::cerr << "error: " << absl::StatusCodeToString(status.code()) << ": " << status.message()
            << "\n";
  for (const wire::Violation& v : wire::ViolationsOf(status))
    std::cerr << "  " << v.field << ": " << v.description << "\n";
  const ExitCode exit_code = ExitCodeOf(status.code());
  if (json_errors) PrintJsonError(absl::StatusCodeToString(status.code()), status, exit_code);
  return exit_code;
}

int ReportUsage(const absl::Status& status) {
  std::cerr << "consentctl: " << status.message() << "\n";
  if (json_errors) PrintJsonError("USAGE", status, kUsage);
  return kUsage;
}

int ReportUsage(const Command& command, const absl::Status& status) {
  std::cerr << "consentctl " << command.Name() << ": " << status.message() << "\n\n"
            << command.Usage();
  if (json_errors) PrintJsonError("USAGE", status, kUsage);
  return kUsage;
}

int Print(const Context& ctx, const google::protobuf::Message& response) {
  if (ctx.json) {
    PrintJson(response, std::cout);
  } else {
    PrintHuman(response, std::cout);
  }
  return kOk;
}

}  // namespace consent::ctl
