#!/usr/bin/env python3
"""Fits the field reader's evidence weights (src/stage/extract/fields/weights.toml) by logistic
regression on every labelled document we have, and says how well they generalise.

Every candidate of every field (`claimdrop inspect --json --candidates`) is described by its
features (what its label names, where its value stands, arithmetic, repetition, its place on
the page); a document's candidates, and whether each holds the truth, are one example of a
choice. One model per field: a conditional logit over the document's candidates and a null
option (none of them is right), its prior the hand weights of round 2 (scripts/weights-prior.toml), fitted by
gradient descent; the confidence a value needs (the field's threshold) is chosen so that a
wrong value costs four empty ones.

The data: the attached invoices and CSRs of `dev` (truth in its manifest), the pages of
`einvoice/visible` (truth from their XML), `real` (truth by hand) and `scans` (the visible pages
scanned). Only the families of the dev half (`scripts/split.txt`) are fitted on. The penalty
and thresholds are chosen by leaving one family out at a time; the held-out half is scored
last, with the fitted weights and with the weights the binary was built with, side by side,
and the confidence of the values kept is compared with how often they are right (calibration).
Nothing of the held-out half goes into the fit.

usage: scripts/fit-weights.py [--binary target/release/claimdrop] [--shared DIR] [--write]
                              [--rotate] [--cache FILE]
  --write   replace weights.toml with the fit (rebuild, then run corpus-accuracy.py)
"""
import argparse
import concurrent.futures
import importlib.util
import json
import math
import os
import subprocess
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WEIGHTS = ROOT / "src/stage/extract/fields/weights.toml"
PRIOR = ROOT / "scripts/weights-prior.toml"
FIELDS = ["invoice_number", "document_date", "amount", "currency", "vendor"]
# Which of equally confident candidates the reader keeps (fields::Prefer).
PREFER_LAST = {"document_date", "amount"}
# Strengths of the prior (the built weights) against the data; None: the prior alone.
PENALTIES = [None, 100.0, 30.0, 10.0, 3.0, 1.0, 0.3]
# A wrong value costs this many empty ones: it is counted in the money, an empty one sends a
# person to look.
WRONG_COST = 4

spec = importlib.util.spec_from_file_location("accuracy", ROOT / "scripts/corpus-accuracy.py")
accuracy = importlib.util.module_from_spec(spec)
spec.loader.exec_module(accuracy)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=str(ROOT / "target/release/claimdrop"))
    parser.add_argument("--shared", default=str(ROOT.parent / "shared/corpus"))
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--rotate", action="store_true", help="fit on the other half")
    parser.add_argument("--cache", help="keep the candidates read in this file, and reuse them")
    args = parser.parse_args()
    split = accuracy.Split(accuracy.SPLIT, args.rotate)
    if args.cache and Path(args.cache).exists():
        documents = json.loads(Path(args.cache).read_text())
    else:
        documents = gather(args, Path(args.shared))
        if args.cache:
            Path(args.cache).write_text(json.dumps(documents))
    dev = [d for d in documents if split.looked_at(d["corpus"], d["family"])]
    held = [d for d in documents if not split.looked_at(d["corpus"], d["family"])]
    print(f"{len(documents)} documents: {len(dev)} in the dev half "
          f"({len({(d['corpus'], d['family']) for d in dev})} families), {len(held)} held out")
    current = read_weights(WEIGHTS)
    start = read_weights(PRIOR)
    fitted = {}
    for field in FIELDS:
        # Every feature the reader gives (the built file names them all), seen or not: one
        # never seen keeps a weight of 0.
        names = sorted({n for d in documents for c in d["candidates"].get(field, [])
                        for n in c["features"]} | set(start.get(field, {}).get("features", {})))
        before = start.get(field, {"bias": 0.0, "features": {}})
        hand = [before["bias"]] + [before["features"].get(n, 0.0) for n in names]
        # The hand weights' scale was arbitrary: first the scale and bias that make them
        # predict best, then the features one by one around that.
        scale, bias = calibrate(field, names, dev, hand)
        prior = [bias] + [scale * w for w in hand[1:]]
        print(f"\n{field}: the hand weights scaled by {scale:.2f}, bias {bias:.2f}")
        penalty, cv = choose_penalty(field, names, dev, prior)
        weights = fit(field, names, dev, penalty, prior)
        threshold = choose_threshold(field, cv)
        fitted[field] = {"bias": weights[0], "threshold": threshold, "prior": penalty,
                         "scale": scale,
                         "features": dict(zip(names, weights[1:]))}
        n = sum(len(d["candidates"].get(field, [])) for d in dev)
        print(f"\n{field}: {n} candidates in the dev half, prior strength {penalty}, "
              f"threshold {threshold:.2f}")
        r, w, e = tally(field, cv, threshold)
        print(f"  dev half, each family scored by a fit without it: "
              f"right {r}  wrong {w}  empty {e}")
        for name, label in (("held-out half, fitted", fitted), ("held-out half, built", current)):
            r, w, e = tally(field, [(d, decide(field, d, label.get(field))) for d in held],
                            label.get(field, {}).get("threshold", 1.0))
            print(f"  {name:22} right {r}  wrong {w}  empty {e}")
    print("\ncalibration on the held-out half (values kept, by confidence):")
    calibration(held, fitted)
    if args.write:
        write_weights(fitted, len(dev), args.rotate)
        print(f"\nwrote {WEIGHTS.relative_to(ROOT)}")


