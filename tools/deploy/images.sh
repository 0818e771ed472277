#!/usr/bin/env bash
# The service images (deploy/images/<service>.Dockerfile, one per service, written from
# Dockerfile.template so they cannot drift apart).
#   images.sh write   rewrite the Dockerfiles from the template
#   images.sh check   fail when one is stale (run by make check-chart)
#   images.sh build   docker build every image, tagged <registry>/<service>:<appVersion>
#                     (skips with a message where there is no docker)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$root/deploy/images"
services=(gateway aetherium hall-of-faces great-library engine-core oracle)

render() { # the Dockerfile of a service
  local extra_build='' extra_copy=''
  if [[ "$1" == gateway ]]; then
    # The gateway also serves the web console at /: build it when the project exists.
    extra_build=' \\\n \&\& if [ -f apps/console/project.json ]; then NX_DAEMON=false npx nx run console:build --output-style=static; fi'
    extra_copy=' \\\n \&\& if [ -d apps/console/dist ]; then mkdir -p /out/apps/console \&\& cp -a apps/console/dist /out/apps/console/; fi'
  fi
  sed -e "s/@SERVICE@/$1/g" -e "s#@EXTRA_BUILD@#$extra_build#" -e "s#@EXTRA_COPY@#$extra_copy#" "$dir/Dockerfile.template"
}

case "${1:-}" in
  write)
    for s in "${services[@]}"; do render "$s" >"$dir/$s.Dockerfile"; done
    echo "wrote ${#services[@]} Dockerfiles under deploy/images"
    ;;
  check)
    for s in "${services[@]}"; do
      diff -q <(render "$s") "$dir/$s.Dockerfile" >/dev/null \
        || { echo "deploy/images/$s.Dockerfile is stale: run bash tools/deploy/images.sh write" >&2; exit 1; }
    done
    echo "images: ${#services[@]} Dockerfiles match deploy/images/Dockerfile.template"
    ;;
  build)
    if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
      echo "make images: skipped, no docker engine reachable here (the Dockerfiles are deploy/images/*.Dockerfile)"
      exit 0
    fi
    chart="$root/deploy/helm/codex/Chart.yaml"
    version="$(sed -n "s/^appVersion: *['\"]\{0,1\}\([^'\"]*\)['\"]\{0,1\}$/\1/p" "$chart")"
    registry="${IMAGE_REGISTRY:-$(sed -n 's/^  registry: *//p' "$root/deploy/helm/codex/values.yaml")}"
    for s in "${services[@]}"; do
      echo "building $registry/$s:$version"
      docker build -f "$dir/$s.Dockerfile" -t "$registry/$s:$version" "$root"
    done
    ;;
  *)
    echo "usage: $0 write|check|build" >&2
    exit 64
    ;;
esac
