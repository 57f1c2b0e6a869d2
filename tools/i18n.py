"""Translations: extract Japanese source strings, compile catalogues, list what lacks English.

    python tools/i18n.py extract   # pyside6-lupdate desktop/ui → resources/i18n/furusato_en.ts
    python tools/i18n.py compile   # pyside6-lrelease → furusato_en.qm, qtbase_supplement_ja.qm (git-ignored)
    python tools/i18n.py check     # exit 1 when a source string has no finished English translation

Translations are edited in the .ts (Qt Linguist or a text editor); `extract` keeps them.
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
UI = ROOT / "desktop" / "ui"
TS = ROOT / "resources" / "i18n" / "furusato_en.ts"


def sources() -> list[Path]:
    return sorted(UI.glob("*.py"))


def extract(ts: Path = TS, *, keep_obsolete: bool = False) -> None:
    from desktop.ui.translations import _tool

    tool = _tool("lupdate")
    if tool is None:
        raise SystemExit("lupdate not found (install PySide6)")
    args = [*tool, *map(str, sources()), "-source-language", "ja_JP", "-target-language", "en", "-ts", str(ts)]
    if not keep_obsolete:
        args.insert(len(tool), "-no-obsolete")
    subprocess.run(args, check=True, capture_output=True)


def compile_all() -> None:
    from desktop.ui.translations import QT_SUPPLEMENT, ensure_compiled

    if ensure_compiled("en") is None or ensure_compiled("ja", QT_SUPPLEMENT) is None:
        raise SystemExit("compiling failed")


def untranslated(ts: Path = TS) -> list[tuple[str, str]]:
    """(context, source) of every message without a finished translation (numerus forms included)."""
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "missing"
            if kind in ("vanished", "obsolete"):
                continue
            forms = translation.findall("numerusform") if translation is not None else []
            texts = [f.text for f in forms] if forms else [translation.text if translation is not None else None]
            if kind in ("unfinished", "missing") or not all(t and t.strip() for t in texts):
                missing.append((name, message.findtext("source")))
    return missing


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "extract":
        extract()
    elif command == "compile":
        compile_all()
    elif command == "check":
        missing = untranslated()
        for context, source in missing:
            print(f"{context}: {source}")
        return 1 if missing else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
