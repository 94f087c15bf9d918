#!/usr/bin/env bash
# Checks deploy/Dockerfile without a Docker engine.
#   check-image.sh dockerfile <source dir>
#       deploy_dockerfile: stages from Debian bookworm; the build stage uses deploy/install-deps,
#       CMake + Ninja + Release and `cmake --install` into /opt/consent; the runtime stage copies
#       /opt/consent, installs no build tools, runs as uid 10001 (non-root, numeric), exposes
#       50051 8080 9090 9091 and starts consent-server by default; every runtime package is a
#       real Debian package, installed on this machine at the version the build linked against;
#       then broken copies of the Dockerfile must each be rejected (checker self-test).
#   check-image.sh libraries <source dir> <build dir> <work dir>
#       deploy_image_libraries: `cmake --install <build dir>` into a temporary prefix gives the
#       layout the image copies (bin/consent-server, bin/consent-gateway, share/consent/
#       migrations/*.sql), and every shared library each installed binary needs maps (dpkg -S)
#       to a package the runtime stage names (libraries the binaries load directly), or to a
#       package of the debian:bookworm-slim base, or to a dependency of a named package
#       (libraries that come along indirectly). A library no package owns fails the test.
set -euo pipefail
mode=${1:?mode: dockerfile|libraries}
src=$(cd "${2:?source dir}" && pwd)
dockerfile="$src/deploy/Dockerfile"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
die() { echo "FAIL: $*" >&2; exit 1; }
[ -f "$dockerfile" ] || die "$dockerfile missing"

# Dockerfile with continuation lines joined and comments dropped, one instruction a line.
instructions() {
  sed -e 's/^[[:space:]]*#.*$//' "$dockerfile" | awk '
    { line = $0
      if (line ~ /\\[[:space:]]*$/) { sub(/\\[[:space:]]*$/, "", line); buf = buf line " "; next }
      buf = buf line; if (buf ~ /[^[:space:]]/) print buf; buf = "" }
    END { if (buf ~ /[^[:space:]]/) print buf }'
}
# Instructions of the last (runtime) stage.
runtime_stage() { instructions | awk 'toupper($1)=="FROM"{n++; buf=""} {buf = buf $0 "\n"} END{printf "%s", buf}'; }
# Packages the runtime stage installs with apt-get install.
runtime_packages() {
  runtime_stage | grep -iE '^RUN ' | tr ';&|' '\n\n\n' | grep -E 'apt-get( [^ ]+)* install' \
    | sed -E 's/.*apt-get( [^ ]+)* install//' | tr ' ' '\n' | grep -vE '^(-.*)?$' | sort -u
}

