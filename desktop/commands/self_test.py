"""`furusato-field self-test`: proves an installation (or a frozen bundle) is complete.

It opens the database, reads every shipped data file, builds the real main window offscreen and
decodes a generated QR code, so a missing library, plugin or data file fails here and not at a
folding table in the snow.
"""

from __future__ import annotations

NAME = "self-test"
HELP = "check the installation: database, data files, window, decoder (JSON)"


def configure(parser) -> None:
    pass


def run(args) -> int:
    import os
    import time

    from desktop.commands.output import EXIT_OK, EXIT_REFUSED, emit

    started = time.perf_counter()
    checks: dict[str, object] = {}
    problems: list[str] = []

    def check(name, fn):
        try:
            checks[name] = fn()
        except Exception as exc:  # a self-test reports every failure rather than stopping at the first
            checks[name] = False
            problems.append(f"{name}: {type(exc).__name__}: {exc}")

    station_holder = {}

    def database():
        from desktop import paths
        from desktop.station import Station
        from desktop.store.db import integrity_ok

        station = Station.open(args.data_dir)
        station_holder["station"] = station
        return {"activities": len(station.activities.all()), "integrity": integrity_ok(paths.database_file(station.root))}

    def data_files():
        from desktop import demo_card
        from furusato import lgcodes, postal

        return {"local_governments": len(lgcodes.all_local_governments()), "postal_sample": bool(postal.lookup("1000001")),
                "demo_key": demo_card.DEMO_KID in demo_card.demo_keys()}  # the README's first scan needs it

    def window():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from desktop.ui.app import build_offscreen_window

        title = build_offscreen_window(station_holder.get("station"))
        return {"title": title}

    def decoder():
        import numpy as np
        import segno

        from desktop.scanner.decode_strategy import decode_frame

        text = "FURUSATO-SELF-TEST"
        matrix = np.array(segno.make(text, error="m", micro=False).matrix, dtype=np.uint8)
        image = np.kron(1 - matrix, np.ones((6, 6), dtype=np.uint8)) * 255
        image = np.pad(image, 40, constant_values=255)
        return decode_frame(image) == text

    check("database", database)
    check("data_files", data_files)
    check("window", window)
    check("decoder", decoder)
    if "station" in station_holder:
        station_holder["station"].close()
    ok = not problems and all(v is not False for v in checks.values())
    emit({"ok": ok, **checks, "problems": problems, "seconds": round(time.perf_counter() - started, 3)})
    return EXIT_OK if ok else EXIT_REFUSED
