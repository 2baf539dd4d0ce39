"""End to end through the Python binding against a real OpenID Provider.

tests/e2e/run.sh starts node `oidc-provider` on loopback and runs this file
with the same provider and client as the Rust `live_*` tests
(tests/tests/e2e.rs):

  OIDC_E2E_PROVIDER_URL   the provider's issuer (http://127.0.0.1:PORT)
  OIDC_E2E_CLIENT_ID      the client registered in tests/e2e/provider.mjs
  OIDC_E2E_REDIRECT_URI   its redirect URI (never contacted: read, not followed)
  OIDC_E2E_FFI_LIB        the built liboidc_implicit_ffi (release surface, no
                          test hooks); default: $CARGO_TARGET_DIR or target/,
                          then debug/

The committed module bindings/python/oidc_implicit.py is loaded with that
library (the generated loader only looks next to its own file, so both are
staged in a temporary directory). Everything else is the standard library:
urllib with a cookie jar plays the browser on the provider's development
login and consent pages, as tests/src/live.rs does in Rust. Only loopback is
contacted.

Prints one line per test and ends with `N passed, M failed`; exits 1 on any
failure.
"""

import base64
import hashlib
import html.parser
import http.cookiejar
import json
import os
import pathlib
import shutil
import sys
import tempfile
import time
import traceback
import urllib.parse
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
ISSUER = os.environ.get("OIDC_E2E_PROVIDER_URL", "").rstrip("/")
CLIENT_ID = os.environ.get("OIDC_E2E_CLIENT_ID", "oidc-implicit-e2e")
REDIRECT_URI = os.environ.get("OIDC_E2E_REDIRECT_URI", "https://rp.example.test/callback")
# Most requests one sign-in may take (login, consent, resumes).
MAX_HOPS = 16
LOOPBACK = {"127.0.0.1", "::1", "localhost"}

oi = None  # the binding, once load_binding() ran


# --- the binding ------------------------------------------------------------------------------


def library_path():
    given = os.environ.get("OIDC_E2E_FFI_LIB")
    if given:
        return pathlib.Path(given)
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR") or ROOT / "target")
    name = "liboidc_implicit_ffi.dylib" if sys.platform == "darwin" else "liboidc_implicit_ffi.so"
    return target / "debug" / name


def load_binding(staging):
    """Imports the committed module with the built library next to it."""
    lib = library_path()
    if not lib.is_file():
        raise RuntimeError(f"{lib} not found: build it with `cargo build -p oidc-implicit-ffi` "
                           "or set OIDC_E2E_FFI_LIB (tests/e2e/run.sh does)")
    shutil.copy(ROOT / "bindings/python/oidc_implicit.py", staging)
    # The copy keeps the library loaded here from changing under the test
    # when another build rewrites the target directory.
    shutil.copy(lib, pathlib.Path(staging) / lib.name)
    sys.path.insert(0, str(staging))
    import oidc_implicit  # noqa: PLC0415

    return oidc_implicit


# --- a browser: cookies, no automatic redirects, loopback only --------------------------------


class _EveryStatus(urllib.request.HTTPErrorProcessor):
    """Hands back 3xx/4xx responses as they are: the test reads each
    redirect's Location (the last one carries the fragment) itself."""

    def http_response(self, request, response):
        return response

    https_response = http_response


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def text(self):
        return self.body.decode("utf-8", "replace")

    def is_redirect(self):
        return self.status in (301, 302, 303, 307, 308)


class Browser:
    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.history = []
        self._opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # loopback never goes through a proxy
            urllib.request.HTTPCookieProcessor(self.cookies),
            _EveryStatus(),
        )

    def get(self, url):
        return self._request(url, None)

    def post_form(self, url, body):
        return self._request(url, body)

    def _request(self, url, body):
        host = urllib.parse.urlsplit(url).hostname
        if host not in LOOPBACK:
            raise RuntimeError(f"refusing to contact {url}: the test stays on loopback")
        self.history.append(url)
        request = urllib.request.Request(url, data=None if body is None else body.encode("ascii"))
        if body is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        with self._opener.open(request, timeout=15) as r:
            return Response(r.status, r.headers, r.read())

    def ok_body(self, url):
        r = self.get(url)
        if r.status != 200:
            raise AssertionError(f"GET {url}: status {r.status} {r.text()[:500]}")
        return r.text()


