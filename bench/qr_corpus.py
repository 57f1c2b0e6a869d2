"""Seeded synthetic webcam frames of card QR codes, for the decoder benchmark and the scanner tests.

Every frame is derived from (seed, class, resolution, index) alone, so a test can ask for "the third
glare frame at 720p" and get the same pixels on every machine. Frames are BGR uint8, as a webcam
delivers them. Nothing here is committed: `write_corpus` caches PNGs under `bench/corpus/`
(git-ignored) for looking at them; the benchmark and tests render in memory.

A scene is built the way a check-in looks: the card as the phone shows it (QR with its quiet zone,
4–10 px per module, a header bar and a name line), a phone bezel around it, placed in 3-D in front of
a pinhole camera over a cluttered background, then the class's trouble (tilt, glare, blur...).
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import segno

CODE_CLASSES = (
    "clean",
    "perspective",
    "rotation",
    "blur",
    "jpeg",
    "noise",
    "glare",
    "low_contrast",
    "phone_screen",
    "occlusion",
    "inverted",
)
NOCODE_CLASS = "nocode"
CLASSES = (*CODE_CLASSES, NOCODE_CLASS)
RESOLUTIONS = {"640x480": (640, 480), "1280x720": (1280, 720), "1920x1080": (1920, 1080)}

# Module size in the frame (px) as a webcam sees a phone held 15–35 cm away, per frame height.
_MODULE_RANGE = {480: (2.2, 4.5), 720: (2.6, 6.5), 1080: (3.5, 9.0)}
_QR_ERROR = "m"  # what a card issuer would choose: survives a thumb over a corner, stays version ~15


@dataclass(frozen=True)
class Sample:
    cls: str
    resolution: str
    index: int
    image: np.ndarray  # BGR uint8
    text: str | None  # the token in the frame; None for no-code frames

    @property
    def name(self) -> str:
        return f"{self.cls}-{self.resolution}-{self.index:03d}"


def _rng(seed: int, *parts: object) -> np.random.Generator:
    key = "/".join(str(p) for p in (seed, *parts)).encode()
    return np.random.default_rng(zlib.crc32(key))


# --- tokens ---------------------------------------------------------------------------------------

_NAMES = ("山田 太郎", "佐藤 花子", "鈴木 一郎", "高橋 美咲", "田中 健", "伊藤 さくら", "渡辺 翔", "Emma Watanabe")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# 2026-11-01 00:00 JST: a fixed issue time keeps the rendered corpus identical from run to run.
CORPUS_IAT = 1793458800


def _real_tokens(n: int, seed: int) -> list[str]:
    """Real card tokens from the real issuer, signed by a key derived from the seed with a fixed
    issue time, so every run renders the same pixels."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from furusato import card_token, keys

    private = Ed25519PrivateKey.from_private_bytes(_rng(seed, "platform-key", 0).bytes(32))
    signing_key = keys.SigningKey.from_private_key(private)
    return [
        card_token.issue_card(
            signing_key,
            iss="frr-platform",
            sub=_b64(_rng(seed, "sub", i).bytes(18)),
            name=_NAMES[i % len(_NAMES)],
            mnv=True,
            iat=CORPUS_IAT,
            days=365,
        )
        for i in range(n)
    ]


def corpus_signing_key(seed: int = 0):
    """The platform key the corpus tokens are signed with (tests verify what they decode)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from furusato import keys

    return keys.SigningKey.from_private_key(Ed25519PrivateKey.from_private_bytes(_rng(seed, "platform-key", 0).bytes(32)))


_TOKEN_CACHE: dict[tuple[int, int], list[str]] = {}


def card_tokens(n: int = 16, seed: int = 0) -> list[str]:
    """`n` real, deterministic card tokens."""
    key = (n, seed)
    if key not in _TOKEN_CACHE:
        _TOKEN_CACHE[key] = _real_tokens(n, seed)
    return _TOKEN_CACHE[key]


# --- the card as the phone shows it ----------------------------------------------------------------


def qr_matrix(text: str) -> np.ndarray:
    """The QR's modules (1 = dark) including its 4-module quiet zone."""
    qr = segno.make(text, error=_QR_ERROR, micro=False, boost_error=False)
    return np.array(list(qr.matrix_iter(scale=1, border=4)), dtype=np.uint8)


