"""Running a real command as users' scripts do, and reading its peak memory (ru_maxrss of that one
child, from wait4) along with its exit code, stdout and stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Done:
    returncode: int
    stdout: str
    stderr: str
    peak_mb: float

    def json(self) -> list:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


# The command is started by a small Python process and measured from there: a child forked from the
# test process would count the test's own memory (everything it holds) in its peak before exec.
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "sys.stderr.write('\\n@@peak_kb=%d\\n' % resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def run(module: str, *args: str, stdin: bytes | None = None, env: dict | None = None, timeout: float = 600) -> Done:
    """`python -m <module> ARGS...` (desktop or central)."""
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, "-c", _LAUNCHER, sys.executable, "-m", module, *map(str, args)],
                          cwd=ROOT, env=environ, input=stdin if stdin is not None else b"", capture_output=True,
                          timeout=timeout)
    stderr = done.stderr.decode("utf-8", "replace")
    stderr, _, peak = stderr.rpartition("\n@@peak_kb=")
    return Done(done.returncode, done.stdout.decode("utf-8", "replace"), stderr, int(peak.strip() or 0) / 1024)
