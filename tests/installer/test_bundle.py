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
    """The sign-in comes first (guideline IV-4); with the passphrase typed by the probe, the main window."""
    data = str(tmp_path / "data")
    started = time.perf_counter()
    out = _run(bundle, "--data-dir", data, env=_bare_env(FURUSATO_STARTUP_PROBE="1"), timeout=60)
    elapsed = time.perf_counter() - started
    assert out.returncode == 0, out.stderr
    first = _last_json(out.stderr, '"startup_probe"')["startup_probe"]
    assert first["first_window"]["title"] and first["main_window"] is None, first
    # Set the passphrase (fresh folder), then a normal start: unlock, main window.
    env = _bare_env(FURUSATO_STARTUP_PROBE="1", FURUSATO_STARTUP_PROBE_PASSPHRASE="bundle-probe-passphrase")
    for _ in range(2):
        out = _run(bundle, "--data-dir", data, env=env, timeout=60)
        assert out.returncode == 0, out.stderr
        probe = _last_json(out.stderr, '"startup_probe"')["startup_probe"]
        assert any(furusato.__version__ in title for title in probe["windows"]), probe
    # The goal is < 3 s on a station laptop; a loaded CI box gets slack, the figures go in the log
    # (bench/bench_bundle.py measures properly: cold caches, several runs, median).
    print(
        f"start to sign-in window: {elapsed:.2f} s wall (in-process {first['seconds']} s); "
        f"unlock to main window in-process {probe['main_window']['seconds']} s"
    )
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


# --- what the spec prunes, and the stripping -------------------------------------------------------

# Files the features load (sound, window on X11/Wayland/offscreen, PDF, decoders, camera and replay):
# no pattern of the spec's LINUX_UNUSED may match one of them, and a Linux bundle must hold each
# (a system copy would otherwise hide a missing one from the other checks). "*": a version part.
NEEDED_ON_LINUX = [
    "PySide6/Qt/lib/libQt6Multimedia.so.6",
    "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6Network.so.6",  # NEEDED by libQt6Multimedia
    "PySide6/Qt/lib/libicudata.so.*",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforms/libqwayland.so",
    "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
    "PySide6/Qt/plugins/imageformats/libqjpeg.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
    "libpulse.so.0",  # NEEDED by libQt6Multimedia: the sounds
    "libzbar.so.0",
    "libfontconfig.so.1",
    "libfreetype.so.6",
    "libglib-2.0.so.0",
    "libgio-2.0.so.0",
    "libxkbcommon-x11.so.0",
    "libxcb-cursor.so.0",
    "cv2/cv2.abi3.so",
    "opencv_python_headless.libs/libavcodec-*",  # OpenCV's FFmpeg: video replay
    "opencv_python_headless.libs/libavformat-*",
]


def test_spec_keeps_qts_japanese_catalogue():
    """The spec's _keep() (run here on the destinations PyInstaller gives Qt's catalogues) keeps the
    Japanese and English ones the dialogs need, and our supplement ships with resources/."""
    keep = next(node for node in _spec_tree().body if isinstance(node, ast.FunctionDef) and node.name == "_keep")
    namespace = {"os": os}
    exec(compile(ast.Module(body=[keep], type_ignores=[]), str(SPEC), "exec"), namespace)
    kept = namespace["_keep"]
    assert kept(("PySide6/Qt/translations/qtbase_ja.qm", "", "DATA"))
    assert kept(("PySide6/Qt/translations/qt_ja.qm", "", "DATA"))
    assert not kept(("PySide6/Qt/translations/qtbase_de.qm", "", "DATA"))
    assert not kept(("PySide6/Qt/translations/qt_help_ja.qm", "", "DATA"))
    from PyInstaller.utils.hooks.qt import _modules_info

    core = next(info for info in _modules_info.QT_MODULES_INFO if info.module == "QtCore")
    assert "qtbase" in core.translations  # what PyInstaller's QtCore hook collects
    assert (ROOT / "resources" / "i18n" / "qtbase_supplement_ja.ts").is_file()


def test_spec_never_prunes_what_the_features_load():
    import fnmatch

    patterns = [pattern for pattern, _why in _spec_list("LINUX_UNUSED")]
    assert patterns and all(why for _pattern, why in _spec_list("LINUX_UNUSED"))
    for needed in NEEDED_ON_LINUX:
        dest = needed.replace("*", "0")
        assert not any(fnmatch.fnmatchcase(dest, p) for p in patterns), dest
    assert "PySide6/Qt/plugins/multimedia/*" in patterns  # the ~22 MB Qt FFmpeg backend goes
    excludes = _spec_list("PY_EXCLUDES")
    # phonenumbers' metadata (phonenumbers.data) stays; only the name tables go.
    assert "phonenumbers" not in excludes and "phonenumbers.data" not in excludes
    assert "phonenumbers.geodata" in excludes


