#!/bin/sh
# Batch modes: trees (-r, -o), in place (-i, with backups), threads (-j
# gives the -j 1 output), JSON Lines, WARC, bad documents that do not stop
# the others, the crash-safety of -i (kill -9 mid-run: every file is its
# original or its whole output), and GNU parallel over JSON Lines giving
# the single-process output.
# usage: tests/batch.sh DECRUFT
set -u
. "$(dirname "$0")/lib.sh"
expect() { # NAME WANT GOT
    if [ "$2" = "$3" ]; then ok; else bad "$1: expected '$2', got '$3'"; fi
}

# A tree of pages: HTML, text, gzip, and one binary file.
mkdir -p in/news/2024 in/blog
cp "$fixtures/html-nav-footer/input.html" in/news/2024/bikes.html
cp "$fixtures/html-teaser-list/input.html" in/news/teasers.html
cp "$fixtures/seed-yonhap/input.txt" in/blog/yonhap.txt
cp "$fixtures/html-gzip/input.html.gz" in/blog/zipped.html.gz
printf 'bin\000ary' >in/blog/broken.bin

# -r -o: same relative paths, .gz and the page's extension dropped for the
# format's, the bad file reported and skipped.
"$bin" -r -o out in 2>err.txt
expect "-r -o exit status" 1 $?
expect "-r -o outputs" "out/blog/yonhap.txt out/blog/zipped.txt out/news/2024/bikes.txt out/news/teasers.txt" \
    "$(find out -type f | sort | tr '\n' ' ' | sed 's/ $//')"
cmp -s out/blog/yonhap.txt "$fixtures/seed-yonhap/expected" && ok || bad "-o output equals the fixture's"
cmp -s out/news/2024/bikes.txt "$fixtures/html-nav-footer/expected" && ok || bad "-o HTML output"
grep -q 'in/blog/broken.bin: input is binary' err.txt && ok || bad "the binary file is named on stderr"
"$bin" -f markdown -o md in/news/2024/bikes.html in/blog/zipped.html.gz
expect "-o names Markdown .md" "md/bikes.md md/zipped.md" "$(find md -type f | sort | tr '\n' ' ' | sed 's/ $//')"
"$bin" -f json -o js in/news/2024/bikes.html && [ -f js/bikes.json ] && ok || bad "-o names JSON .json"
mkdir -p other && printf 'Some words of text.\n' >other/page.php && printf 'More words.\n' >other/notes
"$bin" -o oth other/page.php other/notes
expect "-o keeps an extension that is not a page's" "oth/notes.txt oth/page.php.txt" \
    "$(find oth -type f | sort | tr '\n' ' ' | sed 's/ $//')"

# -o with two inputs of the same output name (a.html and a.html.gz in one
# folder; x.html named from two folders): the later is refused, not
# written over the first, and nothing of it is written.
mkdir -p same1 same2
cp "$fixtures/html-nav-footer/input.html" same1/x.html
cp "$fixtures/seed-yonhap/input.txt" same2/x.html
"$bin" -o sameout same1/x.html same2/x.html 2>err.txt
expect "-o name collision: exit status" 1 $?
cmp -s sameout/x.txt "$fixtures/html-nav-footer/expected" && ok || bad "-o collision: the first input's output stays"
grep -q 'same2/x.html: same output name as same1/x.html under -o (sameout/x.txt); skipped' err.txt && ok ||
    bad "-o collision: reported: $(cat err.txt)"
mkdir -p gz
cp "$fixtures/html-nav-footer/input.html" gz/a.html
gzip -c "$fixtures/html-teaser-list/input.html" >gz/a.html.gz
cp "$fixtures/seed-yonhap/input.txt" gz/a.txt
"$bin" -r -o gzout gz 2>err.txt
expect "-o: a.html, a.html.gz and a.txt in one folder: exit status" 1 $?
cmp -s gzout/a.txt "$fixtures/html-nav-footer/expected" && ok || bad "-o: the first of a.html and a.html.gz is written"
expect "-o: the two others are refused" 2 "$(grep -c 'same output name as gz/a.html under -o' err.txt)"

# -o onto the inputs: -o . on a.txt, or an output that is a hard or
# symbolic link to an input, refuses that input; it stays as it was.
mkdir -p self && cp "$fixtures/seed-yonhap/input.txt" self/a.txt
cp "$fixtures/html-nav-footer/input.html" self/b.html
(cd self && "$bin" -o . a.txt b.html 2>../err.txt)
expect "-o . over its input: exit status" 1 $?
cmp -s self/a.txt "$fixtures/seed-yonhap/input.txt" && ok || bad "-o . left the input as it was"
grep -q 'a.txt: its output ./a.txt would overwrite the input a.txt; skipped' err.txt && ok ||
    bad "-o . over its input: reported: $(cat err.txt)"
