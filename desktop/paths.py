"""Every path the station writes to is resolved here, so tests and portable installs can move them."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "furusato-field"
HOME_ENV = "FURUSATO_FIELD_HOME"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--data-dir` wins, then $FURUSATO_FIELD_HOME, then the platform's user data folder."""
    if explicit:
        chosen = Path(explicit)
    elif os.environ.get(HOME_ENV):
        chosen = Path(os.environ[HOME_ENV])
    else:
        import platformdirs

        chosen = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    chosen = chosen.expanduser().resolve()
    chosen.mkdir(parents=True, exist_ok=True)
    return chosen


def database_file(root: Path) -> Path:
    return root / "station.sqlite3"


def backups_dir(root: Path) -> Path:
    path = root / "backups"
    path.mkdir(exist_ok=True)
    return path


def logs_dir(root: Path) -> Path:
    path = root / "logs"
    path.mkdir(exist_ok=True)
    return path


def trusted_keys_file(root: Path) -> Path:
    """Platform card-signing keys (JWKS) the station trusts offline."""
    return root / "trusted_keys.jwks.json"


def revocations_file(root: Path) -> Path:
    """Card subjects revoked as of the last pull from the central."""
    return root / "revoked_subjects.json"


def device_key_file(root: Path) -> Path:
    return root / "device_key.pem"


def settings_file(root: Path) -> Path:
    return root / "settings.json"
