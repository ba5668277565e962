#!/usr/bin/python3
"""Whether Markdown or HTML output says the same text as -f text.

usage: markup-text.py markdown|html TEXT_OUT MARKUP_OUT [--plain]

Compares the words (runs of \\w, Unicode) of the plain text with those of
the markup once the markup is taken away: Markdown's block markers,
escapes, fences, emphasis and the link and image syntax (an image's alt
text is the image, not text), HTML's tags (attributes are not text) and
entities.  A first heading that the text does not open with is the
headline, which -f text leaves out.  --plain: the input was plain text,
whose list numbers and bullets are markup.  Prints nothing and exits 0 when equal;
else the first difference, and exits 1."""
import html.parser
import re
import sys

WORD = re.compile(r"\w+")


def text_words(s, plain):
    if plain:
        # in plain text input, list numbers are markup (HTML counts them),
        # and lynx marks nested list items with 'o': a bullet, not a word
        s = re.sub(r"(?m)^\s*\d+[.)]\s", " ", s)
        s = re.sub(r"(?m)^\s{5,}o\s", " ", s)
    return WORD.findall(s)


def markdown_text(s):
    lines, out, fence = s.split("\n"), [], None
    for line in lines:
        m = re.match(r"^(`{3,})", line)
        if fence is None and m:
            fence = m.group(1)
            continue
        if fence is not None:
            if line.rstrip() == fence:
                fence = None
            else:
                out.append(line)
            continue
        if re.match(r"^\s*(\| --- )+\|\s*$", line):
            continue
        line = re.sub(r"^\s*(#{1,6} |> |[-*+] |\d+[.)] |: )", "", line)
        line = re.sub(r"!\[(?:\\.|[^\]\\])*\]\([^)]*\)", "", line)
        line = re.sub(r"(?<!\\)\]\([^)]*\)", "", line)
        # emphasis, code and link markers may stand inside a word
        # ("tre*k", "[a](u)b"): they go without a space; escaped
        # characters are text
        parts = re.split(r"(`+)(.*?)\1", line)
        for k in range(0, len(parts), 3):  # text, then ticks and code
            parts[k] = re.sub(r"\\(.)|[*~`\[]", lambda m: m.group(1) or "", parts[k])
            if k + 1 < len(parts):
                parts[k + 1] = ""
        out.append("".join(parts))
    return "\n".join(out)


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    INLINE = {"a", "em", "strong", "code", "del", "sub", "sup", "img"}

    def handle_starttag(self, tag, attrs):
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_text(s):
    p = Text()
    p.feed(s)
    p.close()
    return "".join(p.parts)


def first_heading(mode, markup):
    if mode == "markdown":
        m = re.match(r"# (.*)\n", markup)
        return (m.group(1), markup[m.end():]) if m else (None, markup)
    m = re.match(r"<article>\n<h1>(.*?)</h1>\n", markup)
    return (m.group(1), "<article>\n" + markup[m.end():]) if m else (None, markup)


def compare(mode, text_path, markup_path, plain):
    """0 when the text of markup_path is that of text_path up to markup, else
    1 with a line saying where they part."""
    text = open(text_path, encoding="utf-8", errors="replace").read()
    markup = open(markup_path, encoding="utf-8", errors="replace").read()
    strip = markdown_text if mode == "markdown" else html_text
    want = text_words(text, plain)
    tries = [WORD.findall(strip(markup))]
    heading, rest = first_heading(mode, markup)
    if heading is not None:
        tries.append(WORD.findall(strip(rest)))
    if want in tries:
        return 0

    def common(got):
        i = 0
        while i < min(len(got), len(want)) and got[i] == want[i]:
            i += 1
        return i

    got = max(tries, key=common)
    i = common(got)
    print(f"{markup_path}: word {i}: text has {want[i:i + 8]}, {mode} has {got[i:i + 8]}")
    return 1


def main():
    # --batch LIST: one comparison a line, "MODE TEXT MARKUP [--plain]"
    # (one process for a whole test run, not one a comparison).
    if sys.argv[1] == "--batch":
        failed = 0
        for line in open(sys.argv[2], encoding="utf-8"):
            f = line.split()
            if f:
                failed += compare(f[0], f[1], f[2], "--plain" in f[3:])
        return 1 if failed else 0
    mode, text_path, markup_path = sys.argv[1:4]
    return compare(mode, text_path, markup_path, "--plain" in sys.argv[4:])


sys.exit(main())
