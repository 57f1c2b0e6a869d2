"""Protection of personal data on the field station (guideline IV-4; DOMAIN rule 10).

No Qt here: the window, the command line and the tests share these modules.

- `details_cipher`: AES-256-GCM sealing of the personal-details blobs (a `DetailsCodec`).
- `key_store`: the data key file — passphrase-wrapped (protected) or not yet (unprotected).
- `operator_lock`: throttled unlocking and the idle lock, as pure state machines.
- `retention`: purging personal details the central has acknowledged.
- `audit_log`: an append-only, hash-chained record of sensitive actions, free of personal data.
- `log_redaction`: a logging filter that strips anything that looks like personal data.
- `passphrase`: where the command line gets a passphrase (environment, then TTY).
"""
