"""The Python bindings, driven through the generated module.

These test the glue (records, enums, objects and errors cross the boundary
intact, the error mapping reaches Python), not the Rust checks again.
Run by bindings/run.sh with BINDINGS_DIR set to bindings generated from a
library built with the `test-hooks` feature (known state/nonce, so that the
ID tokens minted in tests/fixtures/jose/cases.json can be completed).
"""

import json
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
BINDINGS_DIR = os.environ.get("BINDINGS_DIR")
if not BINDINGS_DIR:
    raise RuntimeError("set BINDINGS_DIR to the test-hooks Python bindings (see bindings/run.sh)")
sys.path.insert(0, BINDINGS_DIR)

import oidc_implicit as oi  # noqa: E402

CASES_DOC = json.loads((ROOT / "tests/fixtures/jose/cases.json").read_text(encoding="utf-8"))
CASES = {c["name"]: c for c in CASES_DOC["cases"]}
REDIRECT_URI = "https://app.example.test/cb"
ENDPOINT = "https://op.example.test/authorize"
ENTROPY = bytes(range(1, 33))

ALGS = {a.name.replace("_", ""): a for a in oi.Algorithm}


def settings(case, **kw):
    algs = [ALGS[a] for a in case.get("allowed_algs", [])]
    return oi.ClientSettings(
        issuer=case["issuer"],
        client_id=case["client_id"],
        redirect_uri=REDIRECT_URI,
        authorization_endpoint=ENDPOINT,
        allowed_algorithms=algs,
        trusted_audiences=case.get("trusted_audiences", []),
        **kw,
    )


def known_pending(client, case, mode=oi.ResponseMode.FRAGMENT):
    rt = oi.ResponseType.ID_TOKEN_TOKEN if case["response_type"] == "id_token token" else oi.ResponseType.ID_TOKEN
    return oi.dangerous_pending_with_known_values(
        client, rt, mode, "openid", case["state"], case["nonce"], case["max_age"], case["now"] - 5
    )


def complete(case, jwks=None, pending=None, client=None, redirect=None):
    client = client or oi.OidcClient(settings(case))
    pending = pending or known_pending(client, case)
    return client.complete_at(
        pending, redirect or case["fragment"], json.dumps(jwks or case["jwks"]), case["now"]
    )


# --- the full flow with known answers ---------------------------------------------------------


def test_id_token_token_known_answer():
    case = CASES["rs256-id_token-token"]
    t = complete(case)
    assert isinstance(t, oi.Tokens)
    assert t.id_token == case["id_token"]
    assert t.access_token == case["access_token"]
    assert t.token_type == "Bearer"
    assert t.scope == "openid"
    assert t.expires_at is None  # no expires_in in this response
    assert (t.id_token_issued_at, t.id_token_expires_at) == (1700000000, 1700000300)
    assert t.algorithm == oi.Algorithm.RS256
    assert t.claims.subject == "248289761001-op"
    assert t.claims.issuer == case["issuer"]
    assert t.claims.audience == ["client-abc"]
    assert t.claims.nonce == case["nonce"]
    assert json.loads(t.claims_json)["sub"] == "248289761001-op"


def test_es256_id_token_has_no_access_token():
    t = complete(CASES["es256-id_token"])
    assert t.algorithm == oi.Algorithm.ES256
    assert (t.access_token, t.token_type, t.scope, t.expires_at) == (None, None, None, None)


def test_full_redirect_url_and_form_post_body():
    case = CASES["es256-id_token"]
    client = oi.OidcClient(settings(case))
    url = REDIRECT_URI + "#" + case["fragment"]
    assert complete(case, client=client, redirect=url).claims.subject
    pending = known_pending(client, case, oi.ResponseMode.FORM_POST)
    assert complete(case, client=client, pending=pending, redirect=case["fragment"]).claims.subject
    pending = known_pending(client, case, oi.ResponseMode.FORM_POST)
    with pytest.raises(oi.OidcError.InvalidResponse):
        complete(case, client=client, pending=pending, redirect=url)


