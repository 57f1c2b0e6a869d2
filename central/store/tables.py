"""The central's tables (SQLAlchemy Core). Timestamps are ISO 8601 text with an offset, so SQLite and
PostgreSQL store and compare them alike; JSON columns hold details, flags and settings.

The migration scripts in `migrations/versions/` are the schema of record; this module must mirror
them (a test compares the two).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

local_governments = Table(
    "local_governments",
    metadata,
    Column("code", String(6), primary_key=True),
    Column("name", String(100), nullable=False),
    Column("required", Integer, nullable=False, default=3),
    Column("consecutive_days_each_count", Boolean, nullable=False, default=False),
    Column("long_stay_days", Integer, nullable=True),
    Column("auto_approve", Boolean, nullable=False, default=False),
)

activities = Table(
    "activities",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("title", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("venue", String(6), nullable=False),
    Column("designating_lg", String(6), nullable=False),
    Column("place", Text, nullable=False, default=""),
    Column("content", Text, nullable=False, default=""),
    Column("starts_at", String(40), nullable=False),
    Column("ends_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
    # designated | proposed (sent by a station, awaiting the local government) | refused
    Column("status", String(12), nullable=False, server_default="designated"),
    Column("proposed_by", String(100), nullable=True),  # the device whose ledger record proposed it
    Column("decided_at", String(40), nullable=True),
    Column("decision_note", Text, nullable=True),
    Index("ix_activities_status", "status"),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("lg_code", String(6), ForeignKey("local_governments.code"), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Column("used_at", String(40), nullable=True),
    Column("used_by", String(100), nullable=True),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(100), primary_key=True),
    Column("kid", String(100), nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("lg_code", String(6), ForeignKey("local_governments.code"), nullable=False),
    Column("label", Text, nullable=False, default=""),
    Column("status", String(10), nullable=False, default="active"),  # active | revoked
    Column("last_seq", Integer, nullable=False, default=0),
    Column("last_hash", String(64), nullable=False),
    Column("enrolled_at", String(40), nullable=False),
    Column("revoked_at", String(40), nullable=True),
    # The local government designated this station's organisation as a whole (III-2-4): the
    # activities it creates are designated as they arrive.
    Column("designated_whole", Boolean, nullable=False, server_default=false()),
    # station | console (the central's own signer for a local government, central/console/signer.py)
    Column("kind", String(10), nullable=False, server_default="station"),
    Column("last_seen_at", String(40), nullable=True),  # the device's last batch of records, whatever came of it
    Column("last_sync_at", String(40), nullable=True),  # its last batch with a record accepted or a duplicate
    Column("clock_offset_s", Integer, nullable=True),  # X-Station-Time minus the central's clock then
    Index("ix_devices_kid", "kid"),
)

records = Table(
    "records",
    metadata,
    Column("record_id", String(100), primary_key=True),
    Column("device_id", String(100), ForeignKey("devices.id"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("hash", String(64), nullable=False),
    Column("payload", Text, nullable=False),
    Column("sig", Text, nullable=False),
    # Sealed (central/vault.py): a JSON string "d1:<data key id>:<nonce+ciphertext>", or null.
    Column("details", JSON, nullable=True),
    Column("type", String(20), nullable=False),
    Column("activity_id", String(100), nullable=False),
    Column("day", String(10), nullable=False),
    Column("person", String(200), nullable=False),
    Column("station_at", String(40), nullable=False),
    Column("received_at", String(40), nullable=False),
    Column("flags", JSON, nullable=False),
    UniqueConstraint("device_id", "seq", name="uq_records_device_seq"),
)

attendance = Table(
    "attendance",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person", String(200), nullable=False),
    Column("activity_id", String(100), nullable=False),
    Column("day", String(10), nullable=False),
    Column("first_record_id", String(100), nullable=False),
    UniqueConstraint("person", "activity_id", "day", name="uq_attendance_person_activity_day"),
)

attendance_evidence = Table(
    "attendance_evidence",
    metadata,
    Column("record_id", String(100), ForeignKey("records.record_id"), primary_key=True),
    Column("attendance_id", Integer, ForeignKey("attendance.id"), nullable=False, index=True),
    # False once a later cancel/correct record from the same device withdrew it.
    Column("active", Boolean, nullable=False, default=True),
    Column("withdrawn_by", String(100), nullable=True),
    # The last day of a multi-day stay, from the device's check-out record (a day of its own after `day`).
    Column("exit_day", String(10), nullable=True),
)

# A participant's phone read the activity's QR code (II-4-2, `POST /v1/self-checkins`): evidence of
# kind `self` for an attendance, counted once with any station record of the same person, activity
# and day. The tokens themselves are not kept, only their digests.
self_checkins = Table(
    "self_checkins",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("attendance_id", Integer, ForeignKey("attendance.id"), nullable=False, index=True),
    Column("person", String(200), nullable=False),
    Column("activity_id", String(100), nullable=False),
    Column("day", String(10), nullable=False),
    Column("at", String(40), nullable=False),  # the phone's time (or the central's when none was sent)
    Column("received_at", String(40), nullable=False),
    Column("device_id", String(100), nullable=False),  # the station whose activity code was read
    Column("card_sha256", String(64), nullable=False),
    Column("activity_sha256", String(64), nullable=False),
    Column("flags", JSON, nullable=False),
    UniqueConstraint("person", "activity_id", "day", name="uq_self_checkins_person_activity_day"),
)

revoked_subjects = Table(
    "revoked_subjects",
    metadata,
    Column("sub", String(64), primary_key=True),
    Column("revoked_at", String(40), nullable=False),
)

platform_keys = Table(
    "platform_keys",
    metadata,
    Column("kid", String(100), primary_key=True),
    # The PKCS#8 PEM wrapped under the master key (central/vault.py): "mk1:<master key id>:<…>".
    Column("private_pem", Text, nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("retired_at", String(40), nullable=True),
)

# The central's answer-signing keys (central/answer_signing.py), apart from the card-signing keys:
# `position` orders the chain, `link` is the JWS by which the key before signed this one in.
answer_keys = Table(
    "answer_keys",
    metadata,
    Column("kid", String(100), primary_key=True),
    Column("position", Integer, nullable=False),
    # Reference implementation: the private key sits in the database (PKCS#8 PEM, unencrypted).
    Column("private_pem", Text, nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("link", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("retired_at", String(40), nullable=True),
    UniqueConstraint("position", name="uq_answer_keys_position"),
)

persons = Table(
    "persons",
    metadata,
    Column("sub", String(64), primary_key=True),
    Column("residence", String(6), nullable=True),
    Column("mynumber_verified", Boolean, nullable=False, default=False),
    Column("minor", Boolean, nullable=False, default=False),
    Column("guardian_consent", Boolean, nullable=False, default=False),
    # The live premium registrations, CONTRACTS §4 shape: [{"lg": code, "expires": ISO date}].
    Column("premium", JSON, nullable=False),
)

# Registrations moved out of `persons.premium` once their expiry had passed (central/premium.py).
premium_history = Table(
    "premium_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("person", String(64), ForeignKey("persons.sub"), nullable=False, index=True),
    Column("lg_code", String(6), nullable=False),
    Column("expires", String(10), nullable=False),
    Column("lapsed_on", String(10), nullable=False),  # the day of evaluation that found it expired
    Column("moved_at", String(40), nullable=False),
)

# Premium applications (central/applications.py): the engine's answer at submission and, for a staff
# approval, its answer again at approval time.
applications = Table(
    "applications",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("person", String(64), ForeignKey("persons.sub"), nullable=False),
    Column("lg_code", String(6), ForeignKey("local_governments.code"), nullable=False),
    Column("as_of", String(10), nullable=False),
    Column("submitted_at", String(40), nullable=False),
    Column("status", String(20), nullable=False),  # approved | pending_review | refused
    Column("result", JSON, nullable=False),
    Column("decided_at", String(40), nullable=True),
    Column("decided_by", String(10), nullable=True),  # system | staff
    Column("decision_as_of", String(10), nullable=True),
    Column("recheck", JSON, nullable=True),
    Column("note", Text, nullable=True),
    Column("expires", String(10), nullable=True),
    Index("ix_applications_lg_status", "lg_code", "status"),
    Index("ix_applications_person_lg", "person", "lg_code"),
)

# Secrets the central keeps for itself, e.g. the key of its pseudonyms for hand-recorded people,
# wrapped under the master key (central/vault.py).
central_secrets = Table(
    "central_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# Per-local-government data keys: personal details are sealed under their LG's key, each key wrapped
# under the operator's master key (central/vault.py). Rotating the master key rewraps these rows only.
data_keys = Table(
    "data_keys",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("lg_code", String(6), nullable=False),
    Column("wrapped", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Index("ix_data_keys_lg_code", "lg_code", unique=True),
)

# What the vault has done to this database (e.g. "sealed": legacy plain rows sealed once).
vault_state = Table(
    "vault_state",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

# Single-use device tokens (central/token_replay.py): each accepted jti until its token has expired.
device_token_uses = Table(
    "device_token_uses",
    metadata,
    Column("device_id", String(100), primary_key=True),
    Column("jti", String(64), primary_key=True),
    Column("usable_until", BigInteger, nullable=False),
    Index("ix_device_token_uses_usable_until", "usable_until"),
)

# Failed enrolment attempts per client address in the current window (central/enrollment_throttle.py).
enrollment_throttle = Table(
    "enrollment_throttle",
    metadata,
    Column("address", String(64), primary_key=True),
    Column("window_start", BigInteger, nullable=False),
    Column("failures", Integer, nullable=False),
)

# The staff console (central/console/). Logins are unique across the central: the sign-in form asks
# for nothing else. Roles: admin | staff | viewer.
console_users = Table(
    "console_users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login", String(64), nullable=False, unique=True),
    Column("lg_code", String(6), ForeignKey("local_governments.code"), nullable=False),
    Column("role", String(10), nullable=False),
    Column("password_hash", Text, nullable=False),  # Argon2id, PHC string
    Column("created_at", String(40), nullable=False),
    Column("disabled_at", String(40), nullable=True),
)

# Server-side sessions: the cookie holds a random token, the table its SHA-256 only.
console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, ForeignKey("console_users.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("last_seen_at", String(40), nullable=False),
    Column("ended_at", String(40), nullable=True),
    Index("ix_console_sessions_user", "user_id"),
)

# Failed sign-ins, for throttling: the login is kept as a keyed digest, the client as its address.
console_sign_in_failures = Table(
    "console_sign_in_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("login_hash", String(64), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", String(40), nullable=False),
    Index("ix_console_sign_in_failures_login", "login_hash", "at"),
    Index("ix_console_sign_in_failures_client", "client", "at"),
)

# Every change made through the console: who, when, what (ids and counts, never personal values).
console_audit = Table(
    "console_audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(40), nullable=False),
    Column("user_id", Integer, ForeignKey("console_users.id"), nullable=True),
    Column("lg_code", String(6), nullable=False),
    Column("action", String(40), nullable=False),
    Column("target", String(200), nullable=True),
    Column("facts", JSON, nullable=False),
    Index("ix_console_audit_lg_at", "lg_code", "at"),
)

# The central's own device per local government: it signs the activity codes of activities made in
# the console and the records typed there. Reference implementation: the key sits in the database.
console_signers = Table(
    "console_signers",
    metadata,
    Column("device_id", String(100), ForeignKey("devices.id"), primary_key=True),
    Column("lg_code", String(6), ForeignKey("local_governments.code"), nullable=False, unique=True),
    Column("private_pem", Text, nullable=False),
)