# --- forms as a browser submits them ----------------------------------------------------------


def form_encode(pairs):
    """application/x-www-form-urlencoded as browsers write it (WHATWG URL:
    space as `+`, everything but alphanumerics and `*-._` escaped)."""

    def enc(s):
        return urllib.parse.quote_plus(s, safe="*").replace("~", "%7E")

    return "&".join(f"{enc(n)}={enc(v)}" for n, v in pairs)


class Form:
    def __init__(self, action, method):
        self.action = action
        self.method = method
        self.inputs = []  # (name, value) in document order

    def value(self, name):
        return next((v for n, v in self.inputs if n == name), None)

    def fill(self, name, value):
        for i, (n, _) in enumerate(self.inputs):
            if n == name:
                self.inputs[i] = (n, value)
                return
        self.inputs.append((name, value))

    def body(self):
        return form_encode(self.inputs)


class Page(html.parser.HTMLParser):
    """The forms and links of a page (character references decoded)."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.links = []  # [href, text]
        self._form = None
        self._link = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "form":
            self._form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and "name" in a:
            # Buttons and unchecked boxes are not submitted.
            if a.get("type", "text").lower() not in ("submit", "button", "checkbox", "radio", "image"):
                self._form.inputs.append((a["name"], a.get("value", "")))
        elif tag == "a" and "href" in a:
            self._link = [a["href"], ""]
            self.links.append(self._link)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link[1] += data

    def link_containing(self, needle):
        return next((href for href, text in self.links if needle in href or needle in text), None)


# --- the user at the provider (tests/src/live.rs in Python) -----------------------------------


class Delivered:
    """What comes back to the app: the redirect URL with its fragment, or the
    body the browser POSTs to the redirect URI (form_post)."""

    def __init__(self, mode, value):
        self.mode = mode  # "fragment" or "form_post"
        self.value = value

    def __repr__(self):
        return f"Delivered({self.mode}, {self.value!r})"


def sign_in(browser, authorize_url, login, consent="grant"):
    """Opens authorize_url and plays user `login` on the provider's pages
    until it sends the browser back to the redirect URI."""
    url, post = authorize_url, None
    for _ in range(MAX_HOPS):
        response = browser.get(url) if post is None else browser.post_form(url, post)
        post = None
        if response.is_redirect():
            location = urllib.parse.urljoin(url, response.headers.get("Location", ""))
            if location.startswith(REDIRECT_URI):
                return Delivered("fragment", location)
            url = location
            continue
        page = Page(response.text())
        # The form_post response: an auto-submitting form to the app.
        to_app = next((f for f in page.forms if f.action == REDIRECT_URI), None)
        if to_app is not None:
            assert to_app.method == "post", f"form to the app with method {to_app.method}"
            return Delivered("form_post", to_app.body())
        login_form = next((f for f in page.forms if f.value("prompt") == "login"), None)
        if login_form is not None:
            login_form.fill("login", login)
            login_form.fill("password", "any password will do")
            post, url = login_form.body(), urllib.parse.urljoin(url, login_form.action)
            continue
        consent_form = next((f for f in page.forms if f.value("prompt") == "consent"), None)
        if consent_form is not None:
            if consent == "grant":
                post, url = consent_form.body(), urllib.parse.urljoin(url, consent_form.action)
            else:
                cancel = page.link_containing("abort")
                assert cancel, "consent page without a Cancel link"
                url = urllib.parse.urljoin(url, cancel)
            continue
        raise AssertionError(f"unexpected page from {url}: status {response.status}\n{response.text()[:2000]}")
    raise AssertionError(f"no redirect to the app after {MAX_HOPS} requests: {browser.history}")


# --- the app --------------------------------------------------------------------------------


class App:
    """Discovery, then a client built by the binding exactly as discovery
    describes the provider."""

    def __init__(self, browser):
        self.browser = browser
        self.discovery = browser.ok_body(ISSUER + "/.well-known/openid-configuration")
        self.metadata = oi.parse_discovery(self.discovery, ISSUER)
        self.client = oi.OidcClient.from_discovery(self.discovery, ISSUER, CLIENT_ID, REDIRECT_URI)

    def jwks(self):
        return self.browser.ok_body(self.metadata.jwks_uri)

    def authorize(self, response_type, mode=None, scope="openid email", silent=False):
        a = self.client.authorize(
            oi.AuthorizeOptions(response_type=response_type, response_mode=mode, scope=scope, silent=silent)
        )
        assert a.url.startswith(self.metadata.authorization_endpoint + "?"), a.url
        assert query_param(a.url, "state") == a.state == a.pending.state()
        return a


def query_param(url, name):
    values = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query).get(name)
    assert values, f"{name} not in {url}"
    return values[0]


def b64url_decode(segment):
    return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))


def b64url_encode(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def expect_error(kind, call):
    """Runs call(), which must raise the binding's error `kind`; returns it."""
    try:
        got = call()
    except oi.OidcError as e:
        assert isinstance(e, kind), f"expected {kind.__name__}, got {e!r}"
        return e
    raise AssertionError(f"expected {kind.__name__}, got {got!r}")