def test_typed_standard_claims_unicode_and_address():
    case = CASES["scope-userinfo-claims-id_token"]
    want = case["expected_claims"]
    c = complete(case).claims
    assert c.name == want["name"] == "Renée Éclair 😀"
    assert (c.given_name, c.family_name) == (want["given_name"], want["family_name"])
    assert c.email == want["email"] and c.email_verified is True
    assert c.phone_number == want["phone_number"]
    assert c.picture == want["picture"] and c.locale == want["locale"]
    assert c.updated_at == want["updated_at"]
    assert c.address == oi.Address(**want["address"])
    assert c.middle_name is None and c.phone_number_verified is None and c.auth_time is None


# --- every minted case reaches the public outcome its slug implies -----------------------------

EXPECTED_KIND = {"accept": None, "refresh_keys": "KeysOutdated", "expired": "Expired"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_fixture_case(name):
    case = CASES[name]
    want = EXPECTED_KIND.get(case["expected"], "InvalidToken")
    client = oi.OidcClient(settings(case))
    pending = known_pending(client, case)
    try:
        complete(case, client=client, pending=pending)
        got = None
    except oi.OidcError as e:
        got = type(e).__name__
    assert got == want, f"{name}: expected {case['expected']} -> {want}, got {got}"
    assert pending.is_completed() == (want != "KeysOutdated")


def test_keys_outdated_keeps_the_pending_for_a_retry():
    case = CASES["kid-rotated-unknown"]
    client = oi.OidcClient(settings(case))
    pending = known_pending(client, case)
    with pytest.raises(oi.OidcError.KeysOutdated) as outdated:
        complete(case, client=client, pending=pending)
    assert outdated.value.kid
    assert not pending.is_completed()
    t = complete(case, client=client, pending=pending, jwks=case["jwks_after_refresh"])
    assert t.claims.subject
    # The same unknown kid right after a refresh is refused, not refetched.
    pending = known_pending(client, case)
    with pytest.raises(oi.OidcError.KeysOutdated):
        complete(case, client=client, pending=pending)
    with pytest.raises(oi.OidcError.InvalidToken):
        complete(case, client=client, pending=pending)


def test_failing_known_answers_carry_reasons():
    for name, kind, words in [
        ("exp-120s-ago", oi.OidcError.Expired, "expired"),
        ("bad-sig-rs256-xor", oi.OidcError.InvalidToken, "signature"),
        ("nonce-plus-1", oi.OidcError.InvalidToken, "nonce"),
        ("at_hash-plus-1", oi.OidcError.InvalidToken, "at_hash"),
        ("alg-none", oi.OidcError.InvalidToken, "alg"),
    ]:
        with pytest.raises(kind) as err:
            complete(CASES[name])
        assert words in err.value.reason, (name, err.value.reason)


# --- the real API: authorize, persist, provider errors ----------------------------------------


def client():
    return oi.OidcClient(
        oi.ClientSettings(
            issuer="https://op.example",
            client_id="kiosk-1",
            redirect_uri="com.example.app:/cb",
            authorization_endpoint="https://op.example/authorize?tenant=a",
            end_session_endpoint="https://op.example/logout",
        )
    )


def test_authorize_with_platform_clock_and_rng():
    c = client()
    a = c.authorize(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN_TOKEN, scope="email"))
    assert a.url.startswith("https://op.example/authorize?tenant=a&response_type=id_token%20token&client_id=kiosk-1")
    assert f"state={a.state}" in a.url and "nonce=" in a.url and "scope=openid%20email" in a.url
    assert a.pending.state() == a.state and not a.pending.is_completed()
    b = c.authorize(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN))
    assert b.state != a.state