def gather(args, shared):
    """Every labelled document: its corpus, family, truth and candidates."""
    jobs = []
    manifest = json.loads((shared / "dev/manifest.json").read_text())
    for f in manifest["files"]:
        if f.get("kind") in ("invoices", "csr") and f["expected_outcome"] == "attached":
            truth = {k: f[k] for k in FIELDS if k in f}
            family = f"{f.get('kind')} / {f.get('producer', '?')}"
            jobs.append(("dev", family, shared / "dev" / f["path"], truth))
    for corpus, folder in (("visible", shared / "einvoice/visible"), ("real", shared / "real"),
                           ("scans", shared / "scans")):
        for truth_file in sorted(folder.glob("*.json")):
            found = [p for p in folder.iterdir()
                     if p.stem == truth_file.stem and p.suffix != ".json"]
            if found:
                truth = json.loads(truth_file.read_text())
                jobs.append((corpus, accuracy.family_of(corpus, found[0], truth), found[0], truth))

    def inspect(job):
        corpus, family, path, truth = job
        out = subprocess.run([args.binary, "inspect", "--json", "--candidates", str(path)],
                             capture_output=True, text=True)
        try:
            got = json.loads(out.stdout)
        except json.JSONDecodeError:
            got = {}
        return {"corpus": corpus, "family": family, "path": path.name, "truth": truth,
                "candidates": got.get("field_candidates") or {}}

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return list(pool.map(inspect, jobs))


def right(field, value, truth):
    """Whether a candidate's value is the truth (an amount by its size: a credit note's sign
    is given after the choice)."""
    if field == "amount":
        try:
            return abs(float(value)) == abs(float(truth))
        except ValueError:
            return False
    return accuracy.norm(field, value) == accuracy.norm(field, truth)


def examples(field, names, documents):
    """Each document's candidates as their non-zero features (index 0 is the bias, on every
    candidate), and which of them hold the true value (none: the truth is not among them)."""
    index = {n: i + 1 for i, n in enumerate(names)}
    out = []
    for d in documents:
        if field not in d["truth"]:
            continue
        xs, good = [], []
        for c in d["candidates"].get(field, []):
            xs.append([(0, 1.0)] + [(index[n], v) for n, v in c["features"].items()
                                    if n in index and v])
            good.append(right(field, c["value"], d["truth"][field]))
        out.append((xs, good))
    return out


