#include "client/consentctl/ledger_commands.h"

#include <iostream>

#include <nlohmann/json.hpp>

#include "lib/ledger/export_verifier.h"

namespace consent::ctl {
namespace {

// A JWKS document, or GET /v1/ledger/keys's answer ({"jwks": "<JWKS text>"}).
std::string JwksOf(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_object() && json.contains("jwks") && json["jwks"].is_string()) {
    return json["jwks"].get<std::string>();
  }
  return text;
}

int Verify(Context& context, Args& args) {
  if (args.words.size() != 1) {
    return ReportError(absl::InvalidArgumentError("ledger verify: one export file (or -)"));
  }
  auto text = ReadInput(args.words[0]);
  if (!text.ok()) return ReportError(text.status());
  std::optional<std::string> jwks;
  if (const std::string keys = args.Take("keys"); !keys.empty()) {
    auto keys_text = ReadInput(keys);
    if (!keys_text.ok()) return ReportError(keys_text.status());
    jwks = JwksOf(*keys_text);
  }
  auto items = ledger::ReadExport(*text);
  if (!items.ok()) return ReportError(items.status());
  auto check = ledger::VerifyExport(*items, jwks, args.Take("export-tenant"));
  if (!check.ok()) return ReportError(check.status());
  if (context.json) {
    std::cout << nlohmann::json{{"verified", check->broken.empty()},
                                {"broken", check->broken},
                                {"brokenEventId", check->broken_event_id},
                                {"chains", check->chains},
                                {"events", check->events},
                                {"checkpointSigned", check->checkpoint_signed},
                                {"chainInCheckpoint", check->chain_in_checkpoint}}
                     .dump()
              << "\n";
  } else if (check->broken.empty()) {
    std::cout << "verified: " << check->events << " events in " << check->chains << " chains"
              << (check->checkpoint_signed ? ", checkpoint signature valid" : "")
              << (check->chain_in_checkpoint ? ", chain head under the checkpoint's root" : "")
              << "\n";
  } else {
    std::cout << "NOT verified: " << check->broken << "\n";
  }
  return check->broken.empty() ? kOk : kInvalid;
}

}  // namespace

std::vector<Command> LedgerCommands() {
  Command verify{"ledger",
                 "verify",
                 "Verify an export's chains and checkpoint offline; names the first broken event.",
                 {}};
  verify.run = Verify;
  verify.details =
      " <export-file|->\n"
      "  --keys FILE           the ledger's JWKS (or GET /v1/ledger/keys's answer): check the\n"
      "                        checkpoint's signature too\n"
      "  --export-tenant ID    the tenant, for an export without a checkpoint\n"
      "Exit 0 when everything verifies, 4 when something does not (printed).\n";
  return {verify};
}

}  // namespace consent::ctl