def test_authorize_options_cross_the_boundary():
    a = client().authorize_at(
        oi.AuthorizeOptions(
            response_type=oi.ResponseType.ID_TOKEN,
            response_mode=oi.ResponseMode.FORM_POST,
            prompt=[oi.Prompt.LOGIN, oi.Prompt.SELECT_ACCOUNT],
            max_age=300,
            login_hint="jane@example.com",
            ui_locales="fr-CA",
            acr_values="urn:mace:incommon:iap:silver",
            display=oi.DisplayMode.TOUCH,
            extra_parameters=[oi.Parameter(name="idp", value="corp")],
        ),
        1_700_000_000,
        ENTROPY,
    )
    for part in ["response_mode=form_post", "prompt=login%20select_account", "max_age=300",
                 "login_hint=jane%40example.com", "ui_locales=fr-CA", "display=touch", "idp=corp"]:
        assert part in a.url, part
    assert a.pending.expires_at() == 1_700_000_600
    # Same entropy, same state: the host owns the randomness.
    again = client().authorize_at(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN), 1_700_000_000, ENTROPY)
    assert again.state == a.state


def test_serialize_deserialize_and_redirect_state():
    c = client()
    a = c.authorize_at(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN), 1_700_000_000, ENTROPY)
    text = a.pending.serialize()
    assert text.startswith("oidc-implicit-pending=1&")
    restored = oi.PendingAuthorization.deserialize(text)
    assert restored.state() == a.state and restored.expires_at() == a.pending.expires_at()
    redirect = f"com.example.app:/cb#error=login_required&state={a.state}"
    assert oi.redirect_state(redirect) == a.state
    assert oi.redirect_state("com.example.app:/cb#id_token=x") is None
    with pytest.raises(oi.OidcError.InvalidResponse):
        oi.redirect_state("#a=%zz")
    with pytest.raises(oi.OidcError.InvalidInput):
        oi.PendingAuthorization.deserialize(text[:-1] + ("A" if text[-1] != "A" else "B"))
    with pytest.raises(oi.OidcError.InvalidInput):
        oi.PendingAuthorization.deserialize("garbage")


@pytest.mark.parametrize(
    "error,kind",
    [("login_required", "LoginRequired"), ("interaction_required", "LoginRequired"),
     ("consent_required", "LoginRequired"), ("access_denied", "AuthorizationDenied"),
     ("server_error", "AuthorizationDenied")],
)
def test_provider_errors_map_by_what_to_do(error, kind):
    c = client()
    a = c.authorize_at(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN, silent=True), 1_700_000_000, ENTROPY)
    redirect = f"com.example.app:/cb#error={error}&error_description=Nope+%C3%A9&error_uri=https%3A%2F%2Fop.example%2Fe&state={a.state}"
    with pytest.raises(oi.OidcError) as err:
        c.complete_at(a.pending, redirect, "{}", 1_700_000_010)
    e = err.value
    assert type(e).__name__ == kind
    assert (e.error, e.description) == (error, "Nope é")
    if kind == "AuthorizationDenied":
        assert e.uri == "https://op.example/e"
    assert a.pending.is_completed()


def test_state_mismatch_expired_and_already_completed():
    c = client()
    opts = oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN)
    a = c.authorize_at(opts, 1_700_000_000, ENTROPY)
    with pytest.raises(oi.OidcError.StateMismatch):
        c.complete_at(a.pending, "com.example.app:/cb#id_token=a.b.c&state=other", "{}", 1_700_000_010)
    with pytest.raises(oi.OidcError.AlreadyCompleted):
        c.complete_at(a.pending, "com.example.app:/cb#id_token=a.b.c&state=" + a.state, "{}", 1_700_000_010)
    with pytest.raises(oi.OidcError.AlreadyCompleted):
        a.pending.serialize()
    b = c.authorize_at(opts, 1_700_000_000, bytes(range(2, 34)))
    jwks = json.dumps(CASES["es256-id_token"]["jwks"])
    with pytest.raises(oi.OidcError.Expired) as err:
        c.complete_at(b.pending, "com.example.app:/cb#id_token=a.b.c&state=" + b.state, jwks, 1_700_000_601)
    assert "expired" in err.value.reason


def test_unusable_keys_do_not_use_up_the_pending_authorization():
    case = CASES["es256-id_token"]
    c = oi.OidcClient(settings(case))
    p = known_pending(c, case)
    with pytest.raises(oi.OidcError.InvalidInput):
        c.complete_at(p, case["fragment"], "not json", case["now"])
    assert not p.is_completed()
    assert c.complete_at(p, case["fragment"], json.dumps(case["jwks"]), case["now"]).claims.subject


