#!/usr/bin/env bash
# deploy_k8s_manifests: renders deploy/k8s (base and each overlay) with `kubectl kustomize`,
# validates every object offline against the Kubernetes API schemas (npm kubernetes-models)
# and checks the security settings, probes, ports, Secret reference, HPA/PDB/NetworkPolicy/Job
# (tests/deploy/check-manifests.cjs), then makes sure the checker rejects deliberately broken
# renderings (check-manifests-selftest.cjs). Fails - never skips - when a tool is missing and
# cannot be installed.
#   usage: check-k8s.sh <source dir> <work dir>
set -euo pipefail
src=$(cd "${1:?source dir}" && pwd)
work=${2:?work dir}
mkdir -p "$work"
work=$(cd "$work" && pwd)
here=$(cd "$(dirname "$0")" && pwd)

fail() { echo "FAIL: $*" >&2; exit 1; }

# Debian packages, installed only when the command is missing (not by package name: this
# machine's kubectl and node come from other packages that conflict with Debian's).
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || return 1
    sudo="sudo -n"
  fi
  echo "installing Debian packages: $*" >&2
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}
command -v kubectl >/dev/null || apt_install kubernetes-client \
  || fail "kubectl is missing and Debian's kubernetes-client could not be installed"
command -v node >/dev/null || apt_install nodejs \
  || fail "node is missing and Debian's nodejs could not be installed"
command -v npm >/dev/null || apt_install npm \
  || fail "npm is missing and Debian's npm could not be installed"
command -v kubectl >/dev/null || fail "kubectl still missing"
command -v node >/dev/null || fail "node still missing"
command -v npm >/dev/null || fail "npm still missing"
echo "kubectl: $(kubectl version --client 2>/dev/null | head -2 | tr '\n' ' ')" >&2
echo "node: $(node --version)" >&2

# Schema models and a YAML parser, into the build tree (never committed).
npm_prefix="$work/npm"
if [ ! -f "$npm_prefix/node_modules/kubernetes-models/package.json" ] \
   || [ ! -f "$npm_prefix/node_modules/yaml/package.json" ]; then
  mkdir -p "$npm_prefix"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$npm_prefix" \
      kubernetes-models@^4 yaml@^2 >&2 \
    || fail "npm install kubernetes-models yaml failed"
fi
echo "kubernetes-models: $(node -p "require('$npm_prefix/node_modules/kubernetes-models/package.json').version")" >&2

k8s="$src/deploy/k8s"
# Debian's kubectl 1.20 embeds kustomize v2.0.3, older than kustomization directories in
# `resources` and than `patches`: there, render a copy translated to its syntax (`bases`,
# `patchesStrategicMerge`). Current kubectl renders the files as they are, without a warning.
minor=$(kubectl version --client -o json 2>/dev/null | sed -n 's/.*"minor": *"\([0-9]*\).*/\1/p' | head -n 1)
legacy=$([ "${minor:-99}" -lt 21 ] && echo 1 || echo 0)
if [ "$legacy" = 1 ]; then
  rm -rf "$work/k8s-v2" && cp -r "$k8s" "$work/k8s-v2" && k8s="$work/k8s-v2"
  for file in "$k8s"/overlays/*/kustomization.yaml; do
    perl -0pi -e 's{resources:\n  - \.\./\.\./base\n}{bases:\n  - ../../base\nresources:\n}; s{patches:\n  - path: }{patchesStrategicMerge:\n  - }' "$file"
  done
fi
status=0
for target in base overlays/dev overlays/prod; do
  name=${target#overlays/}
  out="$work/rendered-$name.yaml"
  if ! kubectl kustomize "$k8s/$target" >"$out" 2>"$work/rendered-$name.err"; then
    cat "$work/rendered-$name.err" >&2
    fail "kubectl kustomize $target failed"
  fi
  if [ "$legacy" = 0 ] && [ -s "$work/rendered-$name.err" ]; then
    cat "$work/rendered-$name.err" >&2
    fail "kubectl kustomize $target printed warnings"
  fi
  echo "== $target: $(grep -c '^kind:' "$out") objects rendered to $out" >&2
  node "$here/check-manifests.cjs" "$npm_prefix" "$name" "$out" || status=1
done
[ "$status" -eq 0 ] || fail "manifest checks failed (see above)"

# The checker itself: broken copies of the prod rendering must each be rejected.
mkdir -p "$work/selftest"
node "$here/check-manifests-selftest.cjs" "$npm_prefix" prod "$work/rendered-prod.yaml" "$work/selftest" \
  || fail "check-manifests.cjs let a broken manifest through"
echo "deploy_k8s_manifests: all checks passed"
