"""Removable drives the operator may write a bundle to: what a USB stick looks like on each platform.

- Linux: mounted block devices that `lsblk` calls removable or hot-plugged (a partition inherits its
  disk's flags), and the folders desktop environments mount sticks under (`/media/$USER/*`,
  `/run/media/$USER/*`, and `/media/*` where sticks are mounted directly there).
- Windows: drive letters whose `GetDriveTypeW` is DRIVE_REMOVABLE.
- macOS: `/Volumes/*` except the start-up disk (which appears there as a link to `/`).

No Qt here: the window lists them off its GUI thread and always offers "choose a folder" too, since a
stick mounted somewhere unusual is still a folder.
"""

from __future__ import annotations

import getpass
import json
import logging
import os
import shutil
import string
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

LSBLK_COLUMNS = "NAME,RM,MOUNTPOINT,HOTPLUG,LABEL"
DRIVE_REMOVABLE = 2  # winbase.h


@dataclass(frozen=True)
class Drive:
    path: Path
    label: str  # the volume's label, or the folder's name


def _flag(value: Any) -> bool:
    # lsblk prints true/false in newer util-linux, "1"/"0" in older ones.
    return value is True or value in ("1", 1, "true")


def parse_lsblk(text: str) -> list[Drive]:
    """Mounted removable or hot-plugged devices from `lsblk -J -o NAME,RM,MOUNTPOINT,HOTPLUG,LABEL`."""
    try:
        devices = json.loads(text).get("blockdevices") or []
    except (ValueError, AttributeError):
        return []
    found: list[Drive] = []

    def walk(items: Iterable[Any], inherited: bool) -> None:
        for item in items:
            if not isinstance(item, dict):
                continue
            removable = inherited or _flag(item.get("rm")) or _flag(item.get("hotplug"))
            mount = item.get("mountpoint")
            if removable and isinstance(mount, str) and mount not in ("", "/", "[SWAP]") and not mount.startswith("/boot"):
                found.append(Drive(Path(mount), item.get("label") or Path(mount).name or str(item.get("name"))))
            walk(item.get("children") or [], removable)

    walk(devices, False)
    return found


def _lsblk() -> list[Drive]:
    tool = shutil.which("lsblk")
    if tool is None:
        return []
    try:
        done = subprocess.run([tool, "-J", "-o", LSBLK_COLUMNS], capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        log.warning("lsblk could not be run; listing mount folders only")
        return []
    return parse_lsblk(done.stdout) if done.returncode == 0 else []


def media_roots() -> list[Path]:
    user = getpass.getuser()
    return [Path("/media") / user, Path("/run/media") / user, Path("/media")]


def _folders_under(roots: Sequence[Path], skip: set[Path]) -> list[Drive]:
    found = []
    for root in roots:
        try:
            children = sorted(p for p in root.iterdir() if p.is_dir())
        except OSError:
            continue
        for child in children:
            if child in skip or not os.access(child, os.W_OK):
                continue
            found.append(Drive(child, child.name))
    return found


def linux_drives(roots: Sequence[Path] | None = None, *, use_lsblk: bool = True) -> list[Drive]:
    roots = list(media_roots() if roots is None else roots)
    drives = _lsblk() if use_lsblk else []
    # /media holds the per-user folders themselves: they are not drives.
    return _unique(drives + _folders_under(roots, skip=set(roots)))


def windows_drives() -> list[Drive]:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    mask = kernel32.GetLogicalDrives()
    found = []
    for index, letter in enumerate(string.ascii_uppercase):
        if not mask & (1 << index):
            continue
        root = f"{letter}:\\"
        if kernel32.GetDriveTypeW(ctypes.c_wchar_p(root)) != DRIVE_REMOVABLE:
            continue
        name = ctypes.create_unicode_buffer(261)
        ok = kernel32.GetVolumeInformationW(ctypes.c_wchar_p(root), name, 261, None, None, None, None, 0)
        found.append(Drive(Path(root), name.value if ok and name.value else f"{letter}:"))
    return found


def macos_drives(volumes: Path = Path("/Volumes")) -> list[Drive]:
    try:
        entries = sorted(volumes.iterdir())
    except OSError:
        return []
    return [Drive(p, p.name) for p in entries
            if p.is_dir() and p.resolve() != Path("/") and os.access(p, os.W_OK)]


def list_drives() -> list[Drive]:
    """This machine's removable drives, by the platform's own means; [] when none or unknown."""
    try:
        if sys.platform == "win32":
            return windows_drives()
        if sys.platform == "darwin":
            return macos_drives()
        return linux_drives()
    except Exception:  # an odd platform answer must not stop the export: a folder can still be chosen
        log.exception("listing removable drives failed")
        return []


def _unique(drives: Iterable[Drive]) -> list[Drive]:
    seen: set[Path] = set()
    out = []
    for drive in drives:
        if drive.path not in seen:
            seen.add(drive.path)
            out.append(drive)
    return out