check_dockerfile() {
  local all runtime froms default_image
  all=$(instructions)
  runtime=$(runtime_stage)
  froms=$(grep -ciE '^FROM ' <<<"$all")
  [ "$froms" -ge 2 ] || fail "expected a multi-stage build (found $froms FROM)"
  default_image=$(grep -iE '^ARG DEBIAN_IMAGE=' <<<"$all" | head -1 | cut -d= -f2- | tr -d ' "')
  while read -r _ image rest; do
    image=${image//\$\{DEBIAN_IMAGE\}/$default_image}
    [[ "$image" =~ ^debian:bookworm(-slim)?(@sha256:[0-9a-f]{64})?$ ]] \
      || fail "stage image '$image' is not debian:bookworm(-slim)"
  done < <(grep -iE '^FROM ' <<<"$all")

  # build stage
  local build
  build=$(instructions | awk 'toupper($1)=="FROM"{n++} n==1')
  grep -qE 'deploy/install-deps' <<<"$build" || fail "build stage does not run deploy/install-deps"
  grep -qE 'COPY .*deploy/debian-packages.txt' <<<"$build" || fail "build stage does not copy deploy/debian-packages.txt"
  grep -qE 'cmake .*-G Ninja' <<<"$build" || fail "build stage does not configure with Ninja"
  grep -qE 'CMAKE_BUILD_TYPE=Release' <<<"$build" || fail "build stage is not a Release build"
  grep -qE 'cmake --install .*--prefix /opt/consent' <<<"$build" || fail "build stage does not cmake --install into /opt/consent"

  # runtime stage
  grep -qiE '^COPY --from=[^ ]+ /opt/consent /opt/consent' <<<"$runtime" || fail "runtime stage does not copy /opt/consent from the build stage"
  local user
  user=$(grep -iE '^USER ' <<<"$runtime" | tail -1 | awk '{print $2}')
  [ -n "$user" ] || fail "runtime stage sets no USER (would run as root)"
  local uid=${user%%:*} gid=${user#*:}
  [[ "$uid" =~ ^[0-9]+$ ]] || fail "USER '$user' is not numeric (Kubernetes runAsNonRoot cannot verify a name)"
  [ "$uid" != 0 ] || fail "USER is root"
  [ "$uid" = 10001 ] || fail "USER should be 10001 (the manifests' runAsUser), got $uid"
  [ "$gid" = "$user" ] || [ "$gid" != 0 ] || fail "USER group is root"
  grep -qE "useradd .*--uid $uid" <<<"$runtime" || fail "runtime stage creates no user with uid $uid"
  local exposed
  exposed=$(grep -iE '^EXPOSE ' <<<"$runtime" | cut -d' ' -f2- | tr ' ' '\n' | sed 's#/tcp##')
  for p in 50051 8080 9090 9091; do
    grep -qx "$p" <<<"$exposed" || fail "runtime stage does not EXPOSE $p"
  done
  grep -iE '^(CMD|ENTRYPOINT) ' <<<"$runtime" | grep -q 'consent-server' || fail "default command is not consent-server"
  grep -qE '^ENV PATH=/opt/consent/bin' <<<"$runtime" || fail "runtime PATH does not include /opt/consent/bin"

  local pkgs
  pkgs=$(runtime_packages)
  [ -n "$pkgs" ] || fail "runtime stage installs no packages"
  for p in ca-certificates libgrpc++1.51 libprotobuf32 libpqxx-6.4 libabsl20220623; do
    grep -qxF "$p" <<<"$pkgs" || fail "runtime stage does not install $p"
  done
  grep -q -- '--no-install-recommends' <<<"$runtime" || fail "runtime apt-get install without --no-install-recommends"
  grep -q 'rm -rf /var/lib/apt/lists' <<<"$runtime" || fail "runtime stage keeps the apt lists"
  while read -r p; do
    case "$p" in
      *-dev|build-essential|cmake|ninja-build|g++*|gcc*|protobuf-compiler*|pkg-config)
        fail "runtime stage installs build tool/package $p" ;;
    esac
    # The build links against the -dev packages of this machine (deploy/debian-packages.txt):
    # the runtime package must be the same Debian package, so it must be installed here.
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
      || fail "runtime package $p is not an installed Debian package here (misspelt or wrong version?)"
  done <<<"$pkgs"

  local ignore="$src/deploy/Dockerfile.dockerignore"
  if [ -f "$ignore" ]; then
    grep -qxE '/?build' "$ignore" || fail "Dockerfile.dockerignore does not exclude build/"
  else
    fail "deploy/Dockerfile.dockerignore missing (the build context would include build/)"
  fi
  echo "runtime packages: $(tr '\n' ' ' <<<"$pkgs")"
}

# Owner packages of shared library paths, with one dpkg -S for all of them (usrmerge: each
# path is also tried as /lib... and /usr/lib..., and resolved through symlinks).
declare -A OWNER=()
find_owners() {
  local f real cand line pkg path
  local -a cands=()
  local -A alias=()
  for f in "$@"; do
    real=$(readlink -f "$f")
    for cand in "$f" "$real" "${f#/usr}" "/usr$f" "${real#/usr}" "/usr$real"; do
      [ -n "${alias[$cand]:-}" ] || { alias[$cand]=$f; cands+=("$cand"); }
    done
  done
  while IFS= read -r line; do
    path=${line##*: }
    pkg=${line%: *}
    pkg=${pkg%%,*}
    pkg=${pkg%%:*}
    f=${alias[$path]:-}
    if [ -n "$f" ] && [ -z "${OWNER[$f]:-}" ]; then OWNER[$f]=$pkg; fi
  done < <(dpkg -S "${cands[@]}" 2>/dev/null || true)
}

# Installed packages reachable through Depends/Pre-Depends from the arguments (every
# alternative of an "a | b" dependency counts; virtual packages are followed by name only).
dependency_closure() {
  dpkg-query -W -f='${Package}\t${Depends}, ${Pre-Depends}\n' | awk -F'\t' -v roots="$*" '
    { deps = $2; gsub(/\([^)]*\)/, "", deps); gsub(/:any/, "", deps); gsub(/[|]/, ",", deps)
      gsub(/[ \t]/, "", deps); graph[$1] = deps }
    END {
      n = split(roots, queue, " "); head = 1
      while (head <= n) {
        p = queue[head++]; if (p == "" || (p in seen)) continue
        seen[p] = 1; print p
        m = split(graph[p], ds, ",")
        for (i = 1; i <= m; i++) if (ds[i] != "" && !(ds[i] in seen)) queue[++n] = ds[i]
      }
    }'
}

check_libraries() {
  local build=${3:?build dir} work=${4:?work dir}
  [ -f "$build/CMakeCache.txt" ] || die "no configured build in $build"
  command -v dpkg >/dev/null || die "dpkg missing: this check needs a Debian machine"
  mkdir -p "$work"
  prefix=$(mktemp -d "$work/install.XXXXXX")
  trap 'rm -rf "$prefix"' EXIT
  cmake --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 \
    || { tail -20 "$work/install.log" >&2; die "cmake --install $build failed (is everything built?)"; }

  for b in consent-server consent-gateway; do
    [ -x "$prefix/bin/$b" ] || fail "cmake --install does not install bin/$b (the image needs it)"
  done
  [ -x "$prefix/bin/consentctl" ] || echo "note: bin/consentctl not installed (yet)" >&2
  ls "$prefix"/share/consent/migrations/*.sql >/dev/null 2>&1 \
    || fail "cmake --install does not install share/consent/migrations/*.sql"

  local named base closure
  named=$(runtime_packages)
  [ -n "$named" ] || die "could not read the runtime stage's packages"
  # debian:bookworm-slim: the Essential and Priority: required packages and apt, with their
  # dependencies (libc6, libgcc-s1, libstdc++6, zlib1g, ...).
  # shellcheck disable=SC2046
  base=$(dependency_closure apt $(dpkg-query -W -f='${Package} ${Essential} ${Priority}\n' \
           | awk '$2=="yes" || $3=="required" {print $1}') | sort -u)
  # shellcheck disable=SC2086
  closure=$(dependency_closure $named $base | sort -u)

  local bin lib path pkg checked=0 ldd_out needed
  local -a bins=() paths=()
  for bin in "$prefix"/bin/*; do
    readelf -h "$bin" >/dev/null 2>&1 && bins+=("$bin")   # skip scripts, if any
  done
  [ ${#bins[@]} -gt 0 ] || die "no ELF binary installed in bin/"
  mkdir -p "$work/ldd"
  for bin in "${bins[@]}"; do
    ldd "$bin" >"$work/ldd/$(basename "$bin")" 2>&1 || fail "ldd $bin failed: $(cat "$work/ldd/$(basename "$bin")")"
    mapfile -t -O ${#paths[@]} paths < <(awk '$2=="=>" && $3 ~ /^\// {print $3}' "$work/ldd/$(basename "$bin")")
  done
  find_owners $(printf '%s\n' "${paths[@]}" | sort -u)

  for bin in "${bins[@]}"; do
    ldd_out=$(cat "$work/ldd/$(basename "$bin")")
    if grep -q 'not found' <<<"$ldd_out"; then
      fail "$(basename "$bin"): unresolved libraries: $(grep 'not found' <<<"$ldd_out" | tr '\n' ' ')"
    fi
    needed=$(readelf -d "$bin" | awk '/NEEDED/{gsub(/[\[\]]/, "", $5); print $5}')
    while read -r lib path; do
      [ -n "$path" ] || continue
      checked=$((checked + 1))
      pkg=${OWNER[$path]:-}
      if [ -z "$pkg" ]; then
        fail "$(basename "$bin"): $lib ($path) belongs to no Debian package"
        continue
      fi
      if grep -qxF "$lib" <<<"$needed"; then
        # Loaded directly: the runtime stage must name the package (or the base has it).
        grep -qxF "$pkg" <<<"$named" || grep -qxF "$pkg" <<<"$base" \
          || fail "$(basename "$bin") needs $lib from $pkg, which the runtime stage does not install"
      else
        grep -qxF "$pkg" <<<"$closure" \
          || fail "$(basename "$bin") loads $lib from $pkg, which no runtime package depends on"
      fi
    done < <(awk '$2=="=>" && $3 ~ /^\// {print $1, $3}' <<<"$ldd_out")
    echo "$(basename "$bin"): $(wc -l <<<"$needed") direct, $(grep -c '=> /' <<<"$ldd_out") resolved libraries checked"
  done
  [ "$checked" -gt 0 ] || fail "no shared library was checked"
}

# Broken copies of the Dockerfile must each be rejected, so that a pass means something.
selftest_dockerfile() {
  local tmp mutation n=0
  tmp=$(mktemp -d)
  mkdir -p "$tmp/deploy"
  cp "$src/deploy/Dockerfile.dockerignore" "$tmp/deploy/" 2>/dev/null || true
  while IFS= read -r mutation; do
    sed -E "$mutation" "$dockerfile" >"$tmp/deploy/Dockerfile"
    if CHECK_IMAGE_SELFTEST=1 bash "$0" dockerfile "$tmp" >/dev/null 2>&1; then
      fail "self-test: the checker accepted a Dockerfile changed by sed '$mutation'"
    fi
    n=$((n + 1))
  done <<'MUTATIONS'
s/^USER .*/USER root/
s/^USER .*//
s/^USER .*/USER 0:0/
s/^(      )libpqxx-6.4/\1libpqxx-dev/
s/^(      )libabsl20220623 /\1/
s/^EXPOSE .*/EXPOSE 50051/
s/^CMD .*/CMD ["bash"]/
s/bookworm-slim/ubuntu:24.04/
s/-G Ninja//
s#^COPY --from=build /opt/consent /opt/consent#COPY --from=build /src /src#
MUTATIONS
  rm -rf "$tmp"
  echo "self-test: $n broken Dockerfiles rejected"
}

case "$mode" in
  dockerfile) check_dockerfile; [ -n "${CHECK_IMAGE_SELFTEST:-}" ] || [ "$failures" -gt 0 ] || selftest_dockerfile ;;
  libraries) check_libraries "$@" ;;
  *) die "unknown mode $mode" ;;
esac
if [ "$failures" -gt 0 ]; then
  echo "deploy $mode: $failures check(s) failed" >&2
  exit 1
fi
echo "deploy $mode: all checks passed"
