#!/usr/bin/env bash
# The gateway's generated API description and reference page, against a real gateway (its
# backend is not needed: neither page calls it):
#   check-docs.sh openapi <gateway-binary> <work-dir>
#     GET /openapi.json validates as OpenAPI 3.1 with @apidevtools/swagger-parser (npm,
#     installed into <work-dir> on first run), and a broken copy does not (the check can fail).
#   check-docs.sh browser <gateway-binary> <work-dir> <source-dir>
#     Debian's chromium, headless, opens GET /docs (Swagger UI from deploy/install-docs-ui)
#     and finds every operation of /openapi.json rendered.
set -euo pipefail
mode=$1 gateway=$2 work=$3
mkdir -p "$work"
fail() { echo "check-docs $mode: $*" >&2; exit 1; }
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then command -v sudo >/dev/null || return 1; sudo="sudo -n"; fi
  echo "installing Debian packages: $*" >&2
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Starts the gateway (extra flags in "$@") and sets $base to its address.
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true' EXIT
start_gateway() {
  "$gateway" --listen 127.0.0.1:0 --backend 127.0.0.1:9 "$@" >"$work/gateway.out" \
    2>"$work/gateway.log" &
  pid=$!
  for _ in $(seq 1 200); do
    addr=$(sed -n 's/^listening http //p' "$work/gateway.out")
    [ -n "$addr" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/gateway.log" >&2; fail "the gateway exited"; }
    sleep 0.05
  done
  [ -n "$addr" ] || fail "the gateway did not start"
  base="http://$addr"
}

case "$mode" in
  openapi)
    command -v node >/dev/null || apt_install nodejs || fail "node is missing"
    command -v npm >/dev/null || apt_install npm || fail "npm is missing"
    npm_prefix="$work/npm"
    if [ ! -f "$npm_prefix/node_modules/@apidevtools/swagger-parser/package.json" ]; then
      mkdir -p "$npm_prefix"
      npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$npm_prefix" \
          @apidevtools/swagger-parser@^10 >&2 || fail "npm install swagger-parser failed"
    fi
    start_gateway
    curl -fsS "$base/openapi.json" >"$work/openapi.json" || fail "GET /openapi.json failed"
    validate() {
      NODE_PATH="$npm_prefix/node_modules" node -e '
        const SwaggerParser = require("@apidevtools/swagger-parser");
        SwaggerParser.validate(process.argv[1])
          .then(api => { console.log(`valid: OpenAPI ${api.openapi}, ${Object.keys(api.paths).length} paths`); })
          .catch(err => { console.error(err.message.slice(0, 2000)); process.exit(1); });' "$1"
    }
    validate "$work/openapi.json" || fail "the document does not validate"
    node -e 'const d = JSON.parse(require("fs").readFileSync(process.argv[1]));
      const op = Object.values(d.paths)[0]; Object.values(op)[0].responses = "none";
      require("fs").writeFileSync(process.argv[2], JSON.stringify(d));' \
      "$work/openapi.json" "$work/broken.json"
    if validate "$work/broken.json" 2>/dev/null; then fail "a broken document validated"; fi
    echo "check-docs openapi: ok" >&2
    ;;
  browser)
    src=$4
    command -v chromium >/dev/null || apt_install chromium || fail "chromium is missing"
    command -v node >/dev/null || apt_install nodejs || fail "node is missing"
    "$src/deploy/install-docs-ui" "$work/docs-ui"
    start_gateway --docs-dir "$work/docs-ui"
    curl -fsS "$base/openapi.json" >"$work/openapi.json" || fail "GET /openapi.json failed"
    # The page loads nothing but this origin: no network is needed beyond the gateway.
    chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
      --user-data-dir="$work/chromium-profile" --virtual-time-budget=30000 \
      --dump-dom "$base/docs" >"$work/docs.html" 2>"$work/chromium.log" \
      || { tail -n 20 "$work/chromium.log" >&2; fail "chromium failed"; }
    missing=$(node -e '
      const fs = require("fs");
      const doc = JSON.parse(fs.readFileSync(process.argv[1]));
      const dom = fs.readFileSync(process.argv[2], "utf8");
      let missing = [], n = 0;
      for (const ops of Object.values(doc.paths))
        for (const op of Object.values(ops)) {
          n++;
          // Swagger UI gives each operation block the id operations-<tag>-<operationId>.
          if (!dom.includes(`id="operations-${op.tags[0]}-${op.operationId}"`)) missing.push(op.operationId);
        }
      console.error(`${n - missing.length} of ${n} operations rendered`);
      console.log(missing.join(" "));' "$work/openapi.json" "$work/docs.html")
    [ -z "$missing" ] || fail "not rendered: $missing"
    echo "check-docs browser: ok" >&2
    ;;
  *) fail "unknown mode" ;;
esac
