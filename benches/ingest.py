#!/usr/bin/env python3
"""Ingestion benchmarks for claimdrop (standard library only).

  benches/ingest.py throughput [--files 3000]   `run` over the dev corpus replicated to N files
  benches/ingest.py throughput --notify          the same, notifications off vs on (a webhook)
  benches/ingest.py latency [--drops 200] [--new-folders]   `watch`: a file's close -> its archive copy
  benches/ingest.py evidence [--files 100000]   `verify --evidence` over that many archived files
  benches/ingest.py compare [--files 3000] [--rounds 3]   claimdrop vs a pdftotext loop vs invoice2data
  benches/ingest.py growth [--sizes 1000,10000,50000] [--repeat 3]   files/s as the store grows
  benches/ingest.py soak [--minutes 30] [--rate 20] [--hostile 0.05]  `watch` for a long while
  benches/ingest.py postgres [--files 3000] [--rounds 3] [--daemons 1,2,3]   `run` on a PostgreSQL
                                                store (a server started for the bench) vs SQLite

Each mode builds claimdrop (`cargo build --release`) first; `compare` installs what it compares
against when it is missing: poppler-utils (pdftotext) from Debian's packages, invoice2data from
PyPI. Figures are printed, not asserted.
"""
import argparse
import re
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


def build():
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)


def ensure_tools():
    """Installs pdftotext and invoice2data when they are missing."""
    if not shutil.which("pdftotext"):
        sudo = [] if os.geteuid() == 0 else ["sudo"]
        subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "poppler-utils"], check=True,
                       stdout=subprocess.DEVNULL)
    if not shutil.which("invoice2data"):
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "invoice2data"], check=True)


