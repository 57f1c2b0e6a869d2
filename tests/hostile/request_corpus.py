"""A corpus of hostile HTTP requests for the central, as raw bytes.

Classes: lone surrogates (escaped in JSON, and as CESU-8/invalid bytes) in every field of every
endpoint; nesting (whole bodies, record payloads, details, keys, token headers); huge numbers (beyond
int64, 5,000 digits, 1e999, NaN); wrong types everywhere; truncated and lying bodies; oversized bodies
(declared and chunked); compressed bombs sent as request bodies; bad Content-Length; dates at and
beyond the calendar's ends; malformed and hostile device tokens — unsigned, and signed by an enrolled
device's real key so that they reach the checks behind the signature.

`corpus(ctx)` yields `Case`s; `Case.allowed` is the set of statuses the case may get (None: any but
500 — the test then only asks for no 500, no traceback).
"""

from __future__ import annotations

import base64
import gzip
import json
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from furusato import ledger_record as rec
from tests.central.station_sim import StationSim
from tests.hostile.raw_http import request_bytes

SURROGATES = ("\\ud800", "\\udfff", "a\\ud83d", "\\udc00x", "\\ud800\\ud800", "\\u0000", "a\\u0000b")
NUMBERS = ("1e999", "-1e999", "9" * 5000, str(2**64), str(-(2**70)), "NaN", "Infinity", "-Infinity",
           "1.7976931348623157e309", "0.0000000000000000000000000001e-999999")
WRONG = ("null", "true", "0", "1.5", '""', "[]", "{}", '[{"a": 1}]', '"x"')


@dataclass
class Context:
    """What the corpus needs from the central it attacks: an enrolled device, spare codes, the LG."""

    station: StationSim
    codes: list[str]
    lg: str
    activity: str
    port: int


@dataclass
class Case:
    name: str
    raw: bytes
    allowed: set[int] | None = None
    half_close: bool = False
    body_field: str | None = None  # when set, a 400 must name this field
    tags: set[str] = field(default_factory=set)


def _json_post(path: str, text: str | bytes, headers: dict | None = None) -> bytes:
    body = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    return request_bytes("POST", path, body, {"Content-Type": "application/json", **(headers or {})})


def _get(path: str, headers: dict | None = None) -> bytes:
    return request_bytes("GET", path, b"", headers or {}, content_length=False)


def _nest(depth: int, open_: str = "[", close: str = "]", core: str = "1") -> str:
    return open_ * depth + core + close * depth


def _nest_obj(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def _record_text(ctx: Context, payload_text: str | None = None, sig: str | None = None,
                 details: str = "null", body: dict | None = None) -> str:
    """One wire record as JSON text. With `body`, a payload signed by the enrolled device's key."""
    st = ctx.station
    if body is not None:
        payload = rec.canonical(body) if isinstance(body, dict) else body
        payload_text = json.dumps(payload.decode("utf-8", "surrogatepass"))
        sig = json.dumps(rec.sign_detached(payload, st.key.private_key, st.key.kid))
    return f'{{"payload":{payload_text or json.dumps("{}")},"sig":{sig or json.dumps("x..y")},"details":{details}}}'


def _batch(ctx: Context, records: list[str], device: str | None = None) -> str:
    return f'{{"device_id":{device or json.dumps(ctx.station.device_id)},"records":[{",".join(records)}]}}'


def _payload(ctx: Context, **changes) -> dict:
    st = ctx.station
    body = {"v": 1, "device": st.device_id, "seq": st.seq + 1, "prev": st.prev, "id": f"hostile-{time.time_ns()}",
            "type": "checkin", "activity": ctx.activity, "day": "2026-12-05", "at": "2026-12-05T10:00:00+09:00",
            "person": "card:hostile0001", "pii": None}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _token(ctx: Context, claims: dict | str, header: dict | None = None, *, raw_claims: bool = False) -> str:
    """A compact JWS signed by the enrolled device's key over any header and claims text (signed by
    hand: a JOSE library refuses to write most of these)."""
    text = claims if raw_claims else json.dumps(claims)
    payload = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    head = json.dumps({"alg": "EdDSA", "typ": "frr-auth+jwt", "kid": ctx.station.key.kid, **(header or {})})
    signing_input = f"{_b64(head.encode())}.{_b64(payload)}"
    return f"{signing_input}.{_b64(ctx.station.key.private_key.sign(signing_input.encode()))}"


def _auth_claims(ctx: Context, path: str = "/v1/eligibility", **changes) -> dict:
    now = int(time.time())
    base = {"iss": ctx.station.device_id, "aud": "furusato-central", "iat": now, "exp": now + 60,
            "htm": "GET", "htu": f"http://127.0.0.1:{ctx.port}{path}", "jti": f"j{time.time_ns()}"}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not ...}


