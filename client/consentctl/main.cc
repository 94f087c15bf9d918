// consentctl: the consent API from the command line (see `consentctl --help`).
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <tuple>

#include <absl/strings/numbers.h>
#include <absl/time/time.h>

#include "client/consentctl/api_user_commands.h"
#include "client/consentctl/args.h"
#include "client/consentctl/commands.h"
#include "client/consentctl/dev_commands.h"
#include "client/consentctl/ledger_commands.h"

namespace consent::ctl {
namespace {

constexpr char kHelp[] = R"(usage: consentctl [global flags] <command> [arguments] [flags]

Global flags (anywhere on the line):
  --server HOST:PORT  consent-server address (env CONSENT_SERVER, default 127.0.0.1:50051)
  --tenant ID         tenant, sent as `customer-id` (env CONSENT_TENANT)
  --token TOKEN       bearer token, sent as `authorization` (env CONSENT_TOKEN)
  --basic USER:PASS   an API user's credentials, sent as `authorization: Basic` (env
                      CONSENT_BASIC); see `consentctl api-users`
  --data-dir DIR      the local stack's data directory: its development tenant and token
                      (DIR/auth/dev.env) stand in for --tenant and --token
  --ca-file FILE      call the server over TLS, verifying it with these PEM CAs
                      (env CONSENT_CA_FILE; default plaintext)
  --cert-file FILE    PEM client certificate for a server that requires one (mTLS), with
  --key-file FILE     its PEM private key (env CONSENT_CERT_FILE, CONSENT_KEY_FILE)
  --timeout DURATION  deadline per command, retries included: 10s, 500ms, or seconds (default 10s)
  --timeout-ms N      the same deadline in milliseconds
  --json              print the answer in the API's JSON mapping instead of a table
  --help, -h          help; `consentctl <command> --help` for a command's flags

Exit codes:
  0 ok, 1 other error (deadline exceeded, internal, ...), 2 usage error, 3 not found,
  4 invalid argument (each field violation is printed), 5 conflict or failed precondition
  (already exists, aborted), 6 server unavailable

Commands:
)";

std::string Env(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

void PrintCommands(const std::vector<Command>& commands, const std::string& group,
                   std::ostream& out) {
  for (const Command& c : commands) {
    if (group.empty() || c.group == group)
      out << "  " << c.Name() << std::string(c.Name().size() < 24 ? 24 - c.Name().size() : 1, ' ')
          << c.summary << "\n";
  }
}

// The command named by the first words of `args` (removed from it), or nullptr.
const Command* Find(const std::vector<Command>& commands, Args& args) {
  for (const Command& c : commands) {
    if (args.words.empty() || c.group != args.words[0]) continue;
    size_t used = c.verb.empty() ? 1 : (args.words.size() > 1 && args.words[1] == c.verb ? 2 : 0);
    if (used == 0) continue;
    args.words.erase(args.words.begin(), args.words.begin() + used);
    return &c;
  }
  return nullptr;
}

// NAME='value' lines of <data-dir>/auth/dev.env, as deploy/local/run writes them.
std::map<std::string, std::string> DevEnv(const std::string& data_dir) {
  std::map<std::string, std::string> values;
  if (data_dir.empty()) return values;
  std::ifstream in(data_dir + "/auth/dev.env");
  for (std::string line; std::getline(in, line);) {
    size_t eq = line.find('=');
    if (eq == std::string::npos || line[0] == '#') continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
      value = value.substr(1, value.size() - 2);
    }
    values[line.substr(0, eq)] = value;
  }
  return values;
}

