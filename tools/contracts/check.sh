#!/usr/bin/env bash
# Event contracts: buf lint, generated TypeScript up to date, no breaking change
# against main (or BUF_AGAINST, e.g. '.git#ref=HEAD~1').
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

buf lint
buf generate
if ! git diff --quiet --exit-code -- libs/contracts/src/gen || [[ -n "$(git ls-files --others --exclude-standard libs/contracts/src/gen)" ]]; then
  echo "libs/contracts/src/gen is stale: run make contracts and commit the result" >&2
  git status --short -- libs/contracts/src/gen >&2
  exit 1
fi

against="${BUF_AGAINST:-.git#branch=main}"
if git ls-tree -d --name-only main -- proto >/dev/null 2>&1 && [[ -n "$(git ls-tree -d --name-only main -- proto)" ]]; then
  buf breaking --against "$against"
else
  echo "buf breaking: main has no proto/ yet, nothing to compare against"
fi
echo "contracts: lint clean, generated code fresh, no breaking change against $against"