def run_child(command):
    """Runs one command to its end: its own peak RSS in KiB, from wait4."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0
    return usage.ru_maxrss


def workspace():
    """A workspace with the corpus's claims. OCR is off: these benches measure filing (the
    corpus's twenty photos would otherwise be read by Tesseract at seconds each, where a
    pdftotext loop reads nothing of them); `benches/ocr.py` measures OCR, and the text
    throughput with it on."""
    ws = Path(tempfile.mkdtemp(prefix="claimdrop-bench-"))
    subprocess.run([str(BINARY), "init", str(ws)], check=True, capture_output=True)
    config = ws / "claimdrop.toml"
    config.write_text(config.read_text().replace('enabled = "auto"', "enabled = false"))
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


def pin(ws):
    """Gives every inbox file a second name outside the workspace: claimdrop then copies it
    rather than taking it over, as it does with files other users own."""
    pins = Path(tempfile.mkdtemp(prefix="claimdrop-bench-pins-"))
    for i, p in enumerate(p for p in (ws / "inbox").rglob("*") if p.is_file()):
        os.link(p, pins / f"{i:07}")
    return pins


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


def quiet_disk():
    """Writes out what building the workspace left dirty, and lets the disk finish, so the run
    is timed on files that were waiting in the inbox, not on the harness's own writes."""
    os.sync()
    time.sleep(1)


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
    """claimdrop's run and the pdftotext loop alternately, `--rounds` times each on the same
    corpus, so that both meet the same machine (its speed drifts by a fifth within minutes);
    the medians are compared, and every round is printed."""
    ensure_tools()
    ws = workspace()
    n = replicate(ws, args.files)
    pristine = Path(tempfile.mkdtemp(prefix="claimdrop-bench-pristine-")) / "ws"
    shutil.copytree(ws, pristine, symlinks=True)
    pdfs = sorted(str(p) for p in (ws / "inbox").rglob("*.pdf"))
    copies = Path(tempfile.mkdtemp(prefix="claimdrop-bench-pdfs-"))
    kept = []
    for i, p in enumerate(pdfs):
        target = copies / f"{i:06}.pdf"
        shutil.copyfile(p, target)
        kept.append(str(target))
    walls, loops, own, tree, pdftotext_rss = [], [], 0, 0, 0
    for round_ in range(args.rounds):
        if round_:
            shutil.rmtree(ws, ignore_errors=True)
            shutil.copytree(pristine, ws, symlinks=True)
        quiet_disk()
        wall, round_own, round_tree, out = run_measured(ws)
        walls.append(wall)
        own, tree = max(own, round_own), max(tree, round_tree)
        start = time.perf_counter()
        pdftotext_rss = max([pdftotext_rss] + [run_child(["pdftotext", "-layout", p, "-"]) for p in kept])
        loops.append(time.perf_counter() - start)
        print(f"round {round_ + 1}: claimdrop {n / wall:,.0f} files/s, pdftotext {len(kept) / loops[-1]:,.0f} "
              f"PDFs/s: {(n / wall) / (len(kept) / loops[-1]):.1f}x", flush=True)
    wall, loop = statistics.median(walls), statistics.median(loops)
    rate, loop_rate = n / wall, len(kept) / loop
    print(f"claimdrop run:    {n} files ({len(pdfs)} PDFs), median {wall:.2f} s = {rate:.0f} files/s; "
          f"peak RSS {own / 1024:.1f} MiB ({tree / 1024:.1f} MiB with readers)")
    print(f"                  {out}")
    print(f"pdftotext loop:   {len(kept)} PDFs, median {loop:.2f} s = {loop_rate:.0f} PDFs/s, "
          f"peak RSS {pdftotext_rss / 1024:.1f} MiB")
    sample = kept[: args.invoice2data_sample]
    start = time.perf_counter()
    i2d_rss = max(run_child(["invoice2data", "--input-reader", "pdftotext", p]) for p in sample)
    i2d = time.perf_counter() - start
    i2d_rate = len(sample) / i2d
    print(f"invoice2data:     {len(sample)} PDFs in {i2d:.2f} s = {i2d_rate:.1f} PDFs/s, "
          f"peak RSS {i2d_rss / 1024:.1f} MiB")
    print()
    print("| tool | files/s | claimdrop is | peak RSS |")
    print("|---|---:|---:|---:|")
    print(f"| claimdrop run (all {n} files, end to end) | {rate:,.0f} | 1x | "
          f"{own / 1024:.1f} MiB ({tree / 1024:.1f} MiB with readers) |")
    print(f"| pdftotext -layout per file ({len(kept)} PDFs) | {loop_rate:,.0f} | "
          f"{rate / loop_rate:.1f}x faster | {pdftotext_rss / 1024:.1f} MiB |")
    print(f"| invoice2data per file ({len(sample)} PDFs) | {i2d_rate:,.1f} | "
          f"{rate / i2d_rate:.0f}x faster | {i2d_rss / 1024:.1f} MiB |")
    # The strictest reading: as if claimdrop's whole run had been spent on the PDFs alone.
    pdf_rate = len(pdfs) / wall
    print(f"\nPDFs only, charging claimdrop's whole run to them: {pdf_rate:,.0f} PDFs/s = "
          f"{pdf_rate / loop_rate:.1f}x the pdftotext loop, {pdf_rate / i2d_rate:.0f}x invoice2data")
    shutil.rmtree(ws, ignore_errors=True)
    shutil.rmtree(pristine.parent, ignore_errors=True)
    shutil.rmtree(copies, ignore_errors=True)


def growth(args):
    medians = []
    for size in [int(s) for s in args.sizes.split(",")]:
        rates = []
        for _ in range(args.repeat):
            ws = workspace()
            n = replicate(ws, size)
            quiet_disk()
            wall, own, tree, out = run_measured(ws)
            rates.append(n / wall)
            print(f"{n:>7} files: {wall:7.2f} s = {n / wall:6.0f} files/s; peak RSS {own / 1024:.1f} MiB "
                  f"({tree / 1024:.1f} MiB with readers)", flush=True)
            shutil.rmtree(ws, ignore_errors=True)
        medians.append((size, statistics.median(rates)))
    for size, rate in medians:
        print(f"median at {size:>7} files: {rate:6.0f} files/s")
    rates = [rate for _, rate in medians]
    spread = (max(rates) - min(rates)) / max(rates) * 100
    print(f"spread of the medians: {spread:.0f}% between the fastest and the slowest")


