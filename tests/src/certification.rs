//! The OpenID Foundation's Implicit RP certification plan as data
//! (`fixtures/jose/certification.json`, minted with jwcrypto by
//! `mint_certification.py`) and a harness that plays the suite's side:
//!
//! 1. the library builds the authorize request (from a static configuration,
//!    or from the test's discovery document), and the harness checks it the
//!    way the suite does (response_type, client_id, redirect_uri, `openid`
//!    scope, `nonce`, `response_mode`, `prompt=none` + `max_age=0` only where
//!    the test asks for it);
//! 2. the suite's answer is replayed: the fragment redirect as the browser
//!    delivers it, or the form_post page read as a browser submits it;
//! 3. the library completes the pending authorization (built with the
//!    fixture's known `state`/`nonce`, which the suite's tokens carry) with
//!    the JWK Set the test OP serves, re-fetching after a key rotation.
//!
//! Every step yields a [`StepResult`] with the typed outcome and a slug the
//! fixture's `expected` is compared with.

use oidc_implicit::{
    Algorithm, AuthorizeRequest, ClientConfig, Completion, CompletionError, DiscoveryError,
    JwsError, KeySet, PendingAuthorization, Prompt, ProviderMetadata, ResponseError, ResponseMode,
    ResponseType, UnixTime, VerifyError,
};
use serde_json::Value;

use crate::html_form;

/// The plan's file name in [`FIXTURES`](crate::FIXTURES).
pub const PLAN_FILE: &str = "certification.json";

/// How the authorization response comes back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// `#…` on the redirect URI (the default for these response types).
    Fragment,
    /// `response_mode=form_post`: an auto-submitted HTML form.
    FormPost,
}

impl Mode {
    /// The `response_mode` name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Fragment => "fragment",
            Self::FormPost => "form_post",
        }
    }

    fn parse(name: &str) -> Option<Self> {
        match name {
            "fragment" => Some(Self::Fragment),
            "form_post" => Some(Self::FormPost),
            _ => None,
        }
    }

    fn library(self) -> ResponseMode {
        match self {
            Self::Fragment => ResponseMode::Fragment,
            Self::FormPost => ResponseMode::FormPost,
        }
    }
}

/// What the library did with one response.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Tokens were handed out.
    Accepted {
        /// The verified ID token's payload.
        payload: Value,
        /// Its algorithm.
        alg: Algorithm,
        /// The access token, for `id_token token`.
        access_token: Option<String>,
        /// Its `token_type`.
        token_type: Option<&'static str>,
        /// When it expires, if the response said (`expires_in`).
        expires_at: Option<u64>,
    },
    /// The library asked for fresh keys; the harness re-fetched and retried.
    RefreshedThen {
        /// The unknown `kid`.
        kid: String,
        /// The retry's outcome.
        then: Box<Outcome>,
    },
    /// The response was refused.
    Refused(CompletionError),
    /// The discovery document was refused (no request was sent).
    DiscoveryRefused(DiscoveryError),
    /// The discovery document was accepted and configured the client.
    Discovered,
    /// Something no test expects (e.g. a plain OAuth result).
    Unexpected(String),
}

/// One replayed response (or one discovery document).
#[derive(Clone, Debug)]
pub struct StepResult {
    /// `A3/java/id_token/fragment/step 0`.
    pub label: String,
    /// The certification test (`A3`).
    pub test: String,
    /// The suite variant (`java`, `python`, `suite`, …).
    pub variant: String,
    /// `id_token` or `id_token token`.
    pub response_type: String,
    /// Fragment or form_post.
    pub mode: Mode,
    /// The step's index in its run (`None`: the discovery document).
    pub step: Option<usize>,
    /// The fixture's expected slug.
    pub expected: String,
    /// The library's outcome as a slug.
    pub got: String,
    /// The typed outcome.
    pub outcome: Outcome,
    /// What else went wrong (request checks, token details).
    pub problems: Vec<String>,
}

impl StepResult {
    /// Whether the outcome is the expected one and nothing else went wrong.
    pub fn ok(&self) -> bool {
        self.expected == self.got && self.problems.is_empty()
    }

    /// The final outcome, after a key refresh if there was one.
    pub fn last(&self) -> &Outcome {
        match &self.outcome {
            Outcome::RefreshedThen { then, .. } => then,
            other => other,
        }
    }
}

