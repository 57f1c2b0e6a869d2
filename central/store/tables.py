"""The central's tables (SQLAlchemy Core). Timestamps are ISO 8601 text with an offset, so SQLite and
PostgreSQL store and compare them alike; JSON columns hold details, flags and settings.

The migration scripts in `migrations/versions/` are the schema of record; this module must mirror
them (a test compares the two).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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
    # Reference implementation: the private key sits in the database (PKCS#8 PEM, unencrypted).
    Column("private_pem", Text, nullable=False),
    Column("public_jwk", JSON, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("retired_at", String(40), nullable=True),
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

# Secrets the central keeps for itself (hex), e.g. the key of its pseudonyms for hand-recorded people.
central_secrets = Table(
    "central_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
)
