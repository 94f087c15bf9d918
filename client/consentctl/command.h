#pragma once
// A consentctl subcommand: how its request is built from the command line and which client
// method it calls. Rpc() makes one from a consent::Client method, so every RPC command is
// a single table entry (commands.cc).
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <absl/status/statusor.h>

#include "client/consentctl/args.h"
#include "client/consentctl/output.h"
#include "client/lib/consent_client/client.h"

namespace consent::ctl {

// Exit codes (also in `consentctl --help`).
enum ExitCode {
  kOk = 0,
  kServerError = 1,
  kUsage = 2,
  kNotFound = 3,
  kInvalid = 4,
  kConflict = 5,
  kUnavailable = 6
};

struct Context {
  Client& client;
  CallOptions call;
  bool json = false;
};

// How the request message is filled in, in this order: `file_into` (JSON from --file, "-"
// for stdin) at that field path ("" = the whole request), then the --flags of the scalar
// fields of the request and of each message in `flags_from`, then `aliases` (flag -> field
// path), then the positional values into the `positionals` fields.
struct RequestShape {
  std::vector<std::string> positionals = {};
  std::vector<std::string> flags_from = {};
  std::vector<std::pair<std::string, std::string>> aliases = {};
  std::optional<std::string> file_into = std::nullopt;
  bool file_required = false;
};

struct Command {
  std::string group;    // "persons"
  std::string verb;     // "create"; "" for a command that is a group of its own ("health")
  std::string summary;  // first line of --help
  RequestShape shape;
  const google::protobuf::Descriptor* request = nullptr;  // nullptr: no generated flags
  std::function<int(Context&, Args&)> run = nullptr;
  std::string details = "";  // more --help text, for commands without a request message

  std::string Name() const { return verb.empty() ? group : group + " " + verb; }
  std::string Usage() const;  // "consentctl persons get <person-id>" + flag list
};

// Fills `request` from `args`. On failure reports it on stderr and returns the exit code:
// kUsage for unknown flags, wrong positional values or bad flag values, kInvalid for a
// --file that cannot be read or whose JSON does not fit the request.
std::optional<int> BuildRequest(const Command& command, Args& args,
                                google::protobuf::Message& request);

// Prints `status` on stderr (with its field violations) and returns its exit code.
int ReportError(const absl::Status& status);

// The text of file `name`, or of standard input for "-".
absl::StatusOr<std::string> ReadInput(const std::string& name);
// With --json, errors are also one JSON document on stdout (stderr keeps the text):
// {"error":{"code":"NOT_FOUND","message":"...","exitCode":3,"violations":[{"field":..,"description":..}]}}
// (code "USAGE" for a usage error). Set once, before any command runs.
void SetJsonErrors(bool json);
// A usage error of the command line as a whole (before a command is known).
int ReportUsage(const absl::Status& status);
int ReportUsage(const Command& command, const absl::Status& status);

int Print(const Context& ctx, const google::protobuf::Message& response);

template <typename Request, typename Response>
Command Rpc(std::string group, std::string verb, std::string summary, RequestShape shape,
            absl::StatusOr<Response> (Client::*method)(const Request&, const CallOptions&)) {
  Command command{std::move(group), std::move(verb),       std::move(summary),
                  std::move(shape), Request::descriptor(), nullptr};
  command.run = [command, method](Context& ctx, Args& args) {
    Request request;
    if (std::optional<int> failed = BuildRequest(command, args, request)) return *failed;
    absl::StatusOr<Response> response = (ctx.client.*method)(request, ctx.call);
    return response.ok() ? Print(ctx, *response) : ReportError(response.status());
  };
  return command;
}

}  // namespace consent::ctl
