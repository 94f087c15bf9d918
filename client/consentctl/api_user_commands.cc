#include "client/consentctl/api_user_commands.h"

#include <absl/strings/str_split.h>

namespace consent::ctl {
namespace {

// `create <user_name> --scopes "a b"`: by hand, since a repeated field is no --flag.
int Create(Context& ctx, Args& args) {
  v1::CreateApiUserRequest request;
  const std::string scopes = args.Take("scopes");
  if (args.words.size() != 1 || scopes.empty() || !args.flags.empty()) {
    std::cerr << "consentctl api-users create: expected <user-name> --scopes \"SCOPE ...\" (see"
                 " --help)\n";
    return kUsage;
  }
  request.set_user_name(args.words[0]);
  for (absl::string_view scope : absl::StrSplit(scopes, absl::ByAnyChar(" ,"), absl::SkipEmpty())) {
    request.add_scopes(std::string(scope));
  }
  absl::StatusOr<v1::ApiUserCredentials> created = ctx.client.CreateApiUser(request, ctx.call);
  return created.ok() ? Print(ctx, *created) : ReportError(created.status());
}

}  // namespace

std::vector<Command> ApiUserCommands() {
  std::vector<Command> all;
  Command create{"api-users",
                 "create",
                 "Create an API user of the tenant; prints its generated password, once.",
                 {}};
  create.run = Create;
  create.details =
      "\n  consentctl api-users create <user-name> --scopes \"SCOPE ...\"\n"
      "  --scopes  the API scopes its calls may use, space- or comma-separated\n"
      "            (e.g. \"contacts:persons:read contacts:persons:write\")\n"
      "Clients then send `Authorization: Basic base64(<user-name>:<password>)`, or\n"
      "`consentctl --basic <user-name>:<password> ...`.\n";
  all.push_back(create);
  all.push_back(Rpc("api-users", "rotate",
                    "Give an API user a new generated password (printed once); the old one stops"
                    " working.",
                    {.positionals = {"user_name"}}, &Client::RotateApiUserPassword));
  all.push_back(Rpc("api-users", "delete", "Delete an API user.", {.positionals = {"user_name"}},
                    &Client::DeleteApiUser));
  all.push_back(Rpc("api-users", "list", "List the tenant's API users (never their passwords).", {},
                    &Client::ListApiUsers));
  return all;
}

}  // namespace consent::ctl
