"""The check-in path run until it is killed: prints `ACK <record_id>` only after each commit returned.

Run by test_crash.py as `python crash_child.py DATA_DIR ROUND`; the test kills it with SIGKILL at
a random moment and then checks that every acknowledged record survived.
"""

import os
import sys
from datetime import datetime

from desktop.checkin import CheckinService
from desktop.station import Station
from furusato.activity import JST

data_dir, round_no = sys.argv[1], int(sys.argv[2])
at = datetime(2026, 11, 22, 10, 0, tzinfo=JST)
station = Station.open(data_dir, now=at)
service = CheckinService(station)
# One write(2) per line: a pipe write under PIPE_BUF bytes is atomic, so a kill never tears a line.
os.write(1, b"READY\n")
n = 0
while True:
    n += 1
    record = {
        "name": f"試験 {round_no}-{n}",
        "postal_code": "9421526",
        "address": f"{n}",
        "birth_date": "1990-04-01",
        "email": f"p{round_no}x{n}@example.jp",
        "phone": "090-1234-5678",
    }
    result = service.check_in_manual("demo-jichikai", record, at)
    if result.record_id:
        os.write(1, f"ACK {result.record_id}\n".encode())
