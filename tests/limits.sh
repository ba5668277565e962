#!/bin/sh
# Heavy limits, not in make check (make check-limits; .ci/run runs it):
# hundreds of threads under a 2 GB address-space limit must clean every
# record, starting fewer threads (and saying so) where they do not fit;
# a page larger than the memory left fails, whole; and
# --jsonl --metadata under limits from too little to enough, where the
# big record is out of memory or whole and the others come out.
# usage: tests/limits.sh DECRUFT
set -u
. "$(dirname "$0")/lib.sh"
python3 -c "
import json
art = 'The committee met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead. ' * 20
for i in range(3000):
    print(json.dumps({'id': i, 'html': '<html><body><p>' + art + str(i) + '</p><p>Share on Facebook</p></body></html>'}))" >"$tmp/r.jsonl"
for j in 200 400 1000; do
    (ulimit -v 2000000 && timeout 300 "$bin" -j "$j" --jsonl "$tmp/r.jsonl" >"$tmp/out" 2>"$tmp/err")
    status=$?
    if [ "$status" = 0 ] && [ "$(grep -c committee "$tmp/out")" = 3000 ] &&
        { [ ! -s "$tmp/err" ] || grep -q "going on with [0-9]* threads" "$tmp/err"; }; then
        ok
        echo "-j $j under ulimit -v 2000000: 3000 records$(sed -n 's/.*going on with/, went on with/p' "$tmp/err")"
    else
        bad "-j $j under ulimit -v 2000000: exit status $status, $(wc -l <"$tmp/out") records"
        head -c 300 "$tmp/err"
    fi
done
# A page too large for the memory left, its article at the end: under an
# address-space limit it fails as out of memory, or comes out with the
# article, never as a shorter text with success (a 164 MB page gave empty
# output and exit 0 under ulimit -v 600000).
python3 -c "
import sys
nav = '<div class=\"nav\"><a href=\"/a\">Link one</a> <a href=\"/b\">Link two</a></div>\n' * 1300000
art = '<p>The committee met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead.</p>' * 20
sys.stdout.write('<html><body>' + nav + '<article><h1>The end</h1>' + art + '</article></body></html>')" >"$tmp/big.html"
for v in 600000 1000000 2000000; do
    (ulimit -v "$v" && timeout 300 "$bin" "$tmp/big.html" >"$tmp/out" 2>"$tmp/err")
    status=$?
    if { [ "$status" = 1 ] && grep -q "out of memory" "$tmp/err" && [ ! -s "$tmp/out" ]; } ||
        { [ "$status" = 0 ] && grep -q "members agreed" "$tmp/out"; }; then
        ok
        echo "a $(($(wc -c <"$tmp/big.html") / 1000000)) MB page under ulimit -v $v: exit $status, $(head -c 100 "$tmp/err")"
    else
        bad "a large page under ulimit -v $v: exit status $status, $(wc -c <"$tmp/out") bytes out, $(head -c 200 "$tmp/err")"
    fi
done

# --metadata out of memory: two big text records, each between two small
# ones, under limits 1.5 MB apart, so that allocations fail while the line
# is parsed, the text read and classified, the metadata built and the
# record written: 150,000 short paragraphs (3 MB, whose blocks take about
# 70 MB), and 40,000 long ones (10 MB, a string jansson must grow to 30).
# At every limit the big record is reported as out of memory (and as
# nothing else: jansson gave a string it could not grow as "invalid
# token") or comes out whole, and the small ones come out with their
# metadata.  The same for a big HTML record (10 MB of 50,000 items), whose
# parse libxml2 2.9.14 crashed under some of these limits before
# reader_html stepped around its failed allocations.
python3 - "$tmp" <<'EOF'
import json, sys
art = "The committee met on Tuesday to discuss the proposal, and after a long debate the members agreed that the plan should go ahead."
small = lambda i: json.dumps({"id": i, "url": f"https://example.org/{i}", "text": f"By Jane Doe\n\n{art} {art} {i}\n"})
bigs = {"short.jsonl": "".join(f"Item {i} of the list\n\n" for i in range(150000)),
        "long.jsonl": "".join(f"Paragraph {i}. {art} {art}\n\n" for i in range(40000))}
for name, body in bigs.items():
    with open(f"{sys.argv[1]}/{name}", "w") as f:
        big = json.dumps({"id": 2, "url": "https://example.org/2", "text": f"By Jane Doe\n\n{art} {art}\n\n{body}"})
        f.write(small(1) + "\n" + big + "\n" + small(3) + "\n")
with open(f"{sys.argv[1]}/html.jsonl", "w") as f:
    head = '<html><head><meta name="author" content="Jane Doe"></head><body>'
    items = "".join(f'<div class="item"><p>Paragraph {i}. {art}</p><a href="/x{i}">more</a></div>\n' for i in range(50000))
    for i, body in ((1, f"<p>{art} {art} 1</p>"), (2, items), (3, f"<p>{art} {art} 3</p>")):
        page = head + body + "</body></html>"
        f.write(json.dumps({"id": i, "url": f"https://example.org/{i}", "html": page}) + "\n")
EOF
cat >"$tmp/m.py" <<'EOF'
import json, sys
status, out, err, name = sys.argv[1:]
recs = [json.loads(l) for l in open(out)]
err = open(err).read()
keys = ["lang", "title", "page_type", "author", "date", "date_modified", "site_name", "url", "description", "image",
        "lang_declared", "tags", "categories", "warnings"]
fine = all(list(r["metadata"]) == keys and r["metadata"]["author"] == "Jane Doe" for r in recs)
ids = [r["id"] for r in recs]
if status == "1":
    oom = f"decruft: {name}: line 2: out of memory"
    sys.exit(not (fine and ids == [1, 3] and err in (oom + "\n", oom + " while libxml2 parsed the HTML\n")))
# (The cleaning keeps 144,000 of the short paragraphs, and drops most of
# the long ones as repeats, their numbers aside.)
sys.exit(not (status == "0" and fine and ids == [1, 2, 3] and err == "" and len(recs[1].get("text", recs[1].get("html", ""))) > 100000))
EOF
for name in short.jsonl long.jsonl html.jsonl; do
    short=0
    whole=0
    range="64000 1500 160000"
    [ "$name" = html.jsonl ] && range="64000 4000 260000"
    # shellcheck disable=SC2086 # from, step, to
    for limit in $(seq $range); do
        (cd "$tmp" && ulimit -v "$limit" && "$bin" --jsonl --metadata "$name" >out 2>err)
        status=$?
        if [ "$status" = 1 ] && [ ! -s "$tmp/out" ] && [ "$(cat "$tmp/err")" = "decruft: out of memory" ]; then
            continue # too little to start
        fi
        if python3 "$tmp/m.py" "$status" "$tmp/out" "$tmp/err" "$name"; then
            ok
            if [ "$status" = 1 ]; then short=$((short + 1)); else whole=$((whole + 1)); fi
        else
            bad "--jsonl --metadata $name under ulimit -v $limit: exit status $status, $(wc -l <"$tmp/out") records"
            head -c 300 "$tmp/err"
        fi
    done
    echo "--jsonl --metadata $name under ulimit -v $range (from, step, to): out of memory under $short limits, whole under $whole"
    [ "$short" -gt 0 ] && [ "$whole" -gt 0 ] && ok || bad "--jsonl --metadata $name: the limits did not span out of memory to whole"
done
summary
