#!/usr/bin/env bash
# Lints the Helm chart and renders it with example values, failing on any error.
# Installs helm (Go module) into .local/tools/bin the first time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
helm="$root/.local/tools/bin/helm"
version=v3.17.3

if [[ "$("$helm" version --template '{{.Version}}' 2>/dev/null)" != "$version" ]]; then
  echo "installing helm $version into .local/tools/bin" >&2
  GOBIN="$root/.local/tools/bin" go install "helm.sh/helm/v3/cmd/helm@$version"
fi

chart="$root/deploy/helm/codex"
example=(--set kafka.brokers=kafka:9092 --set redis.url=redis://redis:6379/0)
"$helm" lint --strict "$chart" "${example[@]}"
rendered="$("$helm" template codex "$chart" "${example[@]}")"
expect_count() {
  local kind="$1" expected="$2" count
  count="$(grep -c "^kind: $kind$" <<<"$rendered")"
  [[ "$count" -eq "$expected" ]] || { echo "expected $expected ${kind}s in the rendered chart, got $count" >&2; exit 1; }
}
for kind in Deployment Service PodDisruptionBudget; do expect_count "$kind" 6; done
expect_count Job 5 # one migration job per database; the gateway has none
if "$helm" template codex "$chart" >/dev/null 2>&1; then
  echo "the chart rendered without kafka.brokers and redis.url; it must refuse" >&2
  exit 1
fi
echo "chart: lint clean, renders six services and five migration jobs, refuses missing settings"
