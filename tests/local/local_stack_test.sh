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
person=$(curl -fsS -X POST "$http/v1/persons" -H 'Customer-Id: local-test' \
  -H 'Content-Type: application/json' -d '{"FirstName":"Ada"}')
id=$(echo "$person" | sed -n 's/.*"PersonId":\([0-9]*\).*/\1/p')
[ -n "$id" ] || fail "no PersonId in $person"
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT "$http/v1/persons/$id/consent" \
  -H 'Customer-Id: local-test' -H 'Content-Type: application/json' -d '{"status":"granted","medium":"email"}')
[ "$code" = 204 ] || fail "consent PUT answered $code"
stop

start
curl -fsS "$http/v1/persons/$id/consent" -H 'Customer-Id: local-test' | grep -q '"granted"' \
  || fail "consent lost across restart"
stop
echo "local stack: ok"