def corpus(ctx: Context) -> Iterator[Case]:
    yield from _surrogate_cases(ctx)
    yield from _nesting_cases(ctx)
    yield from _number_cases(ctx)
    yield from _type_cases(ctx)
    yield from _framing_cases(ctx)
    yield from _size_cases(ctx)
    yield from _date_cases(ctx)
    yield from _token_cases(ctx)
    yield from _authorized_cases(ctx)
    yield from _signed_record_cases(ctx)
    yield from _path_cases(ctx)
    yield from _self_checkin_cases(ctx)
    yield from _console_cases(ctx)


def _surrogate_cases(ctx: Context) -> Iterator[Case]:
    dev = json.dumps(ctx.station.device_id)
    for s in SURROGATES:
        q = f'"{s}"'
        yield Case(f"records device_id {s}", _json_post("/v1/records", f'{{"device_id":{q},"records":[]}}'),
                   {400}, body_field="device_id")
        yield Case(f"records payload {s}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, q)])),
                   {400}, body_field="records[0].payload")
        yield Case(f"records sig {s}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, sig=q)])),
                   {400}, body_field="records[0].sig")
        yield Case(f"records details value {s}", _json_post(
            "/v1/records", _batch(ctx, [_record_text(ctx, details=f'{{"name":{q}}}')])), {400},
            body_field="records[0].details.name")
        yield Case(f"records details key {s}", _json_post(
            "/v1/records", _batch(ctx, [_record_text(ctx, details=f'{{{q}:"x"}}')])), {400})
        yield Case(f"records body key {s}", _json_post("/v1/records", f'{{{q}:1,"device_id":{dev},"records":[]}}'),
                   {400})
        yield Case(f"enroll code {s}", _json_post("/v1/enroll", json.dumps(
            {"code": "X", "device_id": "d", "public_jwk": {}}).replace('"X"', q)), {400}, body_field="code")
        yield Case(f"enroll device_id {s}", _json_post("/v1/enroll", json.dumps(
            {"code": ctx.codes[0], "device_id": "D", "public_jwk": ctx.station.public_jwk()}).replace('"D"', q)),
            {400}, body_field="device_id")
        yield Case(f"enroll label {s}", _json_post("/v1/enroll", json.dumps(
            {"code": "C", "device_id": "d", "public_jwk": {}, "label": "L"}).replace('"L"', q)), {400},
            body_field="label")
        yield Case(f"enroll jwk {s}", _json_post("/v1/enroll", json.dumps(
            {"code": "C", "device_id": "d", "public_jwk": {"kty": "OKP", "crv": "Ed25519", "x": "X", "kid": "K"}})
            .replace('"X"', q).replace('"K"', q)), {400})
        yield Case(f"application person {s}", _json_post("/v1/applications", f'{{"person":{q},"lg":"011002"}}'),
                   {400, 401})
        yield Case(f"surrogate in query {s}", _get("/v1/activities?since=%ED%A0%80"), {400})
    for path in ("/v1/activities?since=2026%00", "/v1/eligibility?person=card:x%00&lg=011002", "/v1/keys%00",
                 "/v1/applications/%00", "/v1/applications?person=%00", "/v1/revocations?x=%00"):
        yield Case(f"NUL in URL {path}", _get(path), {400})
    # Not UTF-8 at all: CESU-8 surrogates, overlong forms, stray continuation bytes, Latin-1, UTF-16.
    for label, raw in (("cesu8", b'"\xed\xa0\x80"'), ("overlong", b'"\xc0\xaf"'), ("stray", b'"\x80"'),
                       ("latin1", '"é"'.encode("latin-1")), ("ff", b'"\xff\xfe"')):
        yield Case(f"records bytes {label}", _json_post(
            "/v1/records", b'{"device_id":' + raw + b',"records":[]}'), {400})
        yield Case(f"enroll bytes {label}", _json_post(
            "/v1/enroll", b'{"code":' + raw + b',"device_id":"d","public_jwk":{}}'), {400})
    yield Case("records utf16", _json_post("/v1/records", _batch(ctx, []).encode("utf-16")), {400})
    yield Case("records bom", _json_post("/v1/records", b"\xef\xbb\xbf" + _batch(ctx, []).encode()), {400})


