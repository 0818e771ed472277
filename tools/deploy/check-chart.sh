#!/usr/bin/env bash
# Lints the Helm chart and renders it with the example values, failing on any error; then the
# chart's tests (tools/deploy/chart.test.mjs: network policies, schema refusals) and the
# compose file's check. Installs helm (Go module, cached outside the clone) the first time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tools/deploy/lib.sh
source "$root/tools/deploy/lib.sh"
helm="$(ensure_helm)"

chart="$root/deploy/helm/codex"
example=(-f "$root/deploy/helm/example-values.yaml")
"$helm" lint --strict "$chart" "${example[@]}"
rendered="$("$helm" template codex "$chart" "${example[@]}")"
expect_count() {
  local kind="$1" expected="$2" count
  count="$(grep -c "^kind: $kind$" <<<"$rendered")"
  [[ "$count" -eq "$expected" ]] || { echo "expected $expected ${kind}s in the rendered chart, got $count" >&2; exit 1; }
}
for kind in Deployment Service PodDisruptionBudget ServiceAccount HorizontalPodAutoscaler; do expect_count "$kind" 6; done
expect_count Job 5 # one migration job per database; the gateway has none
expect_count NetworkPolicy 7 # deny by default, then one per service
expect_count Ingress 1
if "$helm" template codex "$chart" >/dev/null 2>&1; then
  echo "the chart rendered without kafka, redis, database and key settings; it must refuse" >&2
  exit 1
fi
# The kustomize overlay's values (every secret from an existingSecret) render too.
"$helm" template codex "$chart" -f "$root/deploy/k8s/values.yaml" >/dev/null
HELM="$helm" node --test "$root/tools/deploy/chart.test.mjs"
bash "$root/tools/deploy/images.sh" check
bash "$root/tools/deploy/check-compose.sh"
echo "chart: lint clean, renders six services and five migration jobs, network policies and schema hold"
