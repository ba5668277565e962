#!/bin/sh
# make bench, batch part: documents/s and MB/s of -j 1 and -j 2 over the
# benchmark pages as files (-r -o), as JSON Lines and as a WARC file built
# from them; peak RSS while a JSON Lines stream of 1 GB (BATCH_STREAM_MB)
# goes through, against one of 100 MB (flat means memory is bounded by the
# documents in flight, not by the stream).
# usage: bench/batch.sh DECRUFT BENCH_DATA
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
data=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
stream_mb=${BATCH_STREAM_MB:-1024}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"

mkdir pages
for f in "$data"/scrapinghub/html/*.html.gz; do
    gzip -dc "$f" >"pages/$(basename "$f" .gz)"
done
n=$(ls pages | wc -l)
bytes=$(cat pages/* | wc -c)
python3 - pages >pages.jsonl <<'PY'
import json, os, sys
d = sys.argv[1]
for i, name in enumerate(sorted(os.listdir(d))):
    html = open(os.path.join(d, name), encoding="utf-8", errors="replace").read()
    print(json.dumps({"id": i, "url": "https://example.org/" + name, "html": html}))
PY
python3 "$here/../tests/make_warc.py" pages.warc.gz pages/*

run() { # LABEL COMMAND...: best of 5 wall times (a run is under a second: one slow start is noise)
    # Timed inside one Python process: the start of a python3 on either
    # side of the command (about 0.1 s together) would be counted too.
    python3 - "$n" "$bytes" "$@" <<'PY'
import subprocess, sys, time
n, size, label, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
best = None
for _ in range(5):
    t0 = time.monotonic()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t = time.monotonic() - t0
    best = t if best is None else min(best, t)
print(f"{label:<34} {best:6.2f} s  {n / best:7.0f} docs/s  {size / 1e6 / best:6.1f} MB/s")
PY
}
echo "== batch: $n pages, $(python3 -c "print(round($bytes/1e6, 1))") MB of HTML, wall time, best of 5"
for j in 1 2; do
    run "files, -r -o, -j $j" sh -c "rm -rf out && '$bin' -j $j -r -o out pages"
    run "JSON Lines, --jsonl, -j $j" "$bin" -j "$j" --jsonl pages.jsonl
    run "WARC (gzip records), --warc, -j $j" "$bin" -j "$j" --warc pages.warc.gz
done

echo "== memory: peak RSS of --jsonl -j 2 on a stream, the pages repeated"
for mb in 100 "$stream_mb"; do
    rss=$( { python3 -c "
import sys
lines = open('pages.jsonl', 'rb').read().splitlines(keepends=True)
out, left = sys.stdout.buffer, $mb * 1000000
while left > 0:
    for l in lines:
        out.write(l)
        left -= len(l)
        if left <= 0:
            break
" | /usr/bin/time -f %M "$bin" -j 2 --jsonl >/dev/null; } 2>&1 | tail -n 1)
    echo "stream of $mb MB: peak RSS $((rss / 1024)) MB"
done
