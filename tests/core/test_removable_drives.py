"""Listing USB sticks: lsblk's JSON as util-linux prints it (old and new forms), the folders desktops
mount sticks under, macOS's /Volumes — on real folders in tmp_path, and this machine's own lsblk."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from desktop import removable_drives as rd

# util-linux 2.38 (Debian 12): booleans; a stick with one partition, a laptop disk, a card reader.
LSBLK_NEW = """{
   "blockdevices": [
      {"name":"sda", "rm":true, "mountpoint":null, "hotplug":true, "label":null,
         "children": [
            {"name":"sda1", "rm":true, "mountpoint":"/media/operator/FURUSATO", "hotplug":true, "label":"FURUSATO"}
         ]
      },
      {"name":"nvme0n1", "rm":false, "mountpoint":null, "hotplug":false, "label":null,
         "children": [
            {"name":"nvme0n1p1", "rm":false, "mountpoint":"/boot/efi", "hotplug":false, "label":null},
            {"name":"nvme0n1p2", "rm":false, "mountpoint":"/", "hotplug":false, "label":null},
            {"name":"nvme0n1p3", "rm":false, "mountpoint":"[SWAP]", "hotplug":false, "label":null}
         ]
      },
      {"name":"mmcblk0", "rm":false, "mountpoint":null, "hotplug":true, "label":null,
         "children": [
            {"name":"mmcblk0p1", "rm":false, "mountpoint":"/run/media/operator/SD CARD", "hotplug":false, "label":"SD CARD"}
         ]
      },
      {"name":"sr0", "rm":true, "mountpoint":null, "hotplug":true, "label":null}
   ]
}"""
# util-linux 2.33–2.36 (Debian 10/11, Ubuntu 20.04): "0"/"1" strings; a stick mounted without a label.
LSBLK_OLD = """{"blockdevices": [
   {"name": "sdb", "rm": "1", "mountpoint": "/mnt/usb", "hotplug": "1", "label": null},
   {"name": "sda", "rm": "0", "mountpoint": null, "hotplug": "0", "label": null,
    "children": [{"name": "sda1", "rm": "0", "mountpoint": "/", "hotplug": "0", "label": null}]}
]}"""


def test_lsblk_output_new_and_old():
    assert rd.parse_lsblk(LSBLK_NEW) == [
        rd.Drive(Path("/media/operator/FURUSATO"), "FURUSATO"),
        rd.Drive(Path("/run/media/operator/SD CARD"), "SD CARD"),
    ]
    assert rd.parse_lsblk(LSBLK_OLD) == [rd.Drive(Path("/mnt/usb"), "usb")]


@pytest.mark.parametrize("text", ["", "not json", "[]", '{"blockdevices": null}', '{"blockdevices": [1, "x", null]}',
                                  json.dumps({"blockdevices": [{"children": "nope", "rm": True}]}),
                                  "[" * 100 + "]" * 100])
def test_lsblk_output_that_is_not_what_we_expect_lists_nothing(text):
    assert rd.parse_lsblk(text) == []


def test_this_machines_lsblk_runs_and_its_answer_parses():
    if shutil.which("lsblk") is None:
        pytest.skip("no lsblk here")
    drives = rd._lsblk()  # whatever is plugged in: no disk the system runs from
    assert all(d.path != Path("/") and not str(d.path).startswith("/boot") for d in drives)


def test_media_folders_are_drives_and_the_per_user_folder_is_not(tmp_path):
    media = tmp_path / "media"
    user = media / "operator"
    (user / "FURUSATO").mkdir(parents=True)
    (user / "ANOTHER").mkdir()
    (media / "DIRECT").mkdir()  # some systems mount sticks straight under /media
    (user / "a-file").write_text("not a drive")
    run_media = tmp_path / "run-media" / "operator"
    (run_media / "SD CARD").mkdir(parents=True)
    found = rd.linux_drives([user, run_media, media], use_lsblk=False)
    assert [d.label for d in found] == ["ANOTHER", "FURUSATO", "SD CARD", "DIRECT"]
    assert all(d.path.is_dir() for d in found)
    assert rd.linux_drives([tmp_path / "nowhere"], use_lsblk=False) == []


def test_volumes_on_macos_leave_the_start_up_disk_out(tmp_path):
    volumes = tmp_path / "Volumes"
    (volumes / "FURUSATO").mkdir(parents=True)
    (volumes / "Macintosh HD").symlink_to("/")
    assert rd.macos_drives(volumes) == [rd.Drive(volumes / "FURUSATO", "FURUSATO")]
    assert rd.macos_drives(tmp_path / "none") == []


@pytest.mark.skipif(sys.platform != "win32", reason="GetDriveTypeW exists on Windows only")
def test_windows_lists_removable_letters_only():
    assert all(len(str(d.path)) == 3 and str(d.path)[1:] == ":\\" for d in rd.windows_drives())


def test_listing_never_raises(monkeypatch):
    def broken(*_args, **_kwargs):
        raise OSError("odd platform")

    monkeypatch.setattr(rd, "linux_drives", broken)
    monkeypatch.setattr(rd, "macos_drives", broken)
    monkeypatch.setattr(rd, "windows_drives", broken)
    assert rd.list_drives() == []
