#!/usr/bin/env python3
"""OCR benchmarks for claimdrop (standard library only; needs tesseract and pdftoppm).

  benches/ocr.py pages [--files 20]    OCR pages/s on one core: claimdrop (`run` on a workspace of
                                       scans) against the engine alone (`pdftoppm` + `tesseract`
                                       once per page, same languages, one thread): the limit
  benches/ocr.py text [--files 3000]   text documents (the dev corpus without its images,
                                       replicated): `run` files/s with [ocr] off and on
  benches/ocr.py hostile               the hostile scans (a PNG declaring 60,000 x 60,000 pixels,
                                       random bytes, a TIFF of 1,000 frames, a PDF of 5,000
                                       pages, JBIG2 and CCITT page streams of noise): outcomes,
                                       wall time and the peak RSS of the whole process tree
                                       (GNU time: the largest of claimdrop, its workers,
                                       pdftoppm and tesseract)

Scans come from ../shared/corpus/scans. Figures are printed, not asserted.
"""
import argparse
import json
import os
import re
import struct
import zlib
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


def has_text(path):
    """Whether claimdrop reads the file without OCR (`inspect` says no `metadata.ocr`): the
    files it sends to OCR (scans, and PDFs whose text its reader cannot reach) are what the
    `pages` bench measures."""
    out = subprocess.run([str(BINARY), "inspect", "--json", str(path)], capture_output=True,
                         text=True, errors="replace")
    try:
        return "ocr" not in json.loads(out.stdout).get("metadata", {})
    except (json.JSONDecodeError, AttributeError):
        return True


def text(args):
    sources = [p for p in (DEV / "inbox").rglob("*")
               if p.is_file() and p.suffix.lower() not in IMAGES and has_text(p)]
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
    on, off = results['"auto"'], results["false"]
    print(f"with OCR on / off: {on / off:.2f}")


def png_bomb(side=60_000):
    """A PNG whose header says `side` x `side` grey pixels; a few rows of data only."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    rows = zlib.compress((b"\0" + b"\xff" * side) * 4)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def tiff_frames(frames=1000):
    """A little-endian TIFF of `frames` one-pixel frames."""
    out = bytearray(b"II*\0" + struct.pack("<I", 8))
    for frame in range(frames):
        here = len(out)
        pixel = here + 2 + 8 * 12 + 4
        entries = [(256, 3, 1), (257, 3, 1), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                   (273, 4, pixel), (278, 3, 1), (279, 4, 1)]
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += struct.pack("<HHI", tag, kind, 1)
            out += struct.pack("<HH", value, 0) if kind == 3 else struct.pack("<I", value)
        out += struct.pack("<I", pixel + 2 if frame + 1 < frames else 0) + b"\xc8\0"
    return bytes(out)


def noise(length, seed=0x9E3779B9):
    out = bytearray()
    state = seed
    for _ in range(length):
        state ^= (state << 13) & 0xFFFFFFFF
        state ^= state >> 17
        state ^= (state << 5) & 0xFFFFFFFF
        out.append(state & 0xFF)
    return bytes(out)


def jbig2(side, data):
    """An embedded JBIG2 stream: a `side` x `side` page, one MMR generic region of `data`."""
    def segment(number, kind, body):
        return struct.pack(">IBBBI", number, kind, 0, 1, len(body)) + body
    page = struct.pack(">II", side, side) + b"\0" * 8 + b"\0\0\0"
    region = struct.pack(">II", side, side) + b"\0" * 8 + b"\0\x01" + data
    return segment(0, 48, page) + segment(1, 38, region) + segment(2, 49, b"")


def pictures_pdf(pictures):
    """A PDF of one page per (width, height, bits, filter, data) picture, at 200 dpi; a picture
    given as an int reuses that earlier picture's image object."""
    objects = []  # bodies, numbered from 1

    def add(body):
        objects.append(body)
        return len(objects)

    pages_id = add(None)
    images, kids = [], []
    for picture in pictures:
        if isinstance(picture, int):
            image, (width, height) = images[picture]
        else:
            width, height, bits, kind, data = picture
            image = add(f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} "
                        f"/ColorSpace /DeviceGray /BitsPerComponent {bits} /Filter /{kind} "
                        f"/Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream")
        images.append((image, (width, height)))
        w, h = width * 72 / 200, height * 72 / 200
        content = f"q {w:.2f} 0 0 {h:.2f} 0 0 cm /Im0 Do Q".encode()
        content_id = add(f"<< /Length {len(content)} >>\nstream\n".encode() + content
                         + b"\nendstream")
        kids.append(add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {w:.2f} {h:.2f}] "
                        f"/Resources << /XObject << /Im0 {image} 0 R >> >> "
                        f"/Contents {content_id} 0 R >>".encode()))
    objects[pages_id - 1] = (f"<< /Type /Pages /Count {len(kids)} /Kids ["
                             + " ".join(f"{k} 0 R" for k in kids) + "] >>").encode()
    catalog = add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
    out = bytearray(b"%PDF-1.5\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010} 00000 n \n".encode() for o in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def hostile(args):
    blank = (1654, 2339, 1, "FlateDecode", zlib.compress(b"\xff" * (1654 // 8 + 1) * 2339))
    files = {
        "bomb.png": png_bomb(),
        "random.png": b"\x89PNG\r\n\x1a\n" + noise(200_000),
        "frames.tif": tiff_frames(),
        "thick.pdf": pictures_pdf([blank] + [0] * 4999),
        "jbig2-bomb.pdf": pictures_pdf([(60_000, 60_000, 1, "JBIG2Decode",
                                         jbig2(60_000, noise(4096)))]),
        "jbig2-noise.pdf": pictures_pdf([(1654, 2339, 1, "JBIG2Decode", noise(50_000))]),
        "ccitt-noise.pdf": pictures_pdf([(1654, 2339, 1, "CCITTFaxDecode", noise(50_000))]),
    }
    ws = workspace('"auto"')
    folder = ws / "inbox/invoices/CLM-900001"
    folder.mkdir(parents=True)
    old = time.time() - 3600
    for name, data in files.items():
        (folder / name).write_bytes(data)
        os.utime(folder / name, (old, old))
    if not Path("/usr/bin/time").exists():
        sys.exit("needs GNU time (Debian: time)")
    start = time.monotonic()
    out = subprocess.run(["/usr/bin/time", "-v", str(BINARY), "--workspace", str(ws), "run"],
                         capture_output=True, text=True)
    took = time.monotonic() - start
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    print(f"{len(files)} hostile scans in {took:.1f} s; peak RSS of the process tree "
          f"{int(peak.group(1)) / 1024 if peak else float('nan'):.0f} MiB; "
          f"{out.stdout.strip().splitlines()[-1:]}")
    for line in (ws / "reports/exceptions.csv").read_text().splitlines()[1:]:
        print("  exception:", line[:160])
    left = [p.name for p in folder.iterdir()] if folder.exists() else []
    print(f"  left in the inbox: {left or 'none'}")
    shutil.rmtree(ws, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    p = sub.add_parser("pages")
    p.add_argument("--files", type=int, default=20)
    t = sub.add_parser("text")
    t.add_argument("--files", type=int, default=3000)
    sub.add_parser("hostile")
    args = parser.parse_args()
    if not shutil.which("tesseract") or not shutil.which("pdftoppm"):
        sys.exit("needs tesseract and pdftoppm (Debian: tesseract-ocr, poppler-utils)")
    build()
    {"pages": pages, "text": text, "hostile": hostile}[args.mode](args)


if __name__ == "__main__":
    main()
