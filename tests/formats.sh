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
    args=$(printf '%s' "$args" | sed -e 's/-f [a-z]*//g' -e 's/--format [a-z]*//g' -e 's/--explain//g')
    (cd "$case" && eval "\"$OLDPWD/$bin\" $args" <"$(basename "$input")" >"$tmp/text" 2>/dev/null) || continue
    ok=1
    for fmt in markdown html; do
        for extra in "" "--links --images"; do
            (cd "$case" && eval "\"$OLDPWD/$bin\" $args -f $fmt $extra" <"$(basename "$input")" >"$tmp/out" 2>/dev/null)
            plain=""
            case $input in *.txt) plain=--plain ;; esac
            if ! python3 "$here/markup-text.py" "$fmt" "$tmp/text" "$tmp/out" $plain >"$tmp/why"; then
                ok=0
                echo "FAIL $name: -f $fmt $extra: $(cat "$tmp/why")"
            fi
        done
    done
    if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
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
echo "formats: $pass passed, $fail failed"
[ $fail = 0 ]
