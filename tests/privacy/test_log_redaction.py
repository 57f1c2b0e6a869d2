import logging

import pytest

from desktop.privacy.log_redaction import PersonalDataFilter, configure_logging, looks_personal, redact


@pytest.fixture
def file_log(tmp_path):
    previous_level = logging.getLogger().level
    handler = configure_logging(tmp_path, level=logging.DEBUG)
    assert configure_logging(tmp_path) is handler  # idempotent
    yield tmp_path / "logs" / "furusato-field.log"
    logging.getLogger().removeHandler(handler)
    logging.getLogger().setLevel(previous_level)
    handler.close()


def test_real_log_output_is_scrubbed(file_log):
    log = logging.getLogger("desktop.some.module")
    log.warning("check-in for %s born %s, phone %s, mail %s, 〒%s", "山田 太郎", "1990-04-01",
                "090-1234-5678", "taro.yamada@example.jp", "942-1526")
    log.info("details %s", {"name": "山田 太郎", "address": "1-2-3", "birth_date": "1990-04-01"})
    log.info("card eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln scanned")
    log.info("full-width ０９０－１２３４－５６７８ and 平成2年4月1日 and 1990年4月1日")
    try:
        raise ValueError("bad phone 03-1234-5678 for name='山田 太郎'")
    except ValueError:
        log.exception("sync failed at 2026-11-22T10:00:00+09:00 after 3 tries")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = file_log.read_text("utf-8")
    for secret in ["山田", "1990-04-01", "090-1234-5678", "1234", "taro.yamada", "942-1526", "1-2-3",
                   "eyJhbGci", "平成2年", "1990年"]:
        assert secret not in text, secret
    assert "[PHONE]" in text and "[EMAIL]" in text and "[DATE]" in text and "[TOKEN]" in text
    assert "2026-11-22T10:00:00+09:00" in text  # timestamps are not birth dates
    assert "ValueError" in text and "sync failed" in text


def test_refusing_mode_drops_records():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "mail %s", ("a@b.jp",), None)
    assert PersonalDataFilter(refuse=True).filter(record) is False
    clean = logging.LogRecord("x", logging.INFO, __file__, 1, "synced %d records", (12,), None)
    assert PersonalDataFilter(refuse=True).filter(clean) is True and clean.getMessage() == "synced 12 records"


def test_ordinary_messages_survive():
    for text in ["synced 500 records in 1.2 s", "outbox seq 42 rejected: gap", "activity demo-jichikai opened",
                 "HTTP 503 from https://central.example/v1/records, retry in 4.0 s"]:
        assert redact(text) == text and not looks_personal(text)


def test_bad_format_args_do_not_leak():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "two %s %s", ("taro@example.jp",), None)
    assert PersonalDataFilter().filter(record)
    assert "taro" not in record.getMessage()


def test_logging_follows_the_data_folder(tmp_path):
    root_logger = logging.getLogger()
    previous_level = root_logger.level
    first = configure_logging(tmp_path / "a", level=logging.DEBUG)
    try:
        second = configure_logging(tmp_path / "b", level=logging.DEBUG)
        ours = [h for h in root_logger.handlers if h.get_name() == first.get_name()]
        assert ours == [second] and second is not first
        logging.getLogger("desktop.test").warning("station b only")
        second.flush()
        assert "station b only" in (tmp_path / "b" / "logs" / "furusato-field.log").read_text("utf-8")
        assert "station b only" not in (tmp_path / "a" / "logs" / "furusato-field.log").read_text("utf-8")
    finally:
        for handler in [h for h in root_logger.handlers if h.get_name() == first.get_name()]:
            root_logger.removeHandler(handler)
            handler.close()
        root_logger.setLevel(previous_level)
