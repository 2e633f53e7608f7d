#!/usr/bin/env bash
# The power-cut order check (tests/durability.rs) over the whole dev corpus: every file that
# leaves the inbox or quarantine does so only after its copy's fsync, the store's commit, its
# link and its folder's fsync. CI checks a quarter of the corpus. Needs strace.
# usage: scripts/power-cut.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v strace >/dev/null || { apt-get update -qq && apt-get install -y -qq strace; }
CLAIMDROP_DURABILITY_FILES=all cargo test --release --test durability -- --nocapture 2>&1 \
    | grep -E "power-cut order|panicked|test result"
