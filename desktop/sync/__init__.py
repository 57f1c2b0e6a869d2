"""The station's side of the sync protocol (docs/SYNC_PROTOCOL.md): enrolment, the outbox upload,
pulls of the central's catalogue, keys and revocations, the background worker and signed bundles.

No Qt here: the window wraps `worker.SyncWorker` in its own layer.
"""