def assert_signed_in(tokens, user, authorize_url, response_type):
    claims = json.loads(tokens.claims_json)
    c = tokens.claims
    assert c.subject == claims["sub"] == user, (c.subject, user)
    assert c.issuer == claims["iss"] == ISSUER
    assert c.audience == [CLIENT_ID]
    # The nonce the library sent is the one the provider signed.
    nonce = query_param(authorize_url, "nonce")
    assert c.nonce == claims["nonce"] == nonce, (c.nonce, nonce)
    assert tokens.algorithm == oi.Algorithm.RS256
    assert tokens.id_token_issued_at <= time.time() + 60 < tokens.id_token_expires_at + 60
    if response_type == oi.ResponseType.ID_TOKEN_TOKEN:
        assert tokens.access_token, "an access token"
        # at_hash recomputed here: the left half of SHA-256 (RS256) of the
        # access token, base64url: the token is bound to this ID token.
        digest = hashlib.sha256(tokens.access_token.encode("ascii")).digest()
        assert claims["at_hash"] == b64url_encode(digest[:16]), claims
        assert tokens.token_type == "Bearer"
        assert tokens.expires_at is not None, "oidc-provider sends expires_in"
    else:
        assert tokens.access_token is None and tokens.token_type is None
        assert "at_hash" not in claims, claims
        assert c.email == claims["email"] == f"{user}@example.test"
        assert c.email_verified is True


# --- the tests ------------------------------------------------------------------------------


def test_discovery():
    doc = Browser().ok_body(ISSUER + "/.well-known/openid-configuration")
    m = oi.parse_discovery(doc, ISSUER)
    assert m.issuer == ISSUER
    assert m.jwks_uri.startswith(ISSUER + "/"), m.jwks_uri
    assert m.response_types == [oi.ResponseType.ID_TOKEN, oi.ResponseType.ID_TOKEN_TOKEN], m.response_types
    assert m.form_post_supported and m.iss_parameter_supported
    assert oi.Algorithm.RS256 in m.id_token_algorithms and oi.Algorithm.ES256 in m.id_token_algorithms
    c = oi.OidcClient.from_discovery(doc, ISSUER, CLIENT_ID, REDIRECT_URI)
    assert (c.issuer(), c.client_id()) == (ISSUER, CLIENT_ID)
    # Another issuer's document (or a mix-up) is refused.
    expect_error(oi.OidcError.InvalidConfiguration, lambda: oi.parse_discovery(doc, ISSUER + "/other"))


