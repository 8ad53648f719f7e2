#!/usr/bin/env bash
# Installs the third-party peers our tests talk to: the official Python SDK (in a venv) and the
# npm packages (the official JS SDK and @vercel/cosmosdb-server, an independent Cosmos-like
# server). Idempotent; prints the environment variables the tests read.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
peers="${COSMOS_PEERS_DIR:-$root/target/peers}"
mkdir -p "$peers"

venv="$peers/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import azure.cosmos, aiohttp" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "azure-cosmos==4.17.1" "aiohttp==3.*"
fi

node_dir="$peers/node"
mkdir -p "$node_dir"
if [ ! -d "$node_dir/node_modules/@azure/cosmos" ] || [ ! -d "$node_dir/node_modules/@vercel/cosmosdb-server" ]; then
  (cd "$node_dir" && { [ -f package.json ] || npm init -y >/dev/null; } \
    && npm install --silent --no-audit --no-fund @azure/cosmos@4.9.3 @vercel/cosmosdb-server@1.0.1 >/dev/null)
fi

echo "export COSMOS_TEST_PYTHON=$venv/bin/python"
echo "export COSMOS_TEST_NODE_DIR=$node_dir"
