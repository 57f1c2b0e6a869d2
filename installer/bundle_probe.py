"""Feature probe of the frozen station: what `self-test` does not exercise, run inside the bundle.

Started by installer/entry.py when FURUSATO_BUNDLE_PROBE=1 (a build check, like the start-up
probe); the arguments are inputs made by tests/installer (files the bundle did not make itself):

    FURUSATO_BUNDLE_PROBE=1 furusato-field --text T --out DIR [--image FILE]... [--video FILE]... [--play]

Prints one JSON line `{"bundle_probe": {...}}` on stdout and exits 0 when every check passed. Each
check guards files the spec might prune (installer/furusato-field.spec, LINUX_UNUSED):

- zxing, pyzbar: each decoder alone on a generated QR code (zxing-cpp's module; libzbar via ctypes).
- images: every --image through desktop.scanner.replay.ReplaySource (OpenCV's own image codecs).
- videos: every --video through ReplaySource (OpenCV's bundled FFmpeg), frames counted, first decoded.
- video_backends: OpenCV still offers V4L2 for cameras and FFmpeg for files.
- sound: desktop.ui.sounds.OutcomeSounds loads its three WAVs into QSoundEffect; the status each
  reaches, the audio outputs Qt sees, and with --play whether one sound started and finished.
- poster: desktop.ui.activity_qr_page.write_poster writes the A4 PDF (QPrinter, the print path) with its fonts; the
  same poster rendered to an image still decodes.
- manual_entry: phone numbers and e-mail addresses checked the way furusato/manual_record.py does.
- tls: requests' CA bundle (certifi) loads into an SSL context, as sync needs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from pathlib import Path


def _qr_image(text: str):
    import numpy as np
    import segno

    matrix = np.array(segno.make(text, error="m", micro=False).matrix, dtype=np.uint8)
    image = np.kron(1 - matrix, np.ones((6, 6), dtype=np.uint8)) * 255
    return np.pad(image, 40, constant_values=255)


def check_decoders(text: str) -> dict:
    from pyzbar import wrapper

    from desktop.scanner.decoders import decode_pyzbar, decode_zxing

    image = _qr_image(text)
    return {
        "zxing": decode_zxing(image) == text,
        "pyzbar": decode_pyzbar(image) == text,
        "libzbar": getattr(wrapper.LIBZBAR, "_name", None),
    }


def check_images(paths: list[str], text: str) -> dict:
    from desktop.scanner.decode_strategy import decode_frame
    from desktop.scanner.replay import ReplaySource

    results = {}
    for path in paths:
        source = ReplaySource([path])
        frame = source.read() if source.open() else None
        results[Path(path).name] = frame is not None and decode_frame(frame.image) == text
    return results


def check_videos(paths: list[str], text: str) -> dict:
    from desktop.scanner.decode_strategy import decode_frame
    from desktop.scanner.replay import ReplaySource

    results = {}
    for path in paths:
        source = ReplaySource(path)
        frames, decoded = 0, False
        if source.open():
            while (frame := source.read()) is not None:
                if frames == 0:
                    decoded = decode_frame(frame.image) == text
                frames += 1
        results[Path(path).name] = {"frames": frames, "decoded": decoded}
    return results


def check_video_backends() -> dict:
    import cv2

    names = cv2.videoio_registry.getBackendName
    return {
        "camera": sorted(names(b) for b in cv2.videoio_registry.getCameraBackends()),
        "stream": sorted(names(b) for b in cv2.videoio_registry.getStreamBackends()),
    }


def _app():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(sys.argv[:1])


def _wait(app, condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def check_sound(play: bool) -> dict:
    app = _app()
    from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

    from desktop.ui.sounds import OutcomeSounds

    sounds = OutcomeSounds(None, volume=80)
    effects = list(sounds._effects.values())  # the probe reads what the station would play

    def settled():
        return all(e.status() in (QSoundEffect.Status.Ready, QSoundEffect.Status.Error) for e in effects)

    _wait(app, settled, 5.0)
    report = {
        "effects": len(effects),
        "status": sorted(e.status().name for e in effects),
        "outputs": [d.description() for d in QMediaDevices.audioOutputs()],
    }
    if play and effects:
        effect, seen = effects[0], []
        effect.playingChanged.connect(lambda: seen.append(effect.isPlaying()))
        effect.play()
        _wait(app, lambda: seen[-2:] == [True, False], 5.0)
        report["played"] = seen[-2:] == [True, False]
    return report


def check_poster(out: Path) -> dict:
    _app()
    from datetime import datetime, timedelta

    from desktop.scanner.decoders import decode_zxing
    from desktop.ui.activity_qr_page import render_poster, write_poster
    from furusato.activity import JST, Activity, ActivityKind

    starts = datetime(2030, 1, 5, 9, 0, tzinfo=JST)
    activity = Activity(
        id="probe-activity",
        title="雪下ろしボランティア（確認）",
        kind=ActivityKind.DESIGNATED_PROJECT,
        designating_lg="152048",
        venue_lg="152048",
        starts_at=starts,
        ends_at=starts + timedelta(hours=3),
        place="公民館",
    )
    token = "FURUSATO-POSTER-PROBE"
    texts = {"instructions": "ふるさと住民アプリでこのQRコードを読み取ると、参加が記録されます。"}
    pdf = write_poster(out / "poster.pdf", activity, token, texts)
    data = pdf.read_bytes()
    fonts = sorted(
        {chunk.split()[0].split(b"/")[0].decode("latin-1") for chunk in data.split(b"/BaseFont /")[1:]}
    )
    import numpy as np
    from PySide6.QtGui import QImage

    image = render_poster(activity, token, texts, width=1240).convertToFormat(QImage.Format.Format_Grayscale8)
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return {
        "pdf": data.startswith(b"%PDF-"),
        "bytes": len(data),
        "fonts": fonts,
        "image_decodes": decode_zxing(pixels[:, : image.width()].copy()) == token,
    }


def check_manual_entry() -> dict:
    """The calls furusato/manual_record.py makes (the bundle drops phonenumbers' name tables and dns)."""
    import phonenumbers
    from email_validator import validate_email

    number = phonenumbers.parse(
        "０３-１２３４-５６７８".translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}), "JP"
    )
    mobile = phonenumbers.parse("090-1234-5678", "JP")
    return {
        "phone": phonenumbers.is_valid_number(number)
        and phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) == "+81312345678",
        "mobile": phonenumbers.number_type(mobile) == phonenumbers.PhoneNumberType.MOBILE,
        "email": validate_email("Taro@Example.jp", check_deliverability=False).normalized
        == "Taro@example.jp",
    }


