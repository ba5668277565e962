"""Builds WARC files for the tests and the benchmark.
usage: make_warc.py OUT.warc[.gz] [--wet] [--lie N] [--length N=VALUE] [--empty N] [--corrupt N] FILE...
Each FILE (HTML, .gz allowed) becomes a `response` record (HTTP headers,
then the page), or with --wet a `conversion` record of its text.  A
warcinfo record comes first and a request record precedes each response.
Page options count pages from 1, in the order of the FILEs:
--lie N gives the record before page N's (its request) a Content-Length
ten bytes too long.
--length N=VALUE writes VALUE as the Content-Length of page N's record
(`none`: no Content-Length line; `+K`: K bytes more than the body,
and the spaces after K).
--empty N makes page N's response a redirect with an empty body.
--corrupt N garbles the middle of page N's gzip member (a .gz name).
With a .gz name each record is its own gzip member, as Common Crawl
writes them."""
import gzip
import sys
import uuid


def record(kind, headers, body, length=None):
    lines = ["WARC/1.0", f"WARC-Type: {kind}", f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=record.n)}>"]
    record.n += 1
    lines += [f"{k}: {v}" for k, v in headers]
    if length is None:
        lines.append(f"Content-Length: {len(body) + record.extra}")
    elif length.startswith("+"):
        more = length[1:].rstrip()
        lines.append(f"Content-Length: {len(body) + int(more)}{length[1 + len(more):]}")
    elif length != "none":
        lines.append(f"Content-Length: {length}")
    record.extra = 0
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body + b"\r\n\r\n"


record.n = 1
record.extra = 0


def garble(member):
    """Flips bytes in the middle of a gzip member's deflate data, so that
    inflating it fails there (or at its CRC)."""
    data = bytearray(member)
    mid = len(data) // 2
    for i in range(mid, min(mid + 16, len(data) - 8)):
        data[i] ^= 0x5A
    return bytes(data)


def main(argv):
    out, wet, lie, files = argv[0], False, 0, []
    lengths, empty, corrupt = {}, set(), set()
    args = iter(argv[1:])
    for a in args:
        if a == "--wet":
            wet = True
        elif a == "--lie":
            lie = int(next(args))
        elif a == "--length":
            n, value = next(args).split("=", 1)
            lengths[int(n)] = value
        elif a == "--empty":
            empty.add(int(next(args)))
        elif a == "--corrupt":
            corrupt.add(int(next(args)))
        else:
            files.append(a)
    recs = [(0, record("warcinfo", [("Content-Type", "application/warc-fields")], b"software: make_warc.py\r\n"))]
    for i, path in enumerate(files, 1):
        data = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
        url = f"https://example.org/page/{i}"
        if i == lie:
            record.extra = 10
        if wet:
            text = data.decode("utf-8", "replace").encode()
            recs.append((i, record("conversion", [("WARC-Target-URI", url), ("WARC-Identified-Content-Language", "eng"),
                                                  ("Content-Type", "text/plain")], text, lengths.get(i))))
        else:
            recs.append((0, record("request", [("WARC-Target-URI", url),
                                               ("Content-Type", "application/http; msgtype=request")],
                                   f"GET /page/{i} HTTP/1.1\r\nHost: example.org\r\n\r\n".encode())))
            if i in empty:
                http = b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://example.org/\r\nContent-Length: 0\r\n\r\n"
            else:
                http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + data
            recs.append((i, record("response", [("WARC-Target-URI", url),
                                                ("Content-Type", "application/http; msgtype=response")],
                                   http, lengths.get(i))))
    if not wet:
        recs.append((0, record("response", [("WARC-Target-URI", "https://example.org/logo.png"),
                                            ("Content-Type", "application/http; msgtype=response")],
                               b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n")))
    with open(out, "wb") as f:
        for page, r in recs:
            if out.endswith(".gz"):
                member = gzip.compress(r, mtime=0)
                f.write(garble(member) if page in corrupt else member)
            else:
                f.write(r)


if __name__ == "__main__":
    main(sys.argv[1:])
