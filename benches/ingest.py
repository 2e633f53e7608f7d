#!/usr/bin/env python3
"""Ingestion benchmarks for claimdrop (standard library only).

  benches/ingest.py throughput [--files 3000]   `run` over the dev corpus replicated to N files
  benches/ingest.py latency [--drops 200]       `watch`: a file's close -> its archive copy
  benches/ingest.py compare [--files 3000]      claimdrop vs a pdftotext loop vs invoice2data
  benches/ingest.py growth [--sizes 1000,10000,50000]   files/s as the store grows

Both build nothing: run `cargo build --release` first. Figures are printed, not asserted.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target/release/claimdrop"
CORPUS = ROOT.parent / "shared/corpus/dev"


def claimdrop(ws, *args, **kw):
    return subprocess.run([str(BINARY), "--workspace", str(ws), *args],
                          capture_output=True, text=True, **kw)


def workspace():
    ws = Path(tempfile.mkdtemp(prefix="claimdrop-bench-"))
    subprocess.run([str(BINARY), "init", str(ws)], check=True, capture_output=True)
    r = claimdrop(ws, "claims", "import", str(CORPUS / "claims.csv"))
    if r.returncode:
        sys.exit(r.stderr)
    return ws


def make_unique(path, n):
    """Changes a copy's bytes without changing what it is."""
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path, "a") as z:
            z.comment = f"copy {n}".encode()
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or not data:
        return  # OLE2 and empty files stay byte-identical: duplicates, as in real inboxes
    else:
        with open(path, "ab") as f:
            f.write(f"\n%copy {n}\n".encode())


def replicate(ws, total):
    sources = [p for p in (CORPUS / "inbox").rglob("*") if p.is_file()]
    made = 0
    batch = 0
    old = time.time() - 3600
    while made < total:
        for src in sources:
            if made >= total:
                break
            rel = src.relative_to(CORPUS / "inbox")
            kind, rest = rel.parts[0], Path(*rel.parts[1:])
            dst = ws / "inbox" / kind / f"batch{batch:03}" / rest
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
            if not src.name.endswith(".note.txt"):
                make_unique(dst, made)
            os.utime(dst, (old, old))
            made += 1
        batch += 1
    return made