def calibrate(field, names, documents, hand):
    """The scale of the hand weights and the bias that best predict the truth (a conditional
    logit on one feature, the hand score). Where the hand score separates right from wrong
    on every document, the likeliest scale is infinite (certainty): a unit prior around the
    hand's own scale keeps it finite."""
    index = {n: i + 1 for i, n in enumerate(names)}
    scored = []
    for d in documents:
        cands = []
        for c in d["candidates"].get(field, []):
            h = sum(hand[index[n]] * v for n, v in c["features"].items() if n in index)
            cands.append({"value": c["value"], "features": {"hand": h}})
        scored.append({**d, "candidates": {field: cands}})
    w = fit(field, ["hand"], scored, 1.0, [hand[0], 1.0])
    return w[1], w[0]


def fit(field, names, documents, penalty, prior):
    """The choice among a document's candidates as a conditional logit with a null option
    (none of them is right, logit 0): maximises the probability of the true value (or of none),
    with a Gaussian prior of strength `penalty` centred on `prior` (the built weights), by
    gradient descent with backtracking. Returns the weights, bias first."""
    data = examples(field, names, documents)
    w = list(prior)
    if penalty is None:
        return w

    def loss_and_grad(w):
        loss = 0.5 * penalty * sum((a - b) ** 2 for a, b in zip(w, prior))
        grad = [penalty * (a - b) for a, b in zip(w, prior)]
        for xs, good in data:
            z = [sum(w[i] * v for i, v in x) for x in xs]
            top = max([0.0] + z)
            e = [math.exp(v - top) for v in z]
            total = math.exp(-top) + sum(e)
            kept = sum(v for v, g in zip(e, good) if g) if any(good) else math.exp(-top)
            loss -= math.log(kept / total)
            for x, v, g in zip(xs, e, good):
                d = v / total - (v / kept if g else 0.0)
                for i, xi in x:
                    grad[i] += d * xi
        return loss, grad

    step = 0.1
    loss, grad = loss_and_grad(w)
    for _ in range(300):
        trial = [a - step * g for a, g in zip(w, grad)]
        new_loss, new_grad = loss_and_grad(trial)
        if new_loss <= loss:
            w, loss, grad = trial, new_loss, new_grad
            step *= 1.5
        else:
            step *= 0.3
        if step < 1e-8 or max(abs(g) for g in grad) < 1e-5:
            break
    return w


