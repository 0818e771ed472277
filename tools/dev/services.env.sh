# shellcheck shell=bash
# Shared by tools/dev and tools/db: the six services and the environment each runs with locally.
# Sourced, never run.

DEV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES=(gateway aetherium hall-of-faces great-library engine-core oracle)
# The services that own a database (the gateway owns none).
DATABASE_SERVICES=(aetherium hall-of-faces great-library engine-core oracle)

set -a
# shellcheck source=../infra/ports.env
source "$DEV_ROOT/tools/infra/ports.env"
set +a

# The project's Node (tools/bootstrap/ensure-node.sh) comes first when it is installed.
if [[ -x "$DEV_ROOT/.local/tools/node/bin/node" ]]; then
  PATH="$DEV_ROOT/.local/tools/node/bin:$PATH"
fi

service_port() {
  local var="${1//-/_}_PORT"
  var="${var^^}"
  echo "${!var}"
}

# A secret generated once per checkout under .local/dev-secrets: dev_secret <name> <command>
dev_secret() {
  local file="$DEV_ROOT/.local/dev-secrets/$1"
  if [[ ! -s "$file" ]]; then
    mkdir -p "$(dirname "$file")"
    (umask 077 && eval "$2" >"$file")
  fi
  cat "$file"
}

# Prints NAME=value lines for one service; the database, role and password share its name
# (each also has <name>_owner, which owns its tables).
service_env() {
  local service="$1" db="${1//-/_}"
  if [[ "$service" == gateway ]]; then
    cat <<ENV
AETHERIUM_URL=http://127.0.0.1:$AETHERIUM_PORT
HALL_OF_FACES_URL=http://127.0.0.1:$HALL_OF_FACES_PORT
GREAT_LIBRARY_URL=http://127.0.0.1:$GREAT_LIBRARY_PORT
ENGINE_CORE_URL=http://127.0.0.1:$ENGINE_CORE_PORT
ORACLE_URL=http://127.0.0.1:$ORACLE_PORT
PUBLIC_URL=http://127.0.0.1:$GATEWAY_PORT
ENV
  else
    echo "DATABASE_URL=postgres://$db:$db@127.0.0.1:$POSTGRES_PORT/$db"
  fi
  if [[ "$service" != gateway ]]; then
    # Row-level security (ADR 12): the service runs as <db>, which owns nothing; migrate runs
    # as <db>_owner and grants <db> row access.
    echo "DATABASE_MIGRATION_URL=postgres://${db}_owner:${db}_owner@127.0.0.1:$POSTGRES_PORT/$db"
  fi
  if [[ "$service" == aetherium || "$service" == engine-core || "$service" == great-library ]]; then
    # The sandbox AWS (moto); Codex's own identity for AssumeRole is a dummy key there.
    cat <<ENV
CREDENTIALS_KEK=$(dev_secret credentials-kek 'openssl rand -base64 32')
AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT
AWS_ACCESS_KEY_ID=codex-sandbox
AWS_SECRET_ACCESS_KEY=codex-sandbox
AWS_REGION=us-east-1
AZURE_ENDPOINT_URL=https://127.0.0.1:$AZURE_SANDBOX_PORT
GCP_ENDPOINT_URL=http://127.0.0.1:$GCS_SANDBOX_PORT
NODE_EXTRA_CA_CERTS=$DEV_ROOT/.local/tls/azure-sandbox/ca.pem
ENV
  fi
  if [[ "$service" == oracle ]]; then
    # LLM analysis calls the local OpenAI-compatible peer (tools/sandbox/llm), not DeepInfra.
    cat <<ENV
LLM_BASE_URL=http://127.0.0.1:$LLM_SANDBOX_PORT/v1
LLM_API_KEY=codex-sandbox
ENV
  fi
  if [[ "$service" == hall-of-faces ]]; then
    cat <<ENV
ISSUER_URL=http://127.0.0.1:$GATEWAY_PORT
CONSOLE_REDIRECT_URIS=http://127.0.0.1:$GATEWAY_PORT/auth/callback
SIGNING_KEY_ENCRYPTION_KEY=$(dev_secret signing-key-encryption-key 'openssl rand -base64 32')
BOOTSTRAP_TENANT_SLUG=acme
BOOTSTRAP_ADMIN_EMAIL=admin@acme.test
BOOTSTRAP_ADMIN_PASSWORD=$(dev_secret admin-password 'openssl rand -hex 12')
BOOTSTRAP_OPERATOR_EMAIL=operator@codex.test
BOOTSTRAP_OPERATOR_PASSWORD=$(dev_secret operator-password 'openssl rand -hex 12')
CREDENTIALS_KEK=$(dev_secret credentials-kek 'openssl rand -base64 32')
AUTH0_ENDPOINT_URL=https://127.0.0.1:$AUTH0_SANDBOX_PORT
GRAPH_ENDPOINT_URL=https://127.0.0.1:$GRAPH_SANDBOX_PORT
ENTRA_AUTHORITY_URL=https://127.0.0.1:$AZURE_SANDBOX_PORT
NODE_EXTRA_CA_CERTS=$DEV_ROOT/.local/tls/azure-sandbox/ca.pem
ENV
  fi
  cat <<ENV
HOST=127.0.0.1
PORT=$(service_port "$service")
AUTH_ISSUER_URL=http://127.0.0.1:$GATEWAY_PORT
AUTH_JWKS_URL=http://127.0.0.1:$HALL_OF_FACES_PORT/.well-known/jwks.json
REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
NODE_OPTIONS=--disable-warning=TimeoutNegativeWarning --enable-source-maps
ENV
}

# Replaces the shell with the built service and its local environment: run_service <service> [args...]
run_service() {
  local service="$1"
  shift
  local -a env_vars
  mapfile -t env_vars < <(service_env "$service")
  exec env "${env_vars[@]}" node "$DEV_ROOT/services/$service/dist/main.js" "$@"
}