def tree_rss_kib(pid):
    """Resident memory of a process and its children, from /proc."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        return 0, 0
    own = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    kib = int(line.split()[1])
                    total += kib
                    if p == pid:
                        own = kib
        except OSError:
            pass
    return own, total


def run_measured(ws):
    """`claimdrop run` on a workspace: (wall seconds, peak RSS own, peak RSS tree, stdout)."""
    start = time.perf_counter()
    proc = subprocess.Popen([str(BINARY), "--workspace", str(ws), "run"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_own = peak_tree = 0
    while proc.poll() is None:
        own, tree = tree_rss_kib(proc.pid)
        peak_own, peak_tree = max(peak_own, own), max(peak_tree, tree)
        time.sleep(0.01)
    wall = time.perf_counter() - start
    out, err = proc.communicate()
    if proc.returncode:
        print(f"exit {proc.returncode}: {err.strip()}")
    return wall, peak_own, peak_tree, out.strip()


def compare(args):
    ws = workspace()
    n = replicate(ws, args.files)
    pdfs = sorted(str(p) for p in (ws / "inbox").rglob("*.pdf"))
    copies = Path(tempfile.mkdtemp(prefix="claimdrop-bench-pdfs-"))
    kept = []
    for i, p in enumerate(pdfs):
        target = copies / f"{i:06}.pdf"
        shutil.copyfile(p, target)
        kept.append(str(target))
    wall, own, tree, out = run_measured(ws)
    print(f"claimdrop run:    {n} files ({len(pdfs)} PDFs) in {wall:.2f} s = {n / wall:.0f} files/s; "
          f"peak RSS {own / 1024:.1f} MiB ({tree / 1024:.1f} MiB with readers)")
    print(f"                  {out}")
    start = time.perf_counter()
    peak = 0
    for p in kept:
        r = subprocess.run(["pdftotext", "-layout", p, "-"], capture_output=True)
    loop = time.perf_counter() - start
    print(f"pdftotext loop:   {len(kept)} PDFs in {loop:.2f} s = {len(kept) / loop:.0f} PDFs/s "
          f"(claimdrop {n / wall / (len(kept) / loop):.1f}x, per file {loop / len(kept) * 1000:.1f} ms)")
    sample = kept[: args.invoice2data_sample]
    start = time.perf_counter()
    for p in sample:
        subprocess.run(["invoice2data", "--input-reader", "pdftotext", p], capture_output=True)
    i2d = time.perf_counter() - start
    print(f"invoice2data:     {len(sample)} PDFs in {i2d:.2f} s = {len(sample) / i2d:.1f} PDFs/s "
          f"(claimdrop {n / wall / (len(sample) / i2d):.0f}x)")
    shutil.rmtree(ws, ignore_errors=True)
    shutil.rmtree(copies, ignore_errors=True)


def growth(args):
    rates = []
    for size in [int(s) for s in args.sizes.split(",")]:
        ws = workspace()
        n = replicate(ws, size)
        wall, own, tree, out = run_measured(ws)
        rates.append(n / wall)
        print(f"{n:>7} files: {wall:7.2f} s = {n / wall:6.0f} files/s; peak RSS {own / 1024:.1f} MiB "
              f"({tree / 1024:.1f} MiB with readers)")
        shutil.rmtree(ws, ignore_errors=True)
    spread = (max(rates) - min(rates)) / max(rates) * 100
    print(f"spread: {spread:.0f}% between the fastest and the slowest")


def throughput(args):
    ws = workspace()
    n = replicate(ws, args.files)
    wall, peak_own, peak_tree, out = run_measured(ws)
    print(f"files in inbox:   {n}")
    print(f"summary:          {out}")
    print(f"wall:             {wall:.2f} s")
    print(f"throughput:       {n / wall:.0f} files/s")
    print(f"peak RSS:         {peak_own / 1024:.1f} MiB claimdrop, {peak_tree / 1024:.1f} MiB with its readers")
    shutil.rmtree(ws, ignore_errors=True)


def latency(args):
    ws = workspace()
    sample = CORPUS / "inbox/invoices/CLM-879149_invoice.pdf"
    data = sample.read_bytes()
    log = open(ws / "watch.log", "w")
    proc = subprocess.Popen([str(BINARY), "--workspace", str(ws), "watch"],
                            stdout=subprocess.DEVNULL, stderr=log,
                            env={**os.environ, "RUST_LOG": "warn"})
    time.sleep(1.0)
    archive = ws / "archive/CLM-879149/invoice"
    latencies = []
    interval = 1.0 / args.rate
    for i in range(args.drops):
        name = f"CLM-879149_lat_{i:04}.pdf"
        target = ws / "inbox/invoices" / name
        with open(target, "wb") as f:
            f.write(data + f"\n%drop {i}\n".encode())
        closed = time.perf_counter()
        archived = archive / name
        deadline = closed + 10
        while not archived.exists() and time.perf_counter() < deadline:
            time.sleep(0.0005)
        seen = time.perf_counter()
        latencies.append((seen - closed) * 1000)
        rest = interval - (seen - closed)
        if rest > 0:
            time.sleep(rest)
    proc.terminate()
    proc.wait(timeout=15)
    latencies.sort()
    q = lambda p: latencies[min(len(latencies) - 1, int(p * len(latencies)))]
    print(f"drops:  {len(latencies)} at {args.rate}/s")
    print(f"p50:    {q(0.50):.1f} ms")
    print(f"p99:    {q(0.99):.1f} ms")
    print(f"max:    {latencies[-1]:.1f} ms   mean {statistics.mean(latencies):.1f} ms")
    shutil.rmtree(ws, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--files", type=int, default=3000)
    c = sub.add_parser("compare")
    c.add_argument("--files", type=int, default=3000)
    c.add_argument("--invoice2data-sample", type=int, default=100)
    g = sub.add_parser("growth")
    g.add_argument("--sizes", default="1000,10000,50000")
    l = sub.add_parser("latency")
    l.add_argument("--drops", type=int, default=200)
    l.add_argument("--rate", type=float, default=20.0)
    args = parser.parse_args()
    if not BINARY.exists():
        sys.exit("build first: cargo build --release")
    {"throughput": throughput, "latency": latency, "compare": compare,
     "growth": growth}[args.what](args)


if __name__ == "__main__":
    main()
