#!/usr/bin/env bash
# Builds the local Kubernetes control plane `make test-deploy` runs against, from Go
# modules only: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kubectl,
# kwok (fake nodes and pods) and helm. Binaries are cached outside the clone, under
# ${XDG_CACHE_HOME:-$HOME/.cache}/codex/k8s/<kubernetes version>/bin, so a fresh clone
# reuses them; a second call only checks that they are there. Prints the bin directory.
#
# etcd and kubernetes carry `replace` directives, so `go install mod@version` refuses
# them: each is built through a small wrapper module (docs/adr/0017).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=tools/deploy/lib.sh
source "$here/lib.sh"

cache="$(k8s_cache_dir)"
bin="$cache/bin"
mkdir -p "$bin"
log() { echo "k8s-build: $*" >&2; }
# Two checkouts building at once wait for each other instead of sharing a half-built folder.
exec 9>"$cache/.lock"
flock 9
have() { [[ -x "$bin/$1" ]]; }

export GOFLAGS="${GOFLAGS:-} -buildvcs=false -trimpath"
export CGO_ENABLED=0

ensure_helm >/dev/null

if ! have kwok || [[ ! -d "$cache/kwok-stages" ]]; then
  log "kwok $KWOK_VERSION"
  GOBIN="$bin" go install -ldflags="-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  stages="$(go env GOMODCACHE)/sigs.k8s.io/kwok@$KWOK_VERSION/kustomize/stage"
  rm -rf "$cache/kwok-stages.tmp" && mkdir -p "$cache/kwok-stages.tmp"
  for stage in node/fast node/heartbeat pod/fast; do
    mkdir -p "$cache/kwok-stages.tmp/$stage"
    cp "$stages/$stage"/*.yaml "$cache/kwok-stages.tmp/$stage/"
  done
  chmod -R u+w "$cache/kwok-stages.tmp"
  mv "$cache/kwok-stages.tmp" "$cache/kwok-stages"
fi

work="$cache/src"
if ! have etcd; then
  log "etcd $ETCD_VERSION (wrapper module)"
  mod="$work/etcd" && rm -rf "$mod" && mkdir -p "$mod"
  cat >"$mod/main.go" <<'EOF'
// Wrapper so etcd builds from its Go module despite its replace directives.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  (cd "$mod" && go mod init codex.local/etcd >/dev/null 2>&1 \
    && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" >/dev/null 2>&1 \
    && go mod tidy >/dev/null 2>&1 && go build -ldflags="-s -w" -o "$bin/etcd.tmp" . && mv "$bin/etcd.tmp" "$bin/etcd")
fi

components=(kube-apiserver kube-controller-manager kube-scheduler kubectl)
missing=()
for c in "${components[@]}"; do have "$c" || missing+=("$c"); done
if ((${#missing[@]})); then
  log "kubernetes $K8S_VERSION: ${missing[*]} (wrapper module; minutes the first time)"
  mod="$work/kubernetes" && rm -rf "$mod" && mkdir -p "$mod"
  (cd "$mod" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" >download.json)
  upstream="$(go env GOMODCACHE)/cache/download/k8s.io/kubernetes/@v/$K8S_VERSION.mod"
  staging="v0${K8S_VERSION#v1}"
  # The upstream go.mod, renamed, with every ./staging replace pointed at the published module.
  sed -e 's#^module k8s.io/kubernetes$#module codex.local/kubernetes#' \
    -e "s#^\(\s*\)\(k8s.io/[a-z0-9-]*\) => ./staging/src/k8s.io/[a-z0-9-]*#\1\2 => \2 $staging#" \
    "$upstream" >"$mod/go.mod"
  printf '\nrequire k8s.io/kubernetes %s\n' "$K8S_VERSION" >>"$mod/go.mod"
  {
    echo '//go:build tools'
    echo
    echo '// Keeps the commands in the build list; never compiled.'
    echo 'package tools'
    echo
    echo 'import ('
    for c in "${components[@]}"; do echo "	_ \"k8s.io/kubernetes/cmd/$c\""; done
    echo ')'
  } >"$mod/tools.go"
  rm -f "$mod/download.json"
  (cd "$mod" && go mod tidy >/dev/null)
  pkgs=()
  for c in "${missing[@]}"; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
  (cd "$mod" && go build -ldflags="-s -w" -o "$mod/out/" "${pkgs[@]}")
  for c in "${missing[@]}"; do mv "$mod/out/$c" "$bin/$c"; done
fi
echo "$bin"
