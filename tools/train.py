#!/usr/bin/python3
"""Train decruft's block model (make train).

Reads the blocks tools/blockdump printed for the dev pages (WCXB dev and
scrapinghub, as HTML or as plain text renders), labels each block by its overlap with the page's gold text,
and trains two stages of gradient-boosted trees with xgboost (Debian's
python3-xgboost): stage 1 on the block's features and the class/id words
around it, stage 2 on the same plus stage 1's probabilities of the blocks
around it.  Writes the shipped model (data/model-html.txt), one model per
fold of a 5-fold cross-validation grouped by site (for the out-of-fold
figures of make bench: every page scored by a model that never saw its
site), the fold of every page, and the trainer's own predictions on a
sample for the test that pins the C inference to it.

Why gradient-boosted trees: the features mix counts, shares, flags and
tag codes on wildly different scales, with missing values (no previous
block, no such ancestor); trees need no scaling, route missing values
themselves, and their inference is a few comparisons a tree in C.

Deterministic: fixed seeds, one thread order (nthread fixed), sorted
inputs; the same dumps give the same bytes.

usage: train.py html|text BENCH_DATA DUMP_DIR OUT_DIR MODEL_OUT [SAMPLE_DUMP SAMPLE_OUT]
  DUMP_DIR/SET/*.tsv   blockdump output for each set of SETS[mode]
  OUT_DIR: fold-K.txt (fold models), folds.tsv (page, set, site, fold)
The text model learns from the three renders of the WCXB pages at once
(lynx, w3m, html2text), so that it does not learn one renderer's habits;
the renders of a page share its site, hence its fold.
"""
import json
import math
import os
import re
import sys
from collections import Counter, defaultdict

import numpy as np
import xgboost as xgb

SEED = 7
FOLDS = 5
NTHREAD = 2
# A class/id word enters the vocabulary if it occurs on pages of at least
# this many sites: no site's own names are learnt.
MIN_SITES = 5
MAX_WORDS = 400
# Stage 2: the probabilities of this many blocks either side.
REACH = 5
N_ANCESTORS = 8
PARAMS1 = dict(max_depth=7, eta=0.1, subsample=0.8, colsample_bytree=0.8, min_child_weight=2,
               objective="binary:logistic", eval_metric="logloss", tree_method="hist", max_bin=256,
               base_score=0.5, seed=SEED, nthread=NTHREAD)
ROUNDS1 = 250
PARAMS2 = dict(PARAMS1, max_depth=6)
ROUNDS2 = 150
# The page type: one small ensemble a type (one against the rest) on the
# page's mean block vector; its probabilities are features of stage 2.
TYPES = ("article", "documentation", "service", "forum", "product", "collection", "listing")
PARAMS_TYPE = dict(PARAMS1, max_depth=4, eta=0.1, min_child_weight=1)
ROUNDS_TYPE = 120
TOKEN = re.compile(r"\w+", re.UNICODE)


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Page:
    __slots__ = ("name", "set", "site", "fixed", "chains", "chars", "words", "texts", "labels", "gold", "type",
                 "tokens", "gold_tokens")


def read_dump(path, set_name, fixed_count, whole_name=False):
    pages = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("page\tblock\t"):
                continue
            parts = line.rstrip("\n").split("\t")
            name = parts[0] if whole_name else os.path.basename(parts[0]).split(".")[0]
            p = pages.get(name)
            if p is None:
                p = pages[name] = Page()
                p.name, p.set = name, set_name
                p.fixed, p.chains, p.chars, p.words, p.texts = [], [], [], [], []
            p.fixed.append(parts[2:2 + fixed_count])
            rest = parts[2 + fixed_count:]
            p.chains.append([None if c == "-" else tuple(int(x) for x in c.split(":")) for c in rest[0].split(" ")])
            p.chars.append(int(rest[1]))
            words = {}
            for wd in rest[2].split(" ") if rest[2] else []:
                w, _, dist = wd.rpartition("@")
                d = int(dist)
                if w not in words:
                    words[w] = d
            p.words.append(words)
            p.texts.append(rest[3] if len(rest) > 3 else "")
    for p in pages.values():
        p.fixed = np.array(p.fixed, dtype=np.float32)
        p.chars = np.array(p.chars, dtype=np.float64)
    return pages


