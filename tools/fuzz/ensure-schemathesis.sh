#!/usr/bin/env bash
# Installs schemathesis (PyPI), the OpenAPI fuzzer of the fuzz test, into the project's
# virtualenv (.local/tools/venv, the one moto runs from) the first time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
venv="$root/.local/tools/venv"
version=4.32.5

if [[ "$("$venv/bin/st" --version 2>/dev/null | awk '{print $NF}')" != "$version" ]]; then
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  echo "installing schemathesis $version into .local/tools/venv" >&2
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "schemathesis==$version"
fi