def test_invalid_configuration_and_input():
    with pytest.raises(oi.OidcError.InvalidConfiguration) as err:
        oi.OidcClient(oi.ClientSettings(issuer="http://op.example", client_id="c",
                                        redirect_uri="https://app/cb", authorization_endpoint=ENDPOINT))
    assert "https" in err.value.reason
    with pytest.raises(oi.OidcError.InvalidConfiguration):
        oi.OidcClient(oi.ClientSettings(issuer="https://op.example", client_id="c", redirect_uri="https://app/cb",
                                        authorization_endpoint=ENDPOINT, leeway_secs=301))
    opts = oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN)
    for entropy in [bytes(32), b"short", bytes(range(256)) * 5]:
        with pytest.raises(oi.OidcError.InvalidInput):
            client().authorize_at(opts, 1_700_000_000, entropy)
    with pytest.raises(oi.OidcError.InvalidInput):
        client().authorize_at(opts, 10**18, ENTROPY)
    with pytest.raises(oi.OidcError.InvalidInput):
        client().authorize_at(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN, silent=True,
                                                  prompt=[oi.Prompt.LOGIN]), 1_700_000_000, ENTROPY)
    with pytest.raises(oi.OidcError.InvalidInput):
        client().authorize_at(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN,
                                                  extra_parameters=[oi.Parameter(name="state", value="x")]),
                              1_700_000_000, ENTROPY)


DISCOVERY = {
    "issuer": "https://op.example",
    "authorization_endpoint": "https://op.example/authorize",
    "jwks_uri": "https://op.example/jwks",
    "end_session_endpoint": "https://op.example/logout",
    "response_types_supported": ["id_token", "id_token token", "code"],
    "response_modes_supported": ["fragment", "form_post"],
    "id_token_signing_alg_values_supported": ["ES256", "HS256"],
    "authorization_response_iss_parameter_supported": True,
}


def test_discovery():
    doc = json.dumps(DISCOVERY)
    m = oi.parse_discovery(doc, "https://op.example")
    assert m.jwks_uri == "https://op.example/jwks"
    assert m.response_types == [oi.ResponseType.ID_TOKEN, oi.ResponseType.ID_TOKEN_TOKEN]
    assert m.id_token_algorithms == [oi.Algorithm.ES256]
    assert m.form_post_supported and m.iss_parameter_supported
    c = oi.OidcClient.from_discovery(doc, "https://op.example", "kiosk-1", "https://app.example/cb")
    assert (c.issuer(), c.client_id()) == ("https://op.example", "kiosk-1")
    a = c.authorize(oi.AuthorizeOptions(response_type=oi.ResponseType.ID_TOKEN))
    # RFC 9207 `iss` from another issuer: a mix-up, refused before anything else.
    with pytest.raises(oi.OidcError.InvalidResponse) as err:
        c.complete(a.pending, "https://app.example/cb#error=access_denied&iss=https%3A%2F%2Fevil.example&state=" + a.state, "")
    assert "iss" in err.value.reason
    with pytest.raises(oi.OidcError.InvalidConfiguration):
        oi.parse_discovery(doc, "https://evil.example")
    with pytest.raises(oi.OidcError.InvalidConfiguration):
        oi.parse_discovery("{", "https://op.example")


def test_logout_url():
    url = client().end_session_url(oi.LogoutOptions(id_token_hint="eyJ.x.y", post_logout_redirect_uri="com.example.app:/bye",
                                                    state="s1"))
    assert url == ("https://op.example/logout?client_id=kiosk-1&id_token_hint=eyJ.x.y"
                   "&post_logout_redirect_uri=com.example.app%3A%2Fbye&state=s1")
    no_logout = oi.OidcClient(settings(CASES["es256-id_token"]))
    with pytest.raises(oi.OidcError.InvalidConfiguration):
        no_logout.end_session_url(oi.LogoutOptions())
    with pytest.raises(oi.OidcError.InvalidInput):
        client().end_session_url(oi.LogoutOptions(post_logout_redirect_uri="http://evil.example/"))


def test_version():
    assert oi.library_version() == "0.1.0"