def label_blocks(page, gold):
    """A block is content when at least half of its tokens lie in a token
    trigram of the gold text; the token stream runs across blocks, so a
    short heading is judged in the context of the text after it."""
    g = [t.lower() for t in TOKEN.findall(gold)]
    grams = set(zip(g, g[1:], g[2:]))
    toks, owner = [], []
    for i, t in enumerate(page.texts):
        for w in TOKEN.findall(t):
            toks.append(w.lower())
            owner.append(i)
    hit = [False] * len(toks)
    for j in range(len(toks) - 2):
        if (toks[j], toks[j + 1], toks[j + 2]) in grams:
            hit[j] = hit[j + 1] = hit[j + 2] = True
    n = len(page.texts)
    tot, good = [0] * n, [0] * n
    for j, i in enumerate(owner):
        tot[i] += 1
        good[i] += hit[j]
    return np.array([1.0 if tot[i] and good[i] * 2 >= tot[i] else 0.0 for i in range(n)], dtype=np.float32)


def site_of(url):
    host = re.sub(r"^[a-z]+://", "", url or "").split("/")[0].lower()
    return host[4:] if host.startswith("www.") else host


# The dev sets each mode learns from: (set, dump folder, gold).
SETS = {
    "html": [("wcxb", "wcxb"), ("scrapinghub", "scrapinghub")],
    "text": [("wcxb-lynx", "wcxb"), ("wcxb-w3m", "wcxb"), ("wcxb-html2text", "wcxb"),
             ("scrapinghub-lynx", "scrapinghub")],
}


def load(mode, bench, dump_dir, fixed_count):
    meta = json.load(open(os.path.join(bench, "wcxb-dev", "metadata.json")))["files"]
    truth = json.load(open(os.path.join(bench, "scrapinghub", "ground-truth.json")))
    pages = []
    for set_name, gold in SETS[mode]:
        folder = os.path.join(dump_dir, set_name)
        for fn in sorted(os.listdir(folder)):
            for name, p in sorted(read_dump(os.path.join(folder, fn), set_name, fixed_count).items()):
                if gold == "wcxb":
                    gt = json.load(open(os.path.join(bench, "wcxb-dev", "ground-truth", name + ".json")))
                    p.gold = gt["ground_truth"].get("main_content") or ""
                    p.site = meta[name]["domain"]
                    p.type = meta[name]["page_type"]
                else:
                    p.gold = truth[name]["articleBody"] or ""
                    p.site = site_of(truth[name].get("url"))
                    p.type = "article"
                pages.append(p)
    for p in pages:
        p.labels = label_blocks(p, p.gold)
    return pages


def vocabulary(pages):
    sites = defaultdict(set)
    for p in pages:
        for words in p.words:
            for w in words:
                sites[w].add(p.site)
    ranked = sorted((w for w, s in sites.items() if len(s) >= MIN_SITES), key=lambda w: (-len(sites[w]), w))
    return ranked[:MAX_WORDS]


def stage1_matrix(p, vocab_index, fixed_count):
    n = len(p.texts)
    x = np.zeros((n, fixed_count + len(vocab_index)), dtype=np.float32)
    x[:, :fixed_count] = p.fixed
    for i, words in enumerate(p.words):
        for w, d in words.items():
            k = vocab_index.get(w)
            if k is not None:
                x[i, fixed_count + k] = np.float32(1.0 / (1.0 + d))
    return x


