"""`eligibility --input CASE.json`: the premium rules as a pure function (CONTRACTS §4).

Exit 0 with the result object whether or not the person is eligible (both are evaluations);
exit 1 with `{"error", "field"}` when the case cannot be evaluated. `field` is the path into the
case, or null when the document itself is at fault (unreadable file, not UTF-8, not JSON,
duplicate keys, NaN). `-` reads the case from stdin. Usage errors exit 2 (argparse).
"""

from __future__ import annotations

import argparse
import json
import sys

from central.commands import EXIT_OK, EXIT_REFUSED, emit

NAME = "eligibility"
HELP = "judge premium eligibility for one case (CONTRACTS §4)"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--input", required=True, metavar="CASE.json", help="the case file, or - for stdin")


def run(args: argparse.Namespace) -> int:
    from furusato.eligibility import CaseError, evaluate_json

    try:
        data = _load(args.input)
        result = evaluate_json(data)
    except CaseError as exc:
        emit(exc.to_json())
        return EXIT_REFUSED
    emit(result)
    return EXIT_OK


def _load(source: str):
    from furusato.eligibility import CaseError

    try:
        raw = sys.stdin.buffer.read() if source == "-" else open(source, "rb").read()
    except OSError as exc:
        raise CaseError(f"cannot read {source}: {exc.strerror or exc}", None) from None
    try:
        # utf-8-sig: a case saved by Windows Notepad starts with a BOM.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CaseError(f"{source} is not UTF-8 text", None) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except CaseError:
        raise
    except json.JSONDecodeError as exc:
        raise CaseError(
            f"{source} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", None
        ) from None


def _no_duplicates(pairs):
    from furusato.eligibility import CaseError

    seen = {}
    for key, value in pairs:
        if key in seen:
            # json would silently keep the last one: that would be a guess.
            raise CaseError(f"duplicate key {key!r}", None)
        seen[key] = value
    return seen


def _no_constants(name):
    from furusato.eligibility import CaseError

    raise CaseError(f"{name} is not a JSON value", None)
