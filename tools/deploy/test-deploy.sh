#!/usr/bin/env bash
# make test-deploy: the Helm chart against a real Kubernetes API server on 127.0.0.1.
#
# Starts etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok (a fake Node;
# kwok makes pods ready and completes Job pods) from binaries built once by k8s-build.sh and
# cached outside the clone; then, in a namespace of its own:
#   1. server-side dry-run (field validation strict) of every object helm renders, hooks included;
#   2. helm install --wait with deploy/helm/example-values.yaml: migration hook Jobs complete,
#      Deployments become ready, the hook Secrets and Jobs are gone afterwards;
#   3. helm upgrade --wait with tools/deploy/upgrade-values.yaml: replicas change, a new
#      Secret (existingSecret) replaces a created one, a new key reaches the issuer Secret;
#   4. helm uninstall --wait, and no object of the release is left.
# Every process is started here and stopped by its pid on exit; state lives in a temp dir.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
started=$SECONDS
bin="$(bash "$root/tools/deploy/k8s-build.sh")"
stages="$(dirname "$bin")/kwok-stages"
build_seconds=$((SECONDS - started))

tmp="$(mktemp -d "${TMPDIR:-/tmp}/codex-k8s.XXXXXX")"
pids=()
cleanup() {
  local status=$?
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if ((status != 0)); then
    echo "test-deploy failed; last lines of each server's log:" >&2
    for log in "$tmp"/*.log; do [[ -f "$log" ]] && { echo "--- $log" >&2; tail -n 15 "$log" >&2; }; done
  fi
  rm -rf "$tmp"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { echo "test-deploy [$((SECONDS - started))s] $*"; }
fail() { echo "test-deploy: $*" >&2; exit 1; }
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
start() { # name, command…: runs in the background with its log in $tmp
  local name="$1"
  shift
  "$@" >"$tmp/$name.log" 2>&1 &
  pids+=($!)
}
wait_for() { # what, seconds, command…
  local what="$1" deadline=$((SECONDS + $2))
  shift 2
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "timed out waiting for $what"
    sleep 0.5
  done
}

step "control plane binaries ready in ${build_seconds}s: $bin"
etcd_port="$(free_port)" etcd_peer="$(free_port)" api_port="$(free_port)"
cm_port="$(free_port)" sched_port="$(free_port)" kwok_port="$(free_port)"

# Credentials: a static admin token, the service-account signing key, self-signed serving certs.
token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
echo "$token,codex-ci-admin,1,system:masters" >"$tmp/tokens.csv"
openssl genrsa -out "$tmp/sa.key" 2048 2>/dev/null
openssl rsa -in "$tmp/sa.key" -pubout -out "$tmp/sa.pub" 2>/dev/null
kubeconfig="$tmp/kubeconfig"
cat >"$kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{ name: local, cluster: { server: "https://127.0.0.1:$api_port", insecure-skip-tls-verify: true } }]
users: [{ name: admin, user: { token: "$token" } }]
contexts: [{ name: local, context: { cluster: local, user: admin } }]
current-context: local
EOF
export KUBECONFIG="$kubeconfig"
kubectl() { "$bin/kubectl" "$@"; }
helm() { "$bin/helm" "$@"; }

start etcd "$bin/etcd" --name ci --data-dir "$tmp/etcd" --unsafe-no-fsync \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "ci=http://127.0.0.1:$etcd_peer" --log-level warn
wait_for etcd 30 curl -sf "http://127.0.0.1:$etcd_port/health"

start kube-apiserver "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
  --cert-dir "$tmp/certs" --token-auth-file "$tmp/tokens.csv" --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$tmp/sa.pub" --service-account-signing-key-file "$tmp/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --endpoint-reconciler-type none --profiling=false
wait_for kube-apiserver 90 curl -skf -H "Authorization: Bearer $token" "https://127.0.0.1:$api_port/readyz"
step "kube-apiserver ready on 127.0.0.1:$api_port"

start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig "$kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$cm_port" --leader-elect=false \
  --controllers '*,-nodeipam' \
  --service-account-private-key-file "$tmp/sa.key" --use-service-account-credentials=false \
  --concurrent-deployment-syncs 10 --concurrent-replicaset-syncs 10 --concurrent-gc-syncs 20
start kube-scheduler "$bin/kube-scheduler" --kubeconfig "$kubeconfig" \
  --bind-address 127.0.0.1 --secure-port "$sched_port" --leader-elect=false
kwok_configs=()
while IFS= read -r stage; do kwok_configs+=(--config "$stage"); done \
  < <(find "$stages" -name '*.yaml' ! -name kustomization.yaml | sort)
start kwok "$bin/kwok" --kubeconfig "$kubeconfig" "${kwok_configs[@]}" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --cidr 10.244.0.0/16 --node-ip 10.0.0.1 --server-address "127.0.0.1:$kwok_port"

kubectl apply -f - >/dev/null <<'EOF'
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations: { kwok.x-k8s.io/node: fake, node.alpha.kubernetes.io/ttl: "0" }
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    topology.kubernetes.io/zone: zone-a
    type: kwok
status:
  allocatable: { cpu: "32", memory: 128Gi, pods: "110" }
  capacity: { cpu: "32", memory: 128Gi, pods: "110" }
EOF
node_ready() {
  [[ "$(kubectl get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}')" == True ]]
}
wait_for "the fake node to be Ready" 60 node_ready
ns=codex-ci
kubectl create namespace "$ns" >/dev/null
wait_for "the default service account" 30 kubectl -n "$ns" get serviceaccount default
step "control plane and fake node ready"

chart="$root/deploy/helm/codex"
install_values=(-f "$root/deploy/helm/example-values.yaml")
upgrade_values=("${install_values[@]}" -f "$root/tools/deploy/upgrade-values.yaml")
release=codex

dry_run() { # values…: every rendered object, hooks included, through the API server's validation
  helm template "$release" "$chart" -n "$ns" "$@" >"$tmp/rendered.yaml"
  local count
  count="$(kubectl apply -n "$ns" --server-side --force-conflicts --field-manager codex-dry-run \
    --dry-run=server --validate=strict -f "$tmp/rendered.yaml" -o name | wc -l)"
  ((count > 50)) || fail "server-side dry-run accepted only $count objects"
  echo "$count"
}
accepted="$(dry_run "${install_values[@]}")"
step "server-side dry-run: $accepted objects of the install accepted"

helm install "$release" "$chart" -n "$ns" "${install_values[@]}" --wait --timeout 3m >"$tmp/install.out"
grep -q 'sign in' "$tmp/install.out" || fail "NOTES.txt does not say how to sign in"
step "helm install --wait: done; its notes:"
sed -n '/^NOTES:/,$p' "$tmp/install.out" | sed 's/^/    /'

services=(gateway aetherium hall-of-faces great-library engine-core oracle)
ready() { kubectl -n "$ns" get deployment "$release-$1" -o jsonpath='{.status.readyReplicas}'; }
desired() { kubectl -n "$ns" get deployment "$release-$1" -o jsonpath='{.spec.replicas}'; }
all_ready() {
  local svc
  for svc in "${services[@]}"; do
    [[ "$(ready "$svc")" -ge 1 && "$(ready "$svc")" == "$(desired "$svc")" ]] || return 1
  done
}
# helm --wait reads the ReplicaSets; a Deployment's own status can trail them by a moment.
# The HPA owns the count (no metrics server here, so it stays at the Deployment's 1).
wait_for "every Deployment to count all its replicas ready after install" 60 all_ready
for svc in "${services[@]}"; do kubectl -n "$ns" get hpa "$release-$svc" >/dev/null; done
hooks_gone() { [[ -z "$(kubectl -n "$ns" get jobs,secrets -o name | grep -- '-migrate$')" ]]; }
wait_for "the migration hook Jobs and Secrets to go after a successful install" 30 hooks_gone
kubectl -n "$ns" get secret "$release-oracle-db" >/dev/null

# The new Secret the upgrade switches oracle's database to.
kubectl -n "$ns" create secret generic codex-ci-oracle-db \
  --from-literal DATABASE_URL=postgres://oracle_v2:secret@10.20.0.15:5432/oracle >/dev/null
accepted="$(dry_run "${upgrade_values[@]}")"
step "server-side dry-run: $accepted objects of the upgrade accepted"
helm upgrade "$release" "$chart" -n "$ns" "${upgrade_values[@]}" --wait --timeout 3m >/dev/null
step "helm upgrade --wait: done"

[[ "$(kubectl -n "$ns" get deployment "$release-gateway" -o jsonpath='{.spec.replicas}')" == 3 ]] \
  || fail "the gateway did not scale to 3 replicas"
rolled_to_3() { # the old ReplicaSet's pods may still be going right after --wait
  [[ "$(kubectl -n "$ns" get deployment "$release-gateway" \
    -o jsonpath='{.status.replicas}/{.status.updatedReplicas}/{.status.readyReplicas}')" == 3/3/3 ]]
}
wait_for "the gateway to run 3 updated, ready replicas" 60 rolled_to_3
oracle_secret="$(kubectl -n "$ns" get deployment "$release-oracle" \
  -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="DATABASE_URL")].valueFrom.secretKeyRef.name}')"
[[ "$oracle_secret" == codex-ci-oracle-db ]] || fail "oracle reads DATABASE_URL from $oracle_secret"
if kubectl -n "$ns" get secret "$release-oracle-db" >/dev/null 2>&1; then
  fail "the Secret the chart created for oracle's database outlived the switch to existingSecret"
fi
kubectl -n "$ns" get secret "$release-issuer" -o jsonpath='{.data.BOOTSTRAP_OPERATOR_EMAIL}' | grep -q . \
  || fail "the issuer Secret did not get BOOTSTRAP_OPERATOR_EMAIL"

helm get manifest "$release" -n "$ns" >"$tmp/manifest.yaml"
kinds="$(kubectl api-resources --namespaced --verbs list -o name | grep -Ev '^(events|endpoints)($|\.)' | paste -sd, -)"
leftovers() { # every object of the release: by label across all namespaced kinds, and by name
  kubectl -n "$ns" get "$kinds" -l "app.kubernetes.io/instance=$release" -o name --ignore-not-found || return 2
  kubectl -n "$ns" get -f "$tmp/manifest.yaml" -o name --ignore-not-found || return 2
}
before="$(leftovers)"
(($(wc -l <<<"$before") > 60)) || fail "the leftover query sees only $(wc -l <<<"$before") objects of the installed release"
helm uninstall "$release" -n "$ns" --wait --timeout 2m >/dev/null
step "helm uninstall --wait: done"

deadline=$((SECONDS + 60))
until left="$(leftovers)" && [[ -z "$left" ]]; do
  ((SECONDS < deadline)) || fail "objects of the release left after uninstall: $(paste -sd' ' <<<"${left:-}")"
  sleep 1
done
step "no object of the release is left; install, upgrade and uninstall took $((SECONDS - started - build_seconds))s"
