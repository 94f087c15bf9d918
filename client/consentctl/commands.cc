#include "client/consentctl/commands.h"

#include <absl/strings/str_cat.h>

namespace consent::ctl {
namespace {

int Health(Context& ctx, Args& args) {
  const std::string service = args.Take("service");
  if (!args.flags.empty() || !args.words.empty()) {
    std::cerr << "consentctl health: unexpected arguments (see --help)\n";
    return kUsage;
  }
  absl::Status status = ctx.client.CheckHealth(service, ctx.call);
  if (!status.ok()) return ReportError(status);
  std::cout << (ctx.json ? "{\"status\":\"SERVING\"}" : "SERVING") << "\n";
  return kOk;
}

// The six commands of one list-item kind (purposes, sources, legal-bases).
template <typename Create, typename Get, typename Update, typename Patch, typename Delete,
          typename List>
void AddListItemCommands(std::vector<Command>& out, const std::string& group,
                         const std::string& noun, Create create, Get get, Update update,
                         Patch patch, Delete remove, List list) {
  out.push_back(
      Rpc(group, "create", absl::StrCat("Create a ", noun, "."), {.file_into = ""}, create));
  out.push_back(
      Rpc(group, "get", absl::StrCat("Read one ", noun, "."), {.positionals = {"id"}}, get));
  out.push_back(
      Rpc(group, "update",
          absl::StrCat("Replace a ", noun, " (PUT: fields not given are reset; see patch)."),
          {.positionals = {"id"}, .flags_from = {"item"}, .file_into = "item"}, update));
  out.push_back(
      Rpc(group, "patch",
          absl::StrCat("Change a ", noun, " with a JSON Patch (array) or merge patch (object)."),
          {.positionals = {"id"}, .file_into = "patch", .file_required = true}, patch));
  out.push_back(Rpc(group, "delete",
                    absl::StrCat("Delete a ", noun, " (soft: Deleted becomes true)."),
                    {.positionals = {"id"}}, remove));
  out.push_back(Rpc(group, "list", absl::StrCat("List ", noun, "s, one page."), {}, list));
}

}  // namespace

std::vector<Command> AllCommands() {
  std::vector<Command> all;
  Command health{
      "health", "", "Ask the server for its gRPC health (grpc.health.v1 Health/Check).", {}};
  health.run = Health;
  health.details =
      "\n  --service NAME  one service's health: \"\" (default) = the whole server, \"liveness\"\n"
      "Prints SERVING and exits 0, or exits 1.\n";
  all.push_back(health);

  all.push_back(Rpc("persons", "create",
                    "Create a person (with a generated request id, so retries are safe).",
                    {.flags_from = {"person"}}, &Client::CreatePerson));
  all.push_back(
      Rpc("persons", "get", "Read a person.", {.positionals = {"person_id"}}, &Client::GetPerson));
  all.push_back(Rpc("persons", "list", "List persons, one page.", {}, &Client::ListPersons));
  all.push_back(Rpc("persons", "delete", "Delete a person.", {.positionals = {"person_id"}},
                    &Client::DeletePerson));

  all.push_back(Rpc("consent", "set", "Record a person's data-consent decision.",
                    {.positionals = {"person_id"}, .flags_from = {"consent"}},
                    &Client::SetPersonConsent));
  all.push_back(Rpc("consent", "get", "Read a person's current data consent.",
                    {.positionals = {"person_id"}}, &Client::GetPersonConsent));
  all.push_back(Rpc("consent", "history", "Every change to a person's consent, newest first.",
                    {.positionals = {"person_id"}}, &Client::ListConsentHistory));

  all.push_back(
      Rpc("consent-person", "save",
          "Save a ConsentPerson (consent-person-id 0 or absent creates; any other id updates).",
          {.flags_from = {"consent_person"},
           .aliases = {{"purpose-id", "consent_person.consent_purpose.consent_purpose_id"},
                       {"legal-base-id", "consent_person.legal_base.legal_base_id"},
                       {"source-id", "consent_person.consent_source.consent_source_id"}},
           .file_into = "consent_person"},
          &Client::SaveConsentPerson));
  all.push_back(Rpc("consent-person", "get", "Read a ConsentPerson.",
                    {.positionals = {"consent_person_id"}}, &Client::GetConsentPerson));

  AddListItemCommands(all, "purposes", "consent purpose", &Client::CreateConsentPurpose,
                      &Client::GetConsentPurpose, &Client::UpdateConsentPurpose,
                      &Client::PatchConsentPurpose, &Client::DeleteConsentPurpose,
                      &Client::ListConsentPurposes);
  AddListItemCommands(all, "sources", "consent source", &Client::CreateConsentSource,
                      &Client::GetConsentSource, &Client::UpdateConsentSource,
                      &Client::PatchConsentSource, &Client::DeleteConsentSource,
                      &Client::ListConsentSources);
  AddListItemCommands(all, "legal-bases", "legal base", &Client::CreateLegalBase,
                      &Client::GetLegalBase, &Client::UpdateLegalBase, &Client::PatchLegalBase,
                      &Client::DeleteLegalBase, &Client::ListLegalBases);

  all.push_back(Rpc("consent-types", "create",
                    "Create consent types, all or none, from JSON like {\"ConsentTypes\": [...]} "
                    "(the POST /{clientId}/ConsentTypes body). client-id defaults to --tenant.",
                    {.file_into = "", .file_required = true}, &Client::CreateConsentTypes));
  all.push_back(Rpc("consent-types", "get", "Read a consent type.", {.positionals = {"type_id"}},
                    &Client::GetConsentType));
  all.push_back(
      Rpc("consent-types", "list", "List consent types, one page.", {}, &Client::ListConsentTypes));
  all.push_back(
      Rpc("consent-types", "patch",
          "Change a consent type with a JSON Patch (array) or merge patch (object), atomically.",
          {.positionals = {"type_id"}, .file_into = "patch", .file_required = true},
          &Client::PatchConsentType));
  return all;
}

}  // namespace consent::ctl
