"""The Python binding (python/decruft.py) over the shared library: the
same answers as the command line, errors as exceptions, threads.
usage: python3 tests/test_python.py   (DECRUFT_LIBRARY may name the .so)"""
import os
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "python"))
import decruft  # noqa: E402

FIXTURES = os.path.join(HERE, "..", "fixtures")
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL", what)


def fixture(name, file="input.html"):
    with open(os.path.join(FIXTURES, name, file), "rb") as f:
        page = f.read()
    with open(os.path.join(FIXTURES, name, "expected"), encoding="utf-8") as f:
        return page, f.read()


page, expected = fixture("html-nav-footer")
check(decruft.clean(page) == expected, "HTML bytes: the fixture's expected text")
check(decruft.clean(page.decode("utf-8")) == expected, "HTML str")
page, expected = fixture("seed-yonhap", "input.txt")
check(decruft.clean(page, type="text") == expected, "the seed, byte for byte")
page, expected = fixture("html-markdown")
check(decruft.clean(page, format="markdown") == expected, "markdown")
page, expected = fixture("html-latin1")
check(decruft.clean(page) == expected, "a declared Latin-1 page comes out as UTF-8")
page, expected = fixture("html-no-captions")
check(decruft.clean(page, no_captions=True) == expected, "no_captions")
page, _ = fixture("html-json-title")
doc = decruft.clean(page, format="json")
check(doc["title"] == "Council extends bicycle lanes" and doc["lang"] == "en", "JSON: title and language")
# The headline goes, as the gold texts the model learnt from leave it out;
# the paragraphs stay; every block says why.
check(len(doc["blocks"]) == 3 and [b["kept"] for b in doc["blocks"]] == [False, True, True] and
      all(b["reason"].startswith("model ") for b in doc["blocks"]),
      "JSON blocks: the title dropped, two paragraphs kept, each with the model's reason")
check(doc["page_type"] == "article", "JSON: the page type")
page, _ = fixture("html-meta-opengraph")
meta = decruft.metadata(page, sources=True)
check(meta["title"] == ("Library extends weekend opening hours", "og:title") and
      meta["author"] == ("Priya Ashdown", "author") and meta["tags"] == (["libraries", "opening hours"], "article:tag") and
      meta["date"][0] == "2023-11-14T09:00:00Z", "metadata with sources: the og:title without the site name, author, tags")
meta = decruft.metadata(page)
doc = decruft.clean(page, format="json")
check(all(meta[k] == doc[k] for k in decruft.META_FIELDS), "metadata: the same fields as -f json")
check(decruft.metadata("just a line of text")["author"] is None, "metadata of plain text without a byline: none")
page, expected = fixture("html-md-front-matter")
check(decruft.clean(page, format="markdown", metadata=True) == expected, "markdown with metadata: the front matter")
try:
    import yaml
except ImportError:
    yaml = None
if yaml:
    front = expected.split("---\n")[1]
    doc = decruft.clean(page, format="json")
    check(yaml.safe_load(front) == {k: v for k, v in doc.items() if k not in ("text", "blocks") and v not in (None, [])},
          "markdown with metadata: PyYAML reads the -f json fields")
check(decruft.clean("") == "", "empty input, empty text")
check(decruft.version().count(".") == 2, "version")
try:
    decruft.clean(b"abc\x00def")
    check(False, "NUL bytes raise")
except decruft.DecruftError as e:
    check(e.code == 4 and "NUL byte at offset 3" in str(e), "NUL bytes raise DecruftError with the offset")
# A page quadratic for libxml2 (stray end tags under open elements): the
# default budget cleans it, one step a byte (the base alone) does not.
stray = "<html><body>" + "<div>" * 4000 + "<p>The committee met on Tuesday.</p>" + "</span>" * 4000
check("committee" in decruft.clean(stray), "a page under its work budget")
try:
    decruft.clean(stray, max_work=1)
    check(False, "a page over its work budget raises")
except decruft.DecruftError as e:
    check(e.code == 8 and "work limit exceeded" in str(e), "a page over its work budget raises DecruftError")
# base_url: the page's address, as --base-url; the metadata's image too.
page, expected = fixture("html-format-html")
check(decruft.clean(page, format="html", base_url="https://example.org/news/2026/story.html") == expected,
      "base_url: the links and images of -f html --base-url")
page, _ = fixture("html-meta-relative-image")
check(decruft.metadata(page, base_url="https://other.example/a/b.html")["image"] ==
      "https://other.example/media/img/apples.jpg", "base_url: the metadata's image resolves against it")
try:
    decruft.clean(page, base_url="example.org/story")
    check(False, "a base_url that is not absolute raises")
except ValueError:
    check(True, "a base_url that is not absolute raises ValueError")
# charset: the encoding the bytes came with (an HTTP header's) outranks the
# page's declaration; a str is decoded already, so its <meta> is not read.
latin = b"<html><head><meta charset=\"windows-1252\"></head><body><p>" + \
    "The caf\u00e9 on the square reopened on Tuesday after a long winter, and the owners said that the new menu would stay.".encode("cp1252") + \
    b"</p></body></html>"
check("caf\u00e9" in decruft.clean(latin), "bytes: the page's declaration")
check("caf\u0439" in decruft.clean(latin, charset="windows-1251"), "charset: outranks the page's declaration")
check("caf\u0439" in decruft.clean(latin, format="json", charset="windows-1251")["text"], "charset: in JSON too")
# Too few letters (4) for the library to see UTF-8 past the declaration:
# it read them as windows-1251 mojibake.
cyr = "<html><head><meta charset=\"windows-1251\"></head><body><p>The council met on Tuesday and the chair, \u041f\u0451\u0442\u0440, said that the lanes along the river would be extended.</p></body></html>"
check("chair, \u041f\u0451\u0442\u0440, said" in decruft.clean(cyr), "str: UTF-8, whatever its <meta charset> says")
try:
    decruft.clean(cyr, charset="windows-1251")
    check(False, "charset with a str raises")
except ValueError:
    check(True, "charset with a str raises ValueError")
# JSON's warnings, as decruft -f json gives them: only when there are some.
page, _ = fixture("html-undeclared-cp1251")
check(decruft.clean(page, format="json")["warnings"] == ["encoding: no charset declared: a detector guessed WINDOWS-1251"],
      "JSON: the encoding guessed, in warnings")
check("warnings" not in decruft.clean(latin, format="json"), "JSON: no warnings key without a warning")
try:
    decruft.clean("x", format="pdf")
    check(False, "an unknown format raises")
except ValueError:
    check(True, "an unknown format raises ValueError")

page, expected = fixture("html-teaser-list")
results = []


def worker():
    for _ in range(20):
        results.append(decruft.clean(page))


threads = [threading.Thread(target=worker) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
check(len(results) == 80 and all(r == expected for r in results), "four threads, one rule set")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