cmp -s self/b.txt "$fixtures/html-nav-footer/expected" && ok || bad "-o .: the other input is written"
mkdir -p linked && ln self/b.html linked/b.txt && ln -s ../self/a.txt linked/a.txt
cp "$fixtures/html-teaser-list/input.html" c.html
"$bin" -o linked self/b.html c.html 2>err.txt
expect "-o onto a hard link to an input: exit status" 1 $?
cmp -s self/b.html "$fixtures/html-nav-footer/input.html" && ok || bad "-o through a hard link left the input alone"
grep -q 'self/b.html: its output linked/b.txt would overwrite the input self/b.html' err.txt && ok ||
    bad "-o onto a hard link: reported: $(cat err.txt)"
cmp -s linked/c.txt "$fixtures/html-teaser-list/expected" && ok || bad "-o: the other input is written"
"$bin" -o linked self/a.txt 2>err.txt
expect "-o onto a symbolic link to the input: exit status" 1 $?
cmp -s self/a.txt "$fixtures/seed-yonhap/input.txt" && ok || bad "-o through a symbolic link left the input alone"

# -j N: the same bytes as -j 1, in input order.
"$bin" -r in >j1.txt 2>/dev/null
"$bin" -r -j 3 in >j3.txt 2>/dev/null
cmp -s j1.txt j3.txt && ok || bad "-j 3 output equals -j 1"
"$bin" "$fixtures/seed-yonhap/input.txt" "$fixtures/html-nav-footer/input.html" >two.txt
cat "$fixtures/seed-yonhap/expected" "$fixtures/html-nav-footer/expected" | cmp -s - two.txt && ok ||
    bad "files named on the command line: outputs in order"

# -i with a backup suffix: originals kept whole, outputs in place, modes kept.
cp -r in inplace
chmod 600 inplace/blog/yonhap.txt
"$bin" -i.orig -r inplace 2>/dev/null
cmp -s inplace/blog/yonhap.txt "$fixtures/seed-yonhap/expected" && ok || bad "-i replaced the file"
cmp -s inplace/blog/yonhap.txt.orig "$fixtures/seed-yonhap/input.txt" && ok || bad "-i.orig kept the original"
expect "-i keeps the file mode" 600 "$(stat -c %a inplace/blog/yonhap.txt)"
cmp -s inplace/blog/zipped.html.gz "$fixtures/html-gzip/input.html.gz" && ok || bad "-i leaves .gz files alone"
[ -z "$(find inplace -name '.decruft-*')" ] && ok || bad "-i leaves no temporary file"
"$bin" -i </dev/null >/dev/null 2>&1
expect "-i without files is a usage error" 2 $?
"$bin" -i -o x in >/dev/null 2>&1
expect "-i with -o is a usage error" 2 $?

# -i and what is not a plain file.  A symbolic link named is refused, as
# is a FIFO (sed -i says "couldn't edit: not a regular file"); met in a
# walk, they are skipped with a warning (-q silences it).  Neither the link
# nor its target changes, and a FIFO never blocks the run.
mkdir -p special/sub
cp "$fixtures/seed-yonhap/input.txt" special/sub/target.txt
ln -s sub/target.txt special/link.txt
mkfifo special/pipe
timeout 20 "$bin" -i special/link.txt special/pipe 2>err.txt
expect "-i on a symbolic link and a FIFO: exit status" 1 $?
[ -L special/link.txt ] && [ -p special/pipe ] && ok || bad "-i left the link a link and the FIFO a FIFO"
cmp -s special/sub/target.txt "$fixtures/seed-yonhap/input.txt" && ok || bad "-i on a link left its target alone"
grep -q 'special/link.txt: is a symbolic link: -i leaves it and its target alone' err.txt && ok ||
    bad "-i on a link: reported: $(cat err.txt)"
