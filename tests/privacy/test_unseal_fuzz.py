"""Fuzzing `DetailsCipher.unseal`: whatever text is stored, it raises DetailsUnreadable or returns the
exact bytes that were sealed — never a crash, never other data. 10,000 inputs in all."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.privacy.details_cipher import DetailsCipher, DetailsUnreadable

KEY = bytes(range(32))
CIPHER = DetailsCipher(KEY)
RID = "7d7c1a2e-0000-4000-8000-000000000001"
ORIGINAL = b'{"name":"\xe5\xb1\xb1\xe7\x94\xb0","salt":"00"}'
BLOB = CIPHER.seal(ORIGINAL, RID)
B64 = string.ascii_letters + string.digits + "-_"
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)


def _refused(text, record_id=RID):
    try:
        out = CIPHER.unseal(text, record_id)
    except DetailsUnreadable:
        return True
    assert text == BLOB and record_id == RID and out == ORIGINAL, "unseal returned data for a foreign blob"
    return False


@settings(FUZZ, max_examples=3500)
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=40)))
def test_arbitrary_text(text, record_id):
    assert _refused(text, record_id)


@settings(FUZZ, max_examples=3500)
@given(
    st.sampled_from(["v1", "v2", "V1", "v0", "", "v1 "]),
    st.text(B64 + "=.+/", max_size=24),
    st.text(B64 + "=.+/", min_size=0, max_size=300),
)
def test_blob_shaped_text(version, nonce, body):
    assert _refused(f"{version}.{nonce}.{body}")


@settings(FUZZ, max_examples=3000)
@given(st.integers(0, len(BLOB) - 1), st.sampled_from(["replace", "delete", "insert", "swap"]),
       st.sampled_from(B64 + ".="))
def test_mutations_of_a_real_blob(index, how, char):
    if how == "replace":
        text = BLOB[:index] + char + BLOB[index + 1 :]
    elif how == "delete":
        text = BLOB[:index] + BLOB[index + 1 :]
    elif how == "insert":
        text = BLOB[:index] + char + BLOB[index:]
    else:
        j = (index + 1) % len(BLOB)
        chars = list(BLOB)
        chars[index], chars[j] = chars[j], chars[index]
        text = "".join(chars)
    if text != BLOB:
        assert _refused(text)