def login_and_complete(response_type, mode, user):
    browser = Browser()
    app = App(browser)
    a = app.authorize(response_type, mode)
    if mode == oi.ResponseMode.FORM_POST:
        assert "response_mode=form_post" in a.url, a.url
    # The app keeps the pending authorization across the redirect as text.
    stored = a.pending.serialize()
    delivered = sign_in(browser, a.url, user)
    # The login page and the consent page, each shown and submitted.
    assert sum("/interaction/" in h for h in browser.history) == 4, browser.history
    if mode == oi.ResponseMode.FORM_POST:
        assert delivered.mode == "form_post" and "id_token=" in delivered.value, delivered
    else:
        assert delivered.mode == "fragment" and delivered.value.startswith(REDIRECT_URI + "#"), delivered
    assert oi.redirect_state(delivered.value) == a.state
    pending = oi.PendingAuthorization.deserialize(stored)
    tokens = app.client.complete(pending, delivered.value, app.jwks())
    assert_signed_in(tokens, user, a.url, response_type)
    assert pending.is_completed()
    return app, delivered


def test_fragment_id_token_token():
    login_and_complete(oi.ResponseType.ID_TOKEN_TOKEN, None, "py-alice-fragment")


def test_fragment_id_token():
    login_and_complete(oi.ResponseType.ID_TOKEN, oi.ResponseMode.FRAGMENT, "py-bob-fragment")


def test_form_post_id_token():
    login_and_complete(oi.ResponseType.ID_TOKEN, oi.ResponseMode.FORM_POST, "py-carol-form-post")


def test_form_post_id_token_token():
    login_and_complete(oi.ResponseType.ID_TOKEN_TOKEN, oi.ResponseMode.FORM_POST, "py-dave-form-post")


def replace_param(fragment_url, name, edit):
    """The redirect with parameter `name`'s raw value passed through edit()."""
    base, _, fragment = fragment_url.partition("#")
    pairs = [p.partition("=") for p in fragment.split("&")]
    assert any(k == name for k, _, _ in pairs), (name, fragment_url)
    return base + "#" + "&".join(k + "=" + (edit(v) if k == name else v) for k, _, v in pairs)


def test_tampered_fragment():
    browser = Browser()
    app = App(browser)
    jwks = app.jwks()
    a = app.authorize(oi.ResponseType.ID_TOKEN_TOKEN, oi.ResponseMode.FRAGMENT)
    stored = a.pending.serialize()
    genuine = sign_in(browser, a.url, "py-erin").value

    def complete(redirect):
        return app.client.complete(oi.PendingAuthorization.deserialize(stored), redirect, jwks)

    # The ID token says someone else, with the provider's signature kept.
    def other_sub(token):
        header, payload, signature = token.split(".")
        claims = json.loads(b64url_decode(payload))
        claims["sub"] = "admin"
        return ".".join([header, b64url_encode(json.dumps(claims).encode()), signature])

    e = expect_error(oi.OidcError.InvalidToken, lambda: complete(replace_param(genuine, "id_token", other_sub)))
    assert "signature" in e.reason, e.reason

    # One flipped character in the signature.
    def flip_last(token):
        return token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]

    e = expect_error(oi.OidcError.InvalidToken, lambda: complete(replace_param(genuine, "id_token", flip_last)))
    assert "signature" in e.reason, e.reason

    # Another access token beside the genuine ID token: at_hash no longer binds.
    def other_token(value):
        return ("X" if value[0] != "X" else "Y") + value[1:]

    e = expect_error(oi.OidcError.InvalidToken, lambda: complete(replace_param(genuine, "access_token", other_token)))
    assert "at_hash" in e.reason, e.reason

    # Another state: not an answer to this request.
    expect_error(oi.OidcError.StateMismatch, lambda: complete(replace_param(genuine, "state", lambda s: s + "x")))

    # The untouched redirect still completes.
    assert complete(genuine).claims.subject == "py-erin"