grep -q 'special/pipe: is not a regular file' err.txt && ok || bad "-i on a FIFO: reported: $(cat err.txt)"
timeout 20 "$bin" -i -r special 2>err.txt
expect "-i -r over a link and a FIFO: exit status" 0 $?
[ -L special/link.txt ] && [ -p special/pipe ] && ok || bad "-i -r left the link a link and the FIFO a FIFO"
cmp -s special/sub/target.txt "$fixtures/seed-yonhap/expected" && ok || bad "-i -r cleaned the link's target once, by its name"
expect "-i -r: a warning for each" 2 "$(grep -c 'warning: .*skipped' err.txt)"
timeout 20 "$bin" -q -r special >/dev/null 2>err.txt
expect "-q: no warning" "" "$(cat err.txt)"

# -i on hard links: as with sed -i, the name replaced gets the output and
# the file's other names keep the original (a new file, renamed in).
cp "$fixtures/seed-yonhap/input.txt" hard1.txt && ln hard1.txt hard2.txt
"$bin" -i hard1.txt
cmp -s hard1.txt "$fixtures/seed-yonhap/expected" && ok || bad "-i on a hard link: the name is replaced"
cmp -s hard2.txt "$fixtures/seed-yonhap/input.txt" && ok || bad "-i on a hard link: the other name keeps the original"
# A file named twice is cleaned once: its backup stays the original.
cp "$fixtures/seed-yonhap/input.txt" twice.txt
"$bin" -i.bak twice.txt ./twice.txt 2>err.txt
expect "-i on a file named twice: exit status" 0 $?
cmp -s twice.txt.bak "$fixtures/seed-yonhap/input.txt" && ok || bad "-i on a file named twice: the backup is the original"
grep -q 'twice.txt: warning: is twice.txt again: cleaned once' err.txt && ok || bad "-i twice: warned: $(cat err.txt)"

# -i keeps the owner and group (as root: a file of nobody:nogroup stays
# theirs; the new file is chowned before it is renamed in).
if [ "$(id -u)" = 0 ] && getent passwd nobody >/dev/null && getent group nogroup >/dev/null; then
    cp "$fixtures/seed-yonhap/input.txt" owned.txt && chown nobody:nogroup owned.txt && chmod 640 owned.txt
    "$bin" -i.bak owned.txt
    expect "-i as root keeps the owner and group" "nobody:nogroup 640" "$(stat -c '%U:%G %a' owned.txt)"
    cmp -s owned.txt "$fixtures/seed-yonhap/expected" && ok || bad "-i as root replaced the file"
else
    echo "skip: -i keeping another user's ownership needs root"
fi

# Two runs of -i on one tree at once: each file is replaced by one run at
# a time (a lock, then a check that it is still what was read: else it is
# left to the other run), so every backup holds what its file was made
# from, and no temporary name is left for a later -r to clean.  The pages
# are those whose text, cleaned again under their .html name, stays as it
# is: a second run may clean a file the first has replaced, and cleaning
# a text again may drop a line of it.
mkdir race idem
for f in "$fixtures"/html-[a-l]*/input.html; do
    cp "$f" idem/a.html
    "$bin" -i idem/a.html 2>/dev/null && cp idem/a.html idem/b.html && "$bin" -i idem/b.html 2>/dev/null &&
        cmp -s idem/a.html idem/b.html && echo "$f"
done >idem.list
i=0
for k in 1 2 3 4 5; do
    while read -r f; do
        i=$((i + 1))
        [ "$i" -le 60 ] && cp "$f" "race/doc$i.html"
    done <idem.list