/// The variant name of an enum's `Debug` output (`Expired { … }` → `Expired`).
fn variant_name(debug: &str) -> &str {
    debug
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or(debug)
}

/// The slug of an outcome, in the fixture's vocabulary.
pub fn slug(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Accepted { .. } => "accept".to_string(),
        Outcome::RefreshedThen { then, .. } => format!("refresh_keys then {}", slug(then)),
        Outcome::Refused(CompletionError::Verify(VerifyError::Jws(JwsError::Base64 {
            segment,
        }))) => format!("verify:Jws:Base64:{}", segment.name()),
        Outcome::Refused(CompletionError::Verify(e)) => {
            format!("verify:{}", variant_name(&format!("{e:?}")))
        }
        Outcome::Refused(CompletionError::Response(ResponseError::Authorization(e))) => {
            format!("response:Authorization:{}", e.code_text())
        }
        Outcome::Refused(CompletionError::Response(e)) => {
            format!("response:{}", variant_name(&format!("{e:?}")))
        }
        Outcome::Refused(other) => format!("unexpected {other:?}"),
        Outcome::DiscoveryRefused(e) => format!("discovery:{}", variant_name(&format!("{e:?}"))),
        Outcome::Discovered => "ok".to_string(),
        Outcome::Unexpected(what) => format!("unexpected {what}"),
    }
}

/// The plan.
pub struct Plan {
    doc: Value,
}

fn text<'v>(v: &'v Value, key: &str) -> &'v str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("plan: {key} is not a string"))
}

impl Plan {
    /// Loads the committed plan.
    pub fn load() -> Result<Self, String> {
        let doc: Value =
            serde_json::from_str(&crate::fixture(PLAN_FILE)?).map_err(|e| e.to_string())?;
        Ok(Self { doc })
    }

    /// The test OP's issuer.
    pub fn issuer(&self) -> &str {
        text(&self.doc, "issuer")
    }

    /// The RP's client_id.
    pub fn client_id(&self) -> &str {
        text(&self.doc, "client_id")
    }

    /// The RP's redirect URI.
    pub fn redirect_uri(&self) -> &str {
        text(&self.doc, "redirect_uri")
    }

    /// The access token the suite's OP issues (50 alphanumeric characters).
    pub fn access_token(&self) -> &str {
        text(&self.doc, "access_token")
    }

    /// The test clock.
    pub fn now(&self) -> UnixTime {
        UnixTime::from_secs(self.doc["now"].as_u64().unwrap()).unwrap()
    }

    /// Every certification test, in plan order.
    pub fn tests(&self) -> &[Value] {
        self.doc["tests"].as_array().unwrap()
    }

    /// The test with id `id` (`A3`).
    pub fn test(&self, id: &str) -> &Value {
        self.tests()
            .iter()
            .find(|t| t["id"] == id)
            .unwrap_or_else(|| panic!("no test {id} in the plan"))
    }

    /// The JWK Set called `name`, as the provider serves it.
    pub fn jwks(&self, name: &str) -> String {
        let set = &self.doc["jwks"][name]["jwks"];
        assert!(set.is_object(), "no JWK Set {name}");
        set.to_string()
    }

    /// The configuration an app writes by hand for the suite's OP.
    pub fn static_config(&self) -> ClientConfig {
        let endpoint = format!("{}authorize", self.issuer());
        ClientConfig::builder(self.issuer(), self.client_id(), self.redirect_uri())
            .authorization_endpoint(&endpoint)
            .build()
            .unwrap()
    }

