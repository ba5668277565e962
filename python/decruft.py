"""decruft from Python, over the shared library (ctypes, no compiled code).

    import decruft
    text = decruft.clean(html_or_text)                 # str or bytes in, str out
    md = decruft.clean(page, format="markdown")
    md = decruft.clean(page, format="markdown", metadata=True)   # YAML front matter first
    html = decruft.clean(page, format="html", base_url="https://example.org/story")
    text = decruft.clean(body, charset="windows-1251")  # the encoding it came with (HTTP)
    info = decruft.clean(page, format="json")          # the JSON document, parsed
    meta = decruft.metadata(page)                      # {"title": ..., "author": ..., "tags": [...]}

The library is found through DECRUFT_LIBRARY (a path), then next to this
file's build tree (../build/libdecruft.so), then the system's search path
(libdecruft.so.0).  One rule set is built on first use and shared: the C
library allows any number of threads to clean with it at once.
"""
import ctypes
import ctypes.util
import json as _json
import os
import threading

__all__ = ["clean", "metadata", "version", "DecruftError", "META_FIELDS"]

_TYPES = {None: 0, "auto": 0, "text": 1, "html": 2}
_FORMATS = {"text": 0, "json": 1, "explain": 2, "markdown": 3, "html": 4}
_ABI_VERSION = 3
_FLAG_NO_CAPTIONS = 2
_RENDER_METADATA = 32


class DecruftError(Exception):
    """A document decruft refused (binary, too large...) or an API misuse."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


class _Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char_p), ("line", ctypes.c_size_t),
                ("offset", ctypes.c_size_t), ("detail", ctypes.c_char * 256)]


class _Options(ctypes.Structure):
    _fields_ = [("abi_version", ctypes.c_uint), ("type", ctypes.c_int), ("lang", ctypes.c_char_p),
                ("max_bytes", ctypes.c_size_t), ("flags", ctypes.c_uint), ("profile", ctypes.c_void_p),
                ("site", ctypes.c_char_p), ("max_work", ctypes.c_size_t), ("timeout", ctypes.c_double),
                ("charset", ctypes.c_char_p)]


def _load():
    here = os.path.dirname(os.path.abspath(__file__))
    candidates = [os.environ.get("DECRUFT_LIBRARY"), os.path.join(here, "..", "build", "libdecruft.so"),
                  ctypes.util.find_library("decruft"), "libdecruft.so.0"]
    errors = []
    for path in candidates:
        if not path:
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(str(e))
    raise OSError("libdecruft not found (set DECRUFT_LIBRARY): " + "; ".join(errors))


_lib = _load()
_lib.decruft_version.restype = ctypes.c_char_p
_lib.decruft_rules_new.restype = ctypes.c_void_p
_lib.decruft_rules_new.argtypes = [ctypes.POINTER(_Error)]
_lib.decruft_options_init.argtypes = [ctypes.POINTER(_Options)]
_lib.decruft_clean.restype = ctypes.c_void_p
_lib.decruft_clean.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(_Options),
                               ctypes.POINTER(_Error)]
_lib.decruft_render.restype = ctypes.c_int
_lib.decruft_render.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(ctypes.c_void_p),
                                ctypes.POINTER(ctypes.c_size_t)]
_lib.decruft_result_free.argtypes = [ctypes.c_void_p]
_lib.decruft_free.argtypes = [ctypes.c_void_p]
_lib.decruft_strerror.restype = ctypes.c_char_p
_lib.decruft_result_meta.restype = ctypes.c_char_p
_lib.decruft_result_meta.argtypes = [ctypes.c_void_p, ctypes.c_int]
_lib.decruft_result_meta_source.restype = ctypes.c_char_p
_lib.decruft_result_meta_source.argtypes = [ctypes.c_void_p, ctypes.c_int]
_lib.decruft_result_set_base_url.restype = ctypes.c_int
_lib.decruft_result_set_base_url.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
_lib.decruft_result_warning_count.restype = ctypes.c_size_t
_lib.decruft_result_warning_count.argtypes = [ctypes.c_void_p]
_lib.decruft_result_warning.restype = ctypes.c_char_p
_lib.decruft_result_warning.argtypes = [ctypes.c_void_p, ctypes.c_size_t]

# decruft_meta_field order (include/decruft.h); lists are one item a line.
META_FIELDS = ("title", "author", "date", "date_modified", "site_name", "url", "description", "image",
               "lang_declared", "tags", "categories")
_META_LISTS = ("tags", "categories")

_rules = None
_rules_lock = threading.Lock()


def _shared_rules():
    global _rules
    with _rules_lock:
        if _rules is None:
            err = _Error()
            rules = _lib.decruft_rules_new(ctypes.byref(err))
            if not rules:
                raise DecruftError(err.code, (err.message or b"").decode("utf-8", "replace"))
            _rules = rules
    return _rules


def version():
    """The library's version string."""
    return _lib.decruft_version().decode()