def _nesting_cases(ctx: Context) -> Iterator[Case]:
    for depth in (20, 1000, 100_000):
        yield Case(f"records body nested {depth}", _json_post("/v1/records", _nest(depth)), {400, 422})
        yield Case(f"records body obj nested {depth}", _json_post("/v1/records", _nest_obj(depth)), {400, 422})
        yield Case(f"records list nested {depth}", _json_post("/v1/records", _batch(ctx, [_nest(depth)])),
                   {200, 400})
        yield Case(f"records details nested {depth}", _json_post(
            "/v1/records", _batch(ctx, [_record_text(ctx, details=_nest_obj(depth))])), {200, 400})
        yield Case(f"enroll jwk nested {depth}", _json_post(
            "/v1/enroll", f'{{"code":"C","device_id":"d","public_jwk":{_nest_obj(depth)}}}'), {400, 404, 422})
        yield Case(f"application nested {depth}", _json_post(
            "/v1/applications", f'{{"person":{_nest(depth)},"lg":"011002"}}'), {400, 401, 422})
    for depth in (50, 5000, 200_000):
        nested = json.dumps(_nest(depth))
        # A nested payload for the enrolled device (unsigned) and for an unknown one.
        yield Case(f"payload nested {depth}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, nested)])),
                   {200, 400})
        yield Case(f"payload nested unknown device {depth}", _json_post(
            "/v1/records", _batch(ctx, [_record_text(ctx, nested)], device='"nobody"')), {200, 400})


def _number_cases(ctx: Context) -> Iterator[Case]:
    for n in NUMBERS:
        yield Case(f"records device_id {n[:20]}", _json_post("/v1/records", f'{{"device_id":{n},"records":[]}}'),
                   {400, 422})
        yield Case(f"records entry {n[:20]}", _json_post("/v1/records", _batch(ctx, [n])), {200, 400})
        yield Case(f"enroll code {n[:20]}", _json_post(
            "/v1/enroll", f'{{"code":{n},"device_id":"d","public_jwk":{{}}}}'), {400, 422, 429})
        yield Case(f"application as_of {n[:20]}", _json_post(
            "/v1/applications", f'{{"person":"person0001","lg":"011002","as_of":{n}}}'), {400, 401, 422})
        payload = json.dumps(json.dumps({"v": 1, "seq": 1}).replace("1}", n + "}"))
        yield Case(f"payload seq {n[:20]}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, payload)])),
                   {200, 400})


