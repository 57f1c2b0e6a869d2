from __future__ import annotations

import threading
import time

from desktop.scanner.camera import CameraSource
from desktop.scanner.capture_worker import CaptureWorker
from desktop.scanner.debounce import Debouncer
from desktop.scanner.frame_source import SourceStatus
from desktop.scanner.replay import ReplaySource


def wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


class Recorder:
    def __init__(self):
        self.codes, self.statuses, self.frames = [], [], 0
        self.lock = threading.Lock()

    def on_code(self, text):
        with self.lock:
            self.codes.append(text)

    def on_status(self, status, code):
        with self.lock:
            self.statuses.append((status, code))

    def on_frame(self, frame):
        self.frames += 1

    def worker(self, source, **kwargs):
        return CaptureWorker(source, on_code=self.on_code, on_status=self.on_status, on_frame=self.on_frame, **kwargs)


def test_replayed_card_gives_one_code(frame_folder):
    folder, text = frame_folder
    rec = Recorder()
    worker = rec.worker(ReplaySource(folder, loop=True, fps=20))
    worker.start()
    try:
        assert wait_for(lambda: rec.codes)
        time.sleep(1.0)  # the card stays in the looping replay: still one code
    finally:
        worker.stop()
    assert rec.codes == [text]
    assert rec.frames == worker.stats.captured > 0
    assert (SourceStatus.STOPPED, "capture_stopped") in rec.statuses


def test_replay_to_the_end(frame_folder):
    folder, text = frame_folder
    rec = Recorder()
    worker = rec.worker(ReplaySource(sorted(folder.glob("*.png")), fps=50))
    worker.start()
    assert worker.wait_idle(20)
    assert rec.codes == [text]
    assert (SourceStatus.ENDED, "replay_ended") in rec.statuses


class PluggableCamera:
    """Stands in for the physical webcam: a VideoCapture look-alike over the real replay source,
    whose cable the test pulls and puts back."""

    def __init__(self, folder):
        self.folder = folder
        self.plugged = True
        self.opens = 0

    def factory(self, index):
        self.opens += 1
        return _FakeCapture(self)


class _FakeCapture:
    def __init__(self, device):
        self.device = device
        self.opened = device.plugged
        self.replay = ReplaySource(device.folder, loop=True, fps=30)
        self.replay.open()

    def isOpened(self):  # noqa: N802 — VideoCapture's name
        return self.opened

    def set(self, prop, value):
        return True

    def read(self):
        if not (self.opened and self.device.plugged):
            return False, None
        frame = self.replay.read()
        return (frame is not None), (frame.image if frame else None)

    def release(self):
        self.opened = False


def test_camera_unplug_and_replug_is_survived(frame_folder):
    folder, text = frame_folder
    device = PluggableCamera(folder)
    source = CameraSource(0, factory=device.factory, retry_initial=0.05, retry_max=0.2, failures_before_lost=3)
    rec = Recorder()
    worker = rec.worker(source, debouncer=Debouncer(holdoff_s=0.5))
    worker.start()
    try:
        assert wait_for(lambda: len(rec.codes) == 1)
        device.plugged = False
        assert wait_for(lambda: (SourceStatus.LOST, "camera_lost") in rec.statuses)
        assert wait_for(lambda: (SourceStatus.UNAVAILABLE, "camera_unavailable") in rec.statuses)
        captured_while_out = worker.stats.captured
        time.sleep(0.8)  # longer than the hold-off: the card will count again after the replug
        assert worker.stats.captured == captured_while_out
        assert worker.is_alive()
        device.plugged = True
        assert wait_for(lambda: len(rec.codes) == 2)
    finally:
        worker.stop()
    statuses = [s for s, _ in rec.statuses]
    last_lost = max(i for i, s in enumerate(statuses) if s == SourceStatus.LOST)
    assert SourceStatus.LIVE in statuses[last_lost:]
    assert rec.codes == [text, text]
    assert device.opens >= 3


class FaultySource:
    """The real replay source, but whose read raises for a while (a driver bug)."""

    def __init__(self, inner, fail_from, fail_count):
        self.inner, self.fail_from, self.fail_count = inner, fail_from, fail_count
        self.description = "faulty " + inner.description
        self.reads = 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    @property
    def finished(self):
        return self.inner.finished

    def read(self):
        self.reads += 1
        if self.fail_from <= self.reads < self.fail_from + self.fail_count:
            raise OSError("device went away")
        return self.inner.read()


def test_source_that_raises_is_survived(frame_folder):
    folder, text = frame_folder
    rec = Recorder()
    source = FaultySource(ReplaySource(sorted(folder.glob("*.png")) * 2, fps=50), fail_from=2, fail_count=3)
    worker = rec.worker(source)
    worker.start()
    assert worker.wait_idle(20)
    assert [s for s in rec.statuses if s == (SourceStatus.LOST, "source_error")] == [(SourceStatus.LOST, "source_error")] * 3
    assert rec.codes == [text]  # frames after the fault were still captured and decoded


def test_slow_decoder_drops_frames_instead_of_queuing(frame_folder):
    folder, _ = frame_folder
    seen = []

    def slow_decode(image):
        seen.append(image.shape)
        time.sleep(0.05)
        return None

    rec = Recorder()
    worker = rec.worker(ReplaySource(sorted(folder.glob("*.png")) * 5), decode=slow_decode)
    worker.start()
    assert worker.wait_idle(30)
    stats = worker.stats
    assert stats.captured == 40
    assert stats.dropped > 0
    assert stats.decoded + stats.dropped == stats.captured == len(seen) + stats.dropped
