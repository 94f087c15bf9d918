#!/usr/bin/env bash
# deploy/local/run as a new user runs it: ready line, a person + consent through REST,
# SIGTERM stops all three processes, a second start finds the data again.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
chmod 755 "$work"  # the postgres user must reach the data dir when we run as root
out="$work/out"
cleanup() { [ -n "${run_pid:-}" ] && kill -TERM "$run_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; cat "$work"/data/*.log >&2 2>/dev/null || true; exit 1; }

start() {
  : >"$out"
  "$root/deploy/local/run" --no-build --data-dir "$work/data" >"$out" 2>"$work/err" &
  run_pid=$!
  for _ in $(seq 1 600); do
    grep -q '^ready ' "$out" && break
    kill -0 "$run_pid" 2>/dev/null || fail "run exited: $(cat "$work/err")"
    sleep 0.1
  done
  grep -Eq '^ready http://127\.0\.0\.1:[0-9]+ grpc 127\.0\.0\.1:[0-9]+$' "$out" || fail "no ready line: $(cat "$out")"
  http=$(awk '{print $2}' "$out")
}

stop() {
  kill -TERM "$run_pid"
  wait "$run_pid" || fail "run exited non-zero on SIGTERM"
  run_pid=""
  if pgrep -f "$work/data" >/dev/null; then fail "processes left behind: $(pgrep -af "$work/data")"; fi
}

start
# The development identity the stack wrote, as a developer would use it.
. "$work/data/auth/dev.env"
[ -n "$CONSENT_DEV_TOKEN" ] && [ -n "$CONSENT_DEV_ADMIN_TOKEN" ] || fail "dev.env lacks tokens"
auth="Authorization: Bearer $CONSENT_DEV_TOKEN"
code=$(curl -s -o /dev/null -w '%{http_code}' "$http/v1/persons")
[ "$code" = 401 ] || fail "a call without a token answered $code"
person=$(curl -fsS -X POST "$http/v1/persons" -H "$auth" \
  -H 'Content-Type: application/json' -d '{"FirstName":"Ada"}')
id=$(echo "$person" | sed -n 's/.*"PersonId":\([0-9]*\).*/\1/p')
[ -n "$id" ] || fail "no PersonId in $person"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$http/v1/persons/$id/consent" \
  -H "$auth" -H 'Content-Type: application/json' -d '{"status":"granted","medium":"email"}')
[ "$code" = 204 ] || fail "consent PUT answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$http/v1/persons/$id" -H "$auth" -H 'Customer-Id: other')
[ "$code" = 403 ] || fail "naming another tenant answered $code"
code=$(curl -s -o /dev/null -w '%{http_code}' "$http/v1/persons/$id" \
  -H "Authorization: Bearer $CONSENT_DEV_ADMIN_TOKEN" -H "Customer-Id: $CONSENT_DEV_TENANT")
[ "$code" = 200 ] || fail "the platform admin reading the demo tenant answered $code"
"$root/build/client/consentctl/consentctl" --server "$(awk '{print $4}' "$out")" \
  --data-dir "$work/data" persons get "$id" >/dev/null || fail "consentctl --data-dir failed"
# A second stack on the same data directory refuses at once and leaves the first running.
if "$root/deploy/local/run" --no-build --data-dir "$work/data" >/dev/null 2>"$work/second"; then
  fail "a second stack on the same data directory started"
fi
grep -q "in use by another running stack" "$work/second" || fail "second stack: $(cat "$work/second")"
curl -fsS "$http/v1/persons/$id" -H "$auth" >/dev/null || fail "the first stack stopped serving"
stop

start
curl -fsS "$http/v1/persons/$id/consent" -H "$auth" | grep -q '"granted"' \
  || fail "consent lost across restart"
stop
echo "local stack: ok"