    /// Runs every run of test `id` in each of its response modes.
    pub fn run_test(&self, id: &str) -> Vec<StepResult> {
        let test = self.test(id);
        let modes: Vec<Mode> = test["response_modes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| Mode::parse(m.as_str().unwrap()).unwrap())
            .collect();
        self.run_test_in(id, &modes)
    }

    /// Runs every run of test `id` in the given modes.
    pub fn run_test_in(&self, id: &str, modes: &[Mode]) -> Vec<StepResult> {
        let test = self.test(id);
        let mut out = Vec::new();
        for run in test["runs"].as_array().unwrap() {
            for &mode in modes {
                out.extend(self.run_one(test, run, mode));
            }
        }
        out
    }

    fn run_one(&self, test: &Value, run: &Value, mode: Mode) -> Vec<StepResult> {
        let id = text(test, "id");
        let variant = text(run, "variant");
        let rt_name = text(run, "response_type");
        let response_type = ResponseType::parse(rt_name).unwrap();
        let now = self.now();
        let label = |step: &str| format!("{id}/{variant}/{rt_name}/{}/{step}", mode.name());
        let mut results = Vec::new();
        let result =
            |step: Option<usize>, expected: String, outcome: Outcome, problems| StepResult {
                label: label(&step.map_or("discovery".to_string(), |s| format!("step {s}"))),
                test: id.to_string(),
                variant: variant.to_string(),
                response_type: rt_name.to_string(),
                mode,
                step,
                got: slug(&outcome),
                expected,
                outcome,
                problems,
            };

        // The configuration: from the discovery document when the test has one.
        let mut config = self.static_config();
        let mut jwks_uri_serves = None;
        if let Some(discovery) = run.get("discovery") {
            let doc = discovery["document"].to_string();
            let expected = text(discovery, "expected").to_string();
            let mut problems = Vec::new();
            let outcome =
                match ProviderMetadata::parse(doc.as_bytes(), self.issuer()).and_then(|m| {
                    let built = m
                        .client_config(self.client_id(), self.redirect_uri())?
                        .build();
                    Ok((m.clone(), built))
                }) {
                    Err(e) => Outcome::DiscoveryRefused(e),
                    Ok((metadata, built)) => {
                        config = built
                            .map_err(|e| format!("config from discovery: {e}"))
                            .unwrap();
                        if config.authorization_endpoint()
                            != discovery["document"]["authorization_endpoint"]
                        {
                            problems.push("authorization_endpoint not taken from discovery".into());
                        }
                        let served = discovery["jwks_uri_serves"].as_str();
                        if metadata.jwks_uri() != discovery["document"]["jwks_uri"] {
                            problems.push("jwks_uri not taken from discovery".into());
                        }
                        jwks_uri_serves = served.map(str::to_string);
                        Outcome::Discovered
                    }
                };
            results.push(result(None, expected, outcome, problems));
        }

        for (index, step) in run["steps"].as_array().unwrap().iter().enumerate() {
            let mut problems = Vec::new();
            let scope = test["request"]["scope"].as_str();
            let max_age = test["request"]["max_age"].as_u64();
            let prompt_none = test["request"]["prompt"] == "none";
            let mut request = AuthorizeRequest::new(response_type).response_mode(mode.library());
            if let Some(scope) = scope {
                request = request.scope(scope);
            }
            if let Some(max_age) = max_age {
                request = request.max_age(max_age);
            }
            if prompt_none {
                request = request.prompt(Prompt::NONE);
            }
            let entropy: [u8; 32] =
                std::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(index as u8 + 11));
            let (url, real_pending) = config.authorize(&request, &entropy, now).unwrap();
            problems.extend(suite_checks_request(
                self,
                &config,
                test,
                rt_name,
                mode,
                &url.to_string(),
            ));
            // The suite's tokens carry the fixture's nonce, so the pending
            // authorization is rebuilt with the known state and nonce; all
            // else is the real request's.
            let pending = PendingAuthorization::dangerous_with_known_values(
                &config,
                real_pending.response_type(),
                real_pending.response_mode(),
                real_pending.scope(),
                text(&self.doc, "state"),
                Some(text(&self.doc, "nonce")),
                real_pending.max_age(),
                now.saturating_sub(5),
            )
            .unwrap();

            let input = match mode {
                Mode::Fragment => text(step, "location").to_string(),
                Mode::FormPost => {
                    let forms = html_form::forms(text(step, "form_post_html"));
                    match forms.first() {
                        Some(f) if f.method == "post" && f.action == self.redirect_uri() => {
                            f.body()
                        }
                        other => {
                            problems.push(format!("form_post page has no usable form: {other:?}"));
                            String::new()
                        }
                    }
                }
            };
            let cached = jwks_uri_serves
                .clone()
                .unwrap_or_else(|| text(step, "jwks").to_string());
            let keys =
                KeySet::parse(self.jwks(&cached).as_bytes(), now.saturating_sub(60)).unwrap();
            let outcome = match pending.complete(&config, &input, &keys, now) {
                Ok(Completion::RefreshKeys(refresh)) => {
                    let kid = refresh.kid().to_string();
                    let then = match step["jwks_after_refresh"].as_str() {
                        Some(name) => {
                            let fresh =
                                KeySet::parse_refreshed(self.jwks(name).as_bytes(), now, &kid)
                                    .unwrap();
                            owned(
                                refresh
                                    .into_pending()
                                    .complete(&config, &input, &fresh, now),
                            )
                        }
                        None => Outcome::Unexpected("no JWK Set to re-fetch".into()),
                    };
                    Outcome::RefreshedThen {
                        kid,
                        then: Box::new(then),
                    }
                }
                other => owned(other),
            };
            let mut expected = text(step, "expected").to_string();
            if let Some(after) = step["expected_after_refresh"].as_str() {
                expected = format!("{expected} then {after}");
            }
            let r = result(Some(index), expected, outcome, Vec::new());
            if let Outcome::Accepted { .. } = r.last() {
                problems.extend(self.accepted_details(run, rt_name, r.last()));
            }
            results.push(StepResult { problems, ..r });
        }
        results
    }

