"""The YAML front matter of -f markdown --metadata against -f json.

usage: python3 tests/front-matter.py LIST
LIST holds a line "FRONT JSON BODY" per page: the outputs of -f markdown
--metadata, -f json and -f markdown.  For each, the front matter must be
what decruft promises, read by a strict reader of that grammar alone
(lines "key: "string"", or "key:" and "  - "string"" items; a string
double-quoted, with YAML's escapes and nothing YAML reads as a line break,
a control or a byte order mark left raw), and, when PyYAML is installed, by
yaml.safe_load as well, which must give the same: every value a str, every
list a list of str.  Its fields must be those of -f json (but text, blocks,
path, comments and warnings), with the same values, in the same order,
where -f json has a value, and absent where it has null or [].  After it, one blank line, then the
-f markdown output unchanged.  Prints a line per failure and exits 1 when
there was one."""
import json
import re
import sys

try:
    import yaml
except ImportError:  # the strict reader still runs
    yaml = None

NOT_METADATA = ("text", "blocks", "path", "comments", "warnings")
ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t", "N": "\x85", "L": "\u2028", "P": "\u2029"}
# Characters that must never be raw inside a value: YAML's line breaks,
# what it does not allow in a stream, U+FEFF.
RAW_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
KEY = re.compile(r"[a-z_]+\Z")


def quoted(s, where):
    """The value of the double-quoted scalar s (quotes included)."""
    if len(s) < 2 or s[0] != '"' or s[-1] != '"':
        raise ValueError("%s: not a double-quoted string: %r" % (where, s))
    body, out, i = s[1:-1], [], 0
    while i < len(body):
        c = body[i]
        if RAW_FORBIDDEN.match(c):
            raise ValueError("%s: raw U+%04X" % (where, ord(c)))
        if c == '"':
            raise ValueError("%s: unescaped quote in %r" % (where, s))
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = body[i + 1:i + 2]
        if e in ESCAPES:
            out.append(ESCAPES[e])
            i += 2
        elif e in ("x", "u"):
            k = 2 if e == "x" else 4
            digits = body[i + 2:i + 2 + k]
            if not re.fullmatch("[0-9A-Fa-f]{%d}" % k, digits):
                raise ValueError("%s: bad \\%s escape in %r" % (where, e, s))
            out.append(chr(int(digits, 16)))
            i += 2 + k
        else:
            raise ValueError("%s: unknown escape \\%s in %r" % (where, e, s))
    return "".join(out)


def strict(front, where):
    """The fields of the front matter's lines, in order."""
    fields, lines, i = [], front.split("\n"), 0
    while i < len(lines):
        line = lines[i]
        key, sep, rest = line.partition(":")
        if not sep or not KEY.match(key):
            raise ValueError("%s: not a key line: %r" % (where, line))
        if rest == "":
            items = []
            i += 1
            while i < len(lines) and lines[i].startswith("  - "):
                items.append(quoted(lines[i][4:], where))
                i += 1
            if not items:
                raise ValueError("%s: empty list %s" % (where, key))
            fields.append((key, items))
            continue
        if not rest.startswith(" "):
            raise ValueError("%s: no space after %s:" % (where, key))
        fields.append((key, quoted(rest[1:], where)))
        i += 1
    return fields


def check(front_path, json_path, body_path):
    where = front_path
    with open(front_path, encoding="utf-8") as f:
        out = f.read()
    with open(json_path, encoding="utf-8") as f:
        doc = json.load(f)
    with open(body_path, encoding="utf-8") as f:
        body = f.read()
    want = [(k, v) for k, v in doc.items() if k not in NOT_METADATA and v not in (None, [], "")]
    if not want:
        if out != body:
            raise ValueError("%s: no metadata, yet the output is not -f markdown's" % where)
        return
    if not out.startswith("---\n"):
        raise ValueError("%s: does not open with ---" % where)
    end = out.find("\n---\n", 3)
    if end < 0:
        raise ValueError("%s: no closing ---" % where)
    front, rest = out[4:end], out[end + 5:]
    got = strict(front, where)
    if got != want:
        raise ValueError("%s: fields differ from -f json:\n  front matter %r\n  json         %r" % (where, got, want))
    if yaml is not None:
        loaded = yaml.safe_load(front)
        if list(loaded.items()) != got:
            raise ValueError("%s: yaml.safe_load reads otherwise: %r" % (where, loaded))
    if (rest and rest != "\n" + body) or (not rest and body):
        raise ValueError("%s: the Markdown after the front matter is not -f markdown's" % where)


def main():
    failed = 0
    with open(sys.argv[1]) as f:
        for line in f:
            try:
                check(*line.split())
            except (ValueError, OSError, json.JSONDecodeError, UnicodeDecodeError) as e:
                print(e)
                failed += 1
            except yaml.YAMLError if yaml else () as e:
                print("%s: PyYAML: %s" % (line.split()[0], e))
                failed += 1
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