def stage2_extra(p, p1):
    """Stage 2's own features, computed as model.c does (float64 sums in
    block order, then float32)."""
    n = len(p1)
    p1d = p1.astype(np.float64)
    ps = np.zeros(n + 1)
    cs = np.zeros(n + 1)
    acc_p = acc_c = 0.0
    for i in range(n):
        acc_p += p1d[i] * p.chars[i]
        acc_c += p.chars[i]
        ps[i + 1], cs[i + 1] = acc_p, acc_c

    def mean(a, b):
        w = cs[b] - cs[a]
        return (ps[b] - ps[a]) / w if w > 0 else math.nan

    out = np.full((n, 1 + 2 * REACH + N_ANCESTORS + 2), np.nan, dtype=np.float32)
    page_mean = np.float32(mean(0, n))
    page_max = np.float32(p1.max()) if n else np.float32(np.nan)
    for i in range(n):
        row = [p1[i]]
        for off in list(range(-REACH, 0)) + list(range(1, REACH + 1)):
            k = i + off
            row.append(p1[k] if 0 <= k < n else math.nan)
        for c in p.chains[i]:
            row.append(math.nan if c is None else mean(c[0], c[1]))
        row += [page_mean, page_max]
        out[i] = np.array(row, dtype=np.float64).astype(np.float32)
    return out


def page_vector(x1):
    """The mean of each column over the blocks that have it, summed in
    float64 block after block as model.c does."""
    total = np.zeros(x1.shape[1])
    count = np.zeros(x1.shape[1])
    for row in x1.astype(np.float64):
        ok = ~np.isnan(row)
        total[ok] += row[ok]
        count[ok] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan).astype(np.float32)


def train_types(vectors, types, idx):
    v = np.array([vectors[i] for i in idx])
    return [train(v, np.array([1.0 if types[i] == t else 0.0 for i in idx], dtype=np.float32), PARAMS_TYPE,
                  ROUNDS_TYPE) for t in TYPES]


def predict_types(models, vector):
    return np.array([predict(b, vector[None, :])[0] for b in models], dtype=np.float32)


def margin_to_prob(m):
    return (1.0 / (1.0 + np.exp(-m.astype(np.float64)))).astype(np.float32)


def train(x, y, params, rounds):
    d = xgb.DMatrix(x, label=y, missing=np.nan)
    return xgb.train(params, d, num_boost_round=rounds)


def predict(bst, x):
    return margin_to_prob(bst.predict(xgb.DMatrix(x, missing=np.nan), output_margin=True))


def folds_by_site(pages):
    """Sites in a fixed pseudo-random order dealt round-robin into folds of
    about equal numbers of pages."""
    sites = sorted({p.site for p in pages})
    rng = np.random.RandomState(SEED)
    rng.shuffle(sites)
    count = Counter(p.site for p in pages)
    pages_in = [0] * FOLDS
    fold_of = {}
    for s in sites:
        k = int(np.argmin(pages_in))
        fold_of[s] = k
        pages_in[k] += count[s]
    return fold_of


def export(path, vocab, fixed_count, threshold, b1, bt, type_thresholds, b2, n1, n2, note):
    def trees(bst, nfeat):
        model = json.loads(bst.save_raw("json").decode())
        learner = model["learner"]
        base = float(learner["learner_model_param"]["base_score"])
        margin = math.log(base / (1 - base))
        out = ["trees %d %d %.9g" % (len(learner["gradient_booster"]["model"]["trees"]), nfeat, np.float32(margin))]
        for t in learner["gradient_booster"]["model"]["trees"]:
            left, right = t["left_children"], t["right_children"]
            split, cond = t["split_indices"], t["split_conditions"]
            default_left, weight = t["default_left"], t["base_weights"]
            out.append("tree %d" % len(left))
            for k in range(len(left)):
                if left[k] == -1:
                    out.append("-1 0 %.9g 0 0 0" % np.float32(cond[k]))
                else:
                    miss = left[k] if default_left[k] else right[k]
                    out.append("%d %.9g %.9g %d %d %d" % (split[k], np.float32(cond[k]), np.float32(weight[k]),
                                                        left[k], right[k], miss))
        return out

    lines = ["decruft-model 1", "# " + note, "fixed %d" % fixed_count, "words %d" % len(vocab)]
    lines += vocab
    lines.append("threshold %.9g" % threshold)
    lines.append("stage1")
    lines += trees(b1, n1)
    lines.append("types %d" % len(TYPES))
    for t, b in zip(TYPES, bt):
        lines.append("type %s %.9g" % (t, type_thresholds[t]))
        lines += trees(b, n1)
    lines.append("stage2")
    lines += trees(b2, n2)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def page_f1(pred_tokens, gold_tokens):
    if not gold_tokens:
        return 1.0 if not pred_tokens else 0.0
    if not pred_tokens:
        return 0.0
    tp = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
    if not tp:
        return 0.0
    p, r = tp / len(pred_tokens), tp / len(gold_tokens)
    return 2 * p * r / (p + r)


