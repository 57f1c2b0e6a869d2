"""The device token a station shows the central for person-level reads (docs/API.md,
"Authentication"): one definition for the station that signs it and the central that checks it."""

AUDIENCE = "furusato-central"
TYP = "frr-auth+jwt"
MAX_LIFETIME_SECONDS = 300  # the central refuses longer-lived tokens
LEEWAY_SECONDS = 60  # clock skew the central tolerates either way
