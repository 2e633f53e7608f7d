#!/usr/bin/env bash
# SIGKILLs `claimdrop run` at random moments over the dev corpus (alternately with the claims
# register already imported and dropped in the inbox: register import, filing, retry of parked
# files and report writing all get killed), runs it again, and checks that
# nothing was lost or doubled (tests/crash.rs). CI runs a few trials; this runs many.
# usage: scripts/crash-harness.sh [TRIALS] [SEED]
set -euo pipefail
cd "$(dirname "$0")/.."
export CLAIMDROP_CRASH_TRIALS="${1:-120}"
if [ -n "${2:-}" ]; then export CLAIMDROP_CRASH_SEED="$2"; fi
cargo test --release --test crash -- --nocapture 2>&1 | grep -E "crash harness|panicked|seed|test result"
