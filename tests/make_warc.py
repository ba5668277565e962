"""Builds WARC files for the tests and the benchmark.
usage: make_warc.py OUT.warc[.gz] [--wet] [--lie N] FILE...
Each FILE (HTML, .gz allowed) becomes a `response` record (HTTP headers,
then the page), or with --wet a `conversion` record of its text.  A
warcinfo record comes first and a request record precedes each response.
--lie N gives record N (1-based among the page records) a Content-Length
ten bytes too long.  With a .gz name each record is its own gzip member,
as Common Crawl writes them."""
import gzip
import sys
import uuid


def record(kind, headers, body):
    lines = ["WARC/1.0", f"WARC-Type: {kind}", f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=record.n)}>"]
    record.n += 1
    lines += [f"{k}: {v}" for k, v in headers]
    lines.append(f"Content-Length: {len(body) + record.extra}")
    record.extra = 0
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body + b"\r\n\r\n"


record.n = 1
record.extra = 0


def main(argv):
    out, wet, lie, files = argv[0], False, 0, []
    args = iter(argv[1:])
    for a in args:
        if a == "--wet":
            wet = True
        elif a == "--lie":
            lie = int(next(args))
        else:
            files.append(a)
    recs = [record("warcinfo", [("Content-Type", "application/warc-fields")], b"software: make_warc.py\r\n")]
    for i, path in enumerate(files, 1):
        data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
        url = f"https://example.org/page/{i}"
        if i == lie:
            record.extra = 10
        if wet:
            text = data.decode("utf-8", "replace").encode()
            recs.append(record("conversion", [("WARC-Target-URI", url), ("WARC-Identified-Content-Language", "eng"),
                                              ("Content-Type", "text/plain")], text))
        else:
            recs.append(record("request", [("WARC-Target-URI", url), ("Content-Type", "application/http; msgtype=request")],
                               f"GET /page/{i} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode()))
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + data
            recs.append(record("response", [("WARC-Target-URI", url), ("Content-Type", "application/http; msgtype=response")], http))
    if not wet:
        recs.append(record("response", [("WARC-Target-URI", "https://example.org/logo.png"),
                                        ("Content-Type", "application/http; msgtype=response")],
                           b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n"))
    with open(out, "wb") as f:
        for r in recs:
            f.write(gzip.compress(r, mtime=0) if out.endswith(".gz") else r)


if __name__ == "__main__":
    main(sys.argv[1:])