def _type_cases(ctx: Context) -> Iterator[Case]:
    dev = json.dumps(ctx.station.device_id)
    for w in WRONG:
        yield Case(f"records body {w}", _json_post("/v1/records", w), {400, 422})
        yield Case(f"records device_id {w}", _json_post("/v1/records", f'{{"device_id":{w},"records":[]}}'),
                   {200, 400, 422})
        yield Case(f"records records {w}", _json_post("/v1/records", f'{{"device_id":{dev},"records":{w}}}'),
                   {200, 400, 422})
        yield Case(f"records entry {w}", _json_post("/v1/records", _batch(ctx, [w])), {200})
        yield Case(f"record payload {w}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, w)])), {200})
        yield Case(f"record sig {w}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, sig=w)])), {200})
        yield Case(f"record details {w}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, details=w)])),
                   {200})
        yield Case(f"enroll body {w}", _json_post("/v1/enroll", w), {400, 422, 429})
        for member in ("code", "device_id", "public_jwk", "label"):
            body = {"code": ctx.codes[1], "device_id": "dev-types", "public_jwk": ctx.station.public_jwk(),
                    "label": "l"}
            text = json.dumps(body).replace(json.dumps(body[member]), w, 1)
            yield Case(f"enroll {member} {w}", _json_post("/v1/enroll", text), {200, 400, 404, 409, 422, 429})
        yield Case(f"application body {w}", _json_post("/v1/applications", w), {400, 401, 422})
    yield Case("records 501 records", _json_post("/v1/records", _batch(ctx, ["null"] * 501)), {413})
    for ctype in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                  "application/json; charset=latin-1", "application/xml", "application/json\x00"):
        yield Case(f"records content-type {ctype}", request_bytes(
            "POST", "/v1/records", _batch(ctx, []).encode(), {"Content-Type": ctype}), {200, 400, 415, 422})
    for gz_label, gz in (("gzip bomb", gzip.compress(b"[" * 4_000_000)),
                         ("deflate bomb", zlib.compress(b"{" * 4_000_000))):
        yield Case(f"records {gz_label}", request_bytes("POST", "/v1/records", gz, {
            "Content-Type": "application/json", "Content-Encoding": gz_label.split()[0]}), {400})


def _framing_cases(ctx: Context) -> Iterator[Case]:
    body = _batch(ctx, []).encode()
    for value in ("abc", "-1", "1e3", "0x10", " 12", "99999999999999999999999", "１２".encode().decode("latin-1")):
        yield Case(f"content-length {value!r}", request_bytes(
            "POST", "/v1/records", body, {"Content-Type": "application/json", "Content-Length": value}),
            {400, 413, None})
    yield Case("two content-lengths", request_bytes("POST", "/v1/records", body, {
        "Content-Type": "application/json", "Content-Length": f"{len(body)}\r\nContent-Length: 3"}), {400, None})
    yield Case("content-length and chunked", request_bytes("POST", "/v1/records", b"0\r\n\r\n", {
        "Content-Type": "application/json", "Content-Length": "5", "Transfer-Encoding": "chunked"}),
        {400, 422, None})
    yield Case("lying content-length (longer)", request_bytes("POST", "/v1/records", body, {
        "Content-Type": "application/json", "Content-Length": str(len(body) + 1000)}), half_close=True)
    yield Case("lying content-length (shorter)", request_bytes("POST", "/v1/records", body, {
        "Content-Type": "application/json", "Content-Length": str(len(body) // 2)}), {400, 422})
    for cut in (1, 10, len(body) - 1):
        yield Case(f"truncated at {cut}", request_bytes("POST", "/v1/records", body[:cut], {
            "Content-Type": "application/json"}), {400, 422})
    yield Case("bad chunk size", request_bytes("POST", "/v1/records", b"zz\r\nabc\r\n0\r\n\r\n", {
        "Content-Type": "application/json", "Transfer-Encoding": "chunked"}), {400, None})
    yield Case("chunked without end", request_bytes("POST", "/v1/records", b"5\r\n{\"a\":", {
        "Content-Type": "application/json", "Transfer-Encoding": "chunked"}), half_close=True)
    yield Case("header with nul", request_bytes("POST", "/v1/records", body, {
        "Content-Type": "application/json", "X-Station-Time": "2026\x00"}), {200, 400, None})
    yield Case("huge header", request_bytes("POST", "/v1/records", body, {
        "Content-Type": "application/json", "X-Station-Time": "9" * 100_000}), {200, 400, 431, None})


def _chunked(data: bytes, size: int = 65536) -> bytes:
    out = bytearray()
    for i in range(0, len(data), size):
        piece = data[i:i + size]
        out += f"{len(piece):x}\r\n".encode() + piece + b"\r\n"
    return bytes(out + b"0\r\n\r\n")


def _size_cases(ctx: Context) -> Iterator[Case]:
    big = _batch(ctx, [_record_text(ctx, json.dumps("x" * 1000))] * 5000).encode()  # ~5.6 MB
    yield Case("oversized body declared", _json_post("/v1/records", big), {413})
    yield Case("oversized body chunked", request_bytes("POST", "/v1/records", _chunked(big), {
        "Content-Type": "application/json", "Transfer-Encoding": "chunked"}), {413})
    yield Case("oversized enroll", _json_post("/v1/enroll", b'{"code":"' + b"A" * 5_000_000 + b'"}'), {413})
    yield Case("oversized get body", request_bytes("GET", "/v1/keys", b"x" * 5_000_000), {200, 413})
    yield Case("huge string", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, json.dumps("x" * 3_000_000))])),
               {400}, body_field="records[0].payload")
    yield Case("many records tiny", _json_post("/v1/records", _batch(ctx, ["0"] * 500)), {200})
    yield Case("huge declared, nothing sent", request_bytes("POST", "/v1/records", b"", {
        "Content-Type": "application/json", "Content-Length": str(200 * 1024 * 1024)}), {413}, half_close=True)


def _date_cases(ctx: Context) -> Iterator[Case]:
    for since in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "9999-12-31", "0001-01-01",
                  "x" * 10_000, "2026-13-45", "%00", "2026-01-01T00:00:00%2B99:00", "+002026-01-01",
                  "2026-01-01T24:00:00"):
        yield Case(f"since {since[:30]}", _get(f"/v1/activities?since={since}"), {200, 400})
    for station_time in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "x" * 5000, "１"):
        yield Case(f"station time {station_time[:20]}", _json_post("/v1/records", _batch(ctx, []),
                   {"X-Station-Time": station_time.encode("utf-8").decode("latin-1")}), {200})
    for as_of in ("9999-12-31", "0001-01-01", "2026-02-30", "99999-01-01", "x"):
        yield Case(f"eligibility as_of {as_of}", _get(f"/v1/eligibility?person=card:person0001&lg={ctx.lg}"
                                                      f"&as_of={as_of}"), {400, 401, 422})
        yield Case(f"application as_of {as_of}", _json_post(
            "/v1/applications", json.dumps({"person": "person0001", "lg": ctx.lg, "as_of": as_of})), {400, 401, 422})