THRESHOLDS = [x / 100 for x in range(20, 71, 5)]
# A page type gets a threshold of its own only when the out-of-fold pages
# predicted to be of that type are this many and gain this much mean F1 by
# it: a few pages would tune it to themselves.
TYPE_THRESHOLD_PAGES = 60
TYPE_THRESHOLD_GAIN = 0.003


def page_scores(pages, probs, th):
    """The mean word F1 of each page keeping its blocks of probability th
    or more (a threshold a page)."""
    out = []
    for p, pr, t in zip(pages, probs, th):
        kept = [w for i, ws in enumerate(p.tokens) if pr[i] >= t for w in ws]
        out.append(page_f1(kept, p.gold_tokens))
    return np.array(out)


def choose_thresholds(pages, probs, predicted_types):
    """The threshold that maximises the mean word F1 of the pages (out-of-
    fold probabilities), on a grid; then, for each page type, its own
    where enough pages are predicted of that type and gain by it."""
    for p in pages:
        if not hasattr(p, "tokens"):
            p.tokens = [[t.lower() for t in TOKEN.findall(s)] for s in p.texts]
            p.gold_tokens = [t.lower() for t in TOKEN.findall(p.gold)]
    grid = {th: page_scores(pages, probs, [th] * len(pages)) for th in THRESHOLDS}
    for th in THRESHOLDS:
        log("  threshold %.2f: mean word F1 %.4f" % (th, grid[th].mean()))
    best = max(THRESHOLDS, key=lambda th: (grid[th].mean(), -th))
    per_type = {}
    for t in TYPES:
        sel = np.array([pt == t for pt in predicted_types])
        if sel.sum() < TYPE_THRESHOLD_PAGES:
            per_type[t] = best
            continue
        own = max(THRESHOLDS, key=lambda th: (grid[th][sel].mean(), -th))
        gain = grid[own][sel].mean() - grid[best][sel].mean()
        per_type[t] = own if gain >= TYPE_THRESHOLD_GAIN else best
        log("  pages predicted %-13s %4d: threshold %.2f (%+.4f)" % (t, sel.sum(), per_type[t], gain))
    final = np.array([grid[per_type[pt]][i] for i, pt in enumerate(predicted_types)])
    log("  mean word F1 with the thresholds: %.4f" % final.mean())
    return best, per_type


