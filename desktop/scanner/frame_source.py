"""What the capture worker reads from: a camera, or frames replayed from files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import numpy as np


@dataclass(frozen=True, slots=True)
class Frame:
    """One captured image. Shared, never copied, between preview and decoder: do not modify it."""

    image: np.ndarray  # BGR (or grey) uint8
    timestamp: float  # time.monotonic() when it was read
    index: int


class SourceStatus(StrEnum):
    OPENING = "opening"
    LIVE = "live"
    LOST = "lost"  # was delivering, stopped (unplugged); a retry is scheduled
    UNAVAILABLE = "unavailable"  # could not be opened; a retry is scheduled
    ENDED = "ended"  # a replay ran out of frames
    STOPPED = "stopped"


# (status, message_code): message codes are stable identifiers the UI translates, never prose.
StatusListener = Callable[[SourceStatus, str], None]


class FrameSource(Protocol):
    description: str

    def open(self) -> bool: ...

    def read(self) -> Frame | None:
        """The next frame, or None when none is available right now (never raises)."""

    def close(self) -> None: ...

    @property
    def finished(self) -> bool:
        """True once the source will never deliver another frame."""

    def set_status_listener(self, listener: StatusListener | None) -> None: ...
