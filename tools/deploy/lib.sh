# Shared by tools/deploy/*.sh: tool versions and where their binaries are cached.
HELM_VERSION=v3.17.3
K8S_VERSION=v1.34.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.7.0

# Outside the clone, so a fresh clone reuses the binaries (stripped); one folder per Kubernetes version
# (delete it after changing another version here).
k8s_cache_dir() {
  echo "${XDG_CACHE_HOME:-$HOME/.cache}/codex/k8s/$K8S_VERSION"
}

# Prints the path of helm, installing it (go install, ~1 min the first time) when missing.
# A stamp beside it records the version: a go-installed helm reports only "v3.17".
ensure_helm() {
  local bin
  bin="$(k8s_cache_dir)/bin"
  if [[ ! -x "$bin/helm" || "$(cat "$bin/helm.version" 2>/dev/null)" != "$HELM_VERSION" ]]; then
    echo "installing helm $HELM_VERSION into $bin" >&2
    mkdir -p "$bin"
    GOBIN="$bin" GOFLAGS="${GOFLAGS:-} -buildvcs=false -trimpath" CGO_ENABLED=0 \
      go install -ldflags="-s -w" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" >&2
    echo "$HELM_VERSION" >"$bin/helm.version"
  fi
  echo "$bin/helm"
}
