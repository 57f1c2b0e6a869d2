"""The revoked-card list a station keeps from its last sync: `{"subjects": [...], "updated_at": ...}`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from furusato import safe_json
from furusato.keys import atomic_write

# A million revoked subjects of up to 64 characters fit; deep nesting or huge strings do not.
FILE_LIMITS = safe_json.Limits(max_bytes=96 * 1024 * 1024, max_depth=3, max_string=256)


class RevocationListError(ValueError):
    """A revocation file that exists but cannot be trusted to say who is revoked."""


def load_revoked(path: str | os.PathLike[str]) -> frozenset[str]:
    """Subjects revoked; an absent file means none yet. A damaged file raises rather than reading
    as "none revoked", which would quietly let revoked cards through."""
    path = Path(path)
    try:
        data = safe_json.load_file(path, FILE_LIMITS, "the revocation list")
    except FileNotFoundError:
        return frozenset()
    except OSError as exc:
        raise RevocationListError(f"cannot read {path}: {exc}") from exc
    except safe_json.JSONRefused as exc:
        raise RevocationListError(f"{path}: {exc}") from exc
    subjects = data.get("subjects") if isinstance(data, dict) else None
    if not isinstance(subjects, list) or not all(isinstance(s, str) for s in subjects):
        raise RevocationListError(f'{path} needs a "subjects" list of strings')
    return frozenset(subjects)


def save_revoked(path: str | os.PathLike[str], subjects: Iterable[str], updated_at: str | None) -> None:
    body = {"subjects": sorted(set(subjects)), "updated_at": updated_at}
    atomic_write(Path(path), (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"), 0o644)