done
rm -rf idem idem.list
cp -r race race0
"$bin" -i.bak -r race 2>/dev/null &
pid=$!
"$bin" -i.bak -r -j 2 race 2>race.err
wait "$pid"
left=$(find race -name '.decruft-*' -o -name '*.decruft-bak' | wc -l | tr -d ' ')
expect "two concurrent -i runs: no temporary file left" 0 "$left"
wrong=0
for f in race0/*; do
    name=$(basename "$f")
    "$bin" "race/$name.bak" | cmp -s - "race/$name" || wrong=$((wrong + 1))
done
expect "two concurrent -i runs: every backup holds what its file was made from" 0 "$wrong"
[ -n "${VERBOSE:-}" ] && echo "  concurrent -i: $(grep -c 'changed while it was cleaned' race.err) files left to the other run"
"$bin" -i.bak -r race 2>err.txt
expect "-i.bak -r again: the backups are skipped, not cleaned" 0 "$(find race -name '*.bak.bak' | wc -l | tr -d ' ')"
grep -q 'doc1.html.bak: warning: ends with the backup suffix' err.txt && ok || bad "-i.bak -r: the skipped backups are named"

# Unreadable input: reported, the others still cleaned.
if [ "$(id -u)" != 0 ]; then
    cp "$fixtures/seed-yonhap/input.txt" locked.txt && chmod 000 locked.txt
    "$bin" locked.txt "$fixtures/seed-yonhap/input.txt" >out.txt 2>err.txt
    expect "unreadable file: exit status" 1 $?
    cmp -s out.txt "$fixtures/seed-yonhap/expected" && ok || bad "the readable file is still cleaned"
fi

# Crash safety of -i: kill -9 at several moments of a long run; every file
# must then be its original or its complete output, never a mix.
mkdir crash
i=0
for k in $(seq 1 12); do
    for f in "$fixtures"/html-*/input.html "$fixtures"/*/input.txt; do
        i=$((i + 1))
        cp "$f" "crash/doc$i"
    done
done
"$bin" -r -o expected crash 2>/dev/null
cp -r crash original
for delay in 0.05 0.1 0.2 0.3; do
    rm -rf victim
    cp -r original victim
    "$bin" -i -r victim 2>/dev/null &
    pid=$!
    sleep "$delay"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    broken=0
    replaced=0
    for f in original/*; do
        name=$(basename "$f")
        if cmp -s "victim/$name" "$f"; then
            :
        elif cmp -s "victim/$name" "expected/$name.txt"; then
            replaced=$((replaced + 1))
        else
            broken=$((broken + 1))
            echo "  after kill -9 at ${delay}s: victim/$name is neither original nor output"
        fi
    done
    [ -n "${VERBOSE:-}" ] && echo "  kill -9 at ${delay}s: $replaced of $(ls original | wc -l) files replaced"
    [ "$broken" = 0 ] && ok || bad "kill -9 during -i at ${delay}s left $broken broken files ($replaced replaced)"
done

# JSON Lines: fields pass through, the page field is replaced in place, bad
# records are named by number and skipped, -j 2 gives the -j 1 output.
python3 - "$fixtures" >docs.jsonl <<'EOF'
import json, sys
fx = sys.argv[1]
page = open(fx + "/html-nav-footer/input.html").read()
text = open(fx + "/seed-yonhap/input.txt").read()
for i in range(30):
    if i == 7:
        print("{not json")
    elif i == 8:
        print(json.dumps({"id": i, "body": "no page field"}))
    elif i == 11:
        print(json.dumps({"id": i, "html": ""}))
    elif i == 12:
        print(json.dumps({"id": i, "text": ""}))
    elif i % 2:
        print(json.dumps({"id": i, "url": f"https://example.org/{i}", "html": page, "n": [1, 2.5, None]}))
    else:
        print(json.dumps({"id": i, "text": text, "lang": "en"}))
EOF
"$bin" --jsonl <docs.jsonl >clean1.jsonl 2>err.txt
expect "JSON Lines with bad records: exit status" 1 $?
expect "JSON Lines: records out" 28 "$(wc -l <clean1.jsonl | tr -d ' ')"
grep -q 'line 8: invalid JSON' err.txt && ok || bad "an invalid record is named by its line"
grep -q 'line 9: no "html" or "text" field' err.txt && ok || bad "a record without a page is named"
python3 - "$fixtures" clean1.jsonl <<'EOF' && ok || bad "JSON Lines: fields kept, page cleaned"
import json, sys
fx, path = sys.argv[1], sys.argv[2]
want_html = open(fx + "/html-nav-footer/expected").read()
want_text = open(fx + "/seed-yonhap/expected").read()
for line in open(path):
    d = json.loads(line)
    if d["id"] in (11, 12):
        assert d == {"id": d["id"], "html" if d["id"] == 11 else "text": ""}, d
    elif "html" in d:
        assert list(d) == ["id", "url", "html", "n"] and d["n"] == [1, 2.5, None] and d["html"] == want_html, d
    else:
        assert list(d) == ["id", "text", "lang"] and d["text"] == want_text, d
EOF
"$bin" --jsonl -j 2 docs.jsonl >clean2.jsonl 2>/dev/null
cmp -s clean1.jsonl clean2.jsonl && ok || bad "--jsonl -j 2 equals -j 1"
"$bin" --jsonl --field out=clean --field text=body <docs.jsonl 2>/dev/null |
    python3 -c 'import json,sys; r=[json.loads(l) for l in sys.stdin]; assert len(r) == 15 and all("clean" in d for d in r), len(r)' &&
    ok || bad "--field out= and text= rename the fields"

# WARC: gzip member per record and plain; response and WET conversion
# records; a record whose Content-Length lies; a truncated file.
set -- "$fixtures/html-nav-footer/input.html" "$fixtures/html-teaser-list/input.html" "$fixtures/html-gzip/input.html.gz"
python3 "$here/make_warc.py" pages.warc.gz "$@"
"$bin" --warc pages.warc.gz >warc.jsonl
expect "WARC: exit status" 0 $?
expect "WARC: HTML responses out, image and request skipped" 3 "$(wc -l <warc.jsonl | tr -d ' ')"
python3 - "$fixtures" warc.jsonl <<'EOF' && ok || bad "WARC: url, warc_id and cleaned text"
import json, sys
fx, path = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(path)]
assert rows[0]["url"] == "https://example.org/page/1" and rows[0]["warc_id"].startswith("<urn:uuid:")
assert rows[0]["text"] == open(fx + "/html-nav-footer/expected").read()
assert rows[1]["text"] == open(fx + "/html-teaser-list/expected").read()
EOF
python3 "$here/make_warc.py" pages.warc "$@"
"$bin" --warc <pages.warc | cmp -s - warc.jsonl && ok || bad "plain WARC on stdin equals gzip WARC"
"$bin" --warc -j 2 pages.warc.gz | cmp -s - warc.jsonl && ok || bad "--warc -j 2 equals -j 1"
python3 "$here/make_warc.py" lying.warc --lie 2 "$@"
"$bin" --warc lying.warc >lying.jsonl 2>err.txt
expect "WARC with a lying Content-Length: exit status" 1 $?
grep -q 'lying.warc: record 4: Content-Length does not end at a record boundary' err.txt && ok ||
    bad "the lying record is named"
# The lying record is a request: the response it ran into comes out too.
cmp -s lying.jsonl warc.jsonl && ok || bad "WARC: the records after the lying one still come out"
# A redirect (an empty body) is an empty page, not a failure.
python3 "$here/make_warc.py" redirect.warc.gz --empty 2 "$@"
"$bin" --warc redirect.warc.gz >redirect.jsonl 2>err.txt
expect "WARC with an empty response: exit status" 0 $?
expect "WARC with an empty response: no message" "" "$(cat err.txt)"
python3 - redirect.jsonl <<'EOF' && ok || bad "WARC: the empty response is an empty record, in its place"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["url"] for r in rows] == [f"https://example.org/page/{i}" for i in (1, 2, 3)], rows
assert rows[1]["text"] == "" and rows[0]["text"] and rows[2]["text"], rows
EOF
# A Content-Length that is negative, not a number, missing, over
# --max-bytes, or runs past the records after it (or past the file) costs
# that record only; spaces after the number are no error.
set -- $(ls "$fixtures"/html-*/input.html | head -n 8)
python3 "$here/make_warc.py" eight.warc "$@"
"$bin" --warc eight.warc >eight.jsonl
for length in -5 abc none 99999999999999 +3000 +30000 '+0 '; do
    python3 "$here/make_warc.py" length.warc --length "2=$length" "$@"
    "$bin" --warc length.warc >length.jsonl 2>err.txt
    status=$?
    if [ "$length" = '+0 ' ]; then
        expect "WARC, Content-Length '$length': exit status" 0 $status
        cmp -s length.jsonl eight.jsonl && ok || bad "WARC, Content-Length '$length': every record"
        continue
    fi
    expect "WARC, Content-Length '$length': exit status" 1 $status
    grep -q '^decruft: length.warc: record 5: ' err.txt && ok || bad "WARC, Content-Length '$length': reported as record 5"
    python3 - eight.jsonl length.jsonl <<'EOF' && ok || bad "WARC, Content-Length '$length': the other records come out"