class Webhook:
    """A loopback HTTP listener (keep-alive, like a real receiver) counting the POSTs."""

    def __init__(self):
        import http.server

        hook = self
        self.posts = 0

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.posts += 1
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *a):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/claims"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()


def notify_to(ws, url):
    """Points the workspace's [notify] webhook at `url` (init wrote webhook_url = "")."""
    config = ws / "claimdrop.toml"
    text = config.read_text()
    config.write_text(text.replace('webhook_url = ""', f'webhook_url = "{url}"', 1))


def throughput_once(args, hook=None):
    ws = workspace()
    if hook:
        notify_to(ws, hook.url)
    n = replicate(ws, args.files)
    pins = pin(ws) if args.copy else None
    quiet_disk()
    wall, peak_own, peak_tree, out = run_measured(ws)
    sent = None
    if hook:
        rows = (ws / "reports/notifications.csv").read_text().splitlines()[1:]
        sent = (len(rows), sum(1 for r in rows if ",delivered," in r))
    shutil.rmtree(ws, ignore_errors=True)
    if pins:
        shutil.rmtree(pins, ignore_errors=True)
    return n, wall, peak_own, peak_tree, out, sent


def throughput(args):
    if args.notify:
        # Off and on alternately in the same run, so both meet the same machine.
        hook = Webhook()
        off, on = [], []
        for _ in range(args.rounds):
            off.append(throughput_once(args)[1])
            n, wall, _, _, out, sent = throughput_once(args, hook)
            on.append(wall)
        hook.stop()
        off_m, on_m = statistics.median(off), statistics.median(on)
        print(f"files in inbox:   {n}")
        print(f"summary (on):     {out}")
        print(f"notifications:    {sent[0]} webhook deliveries in the last run, {sent[1]} delivered; {hook.posts} POSTs received in all")
        print(f"off:              {' '.join(f'{w:.2f}' for w in off)} s; median {off_m:.2f} s = {n / off_m:.0f} files/s")
        print(f"on:               {' '.join(f'{w:.2f}' for w in on)} s; median {on_m:.2f} s = {n / on_m:.0f} files/s")
        print(f"on / off:         {on_m / off_m:.3f}")
        return
    n, wall, peak_own, peak_tree, out, _ = throughput_once(args)
    print(f"files in inbox:   {n}")
    print(f"summary:          {out}")
    print(f"wall:             {wall:.2f} s")
    print(f"throughput:       {n / wall:.0f} files/s")
    print(f"peak RSS:         {peak_own / 1024:.1f} MiB claimdrop, {peak_tree / 1024:.1f} MiB with its readers")


def latency(args):
    ws = workspace()
    if args.preload:
        # A store that already holds many documents: report rewrites take longer.
        replicate(ws, args.preload)
        wall, _, _, out = run_measured(ws)
        print(f"preloaded: {out} ({wall:.1f} s)")
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
        if args.new_folders:
            # Each drop the first file of a folder made just before it, as a copied folder
            # arrives: the folder's scan may find the file before its watch exists.
            target = ws / "inbox/invoices" / f"drop {i:04}" / name
            target.parent.mkdir()
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
    print(f"drops:  {len(latencies)} at {args.rate}/s{', each in a new folder' if args.new_folders else ''}")
    print(f"p50:    {q(0.50):.1f} ms")
    print(f"p99:    {q(0.99):.1f} ms")
    print(f"max:    {latencies[-1]:.1f} ms   mean {statistics.mean(latencies):.1f} ms")
    shutil.rmtree(ws, ignore_errors=True)


def evidence(args):
    """`verify --evidence` after `run` filed N files: files re-hashed per second."""
    ws = workspace()
    n = replicate(ws, args.files)
    wall, _, _, out = run_measured(ws)
    print(f"filed:    {out} ({wall:.1f} s)")
    quiet_disk()
    start = time.perf_counter()
    r = claimdrop(ws, "verify", "--evidence")
    took = time.perf_counter() - start
    print("\n".join(line for line in r.stdout.splitlines() if not line.startswith(("differs", "missing"))))
    print(f"verify --evidence: exit {r.returncode}, {took:.2f} s wall")
    shutil.rmtree(ws, ignore_errors=True)


