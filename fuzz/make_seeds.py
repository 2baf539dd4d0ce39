#!/usr/bin/env python3
"""Writes the seed corpora fuzz/corpus/<target>/ from the test vectors.

Deterministic: re-running rewrites the same files (named by content hash),
so `git status` shows only real changes. Inputs come from
tests/fixtures/jose/cases.json (76 minted responses, valid and invalid) and
external.json (RFC 7515 A.2/A.3, OIDC Core A.2/A.3/A.7), plus hand-written
edge cases for each parser. Run: python3 fuzz/make_seeds.py
"""
import base64
import hashlib
import json
import os
import random
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "tests", "fixtures", "jose")
CORPUS = os.path.join(HERE, "corpus")

cases = json.load(open(os.path.join(FIX, "cases.json")))["cases"]
external = json.load(open(os.path.join(FIX, "external.json")))["vectors"]


def write(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode()


def tokens():
    for c in cases:
        yield c["id_token"]
    for v in external:
        for k in ("jws", "id_token"):
            if isinstance(v.get(k), str):
                yield v[k]


# ---- redirect: selector byte (bits 0-1 response type, 2 form_post, 3 iss) + text
RT = {"id_token": 0, "id_token token": 1, "token": 2}
for c in cases:
    sel = RT[c["response_type"]]
    write("redirect", bytes([sel]) + ("#" + c["fragment"]).encode())
for c in cases[:4]:
    sel = RT[c["response_type"]]
    write("redirect", bytes([sel]) + ("https://app.example.test/cb#" + c["fragment"]).encode())
    write("redirect", bytes([sel | 4]) + c["fragment"].encode())
    iss = "iss=" + urllib.parse.quote(c["issuer"], safe="") + "&" + c["fragment"]
    write("redirect", bytes([sel | 8]) + ("#" + iss).encode())
for v in external:
    if "location" in v:
        write("redirect", bytes([RT[v["response_type"]]]) + v["location"].encode())
for sel, text in [
    (2, "#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=Bearer&expires_in=3600&state=st-Zq3x&scope=openid%20profile"),
    (2, "access_token=a%2Bb&token_type=bearer&state=st-Zq3x"),
    (0, "#error=access_denied&error_description=The+user+said+no%0A&error_uri=https%3A%2F%2Fop%2Fe&state=st-Zq3x"),
    (0, "#error=bad%22code&state=st-Zq3x"),
    (8, "#iss=https%3A%2F%2Fevil.example&state=st-Zq3x&id_token=a.b.c"),
    (0, "https://app.example.test/cb?code=abc#state=st-Zq3x"),
    (0, "https://app.example.test/cb?keep=1#state=st-Zq3x&id_token=x.y.z"),
    (0, "https://APP.example.test:443/cb#state=st-Zq3x&id_token=x.y.z"),
    (0, "https://app.example.test:0443/cb#state=st-Zq3x&id_token=x.y.z"),
    (0, "com.example.app:/cb#state=st-Zq3x"),
    (0, "#state=st-Zq3x&state=st-Zq3x"),
    (0, "#state=&state=st-Zq3x"),
    (0, "#%73tate=st-Zq3x&id_token=t"),
    (0, "#a=%zz&b=%C3&c=%ED%A0%80&d=%F0%9F%98%80"),
    (0, "#flag&&=x&a=b=c&+=%20"),
    (0, "&".join(f"p{i}=1" for i in range(70))),
    (4, "state=st-Zq3x&id_token=t&code=c"),
    (4, "#state=st-Zq3x"),
]:
    write("redirect", bytes([sel]) + text.encode())

# ---- jws: compact tokens, valid and invalid
for t in tokens():
    write("jws", t)
for t in ["a.b.c", "a.b", "a.b.c.d.e", "", "eyJhbGciOiJub25lIn0..", "YWJj.YW.YQ", "YWI=.e30.", "eyJhbGciOiJSUzI1NiIsImFsZyI6IkhTMjU2In0.e30.AA"]:
    write("jws", t)

# ---- json_claims: payloads and headers of every token, plus edge cases
for t in tokens():
    parts = t.split(".")
    for p in parts[:2]:
        try:
            write("json_claims", b64d(p))
        except Exception:
            pass
for j in [
    '{}', '[]', '{"a":1,"a":2}', '{"a":{"b":1,"b":2}}', '{"sub":"\\ud83d\\ude00"}', '{"sub":"\\ud800"}',
    '{"sub":"\\u0000\\/\\\\\\"\\b\\f\\n\\r\\t"}', '{"exp":1e400}', '{"exp":-0}', '{"exp":1311281970.99999999999}',
    '{"exp":01}', '{"exp":1.}', '{"exp":-1}', '{"aud":["a","b",1]}', '{"aud":null}', '\ufeff{}', '{"a":"\x01"}',
    '[' * 17 + ']' * 17, '{"x":' * 16 + '1' + '}' * 16, ' {"iss":"x"} \n', '{"iss":"x"}x', '"\\u00e9"',
]:
    write("json_claims", j)

# ---- jwks: every served set, external keys, edge cases
seen = set()
for c in cases:
    for k in ("jwks", "jwks_after_refresh"):
        if c.get(k):
            s = json.dumps(c[k], separators=(",", ":"))
            if s not in seen:
                seen.add(s)
                write("jwks", s)
for v in external:
    if v.get("jwks"):
        write("jwks", json.dumps(v["jwks"]))
    if v.get("jwk"):
        write("jwks", json.dumps({"keys": [v["jwk"]]}))
rsa1 = cases[0]["jwks"]["keys"][0]
ec1 = cases[0]["jwks"]["keys"][1]
for keys in [
    [dict(rsa1, n="AA" + rsa1["n"])],
    [dict(rsa1, use="enc")],
    [dict(rsa1, alg="RS384")],
    [dict(rsa1, key_ops=["verify"])],
    [dict(ec1, crv="P-384")],
    [dict(ec1, x=ec1["x"][:-2])],
    [rsa1, rsa1],
    [{"kty": "oct", "k": "AAAA"}],
    [],
]:
    write("jwks", json.dumps({"keys": keys}))
write("jwks", '{"keys":[{"kty":"RSA","kty":"EC"}]}')
write("jwks", '{"nokeys":1}')

# ---- discovery
base = {
    "issuer": "https://op.example.test",
    "authorization_endpoint": "https://op.example.test/authorize",
    "jwks_uri": "https://op.example.test/jwks",
    "end_session_endpoint": "https://op.example.test/logout",
    "response_types_supported": ["id_token", "id_token token", "token id_token", "token", "code"],
    "response_modes_supported": ["fragment", "form_post"],
    "id_token_signing_alg_values_supported": ["RS256", "ES256", "PS256", "none", "HS256"],
    "subject_types_supported": ["public"],
    "authorization_response_iss_parameter_supported": True,
}
write("discovery", json.dumps(base, indent=1))
minimal = {k: base[k] for k in ("issuer", "authorization_endpoint", "jwks_uri", "response_types_supported")}
write("discovery", json.dumps(minimal))
write("discovery", json.dumps(dict(minimal, issuer="https://evil.example")))
write("discovery", json.dumps(dict(minimal, authorization_endpoint="http://op.example.test/a")))
write("discovery", json.dumps(dict(minimal, id_token_signing_alg_values_supported=["HS256"])))
write("discovery", json.dumps(dict(minimal, end_session_endpoint=None)))
write("discovery", json.dumps(dict(minimal, authorization_endpoint="https://op.example.test/a?tenant=x&response_type=y")))
write("discovery", '{"issuer":"https:\\/\\/op.example.test","authorization_endpoint":"https://op.example.test/\\u0061","jwks_uri":"https://op.example.test/j","response_types_supported":["id_token"]}')
write("discovery", '{"issuer":"https://op.example.test","issuer":"https://op.example.test"}')

# ---- pending: the documented text form, raw (selector 0) and body-only (selector 1)
def q(s):
    return urllib.parse.quote(s, safe="-._~")


def pending_body(rt="i", rm="fragment", max_age=None, acr=None, nonce=True):
    state = b64e(hashlib.sha256(b"state").digest())
    n = b64e(hashlib.sha256(b"nonce").digest())
    body = f"oidc-implicit-pending=1&rt={rt}&rm={rm}&state={state}"
    if nonce:
        body += f"&nonce={n}"
    body += "&scope=" + q("openid profile") + "&redirect_uri=" + q("https://app.example.test/cb")
    body += "&issuer=" + q("https://op.example.test") + "&client_id=" + q("client-abc")
    if max_age is not None:
        body += f"&max_age={max_age}"
    if acr is not None:
        body += "&acr=" + q(acr)
    body += "&created_at=1700000010&expires_at=1700000610"
    return body


def check(body):
    return b64e(hashlib.sha256(body.encode()).digest()[:16])


for args in [{}, {"rt": "it"}, {"rt": "t", "nonce": False}, {"rm": "form_post"}, {"max_age": 300}, {"acr": "urn:mace:incommon:iap:silver"}]:
    body = pending_body(**args)
    write("pending", b"\x00" + (body + "&check=" + check(body)).encode())
    write("pending", b"\x01" + body.encode())
body = pending_body()
write("pending", b"\x00" + (body + "&check=" + check(body)[:-3]).encode())
write("pending", b"\x00" + (body + "&check=" + "A" * 22).encode())
write("pending", b"\x01" + body.replace("pending=1", "pending=2").encode())
write("pending", b"\x01" + (body + "&extra=1").encode())
write("pending", b"\x01" + body.replace("expires_at=1700000610", "expires_at=1").encode())
write("pending", b"\x01" + body.replace("client_id=client-abc", "client_id=client%2Dabc").encode())

# ---- flow: [context, shape] for every case and the main shapes
for i in range(len(cases)):
    for shape in (0, 1, 3, 4):
        write("flow", bytes([i, shape]))
for shape in range(4, 18):
    write("flow", bytes([0, shape]))

# ---- authorize_roundtrip: Arbitrary-structured input; random seeds of
# several sizes (a fixed PRNG seed keeps them stable).
rng = random.Random(20261121)
for n in (0, 8, 40, 64, 128, 256, 512, 1024):
    write("authorize_roundtrip", bytes(rng.randrange(256) for _ in range(n)))
