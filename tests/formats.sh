#!/bin/sh
# The text of -f markdown and -f html (with and without --links --images)
# is the text of -f text up to markup, on every fixture that cleans a page
# (tests/markup-text.py says what "up to markup" takes away).
# usage: tests/formats.sh DECRUFT FIXTURES_DIR
set -u
bin=$1
dir=$2
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
for case in "$dir"/*/; do
    case=${case%/}
    name=$(basename "$case")
    input=$(ls "$case"/input* 2>/dev/null | head -n 1)
    [ -n "$input" ] || continue
    [ -f "$case/status" ] && [ "$(cat "$case/status")" != 0 ] && continue
    args=""
    [ -f "$case/args" ] && args=$(cat "$case/args")
    # the record modes and explicit formats are other tests' business
    case " $args " in *--jsonl*|*--warc*|*--learn*) continue ;; esac
    # the comments section is no part of -f text
    args=$(printf '%s' "$args" | sed -e 's/-f [a-z]*//g' -e 's/--format [a-z]*//g' -e 's/--explain//g' -e 's/--comments//g')
    (cd "$case" && eval "\"$OLDPWD/$bin\" $args" <"$(basename "$input")" >"$tmp/$name.text" 2>/dev/null) || continue
    plain=""
    case $input in *.txt) plain=--plain ;; esac
    k=0
    for fmt in markdown html; do
        for extra in "" "--links --images"; do
            k=$((k + 1))
            (cd "$case" && eval "\"$OLDPWD/$bin\" $args -f $fmt $extra" <"$(basename "$input")" >"$tmp/$name.$k" 2>/dev/null)
            echo "$fmt $tmp/$name.text $tmp/$name.$k $plain" >>"$tmp/compare.list"
        done
    done
done
# One checker process for all the comparisons; a failure names its output
# file (NAME.K: K = 1, 2 markdown without and with --links --images; 3, 4
# html).
if python3 "$here/markup-text.py" --batch "$tmp/compare.list" >"$tmp/why"; then
    pass=$((pass + $(wc -l <"$tmp/compare.list")))
else
    fail=$((fail + $(grep -c . "$tmp/why")))
    sed 's/^/FAIL /' "$tmp/why"
    pass=$((pass + $(wc -l <"$tmp/compare.list") - $(grep -c . "$tmp/why")))
fi
# The sanitiser: hostile markup (javascript: links hidden by a tab, an
# entity or case, data: and vbscript: URLs, onerror and onclick handlers,
# style attributes, a script, markup written as text) comes out with none
# of it live, in -f html and in Markdown with links and images.
hostile="$dir/html-format-hostile/input.html"
for fmt in "-f html" "-f markdown --links --images"; do
    "$bin" $fmt "$hostile" >"$tmp/out" 2>/dev/null
    # In Markdown, no raw HTML at all: every '<' before a letter escaped.
    raw='<script'
    [ "$fmt" = "-f html" ] || raw='(^|[^\\])<[a-z/]'
    if grep -qiE "javascript|vbscript|data:|$raw|[[:space:]]on[a-z]+=|style=" "$tmp/out" ||
        ! grep -q 'https://example.org/news/relative/page.html' "$tmp/out"; then
        echo "FAIL sanitiser: $fmt:"
        cat "$tmp/out"
        fail=$((fail + 1))
    else
        pass=$((pass + 1))
    fi