def test_replayed_redirect():
    browser = Browser()
    app = App(browser)
    jwks = app.jwks()
    a = app.authorize(oi.ResponseType.ID_TOKEN, oi.ResponseMode.FRAGMENT)
    delivered = sign_in(browser, a.url, "py-frank").value
    assert app.client.complete(a.pending, delivered, jwks).claims.subject == "py-frank"

    # Replayed into the same pending authorization: it completes once.
    expect_error(oi.OidcError.AlreadyCompleted, lambda: app.client.complete(a.pending, delivered, jwks))
    expect_error(oi.OidcError.AlreadyCompleted, a.pending.serialize)

    # Replayed into the app's next sign-in: not its state.
    following = app.authorize(oi.ResponseType.ID_TOKEN, oi.ResponseMode.FRAGMENT)
    assert following.state != a.state
    expect_error(oi.OidcError.StateMismatch, lambda: app.client.complete(following.pending, delivered, jwks))
    assert following.pending.is_completed()


def test_prompt_none_without_session():
    for mode in (oi.ResponseMode.FRAGMENT, oi.ResponseMode.FORM_POST):
        browser = Browser()  # a fresh profile: no session at the provider
        app = App(browser)
        a = app.authorize(oi.ResponseType.ID_TOKEN, mode, scope="openid", silent=True)
        assert query_param(a.url, "prompt") == "none"
        delivered = sign_in(browser, a.url, "nobody")
        # No session: the provider answers at once, without a page.
        assert not any("/interaction/" in h for h in browser.history), browser.history
        assert delivered.mode == ("form_post" if mode == oi.ResponseMode.FORM_POST else "fragment"), delivered
        # The error response carries RFC 9207 iss, which the library checks.
        assert "iss=" in delivered.value, delivered
        e = expect_error(oi.OidcError.LoginRequired, lambda: app.client.complete(a.pending, delivered.value, ""))
        assert e.error == "login_required", e
        assert a.pending.is_completed()


def test_denied_consent():
    browser = Browser()
    app = App(browser)
    a = app.authorize(oi.ResponseType.ID_TOKEN_TOKEN, oi.ResponseMode.FRAGMENT)
    delivered = sign_in(browser, a.url, "py-heidi", consent="deny")
    assert any(h.endswith("/abort") for h in browser.history), browser.history
    e = expect_error(oi.OidcError.AuthorizationDenied, lambda: app.client.complete(a.pending, delivered.value, ""))
    assert e.error == "access_denied", e


TESTS = [
    test_discovery,
    test_fragment_id_token_token,
    test_fragment_id_token,
    test_form_post_id_token,
    test_form_post_id_token_token,
    test_tampered_fragment,
    test_replayed_redirect,
    test_prompt_none_without_session,
    test_denied_consent,
]


def main():
    sys.stdout.reconfigure(line_buffering=True)
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="oidc-e2e-python-") as staging:
        try:
            if not ISSUER:
                raise RuntimeError("OIDC_E2E_PROVIDER_URL is not set: run tests/e2e/run.sh, which starts the provider")
            global oi
            oi = load_binding(staging)
            print(f"binding {oi.library_version()} from {library_path()}; provider {ISSUER}")
        except Exception:  # noqa: BLE001  setup failed: nothing can run
            traceback.print_exc(file=sys.stdout)
            print("FAILED: loading the binding / reading the environment")
            print("0 passed, 1 failed")
            return 1
        for test in TESTS:
            t0 = time.monotonic()
            try:
                test()
            except Exception:  # noqa: BLE001  a test's failure, reported and counted
                failed += 1
                print(f"FAILED {test.__name__}")
                for line in traceback.format_exc().rstrip().splitlines():
                    print("  " + line)
            else:
                passed += 1
                print(f"ok {test.__name__} ({time.monotonic() - t0:.2f}s)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
