#!/usr/bin/env python3
"""Score extracted article text against the scrapinghub ground truth.

The metric is the one of the public article-extraction-benchmark: tokens are
runs of Unicode word characters, a document is the multiset of its token
4-grams, tp/fp/fn are multiset overlaps normalised by their sum per document
(so long pages do not outweigh short ones), precision and recall are means of the
per-document values and F1 comes from those two means.  A document with an
empty prediction has no precision (0/0): it is left out of the precision mean
but counts as recall 0, which is what reproduces the published figures
(justext 0.804 = P 0.858, R 0.756).

usage: score.py [--per-page FILE] [--oof TSV]... GROUND_TRUTH.json PRED...
  PRED            a peers/*.json file ({"output": {id: {"articleBody"}}})
                  or a folder of ID.txt files
  --per-page FILE write id, domain, page_type, P, R, F1 (TSV) of the first PRED;
                  page_type is '-' (the set has none), and P or R is '-' where
                  it is 0/0 (left out of its mean, as above)
  --oof TSV       [NAME=]TSV: add a row from per-page scores of that format,
                  computed elsewhere (e.g. out of fold); repeatable; a page the
                  TSV lacks is left out of its row, with a warning on stderr
"""
import json
import os
import re
import sys
from collections import Counter
from urllib.parse import urlsplit

from outputs import labelled, oof_name, parse_args, read_outputs, read_tsv, system_name

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=4):
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    # A text shorter than n tokens is one shingle, as in the original scorer.
    return Counter(tuple(tokens[i:i + n]) for i in range(max(len(tokens) - n + 1, 1)))


def match(truth, pred):
    t, p = shingles(truth), shingles(pred)
    tp = fp = fn = 0
    for key in t.keys() | p.keys():
        a, b = t.get(key, 0), p.get(key, 0)
        tp += min(a, b)
        fp += max(0, b - a)
        fn += max(0, a - b)
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def per_page(truth, pred):
    """{id: (precision or None, recall or None, f1)}; None where it is 0/0."""
    out = {}
    for key, item in truth.items():
        tp, fp, fn = match(item["articleBody"], pred.get(key, ""))
        p = tp / (tp + fp) if tp + fp else None
        r = tp / (tp + fn) if tp + fn else None
        p0, r0 = p or 0.0, r or 0.0
        out[key] = (p, r, 2 * p0 * r0 / (p0 + r0) if p0 + r0 else 0.0)
    return out


def aggregate(pages):
    """(f1, precision, recall): F1 of the mean precision and mean recall."""
    precisions = [p for p, _, _ in pages.values() if p is not None]
    recalls = [r for _, r, _ in pages.values() if r is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def score(truth, pred):
    """Returns (f1, precision, recall, per-document f1 list)."""
    pages = per_page(truth, pred)
    return aggregate(pages) + ([(f1, key) for key, (_, _, f1) in pages.items()],)


def write_tsv(path, truth, pages):
    def cell(x):
        return "-" if x is None else f"{x:.6f}"
    with open(path, "w", encoding="utf-8") as f:
        f.write("id\tdomain\tpage_type\tP\tR\tF1\n")
        for key in sorted(pages):
            domain = urlsplit(truth[key].get("url", "")).hostname or "-"
            f.write(f"{key}\t{domain}\t-\t" + "\t".join(cell(x) for x in pages[key]) + "\n")


def main(argv):
    parsed = parse_args(argv, ("--per-page", "--oof"), __doc__)
    if parsed is None:
        return 2
    options, positional = parsed
    oofs = options["--oof"]
    per_page_file = options["--per-page"][-1] if options["--per-page"] else None
    if not positional or (len(positional) < 2 and not oofs):
        sys.stderr.write(__doc__)
        return 2
    with open(positional[0], encoding="utf-8") as f:
        truth = json.load(f)
    worst = int(os.environ.get("SCORE_WORST", "0"))
    rows = []
    for n, path in enumerate(positional[1:]):
        pages = per_page(truth, read_outputs(path, "output", "articleBody"))
        if n == 0 and per_page_file:
            write_tsv(per_page_file, truth, pages)
        name = system_name(path)
        rows.append((name, pages))
    for arg in oofs:
        name, path = labelled(arg, oof_name)
        pages = read_tsv(path)
        missing = truth.keys() - pages.keys()
        if missing:
            sys.stderr.write(f"score.py: {path} lacks {len(missing)} of the {len(truth)} pages; "
                             "its row averages over the pages it has\n")
        rows.append((name, {k: v for k, v in pages.items() if k in truth}))
    width = max([20] + [len(name) + 1 for name, _ in rows])
    for name, pages in rows:
        f1, p, r = aggregate(pages)
        print(f"{name:<{width}} F1 {f1:.3f}  precision {p:.3f}  recall {r:.3f}")
        for doc_f1, key in sorted((v[2], k) for k, v in pages.items())[:worst]:
            print(f"    {doc_f1:.3f}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
