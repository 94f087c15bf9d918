#!/usr/bin/env bash
# Configures the project afresh with --graphviz and checks every direct link between our
# own targets against the layers. A target's layer is its folder, named by its prefix:
#   proto_*                        proto/     may link: nothing of ours
#   lib_*                          lib/       may link: proto, lib
#   server_*, consent-server       server/    may link: proto, lib, server
#   gateway_*, consent-gateway     gateway/   may link: proto, lib, gateway
#   client_*, consentctl, consent-loadgen
#                                  client/    may link: proto, lib, client
# Test targets (tests_*, *_test) may link anything and are not checked.
set -euo pipefail
source_dir=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -S "$source_dir" -B "$work/build" -G Ninja -DCONSENT_BUILD_TESTS=OFF \
      --graphviz="$work/graph.dot" >/dev/null

layer() {
  case $1 in
    proto_*) echo proto ;;
    lib_*) echo lib ;;
    server_*|consent-server) echo server ;;
    gateway_*|consent-gateway) echo gateway ;;
    client_*|consentctl|consent-loadgen) echo client ;;
    *) echo external ;;
  esac
}
allowed() {  # allowed FROM_LAYER TO_LAYER
  case "$1>$2" in
    *">external") return 0 ;;
    "lib>proto"|"lib>lib") return 0 ;;
    "server>proto"|"server>lib"|"server>server") return 0 ;;
    "gateway>proto"|"gateway>lib"|"gateway>gateway") return 0 ;;
    "client>proto"|"client>lib"|"client>client") return 0 ;;
    *) return 1 ;;
  esac
}

# graph.dot: `"node3" [ label = "server_db", ... ];` and `"node3" -> "node7" // ...`
declare -A name
while read -r node label; do name[$node]=$label; done < <(
  sed -n 's/^ *"\(node[0-9]*\)" \[ label = "\([^"]*\)".*/\1 \2/p' "$work/graph.dot")
[ ${#name[@]} -gt 10 ] || { echo "graphviz output has no targets"; exit 1; }

failures=0 checked=0
while read -r from to; do
  a=${name[$from]:-} b=${name[$to]:-}
  la=$(layer "$a") lb=$(layer "$b")
  [ "$la" = external ] && continue
  checked=$((checked + 1))
  if ! allowed "$la" "$lb"; then
    echo "layer violation: $a ($la/) links $b ($lb/)"
    failures=$((failures + 1))
  fi
done < <(sed -n 's/^ *"\(node[0-9]*\)" -> "\(node[0-9]*\)".*/\1 \2/p' "$work/graph.dot")

for required in proto_api lib_wire server_db server_app gateway_core client_library; do
  printf '%s\n' "${name[@]}" | grep -qx "$required" || { echo "no target $required"; failures=$((failures + 1)); }
done
echo "$checked links between our targets checked, $failures violations"
[ "$failures" -eq 0 ]
