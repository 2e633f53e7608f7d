#!/usr/bin/env python3
"""OCR benchmarks for claimdrop (standard library only; needs tesseract and pdftoppm).

  benches/ocr.py pages [--files 20]    OCR pages/s on one core: claimdrop (`run` on a workspace of
                                       scans) against the engine alone (`pdftoppm` + `tesseract`
                                       once per page, same languages, one thread): the limit
  benches/ocr.py text [--files 3000]   text documents (the dev corpus without its images,
                                       replicated): `run` files/s with [ocr] off and on

Scans come from ../shared/corpus/scans. Figures are printed, not asserted.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "target/release/claimdrop"
SCANS = ROOT.parent / "shared/corpus/scans"
DEV = ROOT.parent / "shared/corpus/dev"
LANGUAGES = ["eng", "fra", "deu", "spa", "ita", "nld"]
IMAGES = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp", ".gif"}


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def workspace(ocr):
    ws = Path(tempfile.mkdtemp(prefix="claimdrop-ocr-bench-"))
    subprocess.run([str(BINARY), "init", str(ws)], check=True, capture_output=True)
    config = ws / "claimdrop.toml"
    text = config.read_text()
    text = text.replace('enabled = "auto"', f"enabled = {ocr}")
    config.write_text(text)
    subprocess.run([str(BINARY), "--workspace", str(ws), "claims", "create", "CLM-900001",
                    "--program", "Bench", "--usage-start", "2000-01-01", "--usage-end",
                    "2099-12-31", "--currency", "EUR", "--funds-total", "1000000"],
                   check=True, capture_output=True)
    return ws


def run(ws, cpus):
    """`run` pinned to `cpus` (a taskset list); its wall time in seconds."""
    start = time.monotonic()
    out = subprocess.run(["taskset", "-c", cpus, str(BINARY), "--workspace", str(ws), "run"],
                         capture_output=True, text=True)
    took = time.monotonic() - start
    if out.returncode != 0:
        sys.exit(f"run failed: {out.stderr}")
    return took, out.stdout.strip().splitlines()[-1:]


def pages(args):
    scans = sorted(SCANS.glob("*.pdf"))[: args.files]
    count = 0
    for scan in scans:
        info = subprocess.run(["pdfinfo", str(scan)], capture_output=True, text=True).stdout
        count += min(10, next((int(l.split()[-1]) for l in info.splitlines()
                               if l.startswith("Pages:")), 1))
    ws = workspace('"auto"')
    folder = ws / "inbox/invoices/CLM-900001"
    folder.mkdir(parents=True)
    old = time.time() - 3600
    for scan in scans:
        shutil.copyfile(scan, folder / scan.name)
        os.utime(folder / scan.name, (old, old))
    took, said = run(ws, "0")
    print(f"claimdrop run, one core: {len(scans)} scans, {count} pages in {took:.1f} s "
          f"= {count / took:.2f} pages/s   {said}")
    # The engine alone: each page rendered at 300 dpi and read once, one thread.
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    start = time.monotonic()
    for scan in scans:
        info = subprocess.run(["pdfinfo", str(scan)], capture_output=True, text=True).stdout
        n = min(10, next((int(l.split()[-1]) for l in info.splitlines()
                          if l.startswith("Pages:")), 1))
        for page in range(1, n + 1):
            image = subprocess.run(["taskset", "-c", "0", "pdftoppm", "-f", str(page), "-l",
                                    str(page), "-r", "300", "-gray", str(scan)],
                                   capture_output=True, check=True).stdout
            subprocess.run(["taskset", "-c", "0", "tesseract", "stdin", "stdout", "--dpi", "300",
                            "-l", "+".join(LANGUAGES), "tsv"], input=image,
                           capture_output=True, check=True, env=env)
    engine = time.monotonic() - start
    print(f"pdftoppm + tesseract per page, one core: {count} pages in {engine:.1f} s "
          f"= {count / engine:.2f} pages/s")
    print(f"claimdrop / engine alone: {engine / took:.2f}")
    shutil.rmtree(ws, ignore_errors=True)


def text(args):
    sources = [p for p in (DEV / "inbox").rglob("*")
               if p.is_file() and p.suffix.lower() not in IMAGES]
    results = {}
    for ocr in ("false", '"auto"'):
        ws = workspace(ocr)
        made, batch = 0, 0
        old = time.time() - 3600
        while made < args.files:
            for src in sources:
                if made >= args.files:
                    break
                rel = src.relative_to(DEV / "inbox")
                dst = ws / "inbox" / rel.parts[0] / f"batch{batch:03}" / Path(*rel.parts[1:])
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
                if not src.name.endswith(".note.txt"):
                    with open(dst, "ab") as f:
                        f.write(f"\n% {made}\n".encode())
                os.utime(dst, (old, old))
                made += 1
            batch += 1
        os.sync()
        time.sleep(1)
        took, said = run(ws, "0,1")
        results[ocr] = made / took
        print(f"[ocr] enabled = {ocr}: {made} text documents in {took:.1f} s "
              f"= {made / took:.0f} files/s   {said}")
        shutil.rmtree(ws, ignore_errors=True)
    print(f"with OCR on / off: {results['\"auto\"'] / results['false']:.2f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("pages")
    p.add_argument("--files", type=int, default=20)
    t = sub.add_parser("text")
    t.add_argument("--files", type=int, default=3000)
    args = parser.parse_args()
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        sys.exit("needs tesseract and pdftoppm (Debian: tesseract-ocr, poppler-utils)")
    build()
    {"pages": pages, "text": text}[args.mode](args)


if __name__ == "__main__":
    main()
