"""A station with N records in one activity (10 days × N/10), built fast but in the real shapes.

    python bench/scale_ledger.py --records 100000   (bench_scale.py builds what it needs itself)

Built with bulk inserts rather than N check-ins one by one, but every row is what a check-in
writes: each record comes from the ledger's own `prepare` (canonical payload, SHA-256 chain,
Ed25519 signature, sealed details under the station's data key, search-index rows), attendance
rows go through the triggers that keep the counters, and the outbox says what was synced. The
people: a tenth of N, each at every day of the activity; 90 % came with a card (a real card token
signed by a platform key the station trusts, its name in the details), 10 % were written down by
hand (full details: name, kana, birth date, address, e-mail, phone). One check-in in 200 is
cancelled by a cancel record. Days before the last are synced (outbox `sent`), the last day is
pending. Folders are cached under bench/out/ and reused while their build file matches.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from desktop import first_run, paths  # noqa: E402
from desktop.privacy import key_store  # noqa: E402
from desktop.station import Station  # noqa: E402
from desktop.store import search_index  # noqa: E402
from desktop.store.db import raw_write_transaction  # noqa: E402
from furusato.activity import JST, Activity, ActivityKind  # noqa: E402
from furusato.card_token import issue_card  # noqa: E402
from furusato.keys import KeySet, generate_key, load_private_key, save_jwks, save_private_key  # noqa: E402
from furusato.ledger_record import GENESIS  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
ACTIVITY_ID = "scale-matsuri"
DAYS = 10
BATCH = 20_000
FORMAT = 4  # bump when the shape of a built folder changes

SURNAMES = [("佐藤", "サトウ"), ("鈴木", "スズキ"), ("高橋", "タカハシ"), ("田中", "タナカ"), ("伊藤", "イトウ"),
            ("渡辺", "ワタナベ"), ("山本", "ヤマモト"), ("中村", "ナカムラ"), ("小林", "コバヤシ"), ("加藤", "カトウ"),
            ("吉田", "ヨシダ"), ("山田", "ヤマダ"), ("佐々木", "ササキ"), ("山口", "ヤマグチ"), ("松本", "マツモト"),
            ("井上", "イノウエ"), ("木村", "キムラ"), ("林", "ハヤシ"), ("斎藤", "サイトウ"), ("清水", "シミズ"),
            ("山崎", "ヤマザキ"), ("森", "モリ"), ("池田", "イケダ"), ("橋本", "ハシモト"), ("阿部", "アベ"),
            ("石川", "イシカワ"), ("山下", "ヤマシタ"), ("中島", "ナカジマ"), ("石井", "イシイ"), ("小川", "オガワ"),
            ("前田", "マエダ"), ("岡田", "オカダ"), ("長谷川", "ハセガワ"), ("藤田", "フジタ"), ("後藤", "ゴトウ"),
            ("近藤", "コンドウ"), ("村上", "ムラカミ"), ("遠藤", "エンドウ"), ("青木", "アオキ"), ("坂本", "サカモト")]
GIVEN = [("太郎", "タロウ"), ("花子", "ハナコ"), ("一郎", "イチロウ"), ("次郎", "ジロウ"), ("美咲", "ミサキ"),
         ("翔太", "ショウタ"), ("陽菜", "ヒナ"), ("大輔", "ダイスケ"), ("由美", "ユミ"), ("健太", "ケンタ"),
         ("さくら", "サクラ"), ("拓也", "タクヤ"), ("愛", "アイ"), ("蓮", "レン"), ("結衣", "ユイ"),
         ("悠真", "ユウマ"), ("葵", "アオイ"), ("直樹", "ナオキ"), ("恵", "メグミ"), ("誠", "マコト"),
         ("裕子", "ユウコ"), ("和也", "カズヤ"), ("千尋", "チヒロ"), ("勇気", "ユウキ"), ("七海", "ナナミ"),
         ("修", "オサム"), ("明美", "アケミ"), ("亮", "リョウ"), ("舞", "マイ"), ("浩二", "コウジ")]


def person_name(index: int) -> tuple[str, str]:
    surname, surname_kana = SURNAMES[(index + index // 10) % len(SURNAMES)]
    given, given_kana = GIVEN[(index // len(SURNAMES)) % len(GIVEN)]
    return f"{surname} {given}", f"{surname_kana} {given_kana}"


def scale_activity(last_day: date) -> Activity:
    first = last_day - timedelta(days=DAYS - 1)
    return Activity(
        id=ACTIVITY_ID, title="大地の芸術祭 ボランティア受付", kind=ActivityKind.DESIGNATED_PROJECT,
        designating_lg="152102", venue_lg="152102",
        starts_at=datetime.combine(first, clock_time(7, 0), JST), ends_at=datetime.combine(last_day, clock_time(21, 0), JST),
        content="会場案内・受付・清掃", place="十日町市 各会場", source="demo",
    )


def folder_for(records: int) -> Path:
    return OUT / f"scale-{records}"


def platform_key_file(folder: Path) -> Path:
    return folder / "bench_platform_key.pem"


def platform_key(folder: Path):
    return load_private_key(platform_key_file(folder))


def _people(station: Station, count: int, platform, noon: datetime) -> list[tuple[str, dict]]:
    """(person key, details) for each person, as a card scan or the hand-entry form would record them."""
    people = []
    iat = int(noon.timestamp()) - 30 * 86400
    for i in range(count):
        name, kana = person_name(i)
        if i % 10 == 9:
            born = date(1940, 1, 1) + timedelta(days=(i // 10) % 25_000)  # one person per name and date
            details = {
                "name": name, "name_kana": kana, "birth_date": born.isoformat(), "postal_code": "9420000",
                "lg_code": "152102", "address_prefix": "新潟県十日町市", "address": f"本町{i % 9 + 1}-{i % 50 + 1}",
                "email": f"volunteer{i}@example.jp", "phone": f"+8190{i % 10_000:04d}{(i * 7) % 10_000:04d}",
                "gender": None, "conditions": None, "accepted_at": None, "guardian_consent": None, "minor": False,
            }
            people.append((station.manual_person_key(name, born), details))
        else:
            sub = f"scale-{i:07d}"
            token = issue_card(platform, iss="https://platform.test", sub=sub, name=name, iat=iat, days=365)
            people.append((f"card:{sub}", {"name": name, "token": token}))
    return people


def build(records: int, last_day: date) -> Path:
    """The station folder for `records`, built now unless a matching one is cached."""
    folder = folder_for(records)
    info = {"format": FORMAT, "records": records, "last_day": last_day.isoformat()}
    marker = folder / "build.json"
    if marker.exists() and json.loads(marker.read_text()) == info:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    platform = generate_key()
    save_jwks(paths.trusted_keys_file(folder), KeySet.of(platform).to_jwks())
    save_private_key(platform, platform_key_file(folder), None)  # the bench issues more cards later
    noon = datetime.combine(last_day, clock_time(12, 0), JST)
    station = Station.open(folder, now=noon, data_key=key_store.create(folder))
    try:
        station.activities.upsert(scale_activity(last_day))
        first_run.choose_demo(station, noon)  # a station in use: the window opens on the picker
        _fill(station, records, last_day, platform)
    finally:
        station.close()
    marker.write_text(json.dumps(info))
    return folder


def _fill(station: Station, records: int, last_day: date, platform) -> None:
    per_day = max(1, records // DAYS)
    noon = datetime.combine(last_day, clock_time(12, 0), JST)
    started = time.perf_counter()
    people = _people(station, per_day, platform, noon)
    print(f"  {records:,}: {len(people):,} people in {time.perf_counter() - started:.0f} s", flush=True)
    ledger = station.ledger
    seq, prev = 0, GENESIS
    rows: dict[str, list] = {k: [] for k in ("ledger", "details", "outbox", "attendance", "search", "cancel")}
    step = timedelta(seconds=12 * 3600 / per_day)

    def append(record_type, activity, day, at, person, details, extra, state):
        nonlocal seq, prev
        seq += 1
        prepared = ledger.prepare(seq, prev, record_type, activity, day, at, person, details, extra)
        prev = prepared.appended.hash
        rows["ledger"].append(prepared.ledger_row)
        if prepared.details_row is not None:
            rows["details"].append(prepared.details_row)
        rows["search"].extend(prepared.search_rows)
        answered = None if state == "pending" else (at + timedelta(hours=1)).isoformat()
        rows["outbox"].append((seq, state, 1 if answered else 0, answered))
        return prepared.appended

    for n in range(records):
        day = last_day - timedelta(days=DAYS - 1 - n // per_day) if n // per_day < DAYS else last_day
        index = n % per_day
        at = datetime.combine(day, clock_time(8, 0), JST) + step * index + timedelta(microseconds=n % 1000)
        person, details = people[index]
        state = "pending" if day == last_day else "sent"
        extra = ({"card": {"iss": "https://platform.test", "iat": 0, "exp": 0, "token_sha256": "0" * 64}}
                 if person.startswith("card:") else {"manual": {"accepted_at": None, "guardian_consent": None,
                                                                "minor": False}})
        appended = append("checkin", ACTIVITY_ID, day, at, person, details, extra, state)
        rows["attendance"].append((appended.record_id, ACTIVITY_ID, day.isoformat(), person, at.isoformat(), "active"))
        if n % 200 == 199:
            cancel = append("cancel", ACTIVITY_ID, day, at + timedelta(minutes=5), person, None,
                            {"ref": appended.record_id, "reason": "二重受付"}, state)
            rows["cancel"].append((cancel.record_id, "二重受付", appended.record_id))
        if len(rows["ledger"]) >= BATCH or n == records - 1:
            _write(station, rows)
            for values in rows.values():
                values.clear()
            print(f"  {records:,}: {seq:,} ledger records ({time.perf_counter() - started:.0f} s)", flush=True)


def _write(station: Station, rows: dict[str, list]) -> None:
    with raw_write_transaction(station.engine) as db:
        db.executemany("INSERT INTO ledger (seq, record_id, type, activity_id, day, person_key, recorded_at, payload, "
                       "hash, sig) VALUES (:seq, :record_id, :type, :activity_id, :day, :person_key, :recorded_at, "
                       ":payload, :hash, :sig)", rows["ledger"])
        db.executemany("INSERT INTO personal_details (record_id, details) VALUES (:record_id, :details)", rows["details"])
        db.executemany("INSERT INTO outbox (seq, state, attempts, answered_at) VALUES (?, ?, ?, ?)", rows["outbox"])
        db.executemany("INSERT INTO attendance (record_id, activity_id, day, person_key, entry_at, status) "
                       "VALUES (?, ?, ?, ?, ?, ?)", rows["attendance"])
        db.executemany("UPDATE attendance SET status = 'cancelled', changed_by = ?, reason = ? WHERE record_id = ?",
                       rows["cancel"])
        db.executemany(search_index.INSERT_SQL, rows["search"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    folder = build(args.records, datetime.now(JST).date())
    print(folder)


if __name__ == "__main__":
    main()