def _token_cases(ctx: Context) -> Iterator[Case]:
    def elig(token: str, path: str = "/v1/eligibility?person=card:person0001&lg={lg}") -> bytes:
        return _get(path.format(lg=ctx.lg), {"Authorization": f"Bearer {token}"})

    for junk in ("", "x" * 5000, "a.b.c", "e30.e30.", "..", "\x01\x02", "eyJhbGciOiJub25lIn0.e30.",
                 "Zm9v" * 1000 + ".e30.x"):
        yield Case(f"token junk {junk[:15]!r}", elig(junk.encode("utf-8").decode("latin-1")), {401})
    signed_variants = {
        "exp 1e999": _auth_claims(ctx, exp=float("inf")), "iat NaN": _auth_claims(ctx, iat=float("nan")),
        "exp huge int": _auth_claims(ctx, exp=2**70), "iat negative huge": _auth_claims(ctx, iat=-(2**70)),
        "exp string": _auth_claims(ctx, exp="9999999999"), "iss nested": _auth_claims(ctx, iss=[[["x"]]]),
        "aud list": _auth_claims(ctx, aud=["furusato-central"] * 1000), "htu number": _auth_claims(ctx, htu=1),
        "htu huge": _auth_claims(ctx, htu="http://x/" + "a" * 3000), "jti nested": _auth_claims(ctx, jti={"a": 1}),
        "jti huge": _auth_claims(ctx, jti="j" * 3000), "no jti": _auth_claims(ctx, jti=...),
        "nbf huge": _auth_claims(ctx, nbf=2**70), "htu ipv6 junk": _auth_claims(ctx, htu="http://[::1"),
    }
    for label, claims in signed_variants.items():
        text = json.dumps(claims, allow_nan=True)
        yield Case(f"signed token {label}", elig(_token(ctx, text, raw_claims=True)), {401})
    for label, text in (("surrogate iss", '{"iss":"\\ud800","aud":"furusato-central"}'),
                        ("nested claims", _nest_obj(5000)), ("claims list", "[1,2]"),
                        ("duplicate exp", '{"exp":1,"exp":99999999999}'), ("not json", "\xff\xfe")):
        yield Case(f"signed token {label}", elig(_token(ctx, text, raw_claims=True)), {401})
    for label, header in (("nested header", {"x": json.loads(_nest(30))}), ("crit junk", {"crit": ["zzz"]}),
                          ("kid number", {"kid": 5}), ("typ other", {"typ": "JWT"})):
        yield Case(f"signed token {label}", elig(_token(ctx, _auth_claims(ctx), header)),
                   {401, 404} if label == "nested header" else {401})


