"""JSON from outside, read within limits: one guarded loader for the central's requests and the
station's answers and files.

`loads(data, limits)` refuses, with `JSONRefused(code, message, field)`, before or instead of
handing the caller anything it would choke on later:

- `too_large`: more bytes than `limits.max_bytes` (checked before decoding);
- `not_utf8`: bytes that are not strict UTF-8 (a UTF-16 file is named as such; a UTF-8 BOM is
  accepted only where `limits.allow_bom`);
- `not_json`: not one JSON document; NaN and Infinity are not JSON;
- `too_deep`: arrays and objects nested deeper than `limits.max_depth`;
- `string_too_long`: a string (or an object key) longer than `limits.max_string` characters;
- `bad_text`: a lone surrogate (`"\\ud800"` escaped in the JSON), which no UTF-8 text holds, or a
  NUL (`"\\u0000"`), which PostgreSQL cannot store;
- `number_out_of_range`: an integer outside ±(2^63 − 1) or a float that is not finite;
- `duplicate_key`: the same key twice in one object (two readers could see two values).

`field` names where the problem is: `records[3].payload`, `name`, or None for the document as a
whole. The standard library's C parser does the parsing; nesting is first bounded by its
recursion guard and then by an iterative walk, so no input can raise RecursionError here.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_INT_LIMIT = 2**63 - 1
# Escapes that can make a string no text can hold: a surrogate half, or NUL (which PostgreSQL and
# many C libraries cannot store). Strict UTF-8 holds neither, and raw control characters are not JSON.
_BAD_TEXT_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|0000)")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


class JSONRefused(ValueError):
    """Input that is not JSON this program will read. `code` is stable, `field` the path or None."""

    def __init__(self, code: str, message: str, field: str | None = None):
        super().__init__(f"{message} (at {field})" if field else message)
        self.code, self.message, self.field = code, message, field

    @property
    def top_field(self) -> str | None:
        """The member of the top-level object the problem is in (`name` of `name[0][0]`), or None."""
        if not self.field or self.field.startswith("["):
            return None
        return re.split(r"[.\[]", self.field, maxsplit=1)[0]


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_depth: int = 16
    max_string: int = 64 * 1024
    allow_bom: bool = False


class _Refused:
    """What the parser's hooks put in place of a value that cannot stand, so that the walk can say
    where it was (a hook raising would lose the path)."""

    def __init__(self, code: str, message: str):
        self.code, self.message = code, message


_NOT_JSON_CONSTANT = _Refused("not_json", "NaN and Infinity are not JSON")
_TOO_MANY_DIGITS = _Refused("number_out_of_range", "an integer beyond ±(2^63 − 1)")


def _refuse_constant(_name: str) -> Any:
    return _NOT_JSON_CONSTANT


def _parse_int(text: str) -> Any:
    return int(text) if len(text) <= 20 else _TOO_MANY_DIGITS


def _decoder_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise JSONRefused("duplicate_key", f"key {_shown(key)} appears twice in one object")
            seen.add(key)
    return out


def _shown(key: str) -> str:
    return repr(printable(key[:40]))


_DECODER = json.JSONDecoder(object_pairs_hook=_decoder_pairs, parse_constant=_refuse_constant,
                            parse_int=_parse_int)


def decode_text(data: bytes, limits: Limits, what: str = "the document") -> str:
    """Strict UTF-8 text of `data` within `limits.max_bytes` (JSONRefused otherwise)."""
    if len(data) > limits.max_bytes:
        raise JSONRefused("too_large", f"{what} is larger than {limits.max_bytes} bytes")
    if data.startswith(_UTF16_BOMS):
        raise JSONRefused("not_utf8", f"{what} is UTF-16 text; save it as UTF-8")
    if data.startswith(_UTF8_BOM):
        if not limits.allow_bom:
            raise JSONRefused("not_utf8", f"{what} starts with a byte-order mark; send plain UTF-8")
        data = data[len(_UTF8_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JSONRefused("not_utf8", f"{what} is not UTF-8 (byte {exc.start})") from None


def loads(data: bytes | str, limits: Limits, what: str = "the document") -> Any:
    """The JSON value of `data` (bytes, or text already decoded), checked against `limits`."""
    if isinstance(data, bytes | bytearray | memoryview):
        text = decode_text(bytes(data), limits, what)
    else:
        text = data
        if len(text) > limits.max_bytes:  # characters ≤ bytes: a cheap early bound for text
            raise JSONRefused("too_large", f"{what} is larger than {limits.max_bytes} bytes")
    try:
        value = _DECODER.decode(text)
    except JSONRefused:
        raise
    except RecursionError:
        raise JSONRefused("too_deep", f"{what} is nested deeper than {limits.max_depth} levels",
                          field_name(_too_deep_at(text, limits.max_depth))) from None
    except ValueError as exc:
        # json's message names line and column, never the content; int-size errors say digits only.
        raise JSONRefused("not_json", f"{what} is not JSON: {exc}") from None
    check(value, limits, what, surrogates=_BAD_TEXT_ESCAPE.search(text) is not None)
    return value


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}:,]')
_SCAN_TOKENS = 200_000  # how far the refusal path looks for the field (the parse itself is bounded)


def _too_deep_at(text: str, max_depth: int) -> tuple:
    """Where nesting first goes past `max_depth`, for a document too deep for the C parser to say:
    a token scan (strings, brackets, colons, commas) of at most _SCAN_TOKENS tokens; () if not found."""
    path: list = []  # per open container: its key (object) or index (array) so far
    kinds: list[str] = []
    last_string = None
    for count, match in enumerate(_TOKEN.finditer(text)):
        if count > _SCAN_TOKENS:
            return ()
        token = match.group()
        if token in "[{":
            if len(kinds) >= max_depth:
                return tuple(p for p in path if p is not None)
            kinds.append(token)
            path.append(0 if token == "[" else None)
        elif token in "]}":
            if kinds:
                kinds.pop()
                path.pop()
        elif token == ":":
            if path and kinds[-1] == "{":
                path[-1] = last_string
        elif token == ",":
            if path and kinds[-1] == "[":
                path[-1] += 1
        else:
            try:
                last_string = json.loads(token)
            except ValueError:
                last_string = None
    return ()


def load_file(path: str | Path, limits: Limits, what: str | None = None) -> Any:
    """The JSON value of a file, read no further than `limits.max_bytes` + 1. OSError propagates."""
    path = Path(path)
    with path.open("rb") as fh:
        data = fh.read(limits.max_bytes + 1)
    return loads(data, limits, what or path.name)


def check(value: Any, limits: Limits, what: str = "the document", *, surrogates: bool = True) -> None:
    """Walk a decoded value without recursion; JSONRefused at the first thing out of bounds.
    Scalars are checked where they stand (most of a record is flat), containers are stacked.
    `surrogates=False`: the caller knows no string can hold one (`loads` found no `\\uD800`–`\\uDFFF`
    escape in the text, and strict UTF-8 holds none), so only lengths are checked."""
    max_string = limits.max_string
    stack: list[tuple[Any, tuple, int]] = [(value, (), 0)]
    while stack:
        node, path, depth = stack.pop()
        kind = type(node)
        if kind is dict or kind is list:
            if depth >= limits.max_depth:
                raise JSONRefused("too_deep", f"{what} is nested deeper than {limits.max_depth} levels",
                                  field_name(path))
            items = node.items() if kind is dict else enumerate(node)
            for key, item in items:
                if kind is dict and (len(key) > max_string or (surrogates and _lone_surrogate(key))):
                    _refuse_text(key, limits, (*path, key))
                item_kind = type(item)
                if item_kind is str:
                    if len(item) > max_string or (surrogates and _lone_surrogate(item)):
                        _refuse_text(item, limits, (*path, key))
                elif item_kind is dict or item_kind is list:
                    stack.append((item, (*path, key), depth + 1))
                elif item_kind is not bool and item is not None:
                    _check_number(item, (*path, key))
        elif kind is str:
            if len(node) > max_string or (surrogates and _lone_surrogate(node)):
                _refuse_text(node, limits, path)
        elif kind is not bool and node is not None:
            _check_number(node, path)


def _lone_surrogate(text: str) -> bool:
    """A lone surrogate or a NUL: text that UTF-8 (or a database) cannot hold."""
    if "\x00" in text:
        return True
    if text.isascii():
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _refuse_text(text: str, limits: Limits, path: tuple) -> None:
    if len(text) > limits.max_string:
        raise JSONRefused("string_too_long", f"a string longer than {limits.max_string} characters",
                          field_name(path))
    if "\x00" in text:
        raise JSONRefused("bad_text", "a NUL character (\\u0000) is not text", field_name(path))
    raise JSONRefused("bad_text", "a lone surrogate (\\ud800–\\udfff) is not text", field_name(path))


def _check_number(node: Any, path: tuple) -> None:
    kind = type(node)
    if kind is int:
        if not -_INT_LIMIT <= node <= _INT_LIMIT:
            raise JSONRefused("number_out_of_range", "an integer beyond ±(2^63 − 1)", field_name(path))
    elif kind is float:
        if not math.isfinite(node):
            raise JSONRefused("number_out_of_range", "a number too large to represent", field_name(path))
    elif kind is _Refused:
        raise JSONRefused(node.code, node.message, field_name(path))


def field_name(path: tuple) -> str | None:
    """`("records", 3, "payload")` → `records[3].payload`; () → None. Keys are shown safely: control
    characters and surrogate halves as escapes, so the name itself can always be printed as JSON."""
    if not path:
        return None
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = printable(part[:60])
            out += f".{shown}" if out else shown
    return out


def printable(text: str) -> str:
    """`text` with control characters and lone surrogates written as `\\xNN` / `\\uXXXX`."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(c if c.isprintable() and not "\ud800" <= c <= "\udfff" else
                   (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") for c in text)
