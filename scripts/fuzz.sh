#!/usr/bin/env bash
# Fuzzes every cargo-fuzz target for MINUTES each, seeded from the corpora in ../shared, and
# appends what it did to fuzz/campaign.log: target, minutes, executions, crashes found.
# A crash is left in fuzz/artifacts/<target>/; fix it and keep it in fixtures/regressions/
# with a test in tests/regressions.rs.
# usage: scripts/fuzz.sh [MINUTES] [TARGET ...]   (installs cargo-fuzz when missing; needs nightly)
set -uo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-30}"; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(pdf_text pdf_forms workbook amounts_dates fields einvoice dropped note register config)
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
shared=../shared/corpus

seed() {  # target, then find(1) name patterns
    local dir="fuzz/corpus/$1"; shift
    mkdir -p "$dir"
    [ -n "$(ls -A "$dir")" ] && return
    local args=() first=1
    for pattern in "$@"; do
        [ $first = 1 ] || args+=(-o); first=0
        args+=(-iname "$pattern")
    done
    find "$shared" -type f \( "${args[@]}" \) -size -1024k -exec cp -t "$dir" {} + 2>/dev/null || true
}
seed pdf_text '*.pdf'
seed pdf_forms '*.pdf'
seed workbook '*.xlsx' '*.xls' '*.xlsb' '*.xlsm' '*.ods'
seed register '*.csv' '*.xlsx'
seed amounts_dates '*.txt'
seed fields '*.txt'
# The field reader's seeds: real pages as lines of cells (3+ spaces apart), own names first.
if command -v pdftotext >/dev/null && [ "$(ls fuzz/corpus/fields | wc -l)" -lt 20 ]; then
    find "$shared" -name '*.pdf' -size -1024k | head -200 | while read -r pdf; do
        out="fuzz/corpus/fields/$(basename "$pdf").txt"
        { echo "Adatum Systemhaus AG,Cloudéo Conseil SARL"
          pdftotext -layout "$pdf" - 2>/dev/null | sed -E 's/ {3,}/|/g'; } >"$out"
    done
fi
seed einvoice '*.xml'
seed dropped '*.csv' '*.png' '*.jpg' '*.jpeg' '*.gif' '*.tif' '*.webp' '*.xml'
seed note '*.note.txt' '*.csv'
cp -n fixtures/einvoice/*.xml fuzz/corpus/einvoice/ 2>/dev/null || true
seed config '*.toml'
[ -n "$(ls -A fuzz/corpus/config)" ] || cp config/claimdrop.toml fuzz/corpus/config/

for target in "${targets[@]}"; do
    log="$(mktemp)"
    cargo +nightly fuzz run -O "$target" -- -max_total_time=$((minutes * 60)) -timeout=10 \
        -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1
    status=$?
    runs=$(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    crashes=$(ls fuzz/artifacts/"$target" 2>/dev/null | wc -l)
    line="$(date -u +%FT%TZ) $target ${minutes}min runs=${runs:-?} exit=$status artifacts=$crashes"
    echo "$line" | tee -a fuzz/campaign.log
    [ $status = 0 ] || grep -E "^(==|SUMMARY|Reproduce|thread|panicked|ERROR)|deadly signal|timeout" "$log" | cut -c1-300 | head -20
    rm -f "$log"
done