def _authorized_cases(ctx: Context) -> Iterator[Case]:
    """Hostile queries and bodies behind a valid device token (a fresh one each: tokens are single-use)."""
    def bearer(path: str, method: str = "GET") -> dict[str, str]:
        claims = _auth_claims(ctx, path, htm=method)
        return {"Authorization": f"Bearer {_token(ctx, claims)}"}

    for as_of in ("9999-12-31", "0001-01-01", "2026-02-30", "99999-01-01", "x", "2026-04-01", "1970-01-01"):
        path = "/v1/eligibility"
        query = f"?person=card:person0001&lg={ctx.lg}&as_of={as_of}"
        yield Case(f"authorized eligibility as_of {as_of}", _get(path + query, bearer(path)), {200, 400, 404, 422})
        yield Case(f"authorized application as_of {as_of}", _json_post(
            "/v1/applications", json.dumps({"person": "person0001", "lg": ctx.lg, "as_of": as_of}),
            bearer("/v1/applications", "POST")), {200, 201, 400, 404, 409, 422})
    for person in ("card:" + "a" * 5000, "card:%ED%A0%80", "%00", "card:../../x", "manual:abc"):
        path = "/v1/eligibility"
        yield Case(f"authorized eligibility person {person[:20]}", _get(
            f"{path}?person={person}&lg={ctx.lg}", bearer(path)), {400, 404, 409, 422})
    for lg in ("999999", "01100２".encode().decode("latin-1"), "0" * 5000, "011011", "%ED%A0%80"):
        path = "/v1/eligibility"
        yield Case(f"authorized eligibility lg {lg[:10]!r}", _get(
            f"{path}?person=card:person0001&lg={lg}", bearer(path)), {400, 403, 422})
    for body in (_nest_obj(40), '{"person":"person0001","lg":"011002","as_of":null,"extra":' + _nest(20) + "}",
                 '{"person":["x"],"lg":{"a":1}}', '{"person":"person0001","lg":1e999}'):
        yield Case(f"authorized application body {body[:20]}", _json_post(
            "/v1/applications", body, bearer("/v1/applications", "POST")), {200, 201, 400, 404, 409, 422})
    for path in ("/v1/applications/%ED%A0%80", "/v1/applications/" + "a" * 3000, "/v1/applications?status=%00",
                 "/v1/applications?lg=" + "9" * 3000, "/v1/applications?person=%ED%A0%80"):
        bare = path.split("?")[0]
        yield Case(f"authorized {path[:40]}", _get(path, bearer(bare)), {200, 400, 401, 403, 404, 422})