def soak(args):
    """`watch` for a while at a steady drop rate with hostile files mixed in (damaged documents,
    and a few named pipes and symbolic links): the daemon's RSS, per-minute latency (a file's
    close to its leaving the inbox, filed or quarantined), and at the end a check that every
    dropped file has an outcome."""
    import random
    rng = random.Random(args.seed)
    ws = workspace()
    import json
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    ignored = {f["path"] for f in manifest["files"] if f["expected_outcome"] == "ignored"}
    # Notes and names on the ignore list stay out: a prefixed copy would be neither.
    documents = [p for p in (CORPUS / "inbox").rglob("*")
                 if p.is_file() and not p.name.endswith(".note.txt")
                 and str(p.relative_to(CORPUS)) not in ignored]
    external = ROOT.parent / "shared/corpus/external"
    hostile = [p for p in external.rglob("*") if p.is_file()]
    log = open(ws / "watch.log", "w")
    proc = subprocess.Popen([str(BINARY), "--workspace", str(ws), "watch"],
                            stdout=subprocess.DEVNULL, stderr=log,
                            env={**os.environ, "RUST_LOG": "warn"})
    time.sleep(1.0)
    pending = {}  # path -> close time
    lock = threading.Lock()
    minute = {"latencies": [], "done": 0}
    rows = []
    stop = threading.Event()

    def follow():
        while not stop.is_set() or pending:
            now = time.perf_counter()
            with lock:
                for path, closed in list(pending.items()):
                    if not os.path.lexists(path):
                        minute["latencies"].append((now - closed) * 1000)
                        minute["done"] += 1
                        del pending[path]
            time.sleep(0.002)
            if stop.is_set() and time.perf_counter() > stop_deadline[0]:
                break

    stop_deadline = [float("inf")]
    follower = threading.Thread(target=follow)
    follower.start()
    dropped = []
    interval = 1.0 / args.rate
    start = time.perf_counter()
    next_minute = start + 60
    n = 0
    end = start + args.minutes * 60
    print("minute  dropped  filed  p50 ms  p99 ms  max ms  RSS MiB (with readers)", flush=True)
    while time.perf_counter() < end:
        is_hostile = rng.random() < args.hostile
        source = rng.choice(hostile if is_hostile else documents)
        # Into the folders people use, as they are in the corpus (the first file of a folder
        # creates it); each name made unique by a number in front.
        if is_hostile:
            folder = ws / "inbox" / ("invoices" if source.suffix.lower() == ".pdf" else "metrics")
        else:
            folder = ws / source.relative_to(CORPUS).parent
        target = folder / f"{n:06} {source.name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        special = rng.random() < args.special
        if special:
            # Never opened: a pipe would block a reader, a link would lead out of the inbox.
            kind = rng.choice(("fifo", "passwd", "dangling"))
            if kind == "fifo":
                os.mkfifo(target)
            else:
                os.symlink("/etc/passwd" if kind == "passwd" else f"nowhere-{n}", target)
        else:
            data = source.read_bytes()
            if data[:4] != b"PK\x03\x04" and data[:4] != b"\xd0\xcf\x11\xe0":
                data += f"\n%soak {n}\n".encode()
            with open(target, "wb") as f:
                f.write(data)
        with lock:
            pending[target] = time.perf_counter()
        dropped.append(target)
        n += 1
        if time.perf_counter() >= next_minute:
            own, tree = tree_rss_kib(proc.pid)
            with lock:
                lat = sorted(minute["latencies"])
                done = minute["done"]
                minute["latencies"], minute["done"] = [], 0
            q = (lambda p: lat[min(len(lat) - 1, int(p * len(lat)))]) if lat else (lambda p: float("nan"))
            rows.append((len(rows) + 1, n, done, q(0.5), q(0.99), lat[-1] if lat else float("nan"), own, tree))
            print(f"{len(rows):>6}  {n:>7}  {done:>5}  {q(0.5):6.1f}  {q(0.99):6.1f}  "
                  f"{(lat[-1] if lat else float('nan')):6.1f}  {own / 1024:6.1f} ({tree / 1024:.1f})", flush=True)
            next_minute += 60
        rest = start + n * interval - time.perf_counter()
        if rest > 0:
            time.sleep(rest)
    stop_deadline[0] = time.perf_counter() + 120
    stop.set()
    follower.join()
    proc.terminate()
    proc.wait(timeout=60)
    ended = {}
    import csv as csvmod
    for name, key in (("documents.csv", "attached"), ("exceptions.csv", None)):
        with open(ws / "reports" / name, newline="", encoding="utf-8") as f:
            for row in csvmod.DictReader(f):
                ended[row["original_path"]] = key or row["outcome"]
    missing = [p for p in dropped if str(p.relative_to(ws)) not in ended]
    outcomes = {}
    for p in dropped:
        o = ended.get(str(p.relative_to(ws)), "NONE")
        outcomes[o] = outcomes.get(o, 0) + 1
    print(f"dropped {len(dropped)} files in {args.minutes} min ({args.hostile:.0%} hostile); "
          f"outcomes {dict(sorted(outcomes.items()))}")
    print(f"without an outcome: {len(missing)}; still in the inbox: "
          f"{sum(1 for p in dropped if os.path.lexists(p))}")
    for p in [p for p in dropped if os.path.lexists(p)][:5]:
        print(f"  still in the inbox: {p.relative_to(ws)}")
    if rows:
        first, last = rows[0], rows[-1]
        print(f"RSS first minute {first[6] / 1024:.1f} MiB ({first[7] / 1024:.1f}), "
              f"last minute {last[6] / 1024:.1f} MiB ({last[7] / 1024:.1f})")
    if args.keep:
        print(f"workspace kept: {ws}")
    else:
        shutil.rmtree(ws, ignore_errors=True)
    if missing:
        sys.exit(1)


