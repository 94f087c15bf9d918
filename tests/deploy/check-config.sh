#!/usr/bin/env bash
# deploy_config_flags: every environment variable the Kubernetes manifests set (ConfigMap
# literals of deploy/k8s, DATABASE_URL) and every flag they pass is one the built binaries
# know, as their --help / --helpfull output shows.
#   usage: check-config.sh <source dir> <build dir>
set -euo pipefail
src=$(cd "${1:?source dir}" && pwd)
build=$(cd "${2:?build dir}" && pwd)
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

server=$build/server/consent-server
gateway=$build/gateway/consent-gateway
[ -x "$server" ] || { echo "FAIL: $server not built" >&2; exit 1; }
[ -x "$gateway" ] || { echo "FAIL: $gateway not built" >&2; exit 1; }
server_help=$("$server" --helpfull 2>&1 || true)
gateway_help=$("$gateway" --help 2>&1 || true)

# ConfigMap literals of base and overlays, plus the Secret-fed DATABASE_URL.
mapfile -t vars < <( (grep -rhoE '^\s*- [A-Z][A-Z0-9_]*=' "$src/deploy/k8s" | sed -E 's/^\s*- //; s/=$//'; echo DATABASE_URL) | sort -u)
for v in "${vars[@]}"; do
  case "$v" in
    GATEWAY_*) grep -qE "[[\$]$v\b" <<<"$gateway_help" || fail "consent-gateway --help does not know \$$v (set in deploy/k8s)" ;;
    *) grep -qE "[[\$]$v\b" <<<"$server_help" || fail "consent-server --help does not know $v (set in deploy/k8s)" ;;
  esac
done
# Flags the manifests pass on command lines.
while read -r flag; do
  name=${flag#--}
  grep -qE -- "--(${name}|${name//-/_})\b" <<<"$server_help" || fail "consent-server does not know $flag (deploy/k8s)"
done < <(grep -rhoE '"--[a-z][a-z0-9-]*"' "$src/deploy/k8s" | tr -d '"' | sort -u)

[ "$failures" -eq 0 ] || { echo "deploy_config_flags: $failures check(s) failed" >&2; exit 1; }
echo "deploy_config_flags: ${#vars[@]} environment variables and the manifests' flags are known to the binaries"
