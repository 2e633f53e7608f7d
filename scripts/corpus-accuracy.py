#!/usr/bin/env python3
"""Runs claimdrop on ../shared/corpus/dev and scores it against the manifest, then reads every
invoice of ../shared/corpus/einvoice with `inspect --json` and scores its five fields.

Dev: outcome and claim accuracy per `how` (folder, filename, content_*, reference, none), field
accuracy for attached invoices and CSRs, and every miss. E-invoices: per folder (`visible`: the
page only; `xml`: PDFs with their XML; `xmlfiles`: bare XML), fields right per field, per layout
family (source and producer: one template can hold many files) and every miss. Exit 0 always:
it measures.

usage: scripts/corpus-accuracy.py [--binary target/release/claimdrop] [--corpus DIR]
                                  [--einvoice DIR] [--only dev|visible|xml|xmlfiles] [--keep]
"""
import argparse
import concurrent.futures
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ["invoice_number", "document_date", "amount", "currency", "vendor"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / "target/release/claimdrop"))
    parser.add_argument("--corpus", default=str(ROOT.parent / "shared/corpus/dev"))
    parser.add_argument("--einvoice", default=str(ROOT.parent / "shared/corpus/einvoice"))
    parser.add_argument("--only", choices=["dev", "visible", "xml", "xmlfiles"])
    parser.add_argument("--keep", action="store_true", help="keep the workspace")
    args = parser.parse_args()
    if args.only in (None, "dev"):
        score_dev(args)
    for folder in ("visible", "xml", "xmlfiles"):
        if args.only in (None, folder) and (Path(args.einvoice) / folder).is_dir():
            score_einvoices(args, Path(args.einvoice) / folder)


def score_dev(args):
    corpus = Path(args.corpus)
    manifest = json.loads((corpus / "manifest.json").read_text())

    ws = Path(tempfile.mkdtemp(prefix="claimdrop-accuracy-"))
    run = lambda *a: subprocess.run([args.binary, "--workspace", str(ws), *a],
                                    capture_output=True, text=True)
    subprocess.run([args.binary, "init", str(ws)], check=True, capture_output=True)
    shutil.copytree(corpus / "inbox", ws / "inbox", dirs_exist_ok=True, symlinks=True)
    # Files older than settle_ms: the corpus is complete, nothing is being written.
    for path in (ws / "inbox").rglob("*"):
        if path.is_file() and not path.is_symlink():
            os.utime(path, (1700000000, 1700000000))
    imported = run("claims", "import", str(corpus / "claims.csv"))
    if imported.returncode != 0:
        sys.exit(f"import failed: {imported.stderr}")
    result = run("run")
    print(result.stdout.strip())
    if result.returncode != 0:
        print(f"run exited {result.returncode}: {result.stderr.strip()}")

    documents = {r["sha256"]: r for r in read_csv(ws / "reports/documents.csv")}
    by_path = {}
    for r in read_csv(ws / "reports/documents.csv"):
        by_path[original(r)] = ("attached", r["claim_id"], r)
    for r in read_csv(ws / "reports/exceptions.csv"):
        by_path[r["original_path"]] = (r["outcome"], None, r)
    notes = {r["archive_path"] for r in documents.values() if r["note"]}

    per_how = defaultdict(lambda: [0, 0])
    field_hits = defaultdict(lambda: [0, 0])
    misses = []
    field_misses = []
    outcome_ok = claim_ok = 0
    pairs = defaultdict(list)
    for f in manifest["files"]:
        path, expected = f["path"], f["expected_outcome"]
        got, claim, row = by_path.get(path, (None, None, None))
        if got is None:
            got = "ignored" if (ws / path).exists() else "moved"
        if expected == "sidecar":
            doc = path[: -len(".note.txt")]
            d = by_path.get(doc)
            ok = (ws / path).exists() is False and d is not None
            got = "sidecar" if ok else got
        if expected == "duplicate" or (expected == "attached" and f.get("sha256") in pairs):
            pass
        pairs[f.get("sha256")].append((path, got))
        accept = {expected}
        if expected == "unreadable_or_attached":
            accept = {"unreadable", "attached"}
        # A byte-identical pair: either copy may be the one attached.
        if expected in ("attached", "duplicate"):
            same = [g for g in manifest["files"] if g.get("sha256") == f.get("sha256")]
            if len(same) > 1:
                accept = {"attached", "duplicate"}
        good_outcome = got in accept
        good_claim = (claim == f["expected_claim"]) if got == "attached" else True
        per_how[f["how"]][1] += 1
        if good_outcome and good_claim:
            per_how[f["how"]][0] += 1
            outcome_ok += 1
        else:
            misses.append((f["how"], path, expected, f["expected_claim"], got, claim,
                           row.get("reason", "") if row else ""))
        if got == "attached" and f.get("kind") in ("invoices", "csr") and row:
            for field in FIELDS:
                if field in f:
                    field_hits[field][1] += 1
                    if norm(field, row.get(field, "")) == norm(field, f[field]):
                        field_hits[field][0] += 1
                    else:
                        field_misses.append((field, path, f[field], row.get(field, "")))
    # Pairs: exactly one attached.
    pair_errors = [p for p in pairs.values() if len(p) > 1
                   and sum(1 for _, g in p if g == "attached") != 1
                   and all(g in ("attached", "duplicate") for _, g in p)]

    total = len(manifest["files"])
    print(f"\noutcome+claim right: {outcome_ok}/{total} ({100 * outcome_ok / total:.1f}%)")
    print("by how:")
    for how, (ok, n) in sorted(per_how.items()):
        print(f"  {how:20} {ok:3}/{n:3}  {100 * ok / n:5.1f}%")
    if field_hits:
        print("fields (attached invoices and CSRs):")
        for field in FIELDS:
            ok, n = field_hits[field]
            if n:
                print(f"  {field:15} {ok:3}/{n:3}  {100 * ok / n:5.1f}%")
    # Proof and metrics state no vendor and no amount unless under a label (SPEC §6).
    stated = [r for r in documents.values() if r["kind"] in ("proof", "metrics")]
    carrying = [r["original_name"] for r in stated if r["vendor"] or r["amount"]]
    print(f"proof and metrics carrying a vendor or amount: {len(carrying)}/{len(stated)}"
          + (f" ({', '.join(carrying)})" if carrying else ""))
    sources = {}
    for r in documents.values():
        sources[r.get("fields_source", "")] = sources.get(r.get("fields_source", ""), 0) + 1
    print("fields_source: " + ", ".join(f"{k or '(empty)'} {v}" for k, v in sorted(sources.items())))
    if pair_errors:
        print(f"byte-identical pairs not ending one attached + one duplicate: {pair_errors}")
    lost = [p for p in manifest["files"] if not (ws / p["path"]).exists()
            and p["path"] not in by_path and p["expected_outcome"] != "sidecar"]
    print(f"files lost (neither in inbox, archive nor quarantine): {len(lost)}")
    if misses:
        print("\nmisses (how, path, expected, expected claim, got, claim, reason):")
        for m in misses:
            print("  " + " | ".join(str(x) for x in m))
    if field_misses:
        print("\nfield misses (field, path, expected, got):")
        for m in sorted(field_misses):
            print("  " + " | ".join(str(x) for x in m))
    if args.keep:
        print(f"\nworkspace kept at {ws}")
    else:
        shutil.rmtree(ws, ignore_errors=True)