import json, sys
whole, got = ([json.loads(l) for l in open(p)] for p in sys.argv[1:])
assert [r for r in whole if r["url"] != "https://example.org/page/2"] == got, [r["url"] for r in got]
EOF
done
head -c 3000 pages.warc >cut.warc
"$bin" --warc cut.warc >/dev/null 2>err.txt
expect "truncated WARC: exit status" 1 $?
grep -q 'truncated' err.txt && ok || bad "a truncated WARC says so"
python3 "$here/make_warc.py" wet.warc.gz --wet "$fixtures/seed-yonhap/input.txt"
"$bin" --warc wet.warc.gz | python3 -c '
import json, sys
d = json.loads(sys.stdin.readline())
assert d["lang"] == "eng" and d["text"] == open(sys.argv[1]).read(), d' "$fixtures/seed-yonhap/expected" &&
    ok || bad "WET conversion records: lang from the header, text cleaned"

# Text that is not UTF-8 (a Latin-1 byte in a WET record, and in its
# URL) comes out as valid JSON (was 'out of memory'): the text read in the
# encoding a detector guesses, the URL's byte percent-encoded.
python3 - <<'EOF'
text = b"Caf\xe9 owners and residents met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead.\n"
head = b"WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.org/caf\xe9\r\nContent-Length: %d\r\n\r\n"
open("latin1.warc", "wb").write(head % len(text) + text + b"\r\n\r\n")
EOF
"$bin" --warc latin1.warc >latin1.jsonl 2>err.txt
expect "WARC, Latin-1 text: exit status" 0 $?
python3 - latin1.jsonl <<'EOF' && ok || bad "WARC, Latin-1 text: the record, as UTF-8"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(rows) == 1 and rows[0]["text"].startswith("Caf\u00e9 owners") and rows[0]["url"] == "https://example.org/caf%E9", rows
EOF

