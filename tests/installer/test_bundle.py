"""The frozen station (installer/): the spec's inputs exist, the pyzbar hook works, and — with
FURUSATO_BUILD_BUNDLE=1 — the built folder passes its self-test on its own.

    QT_QPA_PLATFORM=offscreen python -m pytest tests/installer                         # fast checks only
    FURUSATO_BUILD_BUNDLE=1 QT_QPA_PLATFORM=offscreen python -m pytest tests/installer  # + build (minutes)
    FURUSATO_BUNDLE_DIR=dist/furusato-field python -m pytest tests/installer           # + an existing build
"""

from __future__ import annotations

import ast
import ctypes.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

import furusato

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "furusato-field.spec"


def _spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def _spec_list(name: str):
    for node in _spec_tree().body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not assigned in the spec")


# --- fast: always run ------------------------------------------------------------------------------


def test_spec_parses_and_names_existing_data_folders():
    folders = dict(_spec_list("DATA_FOLDERS"))
    assert folders["resources"] == "resources"
    assert folders["desktop/store/migrations"] == "desktop/store/migrations"
    for source in folders:
        assert (ROOT / source).is_dir(), source
    # What migrate.py and resources.py look for sits at the same relative place in the bundle.
    assert (ROOT / "desktop/store/migrations/env.py").is_file()
    assert (ROOT / "desktop/store/migrations/script.py.mako").is_file()
    assert any((ROOT / "desktop/store/migrations/versions").glob("*.py"))
    assert (ROOT / "resources/local_governments.json").is_file()


def test_spec_files_it_names_exist():
    text = SPEC.read_text(encoding="utf-8")
    for name in ("entry.py", "hooks/rthook_pyzbar.py"):
        assert name.split("/")[-1] in text
        assert (INSTALLER / name).is_file()
    assert (INSTALLER / "icon" / "furusato-field.png").is_file()
    excludes = _spec_list("QT_EXCLUDES") + _spec_list("PY_EXCLUDES")
    assert "PySide6.QtWebEngineCore" in excludes and "central" in excludes
    # Multimedia plays the sounds and Gui holds QPdfWriter: neither may be excluded.
    assert not {"PySide6.QtMultimedia", "PySide6.QtGui", "PySide6.QtWidgets"} & set(excludes)


def test_build_scripts_are_present():
    for name in ("build-linux.sh", "build-macos.sh", "build-windows.ps1", "furusato-field.iss", "README.md"):
        assert (INSTALLER / name).is_file(), name
    assert os.access(INSTALLER / "build-linux.sh", os.X_OK)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux branch of the hook")