def solve(a, b):
    """Gaussian elimination with partial pivoting."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


def logit(model, features):
    return model["bias"] + sum(model["features"].get(n, 0.0) * x for n, x in features.items())


def decide(field, document, model):
    """The reader's choice (`fields::decide`): the candidate of highest logit (ties as
    `fields::Prefer`), and its confidence, the probability of its value against every other
    and none; the threshold is applied by the caller."""
    if not model:
        return None
    candidates = document["candidates"].get(field, [])
    z = [logit(model, c["features"]) for c in candidates]
    best = None
    for i, v in enumerate(z):
        if best is None or v > z[best] or (v == z[best] and field in PREFER_LAST):
            best = i
    if best is None:
        return None
    top = max([0.0] + z)
    total = math.exp(-top) + sum(math.exp(v - top) for v in z)
    value = candidates[best]["value"]
    mass = sum(math.exp(v - top) for v, c in zip(z, candidates) if c["value"] == value)
    return (mass / total, value)


def tally(field, decided, threshold):
    r = w = e = 0
    for d, best in decided:
        if field not in d["truth"]:
            continue
        if best is None or best[0] < threshold:
            e += 1
        elif right(field, best[1], d["truth"][field]):
            r += 1
        else:
            w += 1
    return r, w, e


def choose_penalty(field, names, documents, prior):
    """The prior's strength whose leave-one-family-out fits predict the left-out family best
    (log-loss of its true value, or of none), with those fits' choices; None is the prior
    alone."""
    families = sorted({(d["corpus"], d["family"]) for d in documents})
    best = None
    for penalty in PENALTIES:
        decided, loss = [], 0.0
        for family in families:
            train = [d for d in documents if (d["corpus"], d["family"]) != family]
            w = fit(field, names, train, penalty, prior)
            model = {"bias": w[0], "features": dict(zip(names, w[1:]))}
            test = [d for d in documents if (d["corpus"], d["family"]) == family]
            decided += [(d, decide(field, d, model)) for d in test]
            loss += log_loss(field, names, test, w)
        r, wr, e = tally(field, decided, choose_threshold(field, decided))
        print(f"    {field} prior strength {penalty}: left-out log-loss {loss:7.2f}, "
              f"right {r} wrong {wr} empty {e}")
        if best is None or loss < best[0] - 1e-9:
            best = (loss, penalty, decided)
    return best[1], best[2]


def log_loss(field, names, documents, w):
    total = 0.0
    for xs, good in examples(field, names, documents):
        z = [sum(w[i] * v for i, v in x) for x in xs]
        top = max([0.0] + z)
        e = [math.exp(v - top) for v in z]
        all_ = math.exp(-top) + sum(e)
        kept = sum(v for v, g in zip(e, good) if g) if any(good) else math.exp(-top)
        total -= math.log(max(kept / all_, 1e-12))
    return total


def choose_threshold(field, decided):
    """The confidence at which the left-out choices cost least, a wrong value counting
    `WRONG_COST` empty ones; among equal costs the lowest, which empties fewest fields."""
    costs = []
    for t in [0.2 + 0.05 * i for i in range(16)]:
        _, w, e = tally(field, decided, t)
        costs.append((WRONG_COST * w + e, round(t, 2)))
    return min(costs)[1]


def calibration(documents, fitted):
    bins = defaultdict(lambda: [0, 0])
    for field in FIELDS:
        model = fitted[field]
        for d in documents:
            if field not in d["truth"]:
                continue
            best = decide(field, d, model)
            if best is None or best[0] < model["threshold"]:
                continue
            b = min(int(best[0] * 10), 9)
            bins[b][0] += 1
            bins[b][1] += right(field, best[1], d["truth"][field])
    for b in sorted(bins):
        n, r = bins[b]
        print(f"  confidence {b / 10:.1f}-{(b + 1) / 10:.1f}: {n:4} values, {r / n:6.1%} right")


def read_weights(path):
    """The weights the binary was built with (the file is simple TOML, written below)."""
    out, field, table = {}, None, None
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        if line.startswith("["):
            name = line.strip("[]")
            field = name.split(".")[0]
            out.setdefault(field, {"bias": 0.0, "threshold": 1.0, "features": {}})
            table = "features" if name.endswith(".features") else None
            continue
        key, value = (s.strip() for s in line.split("=", 1))
        if table:
            out[field]["features"][key] = float(value)
        else:
            out[field][key] = float(value)
    return out


def write_weights(fitted, n, rotate):
    lines = [
        "# The weights of the field reader's evidence (src/stage/extract/fields/weights.rs):",
        "# log-odds of each feature, fitted as a conditional logit over the candidates of",
        f"# {n} labelled documents of the {'held-out' if rotate else 'dev'} half"
        f" (scripts/split.txt), {date.today()}, with the",
        "# hand weights of round 2 (scripts/weights-prior.toml), scaled and shifted to predict",
        "# best (`scale`), as its prior; `prior` is that prior's strength, the one whose fits",
        "# predicted left-out families best (None: the scaled hand weights are kept as they are).",
        "# Written by scripts/fit-weights.py --write; do not edit by hand.",
        "",
    ]
    for field in FIELDS:
        m = fitted[field]
        lines += [f"[{field}]", f"# scale: {m['scale']:.3f}, prior: {m['prior']}",
                  f"bias = {m['bias']:.4f}",
                  f"threshold = {m['threshold']:.2f}", "", f"[{field}.features]"]
        lines += [f"{k} = {v:.4f}" for k, v in sorted(m["features"].items())]
        lines.append("")
    WEIGHTS.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
