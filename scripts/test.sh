#!/usr/bin/env bash
# Runs every test of the workspace, including the ones driven by third-party peers (the official
# Python SDK and @vercel/cosmosdb-server), which this script installs first. This is the README's
# test command; CI runs it through .ci/run.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

eval "$(scripts/setup-peers.sh)"
export COSMOS_TEST_PYTHON COSMOS_TEST_NODE_DIR
# Peer-driven tests fail (instead of skipping) when a peer is missing.
export COSMOS_REQUIRE_PEERS=1

cargo test --workspace --all-targets "$@"
# Doc tests are not part of --all-targets.
cargo test --workspace --doc "$@"