# A corrupt gzip member costs its record only: the records before it (in
# the same read) and after it come out, and the message names the file once.
set -- "$fixtures"/html-*/input.html
python3 "$here/make_warc.py" many.warc.gz "$@"
python3 "$here/make_warc.py" corrupt.warc.gz --corrupt 15 "$@"
"$bin" --warc many.warc.gz >many.jsonl
# -q: the fixtures' legacy pages have their encoding guessed, with a
# warning each; the failure is reported all the same.
"$bin" -q --warc corrupt.warc.gz >corrupt.jsonl 2>err.txt
expect "WARC with a corrupt gzip member: exit status" 1 $?
python3 - many.jsonl corrupt.jsonl <<'EOF' && ok || bad "WARC: a corrupt gzip member loses its record only"
import json, sys
whole, cut = ([json.loads(l) for l in open(p)] for p in sys.argv[1:])
assert [r for r in whole if r["url"] != "https://example.org/page/15"] == cut, [r["url"] for r in cut]
EOF
# The damage shows at once (an invalid code) or only at the member's CRC,
# after garbage: either way the record is held back and named once.
expect "WARC: one message for the corrupt member" 1 "$(wc -l <err.txt | tr -d ' ')"
grep -q '^decruft: corrupt.warc.gz: record [0-9]*: gzip data is corrupt at byte [0-9]* (.*); resumed at the next gzip member' err.txt &&
    ok || bad "WARC: the corrupt member is named by record and byte: $(cat err.txt)"
expect "WARC: the message names the file once" 1 "$(grep -o corrupt.warc.gz err.txt | wc -l | tr -d ' ')"
python3 - <<'EOF'
import gzip, json
lines = [json.dumps({"id": i, "text": "The committee met on Tuesday to discuss the plan."}) + "\n" for i in range(40)]
members = [bytearray(gzip.compress(l.encode(), mtime=0)) for l in lines]
members[20][0] = 0  # the member's magic bytes are gone
members[30][-6] ^= 0xFF  # the member's CRC fails: its line is garbage-free but not vouched for
open("corrupt.jsonl.gz", "wb").write(b"".join(members))
EOF
"$bin" --jsonl corrupt.jsonl.gz >corrupt.jsonl 2>err.txt
expect "JSON Lines with a corrupt gzip member: exit status" 1 $?
expect "JSON Lines: the lines of the other members come out" 38 "$(wc -l <corrupt.jsonl | tr -d ' ')"
grep -q '^decruft: corrupt.jsonl.gz: bytes at [0-9]* are not gzip data; resumed at the next gzip member' err.txt &&
    ok || bad "JSON Lines: the member without its magic is reported: $(cat err.txt)"
grep -q '^decruft: corrupt.jsonl.gz: line 30: gzip data is corrupt at byte [0-9]* (incorrect data check)' err.txt &&
    ok || bad "JSON Lines: the line of the member that fails its CRC is reported in its place: $(cat err.txt)"