def _signed_record_cases(ctx: Context) -> Iterator[Case]:
    """Records signed by the enrolled device's real key, carrying hostile content behind the signature."""
    bodies = {
        "seq huge": _payload(ctx, seq=2**70), "seq float": _payload(ctx, seq=1.5),
        "seq negative": _payload(ctx, seq=-5), "seq bool": _payload(ctx, seq=True),
        "day overflow": _payload(ctx, day="9999-99-99"), "day far": _payload(ctx, day="9999-12-31"),
        "at overflow": _payload(ctx, at="9999-12-31T23:59:59-23:59"),
        "at far past": _payload(ctx, at="0001-01-01T00:00:00+23:59"),
        "id huge": _payload(ctx, id="i" * 3000), "id list": _payload(ctx, id=["x"]),
        "person dict": _payload(ctx, person={"a": 1}), "type unknown": _payload(ctx, type="explode"),
        "ref nested": _payload(ctx, type="cancel", ref=[[["x"]]]), "checkout no ref": _payload(ctx, type="checkout"),
        "pii number": _payload(ctx, pii=5), "v wrong": _payload(ctx, v=2), "empty": {},
        "extra nested": _payload(ctx, extra={"a": {"b": {"c": {"d": {"e": {"f": {"g": 1}}}}}}}),
    }
    for label, body in bodies.items():
        yield Case(f"signed record {label}", _json_post("/v1/records", _batch(ctx, [_record_text(ctx, body=body)])),
                   {200})
    for label, text in (("nested", _nest(10_000)), ("not json", "{{{"), ("list", "[1]"),
                        ("duplicate keys", '{"v":1,"v":1}'), ("surrogate", '{"a":"\\ud800"}'),
                        ("big number", '{"seq":' + "9" * 5000 + "}")):
        yield Case(f"signed record text {label}", _json_post(
            "/v1/records", _batch(ctx, [_record_text(ctx, body=text.encode("utf-8", "surrogatepass"))])), {200})
    details_cases = {"nested": _nest_obj(100), "huge number": '{"salt":' + "9" * 5000 + "}",
                     "list": "[1,2,3]", "name number": '{"name": 1e999}'}
    for label, details in details_cases.items():
        body = _payload(ctx, person="manual:abc", pii="0" * 64)
        yield Case(f"signed record details {label}", _json_post(
            "/v1/records", _batch(ctx, [_record_text(ctx, body=body, details=details)])), {200, 400})


