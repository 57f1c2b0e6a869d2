"""Writes resources/sounds/*.wav: short sine tones, one per outcome class (no downloads).

recorded: a bright rising two-note chime; duplicate: one middle double beep; refused: a low buzz.
Run: python tools/make_sounds.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "resources" / "sounds"

# (frequency Hz or 0 for silence, seconds) segments
TONES = {
    "recorded.wav": [(880, 0.09), (0, 0.02), (1320, 0.16)],
    "duplicate.wav": [(660, 0.12), (0, 0.06), (660, 0.12)],
    "refused.wav": [(220, 0.35)],
}


def _samples(segments, square: bool = False):
    for freq, seconds in segments:
        count = int(RATE * seconds)
        for i in range(count):
            if freq == 0:
                yield 0.0
                continue
            envelope = min(1.0, i / (RATE * 0.005), (count - i) / (RATE * 0.01))
            value = math.sin(2 * math.pi * freq * i / RATE)
            if square:
                value = 0.6 * math.copysign(1.0, value) + 0.4 * value
            yield 0.5 * envelope * value


def write(name: str, segments) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / name
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        data = b"".join(struct.pack("<h", int(v * 32767)) for v in _samples(segments, name == "refused.wav"))
        out.writeframes(data)
    return path


def main() -> None:
    for name, segments in TONES.items():
        print(write(name, segments))


if __name__ == "__main__":
    main()
