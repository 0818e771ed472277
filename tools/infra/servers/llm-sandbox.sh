# shellcheck shell=bash disable=SC2034,SC2153  # sourced by lib.sh, which reads SRV_* and sets LOG_FILE etc.
# The project's OpenAI-compatible LLM peer (tools/sandbox/llm) over plain HTTP: the oracle's
# analyses call it in development and CI instead of DeepInfra. Any non-empty API key passes.

SRV_PORT="$LLM_SANDBOX_PORT"
SRV_TIMEOUT=15
LLM_SANDBOX_DIR="$ROOT/tools/sandbox/llm"
NODE_BIN="$TOOLS_DIR/node/bin/node"

srv_install() {
  if [[ ! -x "$NODE_BIN" ]]; then
    NODE_BIN="$(command -v node)" || die "node not found"
  fi
}

srv_start() {
  start_background "$NODE_BIN" "$LLM_SANDBOX_DIR/server.mjs" --port "$LLM_SANDBOX_PORT"
}

srv_stop() { stop_by_pid; }

srv_health() {
  [[ "$(http_status "http://127.0.0.1:$LLM_SANDBOX_PORT/_sandbox/health")" == 200 ]]
}

srv_address() { printf 'http://127.0.0.1:%s/v1\n' "$LLM_SANDBOX_PORT"; }
