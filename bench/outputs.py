"""What the scorers share: reading a system's outputs (a folder of ID.txt
files, or a peer's JSON file), the per-page TSV of make train's out-of-fold
scores, NAME=PATH labels and the command line."""
import json
import os
import sys


def read_outputs(path, outer, field):
    """{id: text} from a folder of ID.txt files, or from a JSON file
    {outer: {id: {field: text}}} (the outer level may be missing)."""
    if os.path.isdir(path):
        out = {}
        for name in os.listdir(path):
            if name.endswith(".txt"):
                with open(os.path.join(path, name), encoding="utf-8", errors="replace") as f:
                    out[name[:-4]] = f.read()
        return out
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data = data.get(outer, data)
    return {k: (v.get(field) if isinstance(v, dict) else v) or "" for k, v in data.items()}


def read_tsv(path):
    """{id: (P, R, F1)} from a per-page TSV (id, domain, page_type, P, R,
    F1); '-' (no value, 0/0) reads as None."""
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 6 and cols[0] != "id":
                out[cols[0]] = tuple(None if x == "-" else float(x) for x in cols[3:6])
    return out


def labelled(arg, default):
    """NAME=PATH or PATH; a path that exists as given is never split."""
    name, sep, path = arg.partition("=")
    if sep and name and "/" not in name and not os.path.exists(arg):
        return name, path
    return default(arg), arg


def system_name(path):
    return os.path.basename(path.rstrip("/")).removesuffix(".json")


def oof_name(path):
    return f"out-of-fold ({os.path.basename(path)})"


def parse_args(argv, options, usage):
    """{option: [values]} for the options (each takes a value), and the
    positional arguments; None after printing usage on a bad command line."""
    values = {o: [] for o in options}
    positional = []
    args = iter(argv[1:])
    for a in args:
        if a in options:
            v = next(args, None)
            if v is None:
                sys.stderr.write(usage)
                return None
            values[a].append(v)
        elif a.startswith("-") and a != "-":
            sys.stderr.write(usage)
            return None
        else:
            positional.append(a)
    return values, positional