def commands(args):
    """Commands beside `watch`: the latency of a `claims comment` sent through the command
    socket (p50/p99 over N, the whole command as a person runs it: process start to exit),
    beside the same command run in place without a daemon; then what commands cost filing:
    files/s of a daemon taking in --files dropped files, quiet and while comments keep coming."""
    ws = workspace()
    claim = "CLM-879149"

    def timed_comments(n):
        took = []
        for i in range(n):
            start = time.perf_counter()
            r = claimdrop(ws, "claims", "comment", claim, f"note {i}")
            took.append((time.perf_counter() - start) * 1000)
            if r.returncode:
                sys.exit(r.stderr)
        took.sort()
        q = lambda p: took[min(len(took) - 1, int(p * len(took)))]
        return q(0.5), q(0.99)

    in_place = timed_comments(args.commands)
    proc = subprocess.Popen([str(BINARY), "--workspace", str(ws), "watch"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "RUST_LOG": "warn"})
    while not (ws / ".claimdrop.sock").exists():
        time.sleep(0.01)
    through = timed_comments(args.commands)
    proc.terminate()
    proc.wait(timeout=30)
    print(f"claims comment x{args.commands}: through the socket p50 {through[0]:.1f} ms, "
          f"p99 {through[1]:.1f} ms; in place (no daemon) p50 {in_place[0]:.1f} ms, p99 {in_place[1]:.1f} ms")

    def filing(with_commands):
        fresh = workspace()
        n = replicate(fresh, args.files)
        proc = subprocess.Popen([str(BINARY), "--workspace", str(fresh), "watch"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                env={**os.environ, "RUST_LOG": "warn"})
        start = time.perf_counter()
        stop = threading.Event()
        sent = [0]

        def keep_commenting():
            while not (fresh / ".claimdrop.sock").exists() and not stop.is_set():
                time.sleep(0.01)
            while not stop.is_set():
                claimdrop(fresh, "claims", "comment", claim, "while filing")
                sent[0] += 1

        worker = threading.Thread(target=keep_commenting)
        if with_commands:
            worker.start()
        # Done when the inbox stops shrinking: files on the ignore list stay there for good.
        inbox = fresh / "inbox"
        left, last_change = None, time.perf_counter()
        while time.perf_counter() - last_change < 2 and time.perf_counter() - start < 600:
            now_left = sum(1 for p in inbox.rglob("*") if p.is_file())
            if now_left != left:
                left, last_change = now_left, time.perf_counter()
            time.sleep(0.05)
        took = last_change - start
        stop.set()
        if with_commands:
            worker.join()
        proc.terminate()
        proc.wait(timeout=30)
        shutil.rmtree(fresh, ignore_errors=True)
        return n / took, sent[0]

    quiet, _ = filing(False)
    busy, sent = filing(True)
    print(f"watch taking in {args.files} files: {quiet:.0f} files/s quiet, {busy:.0f} files/s "
          f"while {sent} comments went through the socket ({(1 - busy / quiet) * 100:.0f}% slower)")
    shutil.rmtree(ws, ignore_errors=True)


class PostgresServer:
    """A PostgreSQL server for the bench: Debian's, in a temporary folder, on a free loopback
    port, as nobody when run as root (the server refuses root), fsync on (as a real store)."""

    def __init__(self):
        import glob
        import socket
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not versions:
            sudo = [] if os.geteuid() == 0 else ["sudo"]
            subprocess.run(sudo + ["apt-get", "install", "-y", "-q", "postgresql"], check=True,
                           stdout=subprocess.DEVNULL)
            versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        self.bin = Path(versions[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="claimdrop-bench-pg-"))
        os.chmod(self.dir, 0o777)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.tool("initdb", "-U", "claimdrop", "--auth=trust", "-E", "UTF8", "-D", str(self.dir / "data"))
        self.tool("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                  "-o", f"-h 127.0.0.1 -p {self.port} -k {self.dir}", "start")
        self.databases = 0

    def tool(self, name, *args):
        prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"] \
            if os.geteuid() == 0 else []
        subprocess.run(prefix + [str(self.bin / name), *args], check=True, capture_output=True)

    def database(self):
        self.databases += 1
        name = f"bench{self.databases}"
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
                        "-U", "claimdrop", name], check=True)
        return f"postgres://claimdrop@127.0.0.1:{self.port}/{name}"

    def stop(self):
        self.tool("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def on_postgres(ws, server):
    """Moves a workspace's (fresh) store into a new database and points the workspace at it."""
    url = server.database()
    r = claimdrop(ws, "store", "migrate", "--to", url)
    if r.returncode:
        sys.exit(r.stderr)
    config = ws / "claimdrop.toml"
    config.write_text(config.read_text().replace('\nurl = ""', f'\nurl = "{url}"', 1))


def postgres(args):
    """`run` over the same corpus on SQLite and on PostgreSQL, alternately, `--rounds` times;
    then N daemons (`watch`, all started the same way on the one workspace folder) on one
    PostgreSQL store and one shared inbox: files/s until the inbox is empty."""
    server = PostgresServer()
    try:
        sqlite, pg = [], []
        for _ in range(args.rounds):
            for engine, walls in (("sqlite", sqlite), ("postgres", pg)):
                ws = workspace()
                if engine == "postgres":
                    on_postgres(ws, server)
                n = replicate(ws, args.files)
                quiet_disk()
                wall, _, _, out = run_measured(ws)
                walls.append(wall)
                print(f"{engine:>8}: {n} files in {wall:.2f} s = {n / wall:,.0f} files/s ({out.splitlines()[0]})",
                      flush=True)
                shutil.rmtree(ws, ignore_errors=True)
        s, p = statistics.median(sqlite), statistics.median(pg)
        print(f"\nmedian: SQLite {args.files / s:,.0f} files/s, PostgreSQL {args.files / p:,.0f} files/s "
              f"({p / s:.2f}x the time)")
        for daemons in [int(d) for d in args.daemons.split(",")]:
            ws = workspace()
            on_postgres(ws, server)
            n = replicate(ws, args.files)
            quiet_disk()
            start = time.perf_counter()
            # Several daemons on one host need nothing more than the same command: no
            # workspace lock on a shared store, the first to listen keeps the socket.
            logs = [open(ws / f"watch{i}.log", "w") for i in range(daemons)]
            procs = [subprocess.Popen([str(BINARY), "--workspace", str(ws), "watch"],
                                      stdout=subprocess.DEVNULL, stderr=log,
                                      env={**os.environ, "RUST_LOG": "info"})
                     for log in logs]
            files = lambda: sum(1 for p in (ws / "inbox").rglob("*") if p.is_file())
            # Filed when the inbox stops shrinking (what stays: the ignored files).
            count, last_change = files(), start
            while time.perf_counter() - last_change < 3 and time.perf_counter() - start < 600:
                time.sleep(0.05)
                now = files()
                if now != count:
                    count, last_change = now, time.perf_counter()
            wall = last_change - start
            for proc in procs:
                proc.terminate()
            alive = sum(1 for proc in procs if proc.poll() is None)
            for proc in procs:
                proc.wait()
            # Who filed what: each daemon's summary lines, as it logged them.
            shares = []
            for log in logs:
                log.close()
                text = Path(log.name).read_text()
                shares.append(sum(int(a) + int(d) + int(q) for a, d, q in re.findall(
                    r"attached (\d+), duplicate (\d+), quarantined (\d+)", text)))
            print(f"{daemons} daemon(s) on PostgreSQL: {n} files, inbox down to its ignored files in "
                  f"{wall:.2f} s = {n / wall:,.0f} files/s ({alive} of {daemons} still running at the end; "
                  f"files filed by each daemon {shares})", flush=True)
            shutil.rmtree(ws, ignore_errors=True)
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="what", required=True)
    t = sub.add_parser("throughput")
    t.add_argument("--files", type=int, default=3000)
    t.add_argument("--notify", action="store_true",
                   help="notifications off and on (webhook to a loopback listener), compared")
    t.add_argument("--rounds", type=int, default=3, help="with --notify: runs of each")
    t.add_argument("--copy", action="store_true",
                   help="make claimdrop copy every file (as for files other users own)")
    c = sub.add_parser("compare")
    c.add_argument("--files", type=int, default=3000)
    c.add_argument("--invoice2data-sample", type=int, default=200)
    c.add_argument("--rounds", type=int, default=3,
                   help="claimdrop runs and pdftotext loops, alternately; the medians count")
    g = sub.add_parser("growth")
    g.add_argument("--sizes", default="1000,10000,50000")
    g.add_argument("--repeat", type=int, default=3, help="runs per size; the median counts")
    l = sub.add_parser("latency")
    l.add_argument("--drops", type=int, default=200)
    l.add_argument("--rate", type=float, default=20.0)
    l.add_argument("--preload", type=int, default=0,
                   help="file this many corpus copies before watching")
    l.add_argument("--new-folders", action="store_true",
                   help="drop each file into a folder made just before it")
    e = sub.add_parser("evidence")
    e.add_argument("--files", type=int, default=100000)
    k = sub.add_parser("soak")
    k.add_argument("--minutes", type=float, default=30)
    k.add_argument("--rate", type=float, default=20.0)
    k.add_argument("--hostile", type=float, default=0.05)
    k.add_argument("--special", type=float, default=0.005,
                   help="share of drops that are named pipes or symbolic links")
    k.add_argument("--seed", type=int, default=7)
    k.add_argument("--keep", action="store_true", help="keep the workspace (and its watch.log)")
    q = sub.add_parser("postgres")
    q.add_argument("--files", type=int, default=3000)
    q.add_argument("--rounds", type=int, default=3)
    q.add_argument("--daemons", default="1,2,3")
    m = sub.add_parser("commands")
    m.add_argument("--commands", type=int, default=200)
    m.add_argument("--files", type=int, default=3000)
    args = parser.parse_args()
    build()
    {"throughput": throughput, "latency": latency, "compare": compare,
     "growth": growth, "soak": soak, "evidence": evidence, "commands": commands,
     "postgres": postgres}[args.what](args)


if __name__ == "__main__":
    main()