    /// What every accepted response must carry.
    fn accepted_details(&self, run: &Value, rt: &str, outcome: &Outcome) -> Vec<String> {
        let mut problems = Vec::new();
        let Outcome::Accepted {
            payload,
            access_token,
            token_type,
            expires_at,
            ..
        } = outcome
        else {
            return problems;
        };
        if let Some(expected) = run.get("expected_claims")
            && payload != expected
        {
            problems.push(format!("claims {payload} differ from {expected}"));
        }
        if payload["iss"] != self.issuer() || payload["nonce"] != self.doc["nonce"] {
            problems.push(format!("iss/nonce not the suite's: {payload}"));
        }
        if payload["sub"].as_str().is_none_or(str::is_empty) {
            problems.push("no sub".into());
        }
        match (rt, access_token) {
            ("id_token token", Some(token)) if token == self.access_token() => {
                if *token_type != Some("Bearer") || expires_at.is_some() {
                    problems.push(format!(
                        "token_type {token_type:?}, expires_at {expires_at:?} (no expires_in sent)"
                    ));
                }
            }
            ("id_token", None) => {}
            other => problems.push(format!("access token {other:?}")),
        }
        problems
    }

    /// The README table: one row per certification test.
    pub fn markdown_table(&self) -> String {
        let mut out = String::from(
            "| # | python suite id | Java module | plan | response types | modes | what the test OP does | our outcome | checked by |\n|---|---|---|---|---|---|---|---|---|\n",
        );
        for t in self.tests() {
            let rts: Vec<&str> = t["response_types"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| if r == "id_token" { "I" } else { "IT" })
                .collect();
            let modes: Vec<&str> = t["response_modes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m.as_str().unwrap())
                .collect();
            let outcome = t["note"]
                .as_str()
                .map_or_else(|| outcome_text(t), str::to_string);
            let function = t["function"]
                .as_str()
                .map_or("—".to_string(), |f| format!("`{f}`"));
            let dash = |v: Vec<&str>| {
                if v.is_empty() {
                    "—".to_string()
                } else {
                    v.join(", ")
                }
            };
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
                text(t, "id"),
                cell(text(t, "python")),
                cell(text(t, "java")),
                cell(text(t, "plan")),
                dash(rts),
                dash(modes),
                cell(text(t, "op")),
                cell(&outcome),
                function
            ));
        }
        out
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Words for a slug.
fn phrase(slug: &str) -> String {
    let parts: Vec<&str> = slug.split(':').collect();
    match parts.as_slice() {
        ["accept"] => "accept".to_string(),
        ["ok"] => "configured from discovery".to_string(),
        ["refresh_keys"] => "`RefreshKeys` (unknown kid) → re-fetch the JWK Set".to_string(),
        ["verify", "Jws", kind, segment] => {
            format!("reject: `VerifyError::Jws(JwsError::{kind})` ({segment})")
        }
        ["verify", v] => format!("reject: `VerifyError::{v}`"),
        ["response", "Authorization", code] => {
            format!("error shown: `ResponseError::Authorization` ({code})")
        }
        ["response", v] => format!("reject: `ResponseError::{v}`"),
        ["discovery", v] => format!("configuration refused: `DiscoveryError::{v}`"),
        _ => slug.to_string(),
    }
}

/// "java: …; python: …" from a test's runs.
fn outcome_text(test: &Value) -> String {
    let mut per_variant: Vec<(String, Vec<String>)> = Vec::new();
    for run in test["runs"].as_array().unwrap() {
        let mut steps = Vec::new();
        let mut refused_discovery = false;
        if let Some(d) = run.get("discovery") {
            refused_discovery = text(d, "expected") != "ok";
            steps.push(phrase(text(d, "expected")));
        }
        for (i, s) in run["steps"].as_array().unwrap().iter().enumerate() {
            let mut p = phrase(text(s, "expected"));
            if let Some(after) = s["expected_after_refresh"].as_str() {
                p = format!("{p} → {}", phrase(after));
            }
            if i == 0 && refused_discovery {
                p = format!("with a hand-written configuration the token is refused too: {p}");
            }
            steps.push(p);
        }
        let text = steps.join(if refused_discovery { "; " } else { ", then " });
        let variant = run["variant"].as_str().unwrap().to_string();
        match per_variant.iter_mut().find(|(v, _)| *v == variant) {
            Some((_, list)) if !list.contains(&text) => list.push(text),
            Some(_) => {}
            None => per_variant.push((variant, vec![text])),
        }
    }
    let all: Vec<&Vec<String>> = per_variant.iter().map(|(_, l)| l).collect();
    if all.windows(2).all(|w| w[0] == w[1]) {
        return all.first().map(|l| l.join(" / ")).unwrap_or_default();
    }
    per_variant
        .iter()
        .map(|(v, l)| format!("{v}: {}", l.join(" / ")))
        .collect::<Vec<_>>()
        .join("; ")
}

fn owned(result: Result<Completion<'_>, CompletionError>) -> Outcome {
    match result {
        Ok(Completion::Tokens(tokens)) => {
            let id = tokens.id_token();
            Outcome::Accepted {
                payload: serde_json::from_str(id.payload_json()).unwrap(),
                alg: id.algorithm(),
                access_token: tokens.access_token().map(|a| a.value().to_decoded_string()),
                token_type: tokens.access_token().map(|a| a.token_type()),
                expires_at: tokens
                    .access_token()
                    .and_then(|a| a.expires_at())
                    .map(UnixTime::as_secs),
            }
        }
        Ok(Completion::RefreshKeys(r)) => {
            Outcome::Unexpected(format!("a second refresh for kid {}", r.kid()))
        }
        Ok(other) => Outcome::Unexpected(format!("{other:?}")),
        Err(e) => Outcome::Refused(e),
    }
}

/// What the suite checks in the authorization request before it answers
/// (EnsureResponseTypeIs…, EnsureMatchingClientId, EnsureValidRedirectUri…,
/// EnsureOpenIDInScopeRequest, the nonce for implicit flows, and
/// DisallowMaxAgeEqualsZeroAndPromptNone or, in the form_post error test,
/// EnsureMaxAgeEqualsZeroAndPromptNone).
pub fn suite_checks_request(
    plan: &Plan,
    config: &ClientConfig,
    test: &Value,
    response_type: &str,
    mode: Mode,
    url: &str,
) -> Vec<String> {
    let mut problems = Vec::new();
    let Some((endpoint, query)) = url.split_once('?') else {
        return vec![format!("authorize URL without a query: {url}")];
    };
    if endpoint != config.authorization_endpoint() {
        problems.push(format!("request sent to {endpoint}"));
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let mut expect = |name: &str, ok: bool| {
        if !ok {
            problems.push(format!("request {name} = {:?}", get(name)));
        }
    };
    expect(
        "response_type",
        get("response_type").is_some_and(|rt| {
            ResponseType::parse(rt).ok() == ResponseType::parse(response_type).ok()
        }),
    );
    expect("client_id", get("client_id") == Some(plan.client_id()));
    expect(
        "redirect_uri",
        get("redirect_uri") == Some(plan.redirect_uri()),
    );
    expect(
        "scope",
        get("scope").is_some_and(|s| s.split(' ').any(|v| v == "openid")),
    );
    expect("nonce", get("nonce").is_some_and(|n| n.len() >= 22));
    expect("state", get("state").is_some_and(|s| !s.is_empty()));
    expect(
        "response_mode",
        match mode {
            Mode::Fragment => get("response_mode").is_none_or(|m| m == "fragment"),
            Mode::FormPost => get("response_mode") == Some("form_post"),
        },
    );
    let none_and_zero = get("prompt") == Some("none") && get("max_age") == Some("0");
    expect(
        "prompt/max_age",
        none_and_zero == (test["request"]["prompt"] == "none"),
    );
    if let Some(scope) = test["request"]["scope"].as_str() {
        expect(
            "scope (claims by scope)",
            get("scope").is_some_and(|s| scope.split(' ').all(|w| s.split(' ').any(|v| v == w))),
        );
    }
    let mut names: Vec<&str> = params.iter().map(|(k, _)| k.as_str()).collect();
    names.sort_unstable();
    if names.windows(2).any(|w| w[0] == w[1]) {
        problems.push(format!("repeated request parameter in {url}"));
    }
    problems
}

/// Fails with every result that is not as expected.
pub fn assert_all_ok(results: &[StepResult]) {
    assert!(!results.is_empty(), "no responses were replayed");
    let bad: Vec<String> = results
        .iter()
        .filter(|r| !r.ok())
        .map(|r| {
            format!(
                "{}: expected {}, got {} {:?}",
                r.label, r.expected, r.got, r.problems
            )
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} of {}:\n{}",
        bad.len(),
        results.len(),
        bad.join("\n")
    );
}

/// Fails unless every response step's final outcome satisfies `check`.
pub fn assert_each(results: &[StepResult], what: &str, check: impl Fn(&Outcome) -> bool) {
    let steps: Vec<&StepResult> = results.iter().filter(|r| r.step.is_some()).collect();
    assert!(!steps.is_empty(), "no responses were replayed");
    for r in steps {
        assert!(
            check(r.last()),
            "{}: expected {what}, got {:?}",
            r.label,
            r.outcome
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_suites_request_checks_catch_what_the_suite_refuses() {
        let plan = Plan::load().unwrap();
        let config = plan.static_config();
        let good = "https://www.certification.example.test/test/a/oidc-implicit-rp/authorize?\
response_type=id_token&client_id=oidc-implicit-rp&redirect_uri=https%3A%2F%2Frp.example.test%2Fcallback\
&scope=openid&state=abc&nonce=0123456789012345678901234567890123456789012";
        let a3 = plan.test("A3");
        assert_eq!(
            suite_checks_request(&plan, &config, a3, "id_token", Mode::Fragment, good),
            Vec::<String>::new()
        );
        let cases = [
            (
                good.replace("&nonce=0123456789012345678901234567890123456789012", ""),
                "nonce",
            ),
            (good.replace("scope=openid", "scope=profile"), "scope"),
            (
                good.replace("response_type=id_token", "response_type=code"),
                "response_type",
            ),
            (format!("{good}&prompt=none&max_age=0"), "prompt/max_age"),
            (format!("{good}&state=x"), "repeated"),
        ];
        for (url, what) in cases {
            let problems =
                suite_checks_request(&plan, &config, a3, "id_token", Mode::Fragment, &url);
            assert!(
                problems.iter().any(|p| p.contains(what)),
                "{what}: {problems:?}"
            );
        }
        let form_post = suite_checks_request(&plan, &config, a3, "id_token", Mode::FormPost, good);
        assert!(form_post.iter().any(|p| p.contains("response_mode")));
        // A25 requires prompt=none and max_age=0.
        let a25 = plan.test("A25");
        let missing = suite_checks_request(&plan, &config, a25, "id_token", Mode::Fragment, good);
        assert!(missing.iter().any(|p| p.contains("prompt/max_age")));
    }

    #[test]
    fn slugs_name_the_variant() {
        assert_eq!(
            slug(&Outcome::Refused(CompletionError::Verify(
                VerifyError::Expired {
                    exp: 1,
                    now: UnixTime::from_secs(2).unwrap(),
                    leeway: 0
                }
            ))),
            "verify:Expired"
        );
        assert_eq!(
            slug(&Outcome::Refused(CompletionError::Response(
                ResponseError::StateMismatch
            ))),
            "response:StateMismatch"
        );
        assert_eq!(
            phrase("verify:Jws:Base64:signature"),
            "reject: `VerifyError::Jws(JwsError::Base64)` (signature)"
        );
    }
}
