"""Where decruft loses F1 on the benchmark, by reason.
usage: losses.py DECRUFT text|html BENCH_DATA [WORST]

Runs decruft -f json on every page and compares each block with the gold
article text (words lowercased, as bench/score.py tokenises): a kept block
whose words do not occur in the gold text is a false keep, a dropped block
of more than 10 characters whose words do is a false drop.  Prints the
characters of each, summed by the reason decruft gave (--explain's
column), with examples, then the WORST pages (default 10) with their
precision, recall and F1 by the scorer.  A block that straddles gold and
non-gold text counts as a false keep: the sums point, they do not score."""
import collections
import glob
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import score  # noqa: E402  (the benchmark's metric, next to this file)


def words(text):
    return " ".join(re.findall(r"\w+", text.lower()))


def main(argv):
    decruft, kind, data = argv[0], argv[1], argv[2]
    worst = int(argv[3]) if len(argv) > 3 else 10
    truth = {k: v["articleBody"] for k, v in json.load(open(f"{data}/scrapinghub/ground-truth.json")).items()}
    if kind == "html":
        pages = {os.path.basename(f)[:-len(".html.gz")]: f for f in glob.glob(f"{data}/scrapinghub/html/*.html.gz")}
    else:
        pages = {os.path.basename(f)[:-len(".txt")]: f for f in glob.glob(f"{data}/scrapinghub-text/lynx/*.txt")}
    keeps, drops = collections.Counter(), collections.Counter()
    examples = collections.defaultdict(list)
    rows = []
    for key, path in sorted(pages.items()):
        gold = truth.get(key, "")
        g = words(gold)
        r = subprocess.run([decruft, "-t", kind, "-f", "json", path], capture_output=True, text=True)
        result = json.loads(r.stdout) if r.stdout else {"text": "", "blocks": []}
        for b in result["blocks"]:
            w = words(b["text"])
            if not w:
                continue
            reason = re.sub(r"\d+", "N", b["reason"])
            if b["kept"] and w not in g:
                keeps[reason] += len(w)
                examples[("keep", reason)].append(b["text"][:70].replace("\n", " "))
            elif not b["kept"] and len(w) > 10 and w in g:
                drops[reason] += len(w)
                examples[("drop", reason)].append(b["text"][:70].replace("\n", " "))
        tp, fp, fn = score.match(gold, result.get("text", ""))
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        rows.append((2 * p * rc / (p + rc) if p + rc else 0.0, p, rc, key))
    for title, counts, side in (("kept, not in the gold text", keeps, "keep"),
                                ("dropped, in the gold text", drops, "drop")):
        print(f"== characters {title}, by reason")
        for reason, n in counts.most_common(12):
            print(f"{n:8d}  {reason}  e.g. {examples[(side, reason)][0]!r}")
    print(f"== the {worst} worst pages")
    for f1, p, rc, key in sorted(rows)[:worst]:
        print(f"F1 {f1:.3f}  P {p:.3f}  R {rc:.3f}  {key[:16]}")


if __name__ == "__main__":
    main(sys.argv[1:])
