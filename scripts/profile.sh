#!/usr/bin/env bash
# Where `claimdrop run` spends its time: perf over a workspace of the dev corpus replicated to
# N unique files. Prints CPU time (user/kernel), the share of each process (the committing
# parent and its readers) and the hottest functions with their callees included.
# usage: scripts/profile.sh [FILES]   (installs linux-perf when missing; needs root or sudo)
set -euo pipefail
cd "$(dirname "$0")/.."
files="${1:-3000}"
if ! command -v perf >/dev/null; then
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get install -y -q linux-perf >/dev/null
fi
cargo build --release --quiet
make_workspace() {
    python3 - "$files" <<'EOF'
import sys
sys.path.insert(0, "benches")
import ingest
ws = ingest.workspace()
ingest.replicate(ws, int(sys.argv[1]))
print(ws)
EOF
}
data="$(mktemp -d)"
trap 'rm -rf "$data" "${ws:-}"' EXIT

ws="$(make_workspace)"; sync
echo "== perf stat: $files files"
perf stat -e task-clock,context-switches,page-faults target/release/claimdrop --workspace "$ws" run 2>&1 \
    | grep -E "processed|task-clock|context|faults|elapsed|user|sys"
rm -rf "$ws"

ws="$(make_workspace)"; sync
perf record -q -g -a -o "$data/perf.data" -- target/release/claimdrop --workspace "$ws" run >/dev/null 2>&1
echo "== share of the samples by thread (the lowest ids: the parent, its committing thread first; then the readers)"
perf report -i "$data/perf.data" --no-children --sort pid --stdio -g none 2>/dev/null \
    | grep -v '^#' | grep -v '^$' | head -8
echo "== hottest functions, callees included"
perf report -i "$data/perf.data" --children --sort sym --stdio -g none --comm claimdrop 2>/dev/null \
    | grep -v '^#' | grep -v '^$' | head -40