def _path_cases(ctx: Context) -> Iterator[Case]:
    for path in ("/v1/applications/%ED%A0%80", "/v1/applications/" + "a" * 10_000, "/%00", "/v1/../../etc/passwd",
                 "/v1/eligibility?person=%ED%A0%80&lg=%ED%A0%80", "/v1/eligibility?" + "a=1&" * 5000,
                 "/v1/activities?since=" + "%25" * 3000, "/console/login", "/openapi.json"):
        yield Case(f"path {path[:40]}", _get(path), {200, 400, 401, 404, 414, 422, None})
    yield Case("method junk", request_bytes("BREW", "/v1/keys", b""), {400, 405, None})
    yield Case("http/1.0 no host", b"GET /v1/keys HTTP/1.0\r\n\r\n", {200, 400})
    yield Case("garbage line", b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03" + b"\x00" * 100, {400, None})


def _self_checkin_cases(ctx: Context) -> Iterator[Case]:
    """The participants' phone path: two tokens and a time, from anyone on the internet."""
    def post(text: str | bytes) -> bytes:
        return _json_post("/v1/self-checkins", text)

    card = _token(ctx, {"sub": "person0001", "iat": 1, "exp": 2**31}, {"typ": "frr-card+jwt"})
    for s in SURROGATES:
        yield Case(f"self-checkin card {s}", post(f'{{"card":"{s}","activity":"x"}}'), {400}, body_field="card")
        yield Case(f"self-checkin at {s}", post(f'{{"card":"a","activity":"b","at":"{s}"}}'), {400}, body_field="at")
    for at in ("9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "x" * 64, "2026-02-30T10:00:00", "1e999"):
        yield Case(f"self-checkin at {at[:20]}", post(json.dumps({"card": card, "activity": card, "at": at})),
                   {200, 400, 422})
    for w in WRONG + NUMBERS[:4]:
        yield Case(f"self-checkin card {w[:20]}", post(f'{{"card":{w},"activity":"x"}}'), {200, 400, 422})
    yield Case("self-checkin nested", post('{"card":' + _nest(5000) + ',"activity":"x"}'), {400})
    yield Case("self-checkin huge card", post(json.dumps({"card": "a." * 200_000, "activity": "b"})), {400, 422})
    for label, token in (("nested header", f"{_b64(_nest(3000).encode())}.e30.AAAA"),
                         ("signed nested claims", _token(ctx, _nest_obj(3000), raw_claims=True)),
                         ("signed inf exp", _token(ctx, '{"sub":"person0001","exp":1e999}', {"typ": "frr-card+jwt"},
                                                   raw_claims=True)),
                         ("signed surrogate sub", _token(ctx, '{"sub":"\\ud800"}', {"typ": "frr-card+jwt"},
                                                         raw_claims=True))):
        yield Case(f"self-checkin {label}", post(json.dumps({"card": token, "activity": token})), {200, 400, 422})


def _console_cases(ctx: Context) -> Iterator[Case]:
    """The staff console's forms and upload, signed out (what the internet can reach)."""
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for body in (b"login=%ED%A0%80&password=x", b"login=a%00b&password=x", b"login=" + b"x" * 500_000,
                 b"%%%%=&&&==", b"login=\xff\xfe", b"csrf=" + b"a" * 10_000 + b"&login=a&password=b"):
        yield Case(f"console login form {body[:20]!r}", request_bytes("POST", "/console/login", body, form),
                   {200, 303, 400, 403, 413, 422, 429})
    # Refused by the limits, in the console's own words (its error page, tag `console_page`).
    page = {"console_page"}
    yield Case("console form too large", request_bytes("POST", "/console/login", b"x" * 2_000_000, form), {413},
               tags=page)
    yield Case("console form too large chunked", request_bytes("POST", "/console/login", _chunked(b"x" * 2_000_000), {
        **form, "Transfer-Encoding": "chunked"}), {413}, tags=page)
    yield Case("console upload too large", request_bytes(
        "POST", "/console/records/upload", b"", {"Content-Type": "multipart/form-data; boundary=x",
                                                  "Content-Length": str(6 * 1024 * 1024)}), {413}, half_close=True,
        tags=page)
    # uvicorn's parser may refuse it first (its own plain 400): the console page is not required.
    yield Case("console bad content-length", request_bytes("POST", "/console/login", b"login=a", {
        **form, "Content-Length": "1e3"}, content_length=False), {400, None})
    yield Case("console NUL in path", _get("/console/people/%00"), {404}, tags=page)
    yield Case("console no such page", _get("/console/no-such-page"), {404}, tags=page)
    yield Case("console upload bad multipart", request_bytes(
        "POST", "/console/records/upload", b"--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n",
        {"Content-Type": "multipart/form-data; boundary=x"}), {303, 400, 403, 413, 422})
    for path in ("/console/people?q=%ED%A0%80", "/console/people?q=" + "a" * 5000, "/console/activities/%00",
                 "/console/activities/" + "x" * 3000, "/console/static/../../../etc/passwd"):
        yield Case(f"console {path[:40]}", _get(path), {200, 303, 400, 404, 414})