# Cross-document boilerplate: a paragraph on every page of one site is
# learnt and dropped there, and nowhere else.
mkdir -p crawl/gazette.example crawl/other.example
python3 - <<'EOF'
import random
random.seed(1)
words = "council river city bicycle lanes mayor school parking winter spring library engineers".split()
about = "The River Gazette is an independent newspaper that has covered the valley for more than a century, and it is read by families in every town along the water."
for site in ["gazette.example", "other.example"]:
    for i in range(8):
        paras = ["The " + " and the ".join(" ".join(random.choice(words) for _ in range(5)) for _ in range(5))
                 + " were discussed on Tuesday by the people of the town." for _ in range(4)]
        if site == "gazette.example" or i == 0:
            paras.append(about)
        with open(f"crawl/{site}/page{i}.html", "w") as f:
            f.write("<html><body><article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article></body></html>")
EOF
"$bin" --learn site.profile -r crawl >learn.out
expect "--learn writes no output" "" "$(cat learn.out)"
grep -q '^site gazette.example 8$' site.profile && ok || bad "the profile counts the site's pages"
"$bin" --profile site.profile -r -o pruned crawl
expect "the learnt line is dropped on its site" 0 "$(cat pruned/gazette.example/* | grep -c 'River Gazette')"
expect "and kept on another site" 1 "$(cat pruned/other.example/* | grep -c 'River Gazette')"
"$bin" --profile site.profile --site gazette.example --explain crawl/gazette.example/page3.html |
    grep -q 'repeated across 8 pages of gazette.example' && ok || bad "the reason names the pages and the site"
printf 'decruft-profile 1\nnonsense\n' >bad.profile
"$bin" --profile bad.profile crawl/other.example/page1.html >/dev/null 2>err.txt
expect "a bad profile is a usage error" 2 $?
grep -q 'bad.profile:2' err.txt && ok || bad "a bad profile names its line"

# -t auto: a page that opens with a body element (a scraped fragment) is
# HTML, and so is a .html file that holds a tag the sniffer does not know;
# text that merely starts with '<' stays text.
para='<p>The committee met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead.</p>'
for start in '<table><tr><td>' '<h1>Council plan</h1>' '<ul><li>one</li></ul>' '<span>' '<a href="/">home</a>' '<br>' \
    '<form action="/s"></form>' '<BR/>'; do
    out=$(printf '%s%s\n' "$start" "$para" | "$bin")
    case $out in *"<"*) bad "a page opening with $start is sniffed as HTML: $out" ;; *) ok ;; esac
done
for start in '<3 to all of you' '<ahem> said the clerk' '<--- back'; do
    out=$(printf '%s\n%s\n' "$start" "$para" | "$bin" -f json)
    case $out in *'"text":"'"$start"*) ok ;; *) bad "text opening with '$start' stays text: $out" ;; esac
done
printf '<center>%s</center>\n' "$para" >unknown.html
cp unknown.html unknown.txt
case $("$bin" unknown.html) in *"<"*) bad "a .html name makes HTML of an unknown tag" ;; *) ok ;; esac
case $("$bin" unknown.txt) in *"<center>"*) ok ;; *) bad "a .txt name leaves the sniffer's answer" ;; esac
case $("$bin" -t text unknown.html) in *"<center>"*) ok ;; *) bad "-t text wins over a .html name" ;; esac
# A page cleaned in place keeps its .html name and holds text; when that
# text quotes markup, cleaning it again must not read it as HTML (which
# dropped the quoted element): only a file that opens with a tag is.
printf '<html><body><p>To run a script after the page has loaded, put the &lt;script&gt; element at the end of the body, after the text the reader sees first, as most guides advise.</p><p>The &lt;noscript&gt; element then says what a reader without scripts should do instead, and it is ignored by every browser that runs them.</p></body></html>\n' >quotes.html
"$bin" -i quotes.html && cp quotes.html quotes1.html && "$bin" -i quotes.html
cmp -s quotes.html quotes1.html && ok || bad "a second -i leaves a text that quotes markup as it is"
grep -q '<script> element' quotes.html && ok || bad "the quoted markup is kept: $(cat quotes.html)"

# An unknown --lang is one usage error, not one failure per file.
"$bin" --lang xx "$fixtures/seed-yonhap/input.txt" "$fixtures/seed-yonhap/input.txt" >out.txt 2>err.txt
expect "--lang xx: exit status" 2 $?
expect "--lang xx: one message" 1 "$(grep -c "unknown language 'xx'" err.txt)"
expect "--lang xx: no output" "" "$(cat out.txt)"

