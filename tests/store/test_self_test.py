from tests.store.cli_runner import run_cli


def test_self_test_reports_every_part_ok(tmp_path):
    code, (report,), _ = run_cli(tmp_path, "self-test")
    assert code == 0 and report["ok"] is True and report["problems"] == []
    assert report["database"] == {"activities": 4, "integrity": True}
    assert report["data_files"]["local_governments"] > 1900 and report["decoder"] is True
    assert report["data_files"]["demo_key"] is True
    assert report["window"]["title"].startswith("ふるさと住民登録")
