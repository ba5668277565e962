"""Tunes the cross-document profile's thresholds (src/profile.h) on sites
with many pages.  make bench-profile; usage: profile-tune.py DECRUFT SITE=DIR...

Each SITE is a folder of HTML pages of one site.  Every page is rendered to
plain text with lynx twice: whole, and with its navigation, sidebars,
headers and footers removed (elements whose tag is nav, whose role is
navigation, or whose class names a navigation bar, sidebar or footer).  A
block of the whole render is silver-labelled content when its words appear
in the stripped render, boilerplate otherwise.  decruft cleans the whole
render (-f json) and the blocks it keeps are what a profile could still
remove.

The profile is simulated as src/profile.c computes it (a line's key is its
words, case folded, digits as 0; a page counts once per line; lines of
fewer than 3 words are never counted), learnt on one half of each site's
pages and applied to the other half, for a grid of (PROFILE_MIN_WORDS,
PROFILE_MIN_PAGES, PROFILE_MIN_SHARE).  For each setting it prints, over the held-out
pages, the share of the boilerplate decruft kept that the profile removes
and the share of the content it removes by mistake, in characters."""
import html.parser
import json
import os
import re
import subprocess
import sys
from collections import Counter

MIN_WORDS = 3
MIN_SITE_PAGES = 5
WORD = re.compile(r"\w+")
NAV_CLASSES = {"related", "sphinxsidebar", "sphinxsidebarwrapper", "footer", "navheader", "navfooter",
               "mobile-nav", "nav-content", "menu-wrapper", "inline-search", "navigation", "header"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Stripper(html.parser.HTMLParser):
    """The page without its navigation elements, as HTML again."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out, self.skip = [], 0

    def is_nav(self, tag, attrs):
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        return tag in ("nav", "header", "footer") or a.get("role") == "navigation" or bool(classes & NAV_CLASSES)

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            if not self.skip:
                self.out.append(self.get_starttag_text())
            return
        if self.skip or self.is_nav(tag, attrs):
            self.skip += 1
            return
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.skip:
            self.skip -= 1
            return
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)

    def handle_entityref(self, name):
        if not self.skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name):
        if not self.skip:
            self.out.append(f"&#{name};")


def lynx(html_bytes):
    r = subprocess.run(["lynx", "-dump", "-nolist", "-width=76", "-assume_charset=utf-8", "-display_charset=utf-8",
                        "-stdin", "-force_html"], input=html_bytes, capture_output=True)
    return r.stdout.decode("utf-8", "replace")


def words(text):
    return [w.lower() for w in WORD.findall(text)]


def key(text):
    """The line's key and its number of words (the profile learns lines of
    PROFILE_MIN_WORDS or more; the grid tries higher floors)."""
    w = words(text)
    return (" ".join(re.sub(r"\d", "0", x) for x in w), len(w)) if len(w) >= MIN_WORDS else None


def page_blocks(decruft, path):
    raw = open(path, "rb").read()
    whole = lynx(raw)
    s = Stripper()
    s.feed(raw.decode("utf-8", "replace"))
    content = " " + " ".join(words(lynx("".join(s.out).encode()))) + " "
    r = subprocess.run([decruft, "-t", "text", "-f", "json"], input=whole.encode(), capture_output=True)
    blocks = []
    for b in json.loads(r.stdout or b'{"blocks":[]}')["blocks"]:
        w = words(b["text"])
        if not w:
            continue
        is_content = (" " + " ".join(w) + " ") in content
        blocks.append((key(b["text"]), b["kept"], is_content, len(b["text"])))
    return blocks


def main(argv):
    decruft, sites = argv[0], [a.split("=", 1) for a in argv[1:]]
    data = {}
    for name, folder in sites:
        pages = sorted(os.path.join(d, f) for d, _, fs in os.walk(folder) for f in fs if f.endswith(".html"))
        data[name] = [page_blocks(decruft, p) for p in pages]
        kept = [b for p in data[name] for b in p if b[1]]
        boiler = sum(b[3] for b in kept if not b[2])
        total = sum(b[3] for b in kept)
        print(f"{name}: {len(pages)} pages; decruft keeps {total} chars, {boiler} of them boilerplate "
              f"({100 * boiler / max(total, 1):.1f}%) by the silver labels")
    print("min_words min_pages min_share  boilerplate removed  content removed   (held-out halves, chars)")
    grid = [(w, p, s) for w in (3, 5, 6, 7, 8, 10) for p in (3, 10) for s in (0.02, 0.05, 0.1, 0.2)]
    for min_words, min_pages, min_share in grid:
        rb = tb = rc = tc = 0
        for pages in data.values():
            for learn, test in ((pages[0::2], pages[1::2]), (pages[1::2], pages[0::2])):
                counts = Counter(k for p in learn for k in {b[0] for b in p if b[0]})
                n = len(learn)
                for p in test:
                    for k, kept, is_content, size in p:
                        if not kept:
                            continue
                        c = counts.get(k, 0) if k and k[1] >= min_words else 0
                        drop = n >= MIN_SITE_PAGES and c >= min_pages and c >= min_share * n
                        if is_content:
                            tc += size
                            rc += size if drop else 0
                        else:
                            tb += size
                            rb += size if drop else 0
        print(f"{min_words:9d} {min_pages:9d} {min_share:9.2f}  {100 * rb / max(tb, 1):18.1f}%  "
              f"{100 * rc / max(tc, 1):14.2f}%   ({rb} / {rc})")


if __name__ == "__main__":
    main(sys.argv[1:])