def test_phonenumbers_hook_keeps_the_metadata(tmp_path):
    script = (
        "import runpy\n"
        f"ns = runpy.run_path({str(INSTALLER / 'hooks' / 'hook-phonenumbers.py')!r})\n"
        "names = ns['hiddenimports']\n"
        "print(int('phonenumbers.data' in names), int('phonenumbers.phonenumberutil' in names),"
        " sum(n.startswith(('phonenumbers.geodata', 'phonenumbers.carrier', 'phonenumbers.tzdata')) for n in names))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["1", "1", "0"]


def _strip_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("strip_binaries", INSTALLER / "strip_binaries.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_strip_refuses_a_copy_the_loader_would_reject():
    strip_binaries = _strip_module()
    original = [(0, 0), (0x1F000, 0x20000), (0x30000, 0x31000)]
    assert strip_binaries.still_loadable(original, [(0, 0), (0x1E000, 0x1F000), (0x2F000, 0x30000)])
    # What GNU strip made of numpy's patchelf-edited OpenBLAS: a segment no longer page-congruent.
    assert not strip_binaries.still_loadable(original, [(0, 0), (0x1E400, 0x1F000), (0x2F000, 0x30000)])
    assert not strip_binaries.still_loadable(original, [(0, 0), (0x1E000, 0x1F000)])  # a segment lost
    assert not strip_binaries.still_loadable(original, None)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not shutil.which("strip"), reason="GNU strip on ELF"
)
def test_strip_tree_on_real_libraries(tmp_path):
    import numpy

    strip_binaries = _strip_module()
    numpy_libs = Path(numpy.__file__).parent.parent / "numpy.libs"
    openblas = next(iter(sorted(numpy_libs.glob("libscipy_openblas*.so"))), None)
    with_debug = next((p for p in Path(sys.base_prefix, "lib").glob("python3*/lib-dynload/_json*.so")), None)
    if openblas is None or with_debug is None:
        pytest.skip("no patchelf-edited OpenBLAS or stdlib extension to try")
    shutil.copy2(openblas, tmp_path / openblas.name)
    shutil.copy2(with_debug, tmp_path / with_debug.name)
    report = strip_binaries.strip_tree(str(tmp_path))
    assert report["failed"] == []
    print(f"strip: {report}")  # numpy 2.4's OpenBLAS lands in kept_unsafe, the extension is stripped
    # Whatever was done, each file still passes the loader's check (ldd maps it).
    for path in tmp_path.iterdir():
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
        assert "not page-aligned" not in out.stdout + out.stderr, path


# --- slow: features inside the bundle, libraries, size ---------------------------------------------


@pytest.fixture
def audio_server(tmp_path):
    """A private PulseAudio with a null sink (FACTS: without a server QSoundEffect stays silent), or None."""
    if not shutil.which("pulseaudio"):
        yield None
        return
    runtime = tmp_path / "xdg-runtime"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, XDG_RUNTIME_DIR=str(runtime), HOME=str(tmp_path))
    server = subprocess.Popen(
        [
            "pulseaudio",
            "--daemonize=no",
            "-n",
            "--exit-idle-time=-1",
            "--disallow-exit",
            "--load=module-null-sink sink_name=probe",
            "--load=module-native-protocol-unix",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = runtime / "pulse" / "native"
    deadline = time.monotonic() + 10
    while not socket.exists() and server.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield {"XDG_RUNTIME_DIR": str(runtime), "HOME": str(tmp_path)} if socket.exists() else None
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def _probe_inputs(folder: Path, text: str) -> tuple[list[Path], list[Path]]:
    """QR images in every format replay accepts, and short videos in three containers/codecs."""
    import cv2
    import numpy as np
    import segno

    folder.mkdir()
    matrix = np.array(segno.make(text, error="m", micro=False).matrix, dtype=np.uint8)
    grey = np.pad(np.kron(1 - matrix, np.ones((8, 8), np.uint8)) * 255, 48, constant_values=255)
    frame = cv2.cvtColor(cv2.resize(grey, (480, 480), interpolation=cv2.INTER_NEAREST), cv2.COLOR_GRAY2BGR)
    images = []
    for suffix in ("png", "jpg", "bmp", "webp", "tiff"):
        path = folder / f"card.{suffix}"
        assert cv2.imwrite(str(path), frame), path
        images.append(path)
    videos = []
    for name, fourcc in (("clip.avi", "MJPG"), ("clip.mp4", "mp4v"), ("clip.mkv", "VP80")):
        path = folder / name
        writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*fourcc), 15, (480, 480))
        if not writer.isOpened():
            continue
        for _ in range(10):
            writer.write(frame)
        writer.release()
        videos.append(path)
    assert videos, "this OpenCV writes no video at all"
    return images, videos