absl::StatusOr<std::string> ReadFile(const std::string& flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError("--" + flag + ": cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// --ca-file turns TLS on; --cert-file and --key-file add a client certificate (mTLS).
absl::StatusOr<ClientTls> TlsFromFlags(Args& args) {
  const std::string ca = args.Take("ca-file", Env("CONSENT_CA_FILE", ""));
  const std::string cert = args.Take("cert-file", Env("CONSENT_CERT_FILE", ""));
  const std::string key = args.Take("key-file", Env("CONSENT_KEY_FILE", ""));
  ClientTls tls;
  if (ca.empty() && cert.empty() && key.empty()) return tls;
  if (ca.empty()) return absl::InvalidArgumentError("--cert-file and --key-file need --ca-file");
  if (cert.empty() != key.empty()) {
    return absl::InvalidArgumentError("a client certificate needs both --cert-file and --key-file");
  }
  tls.enabled = true;
  for (auto [flag, path, target] : {std::tuple{"ca-file", &ca, &tls.root_certs},
                                    {"cert-file", &cert, &tls.cert_chain},
                                    {"key-file", &key, &tls.private_key}}) {
    if (path->empty()) continue;
    absl::StatusOr<std::string> pem = ReadFile(flag, *path);
    if (!pem.ok()) return pem.status();
    *target = *std::move(pem);
  }
  return tls;
}

absl::StatusOr<absl::Duration> ParseTimeout(const std::string& text) {
  absl::Duration d;
  double seconds;
  if (absl::SimpleAtod(text, &seconds) && seconds > 0) return absl::Seconds(seconds);
  if (absl::ParseDuration(text, &d) && d > absl::ZeroDuration()) return d;
  return absl::InvalidArgumentError("--timeout: '" + text +
                                    "' is not a positive duration (10s, 500ms)");
}

int Run(std::vector<std::string> argv) {
  absl::StatusOr<Args> parsed = ParseArgs(argv);
  if (!parsed.ok()) {
    std::cerr << "consentctl: " << parsed.status().message() << "\n";
    return kUsage;
  }
  Args& args = *parsed;
  SetJsonErrors(args.json);
  std::vector<Command> commands = AllCommands();
  for (Command& api_users : ApiUserCommands()) commands.push_back(std::move(api_users));
  for (Command& dev : DevCommands()) commands.push_back(std::move(dev));
  for (Command& ledger : LedgerCommands()) commands.push_back(std::move(ledger));
  // The local stack's development identity: its tenant and token stand in for flags.
  const std::map<std::string, std::string> dev_env = DevEnv(args.Take("data-dir"));
  auto dev = [&](const char* name) {
    auto it = dev_env.find(name);
    return it == dev_env.end() ? std::string() : it->second;
  };
  ClientOptions options;
  options.address = args.Take("server", Env("CONSENT_SERVER", "127.0.0.1:50051"));
  options.tenant = args.Take("tenant", Env("CONSENT_TENANT", dev("CONSENT_DEV_TENANT")));
  options.basic = args.Take("basic", Env("CONSENT_BASIC", ""));
  // An explicit Basic credential wins over the development token.
  options.token = args.Take(
      "token", Env("CONSENT_TOKEN", options.basic.empty() ? dev("CONSENT_DEV_TOKEN") : ""));
  // They travel as gRPC metadata, which holds printable ASCII only (gRPC aborts otherwise).
  for (const auto& [flag, value] :
       {std::pair<const char*, const std::string*>{"--tenant", &options.tenant},
        {"--token", &options.token},
        {"--basic", &options.basic}}) {
    if (!std::all_of(value->begin(), value->end(), [](char c) { return c >= 0x20 && c < 0x7f; })) {
      return ReportUsage(
          absl::InvalidArgumentError(std::string(flag) + " may hold printable ASCII only"));
    }
  }
  absl::StatusOr<ClientTls> tls = TlsFromFlags(args);
  if (!tls.ok()) return ReportUsage(tls.status());
  options.tls = *std::move(tls);
  const std::string timeout_ms = args.Take("timeout-ms");
  const std::string timeout = timeout_ms.empty() ? args.Take("timeout", "10s") : timeout_ms + "ms";

  const std::string group = args.words.empty() ? "" : args.words[0];
  const Command* command = Find(commands, args);
  if (command == nullptr) {
    const bool known_group = std::any_of(commands.begin(), commands.end(),
                                         [&](const Command& c) { return c.group == group; });
    std::ostream& out = args.help ? std::cout : std::cerr;
    if (!group.empty() && !args.help)
      out << "consentctl: unknown command '" << group
          << (args.words.size() > 1 ? " " + args.words[1] : "") << "'\n\n";
    out << kHelp;
    PrintCommands(commands, known_group ? group : "", out);
    return args.help ? kOk : kUsage;
  }
  if (args.help) {
    std::cout << command->Usage();
    return kOk;
  }
  absl::StatusOr<absl::Duration> deadline = ParseTimeout(timeout);
  if (!deadline.ok()) return ReportUsage(*command, deadline.status());
  options.default_timeout = *deadline;
  Client client(options);
  Context ctx{client, {}, args.json};
  return command->run(ctx, args);
}

}  // namespace
}  // namespace consent::ctl

int main(int argc, char** argv) {
  return consent::ctl::Run(std::vector<std::string>(argv + 1, argv + argc));
}
