#!/usr/bin/env python3
"""Score extracted main content against the WCXB ground truth, per page type.

The metric is WCXB's own: tokens are the Unicode \\w+ runs of the lower-cased
text, a page is the multiset (bag) of its tokens, and precision, recall and F1
are computed per page, then each averaged over the pages (so the F1 shown is
the mean of per-page F1, not the F1 of the mean P and R).  Conventions, as
settled against the published trafilatura 2.2.0 figures (F1 0.8193, P 0.8569,
R 0.8392; article 0.9337 ... collection 0.5744), which this reproduces to four
decimals from peers/trafilatura-2.2.0.json:
- a reference with no token (empty or missing main_content; 21 dev pages)
  scores P = R = F1 = 1 for a prediction with no token, 0 for any other;
- an empty prediction against a non-empty reference scores P = R = F1 = 0
  (its precision counts as 0, it is not left out of the mean: leaving it
  out gives P 0.8604, scoring it 1 gives 0.8609);
- a page missing from a system's output (no ID.txt, no results[ID]) is an
  empty prediction, so every system is averaged over the same pages.

usage: score_wcxb.py [--ids FILE] [--per-page FILE] [--oof TSV]... WCXB_DIR SYSTEM...
  WCXB_DIR        holds ground-truth/ID.json and metadata.json
  SYSTEM          [NAME=]PATH: a folder of ID.txt outputs, or a JSON file
                  {"results": {ID: {"main_content": TEXT}}}
  --ids FILE      score only the ids listed in FILE (one a line)
  --per-page FILE write id, domain, page_type, P, R, F1 (TSV) of the first SYSTEM
  --oof TSV       [NAME=]TSV: add a row from per-page scores of that format,
                  computed elsewhere (e.g. out of fold); repeatable; a page the
                  TSV lacks is left out of its row, with a warning on stderr
"""
import json
import os
import re
import sys
from collections import Counter

from outputs import labelled, oof_name, parse_args, read_outputs, read_tsv, system_name

TOKEN = re.compile(r"\w+")
TYPES = ("article", "documentation", "service", "forum", "product", "collection", "listing")
HEADER = ("id", "domain", "page_type", "P", "R", "F1")


def bag(text):
    return Counter(TOKEN.findall((text or "").lower()))


def match(ref, pred):
    """(P, R, F1) of one page; ref and pred are bags."""
    if not ref:
        return (1.0, 1.0, 1.0) if not pred else (0.0, 0.0, 0.0)
    if not pred:
        return (0.0, 0.0, 0.0)
    tp = sum((ref & pred).values())
    if not tp:
        return (0.0, 0.0, 0.0)
    p = tp / sum(pred.values())
    r = tp / sum(ref.values())
    return (p, r, 2 * p * r / (p + r))


def load_truth(wcxb):
    with open(os.path.join(wcxb, "metadata.json"), encoding="utf-8") as f:
        meta = json.load(f)["files"]
    gt_dir = os.path.join(wcxb, "ground-truth")
    truth = {}
    for name in os.listdir(gt_dir):
        if name.endswith(".json"):
            with open(os.path.join(gt_dir, name), encoding="utf-8") as f:
                gt = json.load(f)["ground_truth"]
            truth[name[:-5]] = bag(gt.get("main_content"))
    return truth, meta


def summary(per_page, ids, meta):
    """{'all'|type: (n, P, R, F1)}: means over the pages of each group."""
    groups = {"all": ids}
    for t in TYPES:
        groups[t] = [i for i in ids if meta[i]["page_type"] == t]
    out = {}
    for g, members in groups.items():
        rows = [per_page[i] for i in members if i in per_page]
        n = len(rows)
        out[g] = (n,) + tuple(sum(r[k] for r in rows) / n if n else 0.0 for k in range(3))
    return out


def main(argv):
    parsed = parse_args(argv, ("--ids", "--per-page", "--oof"), __doc__)
    if parsed is None:
        return 2
    options, positional = parsed
    oofs = options["--oof"]
    ids_file = options["--ids"][-1] if options["--ids"] else None
    per_page_file = options["--per-page"][-1] if options["--per-page"] else None
    if not positional or (len(positional) < 2 and not oofs):
        sys.stderr.write(__doc__)
        return 2
    truth, meta = load_truth(positional[0])
    ids = sorted(truth)
    if ids_file:
        with open(ids_file, encoding="utf-8") as f:
            wanted = {line.strip() for line in f if line.strip()}
        unknown = wanted - truth.keys()
        if unknown:
            sys.stderr.write(f"score_wcxb: {len(unknown)} ids not in the ground truth, e.g. {min(unknown)}\n")
        ids = [i for i in ids if i in wanted]

    rows = []
    for n, arg in enumerate(positional[1:]):
        name, path = labelled(arg, system_name)
        pred = read_outputs(path, "results", "main_content")
        per_page = {i: match(truth[i], bag(pred.get(i))) for i in ids}
        if n == 0 and per_page_file:
            with open(per_page_file, "w", encoding="utf-8") as f:
                f.write("\t".join(HEADER) + "\n")
                for i in ids:
                    m = meta[i]
                    f.write(f"{i}\t{m['domain']}\t{m['page_type']}\t" +
                            "\t".join(f"{x:.6f}" for x in per_page[i]) + "\n")
        rows.append((name, summary(per_page, ids, meta)))
    for arg in oofs:
        name, path = labelled(arg, oof_name)
        per_page = read_tsv(path)
        missing = [i for i in ids if i not in per_page]
        if missing:
            # Averaging over fewer pages would not compare with the other rows: say so.
            sys.stderr.write(f"score_wcxb: {path} lacks {len(missing)} of the {len(ids)} pages; "
                             "its row averages over the pages it has\n")
        rows.append((name, summary(per_page, ids, meta)))

    counts = summary({i: (0, 0, 0) for i in ids}, ids, meta)
    width = max(24, max(len(r[0]) for r in rows) + 2)
    cols = ("all", "P", "R") + TYPES
    widths = [max(len(c), 6) for c in cols]
    print(f"{'F1 (P, R: all pages)':<{width}}" + " ".join(f"{c:>{w}}" for c, w in zip(cols, widths)))
    heads = [f"n={counts[c][0]}" if c in counts else "" for c in cols]
    print(f"{'':<{width}}" + " ".join(f"{h:>{w}}" for h, w in zip(heads, widths)))
    for name, s in rows:
        vals = [s["all"][3], s["all"][1], s["all"][2]] + [s[t][3] for t in TYPES]
        ns = [s["all"][0]] * 3 + [s[t][0] for t in TYPES]
        print(f"{name:<{width}}" + " ".join(f"{v:>{w}.4f}" if n else f"{'-':>{w}}"
                                           for v, n, w in zip(vals, ns, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