def score_einvoices(args, folder):
    """Each invoice of one e-invoice folder through `inspect --json`, against its truth file."""
    truths = sorted(p for p in folder.glob("*.json"))
    documents = []
    for truth in truths:
        found = [p for p in folder.iterdir() if p.stem == truth.stem and p.suffix != ".json"]
        if found:
            documents.append((found[0], json.loads(truth.read_text())))

    def inspect(path):
        out = subprocess.run([args.binary, "inspect", "--json", str(path)],
                             capture_output=True, text=True)
        try:
            return json.loads(out.stdout)
        except json.JSONDecodeError:
            return {"fields": {}, "error": out.stderr.strip()}

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        read = list(pool.map(inspect, [d for d, _ in documents]))
    hits = defaultdict(lambda: [0, 0])
    families = defaultdict(lambda: [0, 0])
    misses = []
    for (path, truth), got in zip(documents, read):
        family = f"{path.name.split('__')[0]} / {truth.get('producer', '?')}"
        fields = got.get("fields") or {}
        for field in FIELDS:
            if field not in truth:
                continue
            hits[field][1] += 1
            families[family][1] += 1
            value = fields.get(field)
            if norm(field, value or "") == norm(field, truth[field]):
                hits[field][0] += 1
                families[family][0] += 1
            else:
                misses.append((field, path.name, truth[field], value))
    right = sum(ok for ok, _ in hits.values())
    total = sum(n for _, n in hits.values())
    print(f"\neinvoice/{folder.name}: {len(documents)} documents, fields right "
          f"{right}/{total} ({100 * right / max(total, 1):.1f}%)")
    for field in FIELDS:
        ok, n = hits[field]
        if n:
            print(f"  {field:15} {ok:3}/{n:3}  {100 * ok / n:5.1f}%")
    print("  by layout family:")
    for family, (ok, n) in sorted(families.items()):
        print(f"    {family:60} {ok:3}/{n:3}  {100 * ok / n:5.1f}%")
    syntaxes = defaultdict(int)
    for got in read:
        syntaxes[got.get("einvoice") or "(none)"] += 1
    print("  e-invoice syntax: " + ", ".join(f"{k} {v}" for k, v in sorted(syntaxes.items())))
    contradicted = [(path.name, (got.get("einvoice_facts") or {}).get("mismatch"))
                    for (path, _), got in zip(documents, read)
                    if (got.get("einvoice_facts") or {}).get("mismatch")]
    print(f"  pages that contradict their XML: {len(contradicted)}")
    for name, said in contradicted:
        print(f"    {name}: {said}")
    if misses:
        print(f"  misses (field, file, expected, got):")
        for m in sorted(misses):
            print("    " + " | ".join(str(x) for x in m))


def original(row):
    return row.get("original_path") or row.get("archive_path")


def read_csv(path):
    if not path.exists():
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def norm(field, value):
    value = (value or "").strip()
    if field == "amount":
        try:
            return f"{float(value):.2f}"
        except ValueError:
            return value
    return value.casefold()


if __name__ == "__main__":
    main()
