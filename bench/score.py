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

usage: score.py GROUND_TRUTH.json PRED        PRED: a peers/*.json file
                                              ({"output": {id: {"articleBody"}}})
                                              or a folder of ID.txt files
"""
import json
import os
import re
import sys
from collections import Counter

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


def load_predictions(path):
    if os.path.isdir(path):
        out = {}
        for name in os.listdir(path):
            if name.endswith(".txt"):
                with open(os.path.join(path, name), encoding="utf-8", errors="replace") as f:
                    out[name[:-4]] = f.read()
        return out
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data = data.get("output", data)
    return {k: (v.get("articleBody", "") if isinstance(v, dict) else v) for k, v in data.items()}


def score(truth, pred):
    """Returns (f1, precision, recall, per-document f1 list)."""
    precisions, recalls, per_doc = [], [], []
    for key, item in truth.items():
        tp, fp, fn = match(item["articleBody"], pred.get(key, ""))
        p = tp / (tp + fp) if tp + fp else None
        r = tp / (tp + fn) if tp + fn else None
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        p, r = p or 0.0, r or 0.0
        per_doc.append((2 * p * r / (p + r) if p + r else 0.0, key))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall, per_doc


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        truth = json.load(f)
    worst = int(os.environ.get("SCORE_WORST", "0"))
    for path in argv[2:]:
        f1, p, r, per_doc = score(truth, load_predictions(path))
        name = os.path.basename(path.rstrip("/")).replace(".json", "")
        print(f"{name:<20} F1 {f1:.3f}  precision {p:.3f}  recall {r:.3f}")
        for doc_f1, key in sorted(per_doc)[:worst]:
            print(f"    {doc_f1:.3f}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