def check_tls() -> dict:
    import ssl

    import certifi
    import requests  # noqa: F401 - what sync imports

    context = ssl.create_default_context(cafile=certifi.where())
    return {"ca_certs": len(context.get_ca_certs()), "openssl": ssl.OPENSSL_VERSION}


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="furusato-field (FURUSATO_BUNDLE_PROBE=1)")
    parser.add_argument("--text", default="FURUSATO-BUNDLE-PROBE", help="the text in the QR codes")
    parser.add_argument("--out", required=True, help="folder for the poster PDF")
    parser.add_argument("--image", action="append", default=[])
    parser.add_argument("--video", action="append", default=[])
    parser.add_argument("--play", action="store_true", help="play one sound (needs an audio server)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    report: dict[str, object] = {}
    problems: list[str] = []
    checks = {
        "decoders": lambda: check_decoders(args.text),
        "images": lambda: check_images(args.image, args.text),
        "videos": lambda: check_videos(args.video, args.text),
        "video_backends": check_video_backends,
        "sound": lambda: check_sound(args.play),
        "poster": lambda: check_poster(Path(args.out)),
        "manual_entry": check_manual_entry,
        "tls": check_tls,
    }
    for name, check in checks.items():
        try:
            report[name] = check()
        except Exception as exc:  # a probe reports every failure rather than stopping at the first
            report[name] = None
            problems.append(f"{name}: {type(exc).__name__}: {exc}\n{traceback.format_exc(limit=3)}")
    report["problems"] = problems
    report["seconds"] = round(time.perf_counter() - started, 3)
    print(json.dumps({"bundle_probe": report}, ensure_ascii=False), flush=True)
    return 0 if not problems else 1
