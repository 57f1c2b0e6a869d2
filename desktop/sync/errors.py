"""What can go wrong talking to the central, as machine codes the UI and the CLI can show."""

from __future__ import annotations


class SyncError(Exception):
    """A sync step that did not complete. `code` is stable and machine-readable."""

    code = "sync_failed"
    retryable = False

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 retry_after: float | None = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.status = status
        self.retry_after = retry_after


class InsecureURL(SyncError, ValueError):
    """Plain http to anything but this machine, or a URL that is not http(s) at all."""

    code = "insecure_url"


class NotEnrolled(SyncError):
    code = "not_enrolled"


class TransientError(SyncError):
    """Connection refused or cut, timeout, 429 or 5xx: worth trying again later."""

    code = "unreachable"
    retryable = True


class TLSError(SyncError):
    """The server's certificate could not be verified. Retrying will not change that."""

    code = "tls_error"


class BadResponse(SyncError):
    """The central answered something that is not the protocol (not JSON, wrong shape)."""

    code = "bad_response"


class Refused(SyncError):
    """The central understood and said no (4xx with an error code, e.g. code_used)."""

    code = "refused"


class UnverifiedAnswer(SyncError):
    """The central's answer is not one this station may settle records on: unsigned (a central that
    predates signed answers, or something in between that rewrote it), signed by a key it does not
    trust, or signed but about other records or another request. The records stay pending.

    Codes (furusato.answer_signing.AnswerRefused): unsigned_answer, unknown_answer_key,
    bad_answer_signature, answer_version, answer_mismatch."""

    code = "unsigned_answer"


UNVERIFIED_ANSWER_CODES = ("unsigned_answer", "unknown_answer_key", "bad_answer_signature", "answer_version",
                           "answer_mismatch")
