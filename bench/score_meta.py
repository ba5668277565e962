"""Metadata accuracy of decruft -f json outputs (OUT_DIR/ID.json).

usage: score_meta.py wcxb WCXB_DIR OUT_DIR [--show FIELD]
       score_meta.py readability PAGES_DIR OUT_DIR [--show FIELD]

WCXB (gold title, author, publish_date in ground-truth/ID.json): for each
field, over the pages whose gold has it, how many decruft gets right, wrong
(set but not matching) and empty, on all pages and on the two halves of the
sites split by a hash of the domain (half A is the one the rules were
developed on, half B was looked at only to report).  A title is right when
it equals the gold (case and spacing aside) or does once a site name after
" - ", " | " or ": " is cut; an author when its words equal the gold's, or
hold them with at most two more; a date when its YYYY-MM-DD equals the
gold's.  "extra" counts values set where the gold has none.

Readability's test pages (expected-metadata.json, a peer's answers, not
human gold), those whose source.html is at least 10 KB: the share of pages
where decruft agrees, per field, over the pages where Readability gives one
(title and siteName compared as above, but with the site name cut from
either side, as Readability keeps it in its titles; byline as an author,
either side holding the other;
excerpt as text; lang by its primary subtag; publishedTime by its date).

--show FIELD prints the pages a field is wrong on."""
import hashlib
import json
import os
import re
import sys

WORD = re.compile(r"\w+", re.UNICODE)
SEPARATORS = (" - ", " | ", ": ", " – ", " — ")


def norm(s):
    return " ".join((s or "").lower().split())


def title_right(got, gold):
    got, gold = norm(got), norm(gold)
    if not got or not gold:
        return False
    if got == gold:
        return True
    for sep in SEPARATORS:
        i = got.rfind(sep)
        while i > 0:
            if got[:i].strip() == gold:
                return True
            i = got.rfind(sep, 0, i)
    return False


def title_agree(got, gold):
    """Readability keeps the site name in its titles: either side cut."""
    return title_right(got, gold) or title_right(gold, got)


def author_right(got, gold):
    g = WORD.findall((got or "").lower())
    w = WORD.findall((gold or "").lower())
    if not g or not w:
        return False
    if g == w:
        return True
    rest = list(g)
    for x in w:
        if x not in rest:
            return False
        rest.remove(x)
    return len(rest) <= 2


def author_agree(got, gold):
    """Readability keeps "By" and what follows the name in its bylines."""
    return author_right(got, gold) or author_right(gold, got)


def date_right(got, gold):
    return bool(got) and bool(gold) and got[:10] == gold[:10]


def text_right(got, gold):
    return norm(got) == norm(gold)


def lang_right(got, gold):
    return norm(got).split("-")[0] == norm(gold).split("-")[0] if got and gold else False


def load_output(out_dir, page_id):
    try:
        with open(os.path.join(out_dir, page_id + ".json"), encoding="utf-8") as f:
            return json.loads(f.readline() or "{}")
    except (OSError, ValueError):
        return {}


def half(domain):
    return "A" if hashlib.md5(domain.encode()).digest()[0] % 2 == 0 else "B"


def tally(rows, fields, show):
    """rows: [(group, page, {field: (got, gold)})]; prints right/wrong/empty."""
    groups = sorted({g for g, _, _ in rows}) + ["all"]
    print(f"{'field':<14}{'set':>6}" + "".join(f"{g + ' right':>14}{'wrong':>7}{'empty':>7}" for g in groups) +
          f"{'extra':>7}")
    for field, right in fields:
        line = ""
        n_all = 0
        for g in groups:
            sel = [(p, v[field]) for gg, p, v in rows if (g == "all" or gg == g) and v[field][1]]
            n = len(sel)
            ok = sum(1 for _, (got, gold) in sel if right(got, gold))
            empty = sum(1 for _, (got, _) in sel if not got)
            wrong = n - ok - empty
            line += f"{ok / n if n else 0:>14.3f}{wrong:>7}{empty:>7}"
            n_all = n
            if g == "all" and show == field:
                for p, (got, gold) in sel:
                    if got and not right(got, gold):
                        print(f"  {p}: got {got!r} gold {gold!r}")
        extra = sum(1 for _, _, v in rows if v[field][0] and not v[field][1])
        print(f"{field:<14}{n_all:>6}{line}{extra:>7}")


def wcxb(data, out_dir, show):
    with open(os.path.join(data, "metadata.json"), encoding="utf-8") as f:
        files = json.load(f)["files"]
    rows = []
    for page_id, info in sorted(files.items()):
        with open(os.path.join(data, "ground-truth", page_id + ".json"), encoding="utf-8") as f:
            gold = json.load(f)["ground_truth"]
        out = load_output(out_dir, page_id)
        rows.append((half(info["domain"]), page_id, {
            "title": (out.get("title"), gold.get("title")),
            "author": (out.get("author"), gold.get("author")),
            "date": (out.get("date"), gold.get("publish_date")),
        }))
    print(f"== metadata: WCXB dev, {len(rows)} pages (half A: {sum(1 for r in rows if r[0] == 'A')}, "
          f"half B: {sum(1 for r in rows if r[0] == 'B')})")
    tally(rows, [("title", title_right), ("author", author_right), ("date", date_right)], show)


def readability(data, out_dir, show):
    rows = []
    for name in sorted(os.listdir(data)):
        src = os.path.join(data, name, "source.html")
        meta = os.path.join(data, name, "expected-metadata.json")
        if not os.path.isfile(src) or not os.path.isfile(meta) or os.path.getsize(src) < 10000:
            continue
        with open(meta, encoding="utf-8") as f:
            gold = json.load(f)
        out = load_output(out_dir, name)
        rows.append(("pages", name, {
            "title": (out.get("title"), gold.get("title")),
            "byline": (out.get("author"), gold.get("byline")),
            "excerpt": (out.get("description"), gold.get("excerpt")),
            "siteName": (out.get("site_name"), gold.get("siteName")),
            "publishedTime": (out.get("date"), gold.get("publishedTime")),
            "lang": (out.get("lang_declared"), gold.get("lang")),
        }))
    print(f"== metadata: Readability's test pages, {len(rows)} of at least 10 KB "
          "(agreement with Readability.js)")
    tally(rows, [("title", title_agree), ("byline", author_agree), ("excerpt", text_right),
                 ("siteName", title_agree), ("publishedTime", date_right), ("lang", lang_right)], show)


def main(argv):
    show = None
    if "--show" in argv:
        i = argv.index("--show")
        show = argv[i + 1] if i + 1 < len(argv) else None
        del argv[i:i + 2]
    if len(argv) != 4 or argv[1] not in ("wcxb", "readability"):
        sys.stderr.write(__doc__)
        return 2
    (wcxb if argv[1] == "wcxb" else readability)(argv[2], argv[3], show)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
