"""readability-lxml (Debian python3-readability) over a folder of *.html.gz:
cleaned text to OUT/ID.txt; prints the page count and the seconds spent
extracting (files are read and inflated before the clock starts).
usage: /usr/bin/python3 readability_lxml.py HTML_DIR OUT_DIR"""
import gzip
import os
import sys
import time

import lxml.html
from readability import Document

src, out = sys.argv[1], sys.argv[2]
pages = [(f[:-8], gzip.open(os.path.join(src, f)).read()) for f in sorted(os.listdir(src)) if f.endswith(".html.gz")]
texts = []
t0 = time.perf_counter()
for _, html in pages:
    try:
        summary = Document(html).summary(html_partial=True)
        texts.append(lxml.html.fromstring(summary).text_content())
    except Exception:
        texts.append("")
secs = time.perf_counter() - t0
for (key, _), text in zip(pages, texts):
    with open(os.path.join(out, key + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
print(len(pages), f"{secs:.3f}")