def main():
    mode, bench, dump_dir, out_dir, model_out = sys.argv[1:6]
    sample = sys.argv[6:8]
    header = open(os.path.join(dump_dir, "header.tsv")).readline().rstrip("\n").split("\t")
    fixed_count = header.index("chain") - 2
    pages = load(mode, bench, dump_dir, fixed_count)
    log("%d pages, %d blocks, %.1f%% positive" % (len(pages), sum(len(p.texts) for p in pages),
                                                100 * np.mean(np.concatenate([p.labels for p in pages]))))
    vocab = vocabulary(pages)
    vindex = {w: i for i, w in enumerate(vocab)}
    log("%d class/id words on >= %d sites" % (len(vocab), MIN_SITES))
    x1 = [stage1_matrix(p, vindex, fixed_count) for p in pages]
    y = [p.labels for p in pages]
    fold_of = folds_by_site(pages)
    fold = np.array([fold_of[p.site] for p in pages])
    n1 = fixed_count + len(vocab)

    # Page types out of fold, then the model of each fold.
    vectors = [page_vector(x) for x in x1]
    types = [p.type for p in pages]
    t_oof = [None] * len(pages)
    fold_types = []
    for k in range(FOLDS):
        models = train_types(vectors, types, [i for i in range(len(pages)) if fold[i] != k])
        fold_types.append(models)
        for i in range(len(pages)):
            if fold[i] == k:
                t_oof[i] = predict_types(models, vectors[i])
    right = [TYPES[int(np.argmax(t_oof[i]))] == types[i] for i in range(len(pages))]
    log("page type out-of-fold: %.3f right" % np.mean(right))
    for t in TYPES:
        sel = [r for r, ty in zip(right, types) if ty == t]
        log("  %-13s %4d pages, %.3f right" % (t, len(sel), np.mean(sel)))

    # Stage 1 out of fold: every page scored by a model that never saw its site.
    p1_oof = [None] * len(pages)
    fold_b1 = []
    for k in range(FOLDS):
        tr = [i for i in range(len(pages)) if fold[i] != k]
        te = [i for i in range(len(pages)) if fold[i] == k]
        b = train(np.concatenate([x1[i] for i in tr]), np.concatenate([y[i] for i in tr]), PARAMS1, ROUNDS1)
        fold_b1.append(b)
        for i in te:
            p1_oof[i] = predict(b, x1[i])
        log("stage 1, fold %d done" % k)
    # Stage 2 learns from out-of-fold stage 1, as it will meet unseen pages.
    x2 = [np.hstack([x1[i], stage2_extra(pages[i], p1_oof[i]), np.tile(t_oof[i], (len(x1[i]), 1))])
          for i in range(len(pages))]
    n2 = x2[0].shape[1]
    p2_oof = [None] * len(pages)
    fold_b2 = []
    for k in range(FOLDS):
        tr = [i for i in range(len(pages)) if fold[i] != k]
        te = [i for i in range(len(pages)) if fold[i] == k]
        b = train(np.concatenate([x2[i] for i in tr]), np.concatenate([y[i] for i in tr]), PARAMS2, ROUNDS2)
        fold_b2.append(b)
        # The fold's own pipeline: its stage 1, then its stage 2.
        for i in te:
            p2_oof[i] = predict(b, np.hstack([x1[i], stage2_extra(pages[i], predict(fold_b1[k], x1[i])),
                                              np.tile(t_oof[i], (len(x1[i]), 1))]))
        log("stage 2, fold %d done" % k)
    predicted = [TYPES[int(np.argmax(t))] for t in t_oof]
    log("stage 1 out-of-fold:")
    choose_thresholds(pages, p1_oof, predicted)
    log("stage 2 out-of-fold:")
    threshold, type_thresholds = choose_thresholds(pages, p2_oof, predicted)
    os.makedirs(out_dir, exist_ok=True)
    for k in range(FOLDS):
        export(os.path.join(out_dir, "fold-%d.txt" % k), vocab, fixed_count, threshold, fold_b1[k], fold_types[k],
               type_thresholds, fold_b2[k], n1, n2,
               "fold %d of %d (grouped by site), for out-of-fold figures only" % (k, FOLDS))
    with open(os.path.join(out_dir, "folds.tsv"), "w") as f:
        for p, k in zip(pages, fold):
            f.write("%s\t%s\t%s\t%d\n" % (p.name, p.set, p.site, k))

    b1 = train(np.concatenate(x1), np.concatenate(y), PARAMS1, ROUNDS1)
    bt = train_types(vectors, types, list(range(len(pages))))
    b2 = train(np.concatenate(x2), np.concatenate(y), PARAMS2, ROUNDS2)
    export(model_out, vocab, fixed_count, threshold, b1, bt, type_thresholds, b2, n1, n2,
           "generated by tools/train.py (make train, %s) from the WCXB dev and scrapinghub pages: do not edit" % mode)
    log("wrote %s" % model_out)

    if sample:
        spages = read_dump(sample[0], "sample", fixed_count, whole_name=True)
        with open(sample[1], "w") as f:
            for name in sorted(spages):
                p = spages[name]
                xs = stage1_matrix(p, vindex, fixed_count)
                q1 = predict(b1, xs)
                qt = predict_types(bt, page_vector(xs))
                q2 = predict(b2, np.hstack([xs, stage2_extra(p, q1), np.tile(qt, (len(xs), 1))]))
                for i in range(len(q2)):
                    f.write("%s\t%d\t%.9g\t%.9g\n" % (name, i, q1[i], q2[i]))


if __name__ == "__main__":
    main()
