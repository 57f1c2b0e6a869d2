"""Strip symbol tables and debug info from a built Linux bundle, keeping only copies that still load.

Called by furusato-field.spec after COLLECT (Linux only). Why not PyInstaller's own `strip=True`:
it runs `strip` on every binary, and GNU strip rewrites the program headers of libraries that
auditwheel/patchelf edited (numpy's OpenBLAS, Qt's FFmpeg) so that the loader refuses them
("ELF load command address/offset not page-aligned") — measured on this build: numpy no longer
imports. Here each library is stripped to a temporary copy, and the copy replaces the original only
if it is smaller and every PT_LOAD segment keeps the original's file-offset/address congruence (the
condition the loader checks). Everything else is left as shipped.

What it gains (measured, PyInstaller 6.22 / Python 3.11 from pyenv): ~35 MB, mostly libpython (23 → 6 MB, it carried
its debug info), the Python extension modules of the standard library and SQLAlchemy's Cython modules.

    python installer/strip_binaries.py dist/furusato-field     # by hand, prints what it did
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tempfile

PT_LOAD = 1
_MAX_PAGE = 65536  # the largest page size a loader may check against (aarch64 64 K kernels)


def load_segments(path: str) -> list[tuple[int, int]] | None:
    """(offset, vaddr) of each PT_LOAD of a 64-bit little-endian ELF file, or None if it is not one."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(64)
            if len(header) < 64 or header[:4] != b"\x7fELF" or header[4] != 2 or header[5] != 1:
                return None
            phoff = struct.unpack_from("<Q", header, 32)[0]
            phentsize, phnum = struct.unpack_from("<HH", header, 54)
            handle.seek(phoff)
            table = handle.read(phentsize * phnum)
    except OSError:
        return None
    segments = []
    for index in range(phnum):
        p_type, _flags, p_offset, p_vaddr = struct.unpack_from("<IIQQ", table, index * phentsize)
        if p_type == PT_LOAD:
            segments.append((p_offset, p_vaddr))
    return segments


def page_congruence(segments: list[tuple[int, int]]) -> int:
    """The largest power of two (up to 64 K) that divides `vaddr - offset` of every PT_LOAD."""
    step = _MAX_PAGE
    while step > 1 and any((vaddr - offset) % step for offset, vaddr in segments):
        step //= 2
    return step


def still_loadable(original: list[tuple[int, int]], stripped: list[tuple[int, int]] | None) -> bool:
    if not stripped or len(stripped) != len(original):
        return False
    needed = max(4096, min(page_congruence(original), _MAX_PAGE))
    return page_congruence(stripped) >= needed


def _is_library(name: str) -> bool:
    return name.endswith(".so") or ".so." in name


def strip_tree(folder: str, strip: str = "strip") -> dict:
    """Strips every shared library under `folder` where that is safe; returns what it did."""
    report = {"stripped": 0, "saved_bytes": 0, "kept_unsafe": [], "failed": []}
    if not shutil.which(strip):
        report["failed"].append(f"{strip} not found: nothing stripped")
        return report
    with tempfile.TemporaryDirectory(prefix="ff-strip-") as scratch:
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in filenames:
                path = os.path.join(dirpath, name)
                if os.path.islink(path) or not _is_library(name):
                    continue
                # FIPS-style checksum files beside a library (.hmac, .chk) must keep matching it.
                if any(
                    os.path.exists(os.path.join(dirpath, f"{p}{name}{s}"))
                    for p in ("", ".")
                    for s in (".hmac", ".chk")
                ):
                    continue
                original = load_segments(path)
                if not original:
                    continue
                candidate = os.path.join(scratch, "candidate")
                done = subprocess.run([strip, "-o", candidate, path], capture_output=True, text=True)
                if done.returncode != 0:
                    report["failed"].append(f"{os.path.relpath(path, folder)}: {done.stderr.strip()[:200]}")
                    continue
                before, after = os.path.getsize(path), os.path.getsize(candidate)
                if after >= before:
                    continue
                if not still_loadable(original, load_segments(candidate)):
                    report["kept_unsafe"].append(os.path.relpath(path, folder))
                    continue
                shutil.copymode(path, candidate)
                os.replace(candidate, path)
                report["stripped"] += 1
                report["saved_bytes"] += before - after
    return report


if __name__ == "__main__":
    import json

    print(json.dumps(strip_tree(sys.argv[1]), indent=1))
