#!/usr/bin/env bash
# Every quoted include names its file from the repository root, and only files its layer
# may use; Abseil is included one way, <absl/...>.
set -euo pipefail
cd "$1"
failures=0
check() {  # check FOLDER ALLOWED_PREFIXES_REGEX
  local bad
  bad=$(grep -rn --include='*.cc' --include='*.h' '#include "' "$1" |
        grep -Ev "#include \"($2)/" || true)
  if [ -n "$bad" ]; then
    echo "includes in $1/ outside ${2//|/, }:"
    echo "$bad"
    failures=$((failures + 1))
  fi
}
check lib 'proto|lib'
check server 'proto|lib|server'
check gateway 'proto|lib|gateway'
check client 'proto|lib|client'
check tests 'proto|lib|server|gateway|client|tests'
bad=$(grep -rn --include='*.cc' --include='*.h' '#include "absl/' lib server gateway client tests || true)
if [ -n "$bad" ]; then
  echo "Abseil is included as <absl/...>:"
  echo "$bad"
  failures=$((failures + 1))
fi
# A quoted include that names no file of the tree (generated protobuf headers aside).
while IFS=: read -r file line include; do
  path=$(sed 's/.*#include "\([^"]*\)".*/\1/' <<<"$include")
  case $path in proto/*.pb.h) continue ;; esac
  if [ ! -f "$path" ]; then
    echo "$file:$line includes $path, which is no file from the repository root"
    failures=$((failures + 1))
  fi
done < <(grep -rn --include='*.cc' --include='*.h' '#include "' lib server gateway client tests)
echo "$failures include problems"
[ "$failures" -eq 0 ]
