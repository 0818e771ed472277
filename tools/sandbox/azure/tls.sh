#!/usr/bin/env bash
# Makes the Azure sandbox's local CA, its server certificate (SAN IP:127.0.0.1,
# DNS:localhost), the key that signs its Entra tokens and the certificate of its
# certificate-credential client (client-cert.pem: private key and self-signed
# certificate, as @azure/identity's ClientCertificateCredential reads it), once
# each, under DIR (default .local/tls/azure-sandbox). Trust the CA with
#   NODE_EXTRA_CA_CERTS=DIR/ca.pem
# Usage: tools/sandbox/azure/tls.sh [DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
dir="${1:-$root/.local/tls/azure-sandbox}"
server_ready() {
  [[ -s "$dir/ca.pem" && -s "$dir/server.pem" && -s "$dir/server-key.pem" && -s "$dir/token-key.pem" ]]
}
if server_ready && [[ -s "$dir/client-cert.pem" ]]; then
  exit 0
fi
command -v openssl >/dev/null || { echo "tls.sh: openssl not found" >&2; exit 1; }
mkdir -p "$dir"
umask 077
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
if ! server_ready; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
    -subj "/CN=Codex Azure Sandbox Local CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$tmp/ca-key.pem" -out "$tmp/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=127.0.0.1" \
    -keyout "$tmp/server-key.pem" -out "$tmp/server.csr" 2>/dev/null
  printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
    "keyUsage=digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$tmp/ext.cnf"
  openssl x509 -req -in "$tmp/server.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca-key.pem" -CAcreateserial \
    -days 825 -sha256 -extfile "$tmp/ext.cnf" -out "$tmp/server.pem" 2>/dev/null
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/token-key.pem" 2>/dev/null
  chmod 644 "$tmp/ca.pem" "$tmp/server.pem"
  mv "$tmp/ca-key.pem" "$tmp/ca.pem" "$tmp/server-key.pem" "$tmp/server.pem" "$tmp/token-key.pem" "$dir/"
  echo "tls.sh: CA and certificate for 127.0.0.1 in $dir" >&2
fi
if [[ ! -s "$dir/client-cert.pem" ]]; then
  # The sandbox trusts this certificate (by its thumbprint) for client 0a1b2c3d-…-000000000003.
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -sha256 \
    -subj "/CN=codex-sandbox-client-0003" \
    -keyout "$tmp/client-key.pem" -out "$tmp/client.pem" 2>/dev/null
  cat "$tmp/client-key.pem" "$tmp/client.pem" >"$tmp/client-cert.pem"
  mv "$tmp/client-cert.pem" "$dir/"
  echo "tls.sh: client certificate in $dir/client-cert.pem" >&2
fi