def test_runtime_hook_prefers_the_bundled_libzbar(tmp_path):
    system = ctypes.util.find_library("zbar")
    if not system:
        pytest.skip("no libzbar on this machine")
    real = (
        next(
            Path(p)
            for p in (
                "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu",
                "/lib/aarch64-linux-gnu",
                "/usr/lib",
            )
            if (Path(p) / "libzbar.so.0").exists()
        )
        / "libzbar.so.0"
    )
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    shutil.copy2(real.resolve(), bundle / "libzbar.so.0")
    script = (
        "import sys, runpy\n"
        f"sys._MEIPASS = {str(bundle)!r}\n"
        f"runpy.run_path({str(INSTALLER / 'hooks' / 'rthook_pyzbar.py')!r})\n"
        "from pyzbar import wrapper\n"
        "print(wrapper.LIBZBAR._name)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == str(bundle / "libzbar.so.0")


# --- slow: build (FURUSATO_BUILD_BUNDLE=1) or use a build (FURUSATO_BUNDLE_DIR) ----------------------


@pytest.fixture(scope="module")
def bundle() -> Path:
    existing = os.environ.get("FURUSATO_BUNDLE_DIR")
    if existing:
        folder = Path(existing).resolve()
    elif os.environ.get("FURUSATO_BUILD_BUNDLE") == "1":
        if not sys.platform.startswith("linux"):
            pytest.skip("the bundle test runs the Linux build script")
        env = dict(os.environ, PYTHON=os.environ.get("PYTHON", sys.executable))
        subprocess.run([str(INSTALLER / "build-linux.sh")], cwd=ROOT, env=env, check=True, timeout=1800)
        folder = ROOT / "dist" / "furusato-field"
    else:
        pytest.skip(
            "set FURUSATO_BUILD_BUNDLE=1 to build the bundle (minutes), or FURUSATO_BUNDLE_DIR to test one"
        )
    assert (folder / "furusato-field").is_file(), folder
    return folder


def _bare_env(**extra) -> dict:
    """The environment of a laptop that never saw this checkout: no venv, no library path."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LD_", "PYTHON", "VIRTUAL_ENV", "FURUSATO_", "QT_PLUGIN", "DYLD_"))
    }
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _run(bundle: Path, *args, env=None, wrap=(), timeout=120):
    return subprocess.run(
        [*wrap, str(bundle / "furusato-field"), *args],
        capture_output=True,
        text=True,
        env=env or _bare_env(),
        timeout=timeout,
        cwd="/",
    )


def _last_json(text: str, key: str) -> dict:
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{") and key in line:
            return json.loads(line)
    raise AssertionError(f"no JSON line with {key!r} in:\n{text}")


def test_bundle_self_test(bundle, tmp_path):
    out = _run(bundle, "--data-dir", str(tmp_path / "data"), "self-test")
    report = _last_json(out.stdout, '"ok"')
    assert report["ok"] is True, report
    assert out.returncode == 0
    assert report["window"]["title"].endswith(furusato.__version__)


def test_bundle_version_is_the_package_version(bundle):
    out = _run(bundle, "--version")
    assert out.returncode == 0
    assert out.stdout.strip() == f"furusato-field {furusato.__version__}"


def _qr_png(path: Path, text: str) -> Path:
    import segno

    segno.make(text, error="m", micro=False).save(str(path), scale=6, border=4)
    return path


def test_bundle_decodes_a_qr_image(bundle, tmp_path):
    image = _qr_png(tmp_path / "card.png", "FURUSATO-BUNDLE-DECODE")
    out = _run(bundle, "decode", str(image))
    assert out.returncode == 0, out.stderr
    assert _last_json(out.stdout, '"text"')["text"] == "FURUSATO-BUNDLE-DECODE"


def _system_libzbar() -> Path | None:
    for folder in (
        "/lib/x86_64-linux-gnu",
        "/usr/lib/x86_64-linux-gnu",
        "/lib/aarch64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib",
        "/lib",
    ):
        candidate = Path(folder) / "libzbar.so.0"
        if candidate.exists():
            return candidate.resolve()
    return None


def _can_hide(path: Path) -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            f"mount --bind /dev/null {path} && test ! -s {path}",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/self/maps and mount namespaces")
def test_bundle_uses_its_own_libzbar_without_the_system_one(bundle, tmp_path):
    image = _qr_png(tmp_path / "card.png", "FURUSATO-NO-SYSTEM-ZBAR")
    env = _bare_env(FURUSATO_REPORT_LIBS="1")
    system = _system_libzbar()
    wrap: tuple = ()
    if system is not None:
        if not _can_hide(system):
            pytest.skip(
                "cannot hide the system libzbar here (needs unshare --mount, i.e. root or user namespaces)"
            )
        # A private mount namespace where the system libzbar is an empty file: any fallback to it fails.
        script = f'mount --bind /dev/null {system} && exec "$@"'
        wrap = ("unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh")
    out = _run(bundle, "decode", str(image), env=env, wrap=wrap)
    assert out.returncode == 0, out.stderr
    assert _last_json(out.stdout, '"text"')["text"] == "FURUSATO-NO-SYSTEM-ZBAR"
    report = _last_json(out.stderr, '"zbar"')["zbar"]
    internal = str(bundle.resolve())
    assert report["error"] is None, report
    assert report["loaded"] and report["loaded"].startswith(internal), report
    assert report["mapped"] and all(p.startswith(internal) for p in report["mapped"]), report


def test_bundle_opens_its_window_quickly(bundle, tmp_path):
    env = _bare_env(FURUSATO_STARTUP_PROBE="1")
    started = time.perf_counter()
    out = _run(bundle, "--data-dir", str(tmp_path / "data"), env=env, timeout=60)
    elapsed = time.perf_counter() - started
    assert out.returncode == 0, out.stderr
    probe = _last_json(out.stderr, '"startup_probe"')["startup_probe"]
    assert any(furusato.__version__ in title for title in probe["windows"]), probe
    # The goal is < 3 s on a station laptop; a loaded CI box gets slack, the figure goes in the log.
    print(f"start to first window: {elapsed:.2f} s (in-process {probe['seconds']} s)")
    assert elapsed < 15


def test_linux_tarball_carries_desktop_entry_and_icon(bundle):
    tarballs = sorted((bundle.parent).glob(f"furusato-field-{furusato.__version__}-linux-*.tar.gz"))
    if not tarballs:
        pytest.skip("no tarball beside the bundle")
    with tarfile.open(tarballs[-1]) as tar:
        names = set(tar.getnames())
    for name in (
        "furusato-field/furusato-field",
        "furusato-field/furusato-field.desktop",
        "furusato-field/furusato-field.png",
        "furusato-field/install.sh",
    ):
        assert name in names, name
