//! Driving the real OpenID Provider of `tests/e2e/` (node `oidc-provider` on
//! loopback) the way a browser does: open the authorize URL, sign in on the
//! provider's login page, grant (or deny) consent, and stop at the redirect
//! back to the app, returning the fragment URL or the form_post body.

use crate::browser::{Browser, resolve};
use crate::html_form;

/// The provider's issuer URL; set by `tests/e2e/run.sh`.
pub const PROVIDER_URL_ENV: &str = "OIDC_E2E_PROVIDER_URL";
/// A file with the JWK Set the provider served before it was restarted with
/// new keys; set by `tests/e2e/run.sh` for the key-rotation phase.
pub const STALE_JWKS_ENV: &str = "OIDC_E2E_STALE_JWKS";
/// The client registered in `tests/e2e/provider.mjs`.
pub const CLIENT_ID: &str = "oidc-implicit-e2e";
/// Its redirect URI (never contacted: the redirect is read, not followed).
pub const REDIRECT_URI: &str = "https://rp.example.test/callback";

/// Most requests one sign-in may take (login, consent, resumes).
const MAX_HOPS: usize = 16;

/// The running provider.
#[derive(Clone, Debug)]
pub struct LiveProvider {
    /// Its issuer identifier (`http://127.0.0.1:PORT`).
    pub issuer: String,
}

impl LiveProvider {
    /// The provider named by [`PROVIDER_URL_ENV`]. Panics with how to start
    /// one when the variable is not set.
    pub fn from_env() -> Self {
        let issuer = std::env::var(PROVIDER_URL_ENV).unwrap_or_else(|_| {
            panic!("{PROVIDER_URL_ENV} is not set: run tests/e2e/run.sh, which starts the provider")
        });
        Self {
            issuer: issuer.trim_end_matches('/').to_string(),
        }
    }

    /// Fetches the discovery document.
    pub fn discovery(&self, browser: &mut Browser) -> Result<Vec<u8>, String> {
        let url = format!("{}/.well-known/openid-configuration", self.issuer);
        ok_body(browser.get(&url)?, &url)
    }

    /// Fetches `jwks_uri` (from the discovery document).
    pub fn jwks(&self, browser: &mut Browser, jwks_uri: &str) -> Result<Vec<u8>, String> {
        ok_body(browser.get(jwks_uri)?, jwks_uri)
    }
}

fn ok_body(response: crate::browser::Response, url: &str) -> Result<Vec<u8>, String> {
    if response.status == 200 {
        Ok(response.body)
    } else {
        Err(format!(
            "GET {url}: status {} {}",
            response.status,
            response.text()
        ))
    }
}

/// What comes back to the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivered {
    /// The redirect URL with its fragment, as the app's URL handler gets it.
    Fragment(String),
    /// The body the browser POSTs to the redirect URI (form_post).
    FormPost(String),
}

impl Delivered {
    /// What the library's `complete` takes.
    pub fn input(&self) -> &str {
        match self {
            Self::Fragment(s) | Self::FormPost(s) => s,
        }
    }
}

/// What the user does on the consent page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Consent {
    /// Presses Continue.
    Grant,
    /// Follows the Cancel link.
    Deny,
}

/// Opens `authorize_url` in `browser` and plays the user `login` until the
/// provider sends the browser back to [`REDIRECT_URI`].
pub fn sign_in(
    browser: &mut Browser,
    authorize_url: &str,
    login: &str,
    consent: Consent,
) -> Result<Delivered, String> {
    let mut url = authorize_url.to_string();
    let mut post: Option<String> = None;
    for _ in 0..MAX_HOPS {
        let response = match post.take() {
            Some(body) => browser.post_form(&url, &body)?,
            None => browser.get(&url)?,
        };
        if response.is_redirect() {
            let location = resolve(&url, response.header("location").unwrap_or_default());
            if location.starts_with(REDIRECT_URI) {
                return Ok(Delivered::Fragment(location));
            }
            url = location;
            continue;
        }
        let page = response.text();
        let mut forms = html_form::forms(&page);
        // The form_post response: an auto-submitting form to the app.
        if let Some(form) = forms.iter().find(|f| f.action == REDIRECT_URI) {
            if form.method != "post" {
                return Err(format!("form to the app with method {}", form.method));
            }
            return Ok(Delivered::FormPost(form.body()));
        }
        if let Some(form) = forms
            .iter_mut()
            .find(|f| f.value("prompt") == Some("login"))
        {
            form.fill("login", login);
            form.fill("password", "any password will do");
            post = Some(form.body());
            url = resolve(&url, &form.action);
            continue;
        }
        if let Some(form) = forms.iter().find(|f| f.value("prompt") == Some("consent")) {
            match consent {
                Consent::Grant => {
                    post = Some(form.body());
                    url = resolve(&url, &form.action);
                }
                Consent::Deny => {
                    let cancel = html_form::link_containing(&page, "abort")
                        .ok_or("consent page without a Cancel link")?;
                    url = resolve(&url, &cancel);
                }
            }
            continue;
        }
        return Err(format!(
            "unexpected page from {url}: status {}\n{page}",
            response.status
        ));
    }
    Err(format!(
        "no redirect to the app after {MAX_HOPS} requests: {:?}",
        browser.history
    ))
}

/// 32 bytes from the operating system's CSPRNG, as an app would pass.
pub fn entropy() -> [u8; 32] {
    use std::io::Read;
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .expect("/dev/urandom");
    bytes
}

/// The wall clock, as the library's time.
pub fn now() -> oidc_implicit::UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs();
    oidc_implicit::UnixTime::from_secs(secs).expect("time in range")
}
