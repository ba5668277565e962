#!/bin/sh
# make bench, pathological part: is time linear in the input?  For each
# input type, generated inputs of 1, 16 and 256 MB (LINEAR_MAX_MB) are
# cleaned once and the cost per MB printed: flat means linear.
#   text   one document of paragraphs, a menu line between them
#   html   one page: a navigation list and that many paragraphs
#   line   one text line, no newline at all
#   jsonl  records of one 100 KB page each
#   warc   the same pages as WARC response records, gzip member each
# usage: bench/linear.sh DECRUFT
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
max=${LINEAR_MAX_MB:-256}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

make_input() { # TYPE MB FILE
    python3 - "$1" "$2" "$3" <<'PY'
import gzip, json, sys
kind, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
size = mb * 1000000
para = ("The committee met on Tuesday {} to discuss the proposal, and after a long debate the members "
        "agreed that the plan should go ahead with some changes to the budget.")
def paragraphs(limit, html):
    out, n, i = [], 0, 0
    while n < limit:
        s = ("<p>" + para.format(i) + "</p>\n<p><a href='/x'>Share on Facebook</a></p>\n") if html else \
            (para.format(i) + "\n\nShare on Facebook\n\n")
        out.append(s); n += len(s); i += 1
    return "".join(out)
with open(path, "wb") as f:
    if kind == "text":
        f.write(paragraphs(size, False).encode())
    elif kind == "line":
        f.write((para.format(0) + " ") .encode() * (size // 160))
    elif kind == "html":
        nav = "<nav><ul>" + "".join(f"<li><a href='/{i}'>Section {i}</a></li>" for i in range(50)) + "</ul></nav>"
        f.write(("<html><body>" + nav + "<article>" + paragraphs(size, True) + "</article></body></html>").encode())
    else:
        page = "<html><body><article>" + paragraphs(100000, True) + "</article></body></html>"
        n = 0
        while n < size:
            if kind == "jsonl":
                rec = (json.dumps({"id": n, "url": "https://example.org/%d" % n, "html": page}) + "\n").encode()
            else:
                http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page.encode()
                head = ("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/%d\r\n"
                        "Content-Length: %d\r\n\r\n" % (n, len(http))).encode()
                rec = gzip.compress(head + http + b"\r\n\r\n", compresslevel=1, mtime=0)
            f.write(rec)
            n += len(rec) if kind == "jsonl" else len(page)
PY
}

echo "== time per MB of input, one run each (flat = linear)"
printf '%-6s %8s %10s %10s %10s\n' type MB seconds s/MB "peak RSS"
for kind in text line html jsonl warc; do
    for mb in 1 16 "$max"; do
        f=input.$kind
        make_input "$kind" "$mb" "$f"
        case $kind in
        jsonl) args="--jsonl" ;;
        warc) args="--warc" ;;
        html) args="--type html" ;;
        *) args="--type text" ;;
        esac
        t0=$(python3 -c 'import time; print(time.monotonic())')
        /usr/bin/time -f %M -o rss.txt "$bin" $args "$f" >/dev/null 2>/dev/null || true
        rss=$(tail -n 1 rss.txt)
        t1=$(python3 -c 'import time; print(time.monotonic())')
        python3 -c "t = $t1 - $t0; print(f'{\"$kind\":<6} {$mb:8d} {t:10.2f} {t / $mb:10.4f} {int(\"$rss\") // 1024:7d} MB')"
        rm -f "$f"
    done
done