def phone_card_image(text: str, module_px: int, rng: np.random.Generator, *, dark: bool = False) -> tuple[np.ndarray, tuple[int, int, int]]:
    """The card screen: header bar, QR with quiet zone at `module_px`, name line, phone bezel.

    Returns the BGR image and the QR's (x, y, size) inside it, quiet zone included.
    """
    modules = qr_matrix(text)
    qr_px = modules.shape[0] * module_px
    qr = np.where(np.kron(modules, np.ones((module_px, module_px), np.uint8)) == 1, 0, 255).astype(np.uint8)
    margin = module_px * 3
    screen_w = qr_px + 2 * margin
    header_h, footer_h = int(screen_w * 0.28), int(screen_w * 0.45)
    screen_h = header_h + qr_px + footer_h
    screen = np.full((screen_h, screen_w, 3), 255, np.uint8)
    screen[:header_h] = (150, 110, 30)  # the programme's teal-blue header bar
    _text_like(screen, (margin, header_h // 3, screen_w - margin, header_h * 2 // 3), rng, colour=(255, 255, 255))
    _text_like(screen, (margin, header_h + qr_px + footer_h // 5, screen_w - margin, header_h + qr_px + footer_h // 2), rng, colour=(40, 40, 40))
    screen[header_h : header_h + qr_px, margin : margin + qr_px] = qr[:, :, None]
    if dark:
        screen = 255 - screen
    bezel = max(4, screen_w // 20)
    phone = np.full((screen_h + 4 * bezel, screen_w + 2 * bezel, 3), 18, np.uint8)
    phone[2 * bezel : 2 * bezel + screen_h, bezel : bezel + screen_w] = screen
    return phone, (bezel + margin, 2 * bezel + header_h, qr_px)


def _text_like(img: np.ndarray, box: tuple[int, int, int, int], rng: np.random.Generator, colour) -> None:
    """Rows of word-sized blocks: looks like text to a detector without drawing any glyphs."""
    x0, y0, x1, y1 = box
    line_h = max(3, (y1 - y0) // 3)
    for y in range(y0, y1 - line_h + 1, line_h + line_h // 2 + 1):
        x = x0
        while x < x1:
            w = int(rng.integers(line_h, line_h * 4))
            cv2.rectangle(img, (x, y), (min(x + w, x1), y + line_h), colour, -1)
            x += w + int(rng.integers(line_h // 2, line_h + 1))


# --- backgrounds ------------------------------------------------------------------------------------


def _background(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    w, h = size
    small = rng.integers(40, 200, (h // 40 + 2, w // 40 + 2, 3), dtype=np.uint8)
    bg = cv2.resize(small, (w, h), interpolation=cv2.INTER_CUBIC)
    gx = np.linspace(0.6, 1.2, w, dtype=np.float32)[None, :, None]
    bg = np.clip(bg.astype(np.float32) * gx, 0, 255).astype(np.uint8)
    for _ in range(int(rng.integers(3, 9))):  # furniture edges, a sleeve, a poster
        p1 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        p2 = (int(rng.integers(0, w)), int(rng.integers(0, h)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        if rng.random() < 0.5:
            cv2.rectangle(bg, p1, p2, colour, -1)
        else:
            cv2.line(bg, p1, p2, colour, int(rng.integers(2, 12)))
    return cv2.GaussianBlur(bg, (0, 0), 1.5)


def _nocode_frame(size: tuple[int, int], rng: np.random.Generator, index: int) -> np.ndarray:
    """Scenes without a QR code but with what fools detectors: grids, checkerboards, random module
    fields (QR-like texture without finder patterns), text, and a phone showing a text page."""
    w, h = size
    img = _background(size, rng)
    kind = index % 5
    x0, y0 = int(rng.integers(0, w // 3)), int(rng.integers(0, h // 3))
    side = int(min(w, h) * rng.uniform(0.3, 0.6))
    if kind == 0:
        cell = int(rng.integers(4, 12))
        patch = (np.indices((side // cell, side // cell)).sum(axis=0) % 2 * 255).astype(np.uint8)
        _paste(img, cv2.resize(patch, (side, side), interpolation=cv2.INTER_NEAREST), x0, y0)
    elif kind == 1:
        cell = int(rng.integers(3, 8))
        modules = (rng.random((side // cell, side // cell)) < 0.5).astype(np.uint8)
        patch = np.where(np.kron(modules, np.ones((cell, cell), np.uint8)) == 1, 0, 255).astype(np.uint8)
        _paste(img, patch, x0, y0)
    elif kind == 2:
        patch = np.full((side, side * 3 // 2), 235, np.uint8)
        _text_like(patch, (10, 10, patch.shape[1] - 10, patch.shape[0] - 10), rng, colour=30)
        _paste(img, patch, x0, y0)
    elif kind == 3:
        patch = np.full((side, side), 255, np.uint8)
        step = int(rng.integers(6, 20))
        patch[::step] = 0
        patch[:, ::step] = 0
        # squares that look like finder patterns, but only two of them
        for cx in (step, side - 8 * step):
            cv2.rectangle(patch, (cx, step), (cx + 7 * step, 8 * step), 0, -1)
            cv2.rectangle(patch, (cx + step, 2 * step), (cx + 6 * step, 7 * step), 255, -1)
            cv2.rectangle(patch, (cx + 2 * step, 3 * step), (cx + 5 * step, 6 * step), 0, -1)
        _paste(img, patch, x0, y0)
    else:
        page = np.full((side * 2, side, 3), 250, np.uint8)
        _text_like(page, (8, 8, side - 8, side * 2 - 8), rng, colour=(40, 40, 40))
        _paste(img, cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)[: h - y0, : w - x0], x0, y0)
    noise = rng.normal(0, 4, img.shape)
    return np.clip(img + noise, 0, 255).astype(np.uint8)


def _paste(img: np.ndarray, patch: np.ndarray, x: int, y: int) -> None:
    ph, pw = patch.shape[:2]
    ph, pw = min(ph, img.shape[0] - y), min(pw, img.shape[1] - x)
    img[y : y + ph, x : x + pw] = patch[:ph, :pw, None]


# --- the scene ------------------------------------------------------------------------------------


def _project(card: np.ndarray, bg: np.ndarray, qr_box: tuple[int, int, int], module_px: int, module_frame: float,
             angles: tuple[float, float, float], rng: np.random.Generator) -> np.ndarray:
    """Place `card` in 3-D (roll, yaw, pitch in degrees) in front of a pinhole camera over `bg`."""
    h, w = bg.shape[:2]
    ch, cw = card.shape[:2]
    qx, qy, qs = qr_box
    focal = float(w)  # ~65° horizontal field of view, a typical webcam
    scale = module_frame / module_px  # frame px per card px at the card's distance
    distance = focal / scale
    roll, yaw, pitch = (np.radians(a) for a in angles)
    rz = np.array([[np.cos(roll), -np.sin(roll), 0], [np.sin(roll), np.cos(roll), 0], [0, 0, 1]])
    ry = np.array([[np.cos(yaw), 0, np.sin(yaw)], [0, 1, 0], [-np.sin(yaw), 0, np.cos(yaw)]])
    rx = np.array([[1, 0, 0], [0, np.cos(pitch), -np.sin(pitch)], [0, np.sin(pitch), np.cos(pitch)]])
    rot = rz @ ry @ rx
    centre = np.array([qx + qs / 2, qy + qs / 2])  # the QR, not the phone, is what the user aims
    corners = np.array([[0, 0], [cw, 0], [cw, ch], [0, ch]], np.float64) - centre
    qr_corners = np.array([[qx, qy], [qx + qs, qy], [qx + qs, qy + qs], [qx, qy + qs]], np.float64) - centre

    def project(points: np.ndarray, offset: np.ndarray) -> np.ndarray:
        pts3 = np.c_[points, np.zeros(len(points))] @ rot.T
        pts3[:, 2] += distance
        return focal * pts3[:, :2] / pts3[:, 2:3] + offset

    qr_dst = project(qr_corners, np.zeros(2))
    lo, hi = qr_dst.min(axis=0), qr_dst.max(axis=0)
    margin = 8
    ox = rng.uniform(margin - lo[0], max(margin - lo[0], w - margin - hi[0]))
    oy = rng.uniform(margin - lo[1], max(margin - lo[1], h - margin - hi[1]))
    dst = project(corners, np.array([ox, oy]))
    matrix = cv2.getPerspectiveTransform((corners + centre).astype(np.float32), dst.astype(np.float32))
    warped = cv2.warpPerspective(card, matrix, (w, h), flags=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ch, cw), 255, np.uint8), matrix, (w, h), flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[:, :, None]
    return (warped * alpha + bg * (1 - alpha)).astype(np.uint8)


def _fits(module_frame: float, modules: int, h: int) -> float:
    return min(module_frame, 0.75 * h / (modules * 1.25))


def render(cls: str, resolution: str, index: int, *, seed: int = 0, tokens: list[str] | None = None) -> Sample:
    size = RESOLUTIONS[resolution]
    w, h = size
    rng = _rng(seed, cls, resolution, index)
    if cls == NOCODE_CLASS:
        return Sample(cls, resolution, index, _nocode_frame(size, rng, index), None)
    if cls not in CODE_CLASSES:
        raise ValueError(f"unknown class {cls!r}")
    tokens = tokens or card_tokens(seed=seed)
    text = tokens[index % len(tokens)]
    module_px = int(rng.integers(4, 11))
    card, qr_box = phone_card_image(text, module_px, rng, dark=cls == "inverted")
    if cls == "low_contrast":  # screen brightness turned right down
        lo, span = rng.uniform(60, 110), rng.uniform(16, 35)
        card = (lo + card.astype(np.float32) * (span / 255.0)).astype(np.uint8)
    if cls == "occlusion":
        _thumb(card, qr_box, module_px, rng)
    modules = qr_box[2] // module_px
    module_frame = _fits(rng.uniform(*_MODULE_RANGE[h]), modules, h)
    roll, yaw, pitch = rng.uniform(-5, 5), rng.uniform(-10, 10), rng.uniform(-10, 10)
    if cls == "perspective":
        yaw, pitch = rng.choice([-1, 1]) * rng.uniform(25, 50), rng.choice([-1, 1]) * rng.uniform(15, 40)
        module_frame = _fits(module_frame * 1.2, modules, h)
    elif cls == "rotation":
        roll = rng.choice([-1, 1]) * rng.uniform(25, 180)
    bg = _background(size, rng)
    if cls == "phone_screen":
        bg = (bg * rng.uniform(0.25, 0.5)).astype(np.uint8)
    frame = _project(card, bg, qr_box, module_px, module_frame, (roll, yaw, pitch), rng).astype(np.float32)
    frame = _camera(cls, frame, module_frame, rng)
    return Sample(cls, resolution, index, frame, text)


def _thumb(card: np.ndarray, qr_box: tuple[int, int, int], module_px: int, rng: np.random.Generator) -> None:
    """A fingertip over the code's lower edge, clear of the finder patterns: ~2–5 % of its area."""
    qx, qy, qs = qr_box
    quiet = 4 * module_px
    inner = qs - 2 * quiet
    area = rng.uniform(0.03, 0.07) * inner * inner
    rx = int(np.sqrt(area / np.pi * 1.6))
    ry = int(area / np.pi / max(rx, 1))
    cx = int(qx + quiet + inner * rng.uniform(0.4, 0.6))
    cy = int(qy + quiet + inner)  # centred on the edge: half of the ellipse lies on the code
    cv2.ellipse(card, (cx, cy), (rx, ry * 2), 0, 0, 360, (120, 150, 205), -1)


def _camera(cls: str, frame: np.ndarray, module_frame: float, rng: np.random.Generator) -> np.ndarray:
    """Webcam optics and sensor, plus the class's own trouble."""
    h, w = frame.shape[:2]
    if cls == "phone_screen":
        # A lit screen in a dim room: whites clip, blacks lift, the pixel grid beats with the sensor.
        frame = frame * rng.uniform(1.3, 1.8) + rng.uniform(30, 70)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        angle = rng.uniform(0, np.pi)
        period = rng.uniform(3.0, 7.0)
        moire = np.sin((xx * np.cos(angle) + yy * np.sin(angle)) * 2 * np.pi / period)
        frame = frame + (moire * rng.uniform(12, 28))[:, :, None]
    if cls == "glare":
        cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
        radius = rng.uniform(0.1, 0.25) * min(w, h)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        blob = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * radius**2))
        frame = frame + (blob * rng.uniform(140, 255))[:, :, None]
    sigma = 0.6
    if cls == "blur":
        sigma = module_frame * rng.uniform(0.3, 0.55)
        if rng.random() < 0.5:  # a shaking hand rather than focus
            length = max(3, int(module_frame * rng.uniform(0.8, 1.5)))
            kernel = np.zeros((length, length), np.float32)
            kernel[length // 2, :] = 1.0 / length
            rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), rng.uniform(0, 180), 1.0)
            kernel = cv2.warpAffine(kernel, rot, (length, length))
            frame = cv2.filter2D(frame, -1, kernel / max(kernel.sum(), 1e-6))
            sigma = 0.6
    frame = cv2.GaussianBlur(frame, (0, 0), sigma)
    noise_sigma = rng.uniform(20, 40) if cls == "noise" else rng.uniform(1.5, 4.0)
    frame = frame + rng.normal(0, noise_sigma, frame.shape).astype(np.float32)
    out = np.clip(frame, 0, 255).astype(np.uint8)
    if cls == "jpeg":
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(6, 20))])
        out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return out


def corpus(classes=CLASSES, resolutions=tuple(RESOLUTIONS), per_class: int = 10, *, seed: int = 0) -> Iterator[Sample]:
    tokens = card_tokens(seed=seed)
    for resolution in resolutions:
        for cls in classes:
            for index in range(per_class):
                yield render(cls, resolution, index, seed=seed, tokens=tokens)


def phone_frames(per_size: int = 3, *, seed: int = 0) -> Iterator[tuple[np.ndarray, str]]:
    """The card exactly as the phone renders it (no camera), at every module size 4–10 px."""
    tokens = card_tokens(seed=seed)
    for module_px in range(4, 11):
        for i in range(per_size):
            rng = _rng(seed, "phone", module_px, i)
            text = tokens[(module_px * per_size + i) % len(tokens)]
            yield phone_card_image(text, module_px, rng)[0], text


def write_corpus(folder: Path | str = Path(__file__).parent / "corpus", **kwargs) -> Path:
    """Write the corpus as PNGs plus `truth.json` (file name → text or null) for eyeballing."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for sample in corpus(**kwargs):
        cv2.imwrite(str(folder / f"{sample.name}.png"), sample.image)
        truth[f"{sample.name}.png"] = sample.text
    (folder / "truth.json").write_text(json.dumps(truth, indent=1, ensure_ascii=False))
    return folder


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="write the QR corpus to bench/corpus/")
    parser.add_argument("--per-class", type=int, default=3)
    parser.add_argument("--out", default=str(Path(__file__).parent / "corpus"))
    args = parser.parse_args()
    print(write_corpus(args.out, per_class=args.per_class))
