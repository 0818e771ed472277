#!/usr/bin/env bash
# Installs vegeta (Go module), the constant-rate load generator of the bench targets, into
# .local/tools/bin the first time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
vegeta="$root/.local/tools/bin/vegeta"
version=v12.12.0

if [[ "$(go version -m "$vegeta" 2>/dev/null | awk '$1 == "mod" {print $3}')" != "$version" ]]; then
  command -v go >/dev/null || { echo "go is needed to build vegeta $version" >&2; exit 1; }
  echo "installing vegeta $version into .local/tools/bin" >&2
  GOBIN="$root/.local/tools/bin" go install "github.com/tsenart/vegeta/v12@$version"
fi
