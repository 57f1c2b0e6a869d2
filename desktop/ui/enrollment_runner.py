"""Enrolment (desktop.first_run.enroll_station) on a thread of its own; the answer comes back as a signal.

Not on the station's single check-in worker: a central that takes its 30 s to answer must not
hold up a scan queued behind it. After `stop()` nothing is emitted, so an answer arriving while
the window closes never reaches a page that is being deleted.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from desktop import first_run
from desktop.first_run import EnrollmentAttempt
from furusato.enrollment_qr import EnrollmentQr

log = logging.getLogger(__name__)


class EnrollmentRunner(QObject):
    finished = Signal(object)  # EnrollmentAttempt, queued into the GUI thread

    def __init__(self, station, parent=None):
        super().__init__(parent)
        self.station = station
        self._lock = threading.Lock()
        self._stopped = False
        self._busy = False  # cleared before the answer is emitted, so its slot may start the next one
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._busy

    def start(self, request: EnrollmentQr, *, ca_file: str | None = None) -> bool:
        """False (and nothing started) while an enrolment is still under way or after stop()."""
        with self._lock:
            if self._stopped or self._busy:
                return False
            self._busy = True
            self._thread = threading.Thread(target=self._run, args=(request, ca_file), name="enrollment",
                                            daemon=True)
            self._thread.start()
        return True

    def _run(self, request: EnrollmentQr, ca_file: str | None) -> None:  # on the enrolment thread
        try:
            attempt = first_run.enroll_station(self.station, request, ca_file=ca_file)
        except Exception:  # a disk or database fault: reported on the screen, the window lives on
            log.exception("enrolment failed")
            attempt = EnrollmentAttempt(reason=first_run.FAILED)
        log.info("enrolment ended: %s", "enrolled" if attempt.ok else attempt.reason)
        with self._lock:
            self._busy = False
            if not self._stopped:
                self.finished.emit(attempt)

    def wait(self, timeout: float = 30.0) -> bool:
        """True when no enrolment thread is left after `timeout`."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def stop(self, timeout: float = 5.0) -> bool:
        """No answer is emitted from now on; True when no enrolment is still running after `timeout`."""
        with self._lock:
            self._stopped = True
        return self.wait(timeout)
