#!/usr/bin/env python3
"""Every file of ../shared/corpus/external (damaged PDFs, hostile spreadsheets from other
projects' test suites) through `claimdrop run` at once: the run must stay alive and every file
must end with an outcome (attached, or in quarantine with a reason; files on the ignore list
stay, as ignored). Prints the outcomes, wall time and peak RSS, and exits 1 on any breach.

usage: scripts/hostile.py [--external DIR]
"""
import argparse
import collections
import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benches"))
import ingest  # noqa: E402  (the benchmark harness: build, workspace, run_measured)

SPREADSHEETS = {".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".csv", ".tsv"}


def kind_folder(path):
    """PDFs go in as invoices (the fullest extraction), workbooks as metrics, the rest as proof."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return "invoices"
    if suffix in SPREADSHEETS:
        return "metrics"
    return "proof"


def report(ws, name):
    with open(ws / "reports" / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--external", default=str(ROOT.parent / "shared/corpus/external"))
    args = parser.parse_args()
    external = Path(args.external)
    ingest.build()
    ws = ingest.workspace()
    dropped = {}
    old = 1_600_000_000
    for source in sorted(p for p in external.rglob("*") if p.is_file()):
        rel = source.relative_to(external)
        target = ws / "inbox" / kind_folder(source) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        os.utime(target, (old, old))
        dropped[str(target.relative_to(ws))] = source
    ingest.quiet_disk()
    wall, own, tree, out = ingest.run_measured(ws)
    alive = out.startswith("processed")
    ended = {}
    for d in report(ws, "documents.csv"):
        ended[d["original_path"]] = "attached"
    for e in report(ws, "exceptions.csv"):
        ended[e["original_path"]] = e["outcome"]
        reason = Path(str(ws / e["quarantine_path"]) + ".reason.txt")
        if not reason.is_file():
            print(f"NO REASON: {e['quarantine_path']}")
            alive = False
    left = [p for p in dropped if p not in ended]
    ignored = [p for p in left if (ws / p).exists()]
    lost = [p for p in left if not (ws / p).exists()]
    counts = collections.Counter(ended.values())
    print(f"files dropped:  {len(dropped)} from {external}")
    print(f"summary:        {out}")
    print(f"outcomes:       {dict(sorted(counts.items()))}; left in the inbox (ignored names): {len(ignored)}")
    print(f"wall:           {wall:.2f} s; peak RSS {own / 1024:.1f} MiB ({tree / 1024:.1f} MiB with its readers)")
    for p in ignored:
        print(f"  ignored: {p}")
    for p in lost:
        print(f"LOST: {p}")
    shutil.rmtree(ws, ignore_errors=True)
    if lost or not alive:
        sys.exit(1)
    print("every file has an outcome; nothing lost")


if __name__ == "__main__":
    main()
