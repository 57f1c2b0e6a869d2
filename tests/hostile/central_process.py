"""The central as an operator runs it: `python -m central --db URL serve` in a process of its own, so
its memory peak (VmHWM of every process of it) and everything it writes to stderr can be read."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.central.server import free_port

ROOT = Path(__file__).resolve().parents[2]


class CentralProcess:
    def __init__(self, db_url: str, log_dir: Path, *, workers: int | None = None,
                 env: dict[str, str] | None = None, extra_args: list[str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.stderr_path = Path(log_dir) / f"central-{self.port}.stderr"
        args = [sys.executable, "-m", "central", "--db", db_url, "serve", "--port", str(self.port)]
        if workers:
            args += ["--workers", str(workers)]
        args += extra_args or []
        environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
        self._stderr = self.stderr_path.open("wb")
        self.proc = subprocess.Popen(args, cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=self._stderr,
                                     start_new_session=True)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(self.url + "/v1/keys", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the central did not start: {self.stderr()[-2000:]}")
            time.sleep(0.1)

    def pids(self) -> list[int]:
        """The server process and its children (uvicorn's workers)."""
        found = [self.proc.pid]
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("PPid:") and int(line.split()[1]) in found:
                    found.append(int(pid))
        return found

    def peak_rss_mb(self) -> float:
        """The highest VmHWM (peak resident set) among the server's processes, in MB."""
        peak = 0
        for pid in self.pids():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
            except OSError:
                continue
        return peak / 1024

    def stderr(self) -> str:
        if not self._stderr.closed:
            self._stderr.flush()
        return self.stderr_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._stderr.close()