def _clean(page, type, lang, no_captions, max_bytes, max_work=0, timeout=0, base_url=None, charset=None):
    """The library's result for page (free it with decruft_result_free)."""
    if isinstance(page, str):
        # A str is decoded already: its bytes here are UTF-8 whatever its
        # <meta charset> says, as for a JSON Lines record's string.
        if charset is not None:
            raise ValueError("charset is for bytes: a str page is decoded already")
        page, charset = page.encode("utf-8"), "UTF-8"
    if type not in _TYPES:
        raise ValueError("type must be auto, text or html")
    opts = _Options()
    _lib.decruft_options_init(ctypes.byref(opts))
    opts.type = _TYPES[type]
    opts.lang = lang.encode() if lang else None
    opts.max_bytes = max_bytes
    opts.max_work = max_work
    opts.timeout = timeout
    opts.charset = charset.encode() if charset else None
    if no_captions:
        opts.flags |= _FLAG_NO_CAPTIONS
    err = _Error()
    res = _lib.decruft_clean(_shared_rules(), page, len(page), ctypes.byref(opts), ctypes.byref(err))
    if not res:
        raise DecruftError(err.code, (err.message or b"").decode("utf-8", "replace"))
    if base_url is not None and _lib.decruft_result_set_base_url(res, base_url.encode()) != 0:
        _lib.decruft_result_free(res)
        raise ValueError("base_url must be an absolute http or https URL: %r" % base_url)
    return res


def clean(page, type=None, format="text", lang=None, no_captions=False, max_bytes=0, metadata=False, max_work=0,
          timeout=0, base_url=None, charset=None):
    """Cleans one page (str, or bytes in any encoding, gzip too) and returns
    the kept content as str; format="json" returns the parsed JSON
    document, with a "warnings" list when the library had any (an encoding
    guessed, bytes replaced, a rule skipped), as decruft -f json.
    metadata=True opens Markdown with the page's metadata as YAML front
    matter (JSON always has it).  base_url is the page's address, against
    which the relative links and images of Markdown and HTML resolve, and
    the metadata's image and canonical URL (ValueError when it is not an
    absolute http or https URL).  charset is the encoding bytes came with
    (an HTTP Content-Type's charset): it outranks the page's declaration
    as in a browser, not bytes it cannot decode.  Raises DecruftError for
    inputs decruft refuses, and for a page over its work budget (max_work
    steps a byte, 0 for the default; timeout seconds of processor time, 0
    for none)."""
    if format not in _FORMATS:
        raise ValueError("format must be text, json, markdown, html or explain")
    res = _clean(page, type, lang, no_captions, max_bytes, max_work, timeout, base_url, charset)
    try:
        out, n = ctypes.c_void_p(), ctypes.c_size_t()
        flags = _RENDER_METADATA if metadata else 0
        status = _lib.decruft_render(res, _FORMATS[format], flags, ctypes.byref(out), ctypes.byref(n))
        if status:
            raise DecruftError(status, _lib.decruft_strerror(status).decode())
        try:
            text = ctypes.string_at(out, n.value).decode("utf-8", "replace")
        finally:
            _lib.decruft_free(out)
        if format != "json":
            return text
        doc = _json.loads(text)
        # As decruft -f json adds them: last, only when there are some.
        warnings = [_lib.decruft_result_warning(res, i).decode("utf-8", "replace")
                    for i in range(_lib.decruft_result_warning_count(res))]
        if warnings:
            doc["warnings"] = warnings
        return doc
    finally:
        _lib.decruft_result_free(res)


def metadata(page, type=None, sources=False, base_url=None, charset=None):
    """The metadata the page gives of itself: {field: value} for every
    field of META_FIELDS, None where the page does not say (tags and
    categories: lists, [] when none).  With sources=True, {field: (value,
    source)}, the source as --explain names it ("json-ld", "og:title"...).
    base_url and charset as for clean(): the image and canonical URL
    resolve against base_url."""
    res = _clean(page, type, None, False, 0, base_url=base_url, charset=charset)
    try:
        out = {}
        for i, name in enumerate(META_FIELDS):
            v = _lib.decruft_result_meta(res, i)
            v = v.decode("utf-8", "replace") if v is not None else None
            if name in _META_LISTS:
                v = v.split("\n") if v else []
            if sources:
                src = _lib.decruft_result_meta_source(res, i)
                v = (v, src.decode() if src else None)
            out[name] = v
    finally:
        _lib.decruft_result_free(res)
    return out
