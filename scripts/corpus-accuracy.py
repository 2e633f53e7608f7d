#!/usr/bin/env python3
"""Runs claimdrop on ../shared/corpus/dev and scores it against the manifest, then reads every
document of the other corpora with `inspect --json` and scores its five fields.

Dev: outcome and claim accuracy per `how` (folder, filename, content_*, reference, none), field
accuracy for attached invoices and CSRs, and every miss. Read corpora: `einvoice/visible` (the
page only), `einvoice/xml` (PDFs with their XML), `einvoice/xmlfiles` (bare XML), `real` (one
program per file), `scans` (image-only pages, read by OCR) and `decoys` (fixtures/decoys, invoices
we wrote in the ways other countries and programs lay them out; see scripts/make-decoys.py): per
field right / wrong / empty, per layout family (one template can hold many files) and every miss.

A value that is not the truth is *wrong*; a field left empty is *empty*. Wrong is the figure
that matters most: an empty field sends a person to look, a wrong one is counted.

The split figure: `scripts/split.txt` names the families we develop against (about half of each
corpus, chosen by a hash of the family's name, not by how well they read). Every corpus is
scored on both halves apart; the held-out half's misses are not printed unless --show-held-out
is given, so a change can be judged on families nobody looked at. `--rotate` swaps the halves.
The decoys are ours, all looked at: they are always the dev half.
Exit 0 always: it measures.

usage: scripts/corpus-accuracy.py [--binary target/release/claimdrop] [--corpus DIR]
                                  [--einvoice DIR] [--shared DIR]
                                  [--only dev|visible|xml|xmlfiles|real|scans|decoys]
                                  [--rotate] [--show-held-out] [--keep]
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
SPLIT = ROOT / "scripts/split.txt"
READ_CORPORA = ["visible", "xml", "xmlfiles", "real", "scans", "decoys"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / "target/release/claimdrop"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared/corpus"))
    parser.add_argument("--corpus", help="the dev corpus (default: SHARED/dev)")
    parser.add_argument("--einvoice", help="the e-invoice corpus (default: SHARED/einvoice)")
    parser.add_argument("--only", choices=["dev", *READ_CORPORA])
    parser.add_argument("--rotate", action="store_true", help="develop on the other half")
    parser.add_argument("--show-held-out", action="store_true",
                        help="print the held-out half's misses too")
    parser.add_argument("--keep", action="store_true", help="keep the workspace")
    args = parser.parse_args()
    shared = Path(args.shared)
    args.corpus = args.corpus or str(shared / "dev")
    args.einvoice = args.einvoice or str(shared / "einvoice")
    args.split = Split(SPLIT, args.rotate)
    if args.only in (None, "dev"):
        score_dev(args)
    folders = {name: Path(args.einvoice) / name for name in ("visible", "xml", "xmlfiles")}
    folders["real"] = shared / "real"
    folders["scans"] = shared / "scans"
    folders["decoys"] = ROOT / "fixtures/decoys"
    for name in READ_CORPORA:
        if args.only in (None, name) and folders[name].is_dir():
            score_read(args, name, folders[name])
    args.split.print_summary()


class Split:
    """Which families we develop against (listed in split.txt), and the tallies of both halves."""

    def __init__(self, path, rotate):
        self.dev = set()
        if path.exists():
            for line in path.read_text().splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    self.dev.add(line)
        self.rotate = rotate
        self.tally = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))

    def looked_at(self, corpus, family):
        if corpus == "decoys":
            return True
        # A scan is a visible page put through a scanner: the same family, the same half.
        corpus = "visible" if corpus == "scans" else corpus
        return (f"{corpus}\t{family}" in self.dev) != self.rotate

    def count(self, corpus, family, verdict):
        half = "dev" if self.looked_at(corpus, family) else "held-out"
        self.tally[corpus][half][("right", "wrong", "empty").index(verdict)] += 1

    def print_summary(self):
        if not self.tally:
            return
        print("\nsplit (families in scripts/split.txt are the dev half"
              + (", rotated" if self.rotate else "") + "): right / wrong / empty of fields")
        for corpus, halves in self.tally.items():
            for half in ("dev", "held-out"):
                r, w, e = halves[half]
                if r + w + e == 0:
                    continue
                n = r + w + e
                print(f"  {corpus:10} {half:9} {r:4}/{r + w + e:4} right {100 * r / n:5.1f}%"
                      f"   wrong {w:3} ({100 * w / n:4.1f}%)   empty {e:3} ({100 * e / n:4.1f}%)")


def verdict(field, got, truth):
    """right, wrong (a value that is not the truth) or empty (nothing read)."""
    if norm(field, got or "") == norm(field, truth or ""):
        return "right"
    return "empty" if got in (None, "") else "wrong"


def print_fields(hits):
    for field in FIELDS:
        r, w, e = hits[field]
        n = r + w + e
        if n:
            print(f"  {field:15} {r:3}/{n:3}  {100 * r / n:5.1f}%   wrong {w:3} ({100 * w / n:4.1f}%)"
                  f"   empty {e:3}")
    r = sum(h[0] for h in hits.values())
    w = sum(h[1] for h in hits.values())
    n = max(sum(sum(h) for h in hits.values()), 1)
    print(f"  {'all fields':15} {r:3}/{n:3}  {100 * r / n:5.1f}%   wrong {w:3} ({100 * w / n:4.1f}%)")


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
    field_hits = defaultdict(lambda: [0, 0, 0])
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
            family = f"{f.get('kind')} / {f.get('producer', '?')}"
            for field in FIELDS:
                if field in f:
                    said = verdict(field, row.get(field, ""), f[field])
                    field_hits[field][("right", "wrong", "empty").index(said)] += 1
                    args.split.count("dev", family, said)
                    if said != "right" and (args.show_held_out
                                            or args.split.looked_at("dev", family)):
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
        print_fields(field_hits)
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


def score_read(args, name, folder):
    """Each document of one folder through `inspect --json`, against its truth file."""
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
    hits = defaultdict(lambda: [0, 0, 0])
    families = defaultdict(lambda: [0, 0, 0])
    misses = []
    hidden = 0
    for (path, truth), got in zip(documents, read):
        family = family_of(name, path, truth)
        fields = got.get("fields") or {}
        for field in FIELDS:
            if field not in truth:
                continue
            said = verdict(field, fields.get(field), truth[field])
            index = ("right", "wrong", "empty").index(said)
            hits[field][index] += 1
            families[family][index] += 1
            args.split.count(name, family, said)
            if said != "right":
                if args.show_held_out or args.split.looked_at(name, family):
                    misses.append((field, path.name, truth[field], fields.get(field)))
                else:
                    hidden += 1
    label = name if name in ("real", "scans", "decoys") else f"einvoice/{name}"
    print(f"\n{label}: {len(documents)} documents")
    print_fields(hits)
    print("  by layout family (right / wrong / empty; * = held-out half):")
    for family, (r, w, e) in sorted(families.items()):
        mark = " " if args.split.looked_at(name, family) else "*"
        print(f"   {mark}{family:62} {r:3}/{r + w + e:3}  wrong {w:2}  empty {e:2}")
    syntaxes = defaultdict(int)
    for got in read:
        syntaxes[got.get("einvoice") or "(none)"] += 1
    print("  e-invoice syntax: " + ", ".join(f"{k} {v}" for k, v in sorted(syntaxes.items())))
    contradicted = [(path.name, (got.get("einvoice_facts") or {}).get("mismatch"))
                    for (path, _), got in zip(documents, read)
                    if (got.get("einvoice_facts") or {}).get("mismatch")]
    print(f"  pages that contradict their XML: {len(contradicted)}")
    for name_, said in contradicted:
        print(f"    {name_}: {said}")
    if misses:
        print("  misses of the dev half (field, file, expected, got):")
        for m in sorted(misses):
            print("    " + " | ".join(str(x) for x in m))
    if hidden:
        print(f"  ({hidden} misses of the held-out half not shown)")


def family_of(corpus, path, truth):
    """A layout family: one template can hold many files; each file of `real` and `decoys` is
    its own."""
    if corpus in ("real", "decoys"):
        return path.stem
    if corpus == "scans":
        return f"{path.name.split('__')[0]} / {truth.get('producer', '?')}"
    return f"{path.name.split('__')[0]} / {truth.get('producer', '?')}"


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
