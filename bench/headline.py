#!/usr/bin/python3
"""Whether Markdown opens with the headline, as issue 14 measured it: the
first three words of the page's title (-f json's "title") stand, in order,
among the words of the Markdown's first 600 characters.
usage: headline.py JSON_OUT MARKDOWN_OUT; exit 0 when they do."""
import json
import re
import sys

title = json.load(open(sys.argv[1], encoding="utf-8"))["title"] or ""
head = open(sys.argv[2], encoding="utf-8", errors="replace").read()[:600]
words = re.findall(r"\w+", title)[:3]
sys.exit(not words or " ".join(words) not in " ".join(re.findall(r"\w+", head)))