done
# --metadata: -f markdown opens with YAML front matter that reads, by a
# strict reader of its grammar and by PyYAML when installed, as the
# metadata of -f json (hostile values in the front-matter fixtures); then
# comes the -f markdown output unchanged.
n=0
for case in "$dir"/*meta* "$dir"/*front-matter* "$dir"/html-json-title "$dir"/keep-dateline-byline "$dir"/all-cruft; do
    input=$(ls "$case"/input* 2>/dev/null | head -n 1)
    [ -n "$input" ] || continue
    n=$((n + 1))
    "$bin" -f markdown --metadata <"$input" >"$tmp/fm$n.front" 2>/dev/null
    "$bin" -f json <"$input" >"$tmp/fm$n.json" 2>/dev/null
    "$bin" -f markdown <"$input" >"$tmp/fm$n.md" 2>/dev/null
    echo "$tmp/fm$n.front $tmp/fm$n.json $tmp/fm$n.md" >>"$tmp/front.list"
done
if python3 "$here/front-matter.py" "$tmp/front.list" >"$tmp/why"; then
    pass=$((pass + n))
else
    sed 's/^/FAIL front matter: /' "$tmp/why"
    fail=$((fail + 1))
    pass=$((pass + n - 1))
fi
# --metadata where it has no place is a usage error; where the metadata
# always is, it changes nothing.
for fmt in text html; do
    if "$bin" --metadata -f $fmt "$hostile" >"$tmp/out" 2>"$tmp/err"; then st=0; else st=$?; fi
    if [ "$st" = 2 ] && [ ! -s "$tmp/out" ] && grep -q -- '--metadata: -f '$fmt' has no place' "$tmp/err"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL --metadata -f $fmt: status $st, not a usage error"
    fi
done
for fmt in json explain; do
    "$bin" -f $fmt "$dir/html-md-front-matter/input.html" >"$tmp/without"
    if "$bin" --metadata -f $fmt "$dir/html-md-front-matter/input.html" >"$tmp/out" && cmp -s "$tmp/out" "$tmp/without"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL --metadata -f $fmt: not the output without it"
    fi
done
# Batch: -f html and -f markdown in --jsonl and --warc records, links
# resolved against the record's url; a path field in -f json of files.
check() { # NAME COMMAND...: the command's status
    name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; fi
}
page='<html><body><article><p>The city council voted on Tuesday to extend the bicycle lanes along the river, after a <a href=\"c.html\">debate</a> that lasted well into the evening and drew a larger crowd than any meeting this year.</p></article></body></html>'
printf '{"id":1,"url":"https://example.org/a/b.html","html":"%s"}\n' "$page" >"$tmp/r.jsonl"
"$bin" --jsonl -f html <"$tmp/r.jsonl" >"$tmp/out"
check "--jsonl -f html: the page field holds the HTML, its link resolved against url" \
    grep -qF '"html":"<article>\n<p>The city council voted on Tuesday to extend the bicycle lanes along the river, after a <a href=\"https://example.org/a/c.html\">debate</a>' "$tmp/out"
"$bin" --jsonl -f markdown --links --field out=md <"$tmp/r.jsonl" >"$tmp/out"
check "--jsonl -f markdown --links: [debate](absolute URL) under --field out" \
    grep -qF '"md":"The city council voted on Tuesday to extend the bicycle lanes along the river, after a [debate](https://example.org/a/c.html) that' "$tmp/out"
"$bin" --jsonl -f html --base-url https://other.example/x/ <"$tmp/r.jsonl" >"$tmp/out"
check "--jsonl: the record's url before --base-url" grep -qF 'https://example.org/a/c.html' "$tmp/out"
"$bin" --warc -f html "$dir/warc-records/input.warc" >"$tmp/out" 2>/dev/null
check "--warc -f html: the text field holds the HTML" grep -qF '"text":"<article>\n<h1>' "$tmp/out"
# --metadata in records: a "metadata" object of the -f json fields (but
# text and blocks) beside the text, Markdown or HTML, which stays as it is
# without it; the image resolved against the record's url.
fm="$dir/html-md-front-matter/input.html"
python3 -c 'import json, sys; print(json.dumps({"id": 3, "url": "https://bote.example/stadt/x/umfahrung.html", "html": open(sys.argv[1], encoding="utf-8").read()}))' "$fm" >"$tmp/m.jsonl"
"$bin" -f json --base-url https://bote.example/stadt/x/umfahrung.html <"$fm" >"$tmp/m.json"
for fmt in text markdown html; do
    "$bin" --jsonl -f $fmt <"$tmp/m.jsonl" >"$tmp/m.without"
    "$bin" --jsonl -f $fmt --metadata <"$tmp/m.jsonl" >"$tmp/out"
    check "--jsonl -f $fmt --metadata: the -f json metadata under \"metadata\", last; the rest as without it" python3 -c '
import json, sys
rec, without, doc = (json.load(open(f, encoding="utf-8")) for f in sys.argv[1:4])
meta = rec.pop("metadata")
want = {k: v for k, v in doc.items() if k not in ("text", "blocks", "path")}
want["warnings"] = doc.get("warnings", [])
sys.exit(not (list(meta.items()) == list(want.items()) and rec == without and list(rec) == ["id", "url", "html"] and
              meta["image"] == "https://bote.example/img/lanes.jpg?w=1&h=2#frag"))' "$tmp/out" "$tmp/m.without" "$tmp/m.json"
done
"$bin" --jsonl --metadata --field meta=page_meta --field out=clean <"$tmp/r.jsonl" >"$tmp/out"
check "--jsonl --field meta=NAME: the metadata under NAME" python3 -c '
import json, sys
rec = json.load(open(sys.argv[1]))
sys.exit(list(rec) != ["id", "url", "html", "clean", "page_meta"] or rec["page_meta"]["lang"] != "en" or rec["page_meta"]["tags"] != [])' "$tmp/out"
for bad in "--field meta=m" "--metadata --field meta=html" "--metadata --field out=o --field meta=o"; do
    if "$bin" --jsonl $bad <"$tmp/r.jsonl" >"$tmp/out" 2>"$tmp/err"; then st=0; else st=$?; fi
    check "--jsonl $bad: usage error" [ "$st" = 2 -a ! -s "$tmp/out" ]
done
"$bin" --warc -f markdown "$dir/warc-records/input.warc" >"$tmp/w.without" 2>/dev/null
"$bin" --warc -f markdown --metadata "$dir/warc-records/input.warc" >"$tmp/out" 2>/dev/null
check "--warc --metadata: each record {url, warc_id, lang, text, metadata}, the text as without it" python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
without = [json.loads(l) for l in open(sys.argv[2])]
metas = [r.pop("metadata") for r in recs]
keys = ["lang", "title", "page_type", "author", "date", "date_modified", "site_name", "url", "description", "image",
        "lang_declared", "tags", "categories", "warnings"]
sys.exit(not (len(recs) == len(without) > 1 and recs == without and all(list(m) == keys for m in metas) and
              metas[0]["title"] == "Council extends bicycle lanes"))' "$tmp/out" "$tmp/w.without"
mkdir -p "$tmp/tree/site"
cp "$dir/html-list/input.html" "$tmp/tree/site/a.html"
cp "$dir/html-table/input.html" "$tmp/tree/b.html"
(cd "$tmp" && "$OLDPWD/$bin" -f json -r tree) >"$tmp/out"
check "-f json -r: each object opens with its file's path" \
    python3 -c 'import json, sys; p = [json.loads(l)["path"] for l in open(sys.argv[1])]; sys.exit(p != ["tree/b.html", "tree/site/a.html"])' "$tmp/out"
"$bin" -f json <"$dir/html-list/input.html" >"$tmp/out"
check "-f json of standard input: no path" python3 -c 'import json, sys; sys.exit("path" in json.load(open(sys.argv[1])))' "$tmp/out"
"$bin" -f json --comments <"$dir/html-comments/input.html" >"$tmp/out"
check "-f json --comments: the two readers' comments, not the rule-named header" \
    python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))["comments"]; sys.exit(not (len(c) == 2 and c[0].startswith("I ride") and c[1].startswith("What about")))' "$tmp/out"
"$bin" -f json <"$dir/html-comments/input.html" >"$tmp/out"
check "-f json: no comments without --comments" python3 -c 'import json, sys; sys.exit("comments" in json.load(open(sys.argv[1])))' "$tmp/out"
"$bin" -f html --comments <"$dir/html-comments/input.html" >"$tmp/out"
check "-f html --comments: a section before the end" grep -q '^<h2>Comments</h2>$' "$tmp/out"
# Warnings in the output, per document, as well as on stderr: last in the
# -f json object when there are some (after the comments), never an empty
# list there; always in a record's metadata object, [] when none.
cp "$dir/html-undeclared-cp1251/input.html" "$tmp/tree/cp1251.html"
warned() { # the documents' warnings stderr gave, without "decruft: NAME: warning: "
    python3 -c 'import sys; print("\n".join(l.rstrip("\n").split(": warning: ", 1)[1] for l in open(sys.argv[1])
                                if not l.startswith("decruft: warning: ")))' "$1"
}
(cd "$tmp" && "$OLDPWD/$bin" -f json --comments tree/cp1251.html tree/b.html) >"$tmp/out" 2>"$tmp/err"
warned "$tmp/err" >"$tmp/want"
check "-f json: the warnings stderr gives, last, after the comments; none on a page without" python3 -c '
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
want = open(sys.argv[2]).read().splitlines()
sys.exit(not (want == ["encoding: no charset declared: a detector guessed WINDOWS-1251"] and
              list(docs[0])[0] == "path" and list(docs[0])[-2:] == ["comments", "warnings"] and
              docs[0]["warnings"] == want and "warnings" not in docs[1]))' "$tmp/out" "$tmp/want"
"$bin" -f json <"$tmp/tree/cp1251.html" >"$tmp/out" 2>/dev/null
check "-f json of standard input: the warnings last" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(list(d)[-1] != "warnings" or len(d["warnings"]) != 1)' "$tmp/out"
python3 "$here/make_warc.py" "$tmp/w.warc" "$tmp/tree/cp1251.html" "$dir/html-list/input.html"
"$bin" --warc --metadata "$tmp/w.warc" >"$tmp/out" 2>"$tmp/err"
warned "$tmp/err" >"$tmp/want"
check "--warc --metadata: metadata.warnings, the record's stderr warnings; [] without" python3 -c '
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
want = open(sys.argv[2]).read().splitlines()
sys.exit(not (len(recs) == 2 and len(want) == 1 and recs[0]["metadata"]["warnings"] == want and
              recs[1]["metadata"]["warnings"] == [] and "warnings" not in recs[0]))' "$tmp/out" "$tmp/want"
printf 'slow  (a|aa)+$\n' >"$tmp/slow.rules"
python3 -c 'import json; print(json.dumps({"id": 1, "text": "a" * 600 + "b\n\nThe committee met on Tuesday to discuss the plan for the new lanes along the river.\n"}))' >"$tmp/slow.jsonl"
"$bin" --jsonl --metadata --rules "$tmp/slow.rules" <"$tmp/slow.jsonl" >"$tmp/out" 2>"$tmp/err"
warned "$tmp/err" >"$tmp/want"
check "--jsonl --metadata: a rule skipped, in metadata.warnings" python3 -c '
import json, sys
rec = json.load(open(sys.argv[1]))
want = open(sys.argv[2]).read().splitlines()
sys.exit(not (want and want[0].startswith("rule \x27slow\x27 ran out") and rec["metadata"]["warnings"] == want and
              list(rec) == ["id", "text", "metadata"]))' "$tmp/out" "$tmp/want"
if "$bin" --base-url example.org/x -f html "$hostile" >/dev/null 2>"$tmp/err"; then st=0; else st=$?; fi
check "--base-url that is not absolute: usage error" [ "$st" = 2 ]
echo "formats: $pass passed, $fail failed"
[ $fail = 0 ]
