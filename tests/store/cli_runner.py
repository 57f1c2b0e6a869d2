"""Runs `python -m desktop` as a real process, the way users' scripts do."""

import json
import subprocess
import sys


def run_cli(data_dir, *args, stdin=None, env=None):
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "--data-dir", str(data_dir), *map(str, args)],
        capture_output=True, text=True, input=stdin, timeout=120, env=env,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, lines, done.stderr