def test_bundle_features_the_self_test_does_not_reach(bundle, tmp_path, audio_server):
    text = "FURUSATO-BUNDLE-PROBE"
    images, videos = _probe_inputs(tmp_path / "inputs", text)
    (tmp_path / "out").mkdir()
    args = ["--text", text, "--out", str(tmp_path / "out")]
    args += [a for path in images for a in ("--image", str(path))]
    args += [a for path in videos for a in ("--video", str(path))]
    if audio_server:
        args.append("--play")
    env = _bare_env(FURUSATO_BUNDLE_PROBE="1", **(audio_server or {}))
    out = _run(bundle, *args, env=env, timeout=180)
    report = _last_json(out.stdout, '"bundle_probe"')["bundle_probe"]
    assert report["problems"] == [], report["problems"]
    assert out.returncode == 0, out.stderr
    assert report["decoders"]["zxing"] and report["decoders"]["pyzbar"], report["decoders"]
    assert report["decoders"]["libzbar"].startswith(str(bundle.resolve())), report["decoders"]
    assert report["images"] == {path.name: True for path in images}, report["images"]
    for path in videos:
        assert report["videos"][path.name] == {"frames": 10, "decoded": True}, (path.name, report["videos"])
    assert "V4L2" in report["video_backends"]["camera"] and "FFMPEG" in report["video_backends"]["stream"]
    sound = report["sound"]
    assert sound["effects"] == 3, sound  # recorded / duplicate / refused, loaded into QSoundEffect
    if audio_server:
        assert sound["status"] == ["Ready", "Ready", "Ready"] and sound["played"], sound
    poster = report["poster"]
    assert poster["pdf"] and poster["bytes"] > 5000 and poster["image_decodes"], poster
    if any("CJK" in name for name in poster["fonts"]) is False:
        print(f"poster fonts: {poster['fonts']} (no CJK font on this machine: Japanese prints as boxes)")
    assert report["manual_entry"] == {"phone": True, "mobile": True, "email": True}, report["manual_entry"]
    assert report["tls"]["ca_certs"] > 50, report["tls"]
    qt_words = report["qt_translations"]
    assert qt_words["folder"].startswith(str(bundle.resolve())), qt_words  # the bundle's own catalogues
    assert qt_words["cancel"] == "キャンセル" and qt_words["look_in"] == "場所(&L):", qt_words
    assert qt_words["english_cancel"] == "Cancel", qt_words
    print(f"probe: sound {sound}, poster fonts {poster['fonts']}, videos {sorted(report['videos'])}")


# Libraries the bundle leaves to the system on purpose: GL/EGL (README), and what only optional
# plugins need where that desktop exists (Wayland client libraries, GTK 3 for the GTK theme).
SYSTEM_PROVIDED = (
    "libGL",
    "libEGL",
    "libOpenGL",
    "libGLX",
    "libwayland-",
    "libgtk-3",
    "libgdk-3",
    "libcairo",
    "libpango",
    "libatk-1.0",
    "libgdk_pixbuf",
    "libharfbuzz",
)


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("ldd"), reason="ldd")
def test_bundle_libraries_all_load(bundle):
    """Every ELF file in the bundle maps (a bad strip shows here) and finds its libraries inside the
    bundle, the way the bootloader runs it (LD_LIBRARY_PATH=_internal), except SYSTEM_PROVIDED."""
    internal = bundle / "_internal"
    env = dict(_bare_env(), LD_LIBRARY_PATH=str(internal))
    problems = []
    for path in sorted(internal.rglob("*")):
        if path.is_symlink() or not path.is_file() or not (path.name.endswith(".so") or ".so." in path.name):
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env, timeout=60)
        text = out.stdout + out.stderr
        if out.returncode != 0 or "error while loading" in text or "not page-aligned" in text:
            problems.append(f"{path.relative_to(internal)}: {text.strip()[:300]}")
            continue
        for line in text.splitlines():
            if "=> not found" in line:
                name = line.split("=>")[0].strip()
                if not name.startswith(SYSTEM_PROVIDED):
                    problems.append(f"{path.relative_to(internal)}: {name} not found")
    assert problems == []


def test_bundle_keeps_what_the_features_load_and_nothing_pruned(bundle):
    internal = bundle / "_internal"
    dangling = [
        str(p.relative_to(internal)) for p in internal.rglob("*") if p.is_symlink() and not p.exists()
    ]
    assert dangling == []
    if sys.platform.startswith("linux"):
        missing = [name for name in NEEDED_ON_LINUX if not list(internal.glob(name))]
        assert missing == []
        assert not (internal / "PySide6/Qt/plugins/multimedia").exists()
        assert not list(internal.glob("PySide6/Qt/lib/libavcodec*"))
        assert not list(internal.rglob("*WebEngine*"))


# A regression guard, not the goal (< 250 MB, see installer/README.md "Size"): measured 370 MB (GTK 3 and QtPdf left out, see the spec).
SIZE_CEILING_MB = 380


def test_bundle_size_stays_under_the_ceiling(bundle):
    total = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"bundle: {total / 1e6:.1f} MB")
    assert total / 1e6 < SIZE_CEILING_MB, (
        "something large came back into the bundle: compare `du` with the README"
    )