# A page over its work budget (10^5 stray end tags under 10^5 open
# elements: libxml2 scans its whole stack for each, minutes of work) fails
# alone, as files on two threads and as a JSON Lines record; the pages
# around it come out as they do without it.
mkdir -p slow
python3 -c "print('<html><body>' + '<div>' * 100000 + '<p>Text of the slow page.</p>' + '</span>' * 100000)" >slow/b-slow.html
cp "$fixtures/html-nav-footer/input.html" slow/a.html
cp "$fixtures/html-teaser-list/input.html" slow/c.html
(ulimit -t 60; "$bin" -j 2 -r -o slowout slow 2>err.txt)
expect "a page over its work budget: exit status" 1 $?
expect "a page over its work budget: the others are written" "slowout/a.txt slowout/c.txt" \
    "$(find slowout -type f | sort | tr '\n' ' ' | sed 's/ $//')"
grep -q '^decruft: slow/b-slow.html: work limit exceeded' err.txt && ok || bad "work limit: reported: $(cat err.txt)"
cmp -s slowout/a.txt "$fixtures/html-nav-footer/expected" && ok || bad "work limit: the page before is whole"
python3 -c "
import json
for name in ('slow/a.html', 'slow/b-slow.html', 'slow/c.html'):
    print(json.dumps({'id': name, 'html': open(name).read()}))" >slow.jsonl
(ulimit -t 60; "$bin" -j 2 --jsonl <slow.jsonl >slow.out 2>err.txt)
expect "JSON Lines, a record over its work budget: exit status" 1 $?
expect "JSON Lines, a record over its work budget: the others" '"slow/a.html" "slow/c.html"' \
    "$(python3 -c "
import json, sys
print(' '.join(json.dumps(json.loads(l)['id']) for l in open('slow.out')))")"
grep -q 'work limit exceeded' err.txt && ok || bad "JSON Lines work limit: reported: $(cat err.txt)"
python3 "$here/make_warc.py" slow.warc.gz slow/a.html slow/b-slow.html slow/c.html
(ulimit -t 60; "$bin" -j 2 --warc slow.warc.gz >slow.out 2>err.txt)
expect "WARC, a record over its work budget: exit status" 1 $?
expect "WARC, a record over its work budget: the others" 2 "$(grep -c '"text":"[^"]' slow.out)"
grep -q 'work limit exceeded' err.txt && ok || bad "WARC work limit: reported: $(cat err.txt)"

# Encoding warnings in a batch: a line a document, then one line that
# counts them, which thousands of lines in a crawl's stderr would bury;
# none of it with -q, no count for a single document or none warned.
mkdir -p enc/a
for i in 1 2 3; do cp "$fixtures/html-undeclared-cp1251/input.html" enc/a/c$i.html; done
cp "$fixtures/html-list/input.html" enc/list.html
cp "$fixtures/text-cp1251/input.txt" enc/legacy.txt
summary_line='decruft: warning: 4 of 5 documents had an encoding warning (guessed, overridden or bytes replaced)'
for j in 1 2; do
    "$bin" -j $j -r enc >/dev/null 2>err.txt
    expect "-r -j $j: a warning line a guessed document" 4 "$(grep -c ': warning: encoding: no charset declared' err.txt)"
    expect "-r -j $j: the count, last" "$summary_line" "$(tail -n 1 err.txt)"
done
"$bin" -q -r enc >/dev/null 2>err.txt
expect "-q -r: no warnings, no count" "" "$(cat err.txt)"
"$bin" enc/a/c1.html >/dev/null 2>err.txt
expect "one document: its warning, no count" 1 "$(wc -l <err.txt | tr -d ' ')"
"$bin" -r in/news >/dev/null 2>err.txt
expect "a batch without encoding warnings: no count" "" "$(cat err.txt)"
python3 "$here/make_warc.py" enc.warc enc/a/c1.html enc/list.html enc/a/c2.html
"$bin" --warc enc.warc >/dev/null 2>err.txt
expect "--warc: the count" 'decruft: warning: 2 of 3 documents had an encoding warning (guessed, overridden or bytes replaced)' \
    "$(tail -n 1 err.txt)"

# GNU parallel: JSON Lines split across jobs give the single-process output.
if command -v parallel >/dev/null 2>&1; then
    grep -v 'not json\|no page field' docs.jsonl >good.jsonl
    "$bin" --jsonl <good.jsonl >single.jsonl
    parallel --will-cite --pipe -k -j 3 --block 20k "$bin" --jsonl <good.jsonl >parallel.jsonl
    cmp -s single.jsonl parallel.jsonl && ok || bad "GNU parallel --pipe -j 3 equals one process"
else
    echo "skip: GNU parallel is not installed"
fi

summary
