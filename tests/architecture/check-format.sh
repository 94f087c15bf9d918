#!/usr/bin/env bash
# Every C++ file of the tree is as clang-format (the repository's .clang-format) writes it.
set -euo pipefail
cd "$1"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files --cached --others --exclude-standard '*.cc' '*.h')
else
  mapfile -t files < <(find lib server gateway client tests proto -name '*.cc' -o -name '*.h')
fi
clang-format --dry-run -Werror "${files[@]}"
echo "${#files[@]} files formatted"
