//! Every core error variant, with the public variant it must become.

use oidc_implicit::{
    Algorithm, AuthorizeRequest, ClientConfig, ErrorCode, FormError, JsonError, JwsError,
    PendingField, ResponseMode, ResponseParameter, ResponseType, ScopeError, UnixTime, UrlField,
};

use super::*;

/// The public variant's name.
fn kind(e: &OidcError) -> &'static str {
    match e {
        OidcError::AuthorizationDenied { .. } => "AuthorizationDenied",
        OidcError::LoginRequired { .. } => "LoginRequired",
        OidcError::StateMismatch => "StateMismatch",
        OidcError::InvalidResponse { .. } => "InvalidResponse",
        OidcError::InvalidToken { .. } => "InvalidToken",
        OidcError::KeysOutdated { .. } => "KeysOutdated",
        OidcError::Expired { .. } => "Expired",
        OidcError::AlreadyCompleted => "AlreadyCompleted",
        OidcError::InvalidConfiguration { .. } => "InvalidConfiguration",
        OidcError::InvalidInput { .. } => "InvalidInput",
        OidcError::Internal { .. } => "Internal",
    }
}

fn check(cases: Vec<(OidcError, &str, String)>) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(e, want, _)| kind(e) != *want)
        .map(|(e, want, what)| format!("{what}: got {} ({e}), want {want}", kind(e)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every public error says something.
    assert!(cases.iter().all(|(e, _, _)| !e.to_string().is_empty()));
}

macro_rules! table {
    ($($err:expr => $want:literal),* $(,)?) => {
        vec![$((OidcError::from($err), $want, format!("{:?}", $err))),*]
    };
}

fn t(secs: u64) -> UnixTime {
    UnixTime::from_secs(secs).unwrap()
}

#[test]
fn configuration_and_discovery_errors() {
    use ConfigError as C;
    let f = UrlField::Issuer;
    check(table![
        C::NotAUrl { field: f } => "InvalidConfiguration",
        C::UrlTooLong { field: f, len: 9, max: 8 } => "InvalidConfiguration",
        C::InsecureUrl { field: f } => "InvalidConfiguration",
        C::UrlHasFragment { field: f } => "InvalidConfiguration",
        C::UrlHasUserinfo { field: f } => "InvalidConfiguration",
        C::IssuerHasQuery => "InvalidConfiguration",
        C::EndpointQueryMalformed => "InvalidConfiguration",
        C::EndpointQueryHasProtocolParameter => "InvalidConfiguration",
        C::EndpointQueryRepeatsParameter => "InvalidConfiguration",
        C::MissingAuthorizationEndpoint => "InvalidConfiguration",
        C::EmptyClientId => "InvalidConfiguration",
        C::ClientIdTooLong { len: 9, max: 8 } => "InvalidConfiguration",
        C::ClientIdInvalidCharacter => "InvalidConfiguration",
        C::InvalidDefaultScope(ScopeError::Empty) => "InvalidConfiguration",
        C::LeewayTooLarge { secs: 9, max: 8 } => "InvalidConfiguration",
        C::NoAlgorithmAllowed => "InvalidConfiguration",
        C::InvalidTrustedAudience => "InvalidConfiguration",
        C::PendingLifetimeOutOfRange { secs: 0, max: 8 } => "InvalidConfiguration",
        DiscoveryError::Json(JsonError::UnexpectedEnd) => "InvalidConfiguration",
        DiscoveryError::MissingField { name: "issuer" } => "InvalidConfiguration",
        DiscoveryError::IssuerMismatch => "InvalidConfiguration",
        DiscoveryError::InvalidUrl(C::IssuerHasQuery) => "InvalidConfiguration",
        DiscoveryError::NoCommonAlgorithm => "InvalidConfiguration",
    ]);
}

#[test]
fn input_errors() {
    use PendingError as P;
    use RequestError as Q;
    check(table![
        EntropyError::TooShort { len: 1, min: 32 } => "InvalidInput",
        EntropyError::TooLong { len: 2000, max: 1024 } => "InvalidInput",
        EntropyError::Degenerate => "InvalidInput",
        JwksError::Json(JsonError::UnexpectedEnd) => "InvalidInput",
        JwksError::MissingKeys => "InvalidInput",
        JwksError::NoUsableKey { entries: 2 } => "InvalidInput",
        JwksError::TooManyKeys => "InvalidInput",
        P::TooLong { len: 9, max: 8 } => "InvalidInput",
        P::Foreign => "InvalidInput",
        P::UnsupportedVersion => "InvalidInput",
        P::Truncated => "InvalidInput",
        P::ChecksumMismatch => "InvalidInput",
        P::Malformed(FormError::BadEscape { offset: 0 }) => "InvalidInput",
        P::MissingField(PendingField::State) => "InvalidInput",
        P::InvalidField(PendingField::Nonce) => "InvalidInput",
        P::UnknownField => "InvalidInput",
        P::BufferTooSmall { needed: 9 } => "Internal",
        Q::Entropy(EntropyError::Degenerate) => "InvalidInput",
        Q::InvalidScope(ScopeError::Empty) => "InvalidInput",
        Q::PromptNoneCombined => "InvalidInput",
        Q::MaxAgeTooLarge { secs: 9, max: 8 } => "InvalidInput",
        Q::TooManyExtraParameters { limit: 8 } => "InvalidInput",
        Q::EmptyExtraParameterName { index: 0 } => "InvalidInput",
        Q::ReservedExtraParameter { index: 0 } => "InvalidInput",
        Q::RepeatedExtraParameter { index: 1 } => "InvalidInput",
        Q::InvalidOptionValue { name: "login_hint" } => "InvalidInput",
        Q::CodeFlowNotSupported => "InvalidInput",
        Q::UnknownResponseType => "InvalidInput",
        Q::QueryResponseModeRefused => "InvalidInput",
        Q::UnknownResponseMode => "InvalidInput",
        Q::BufferTooSmall { needed: 9 } => "Internal",
        LogoutError::NoEndSessionEndpoint => "InvalidConfiguration",
        LogoutError::InvalidPostLogoutRedirectUri(ConfigError::IssuerHasQuery) => "InvalidInput",
        LogoutError::InvalidIdTokenHint => "InvalidInput",
        LogoutError::InvalidState => "InvalidInput",
        LogoutError::BufferTooSmall { needed: 9 } => "Internal",
    ]);
}

#[test]
fn response_errors() {
    use ResponseError as R;
    let p = ResponseParameter::IdToken;
    check(table![
        R::TooLong { len: 9, max: 8 } => "InvalidResponse",
        R::Malformed(FormError::Repeated { offset: 3 }) => "InvalidResponse",
        R::NotARedirectUrl => "InvalidResponse",
        R::RedirectUriMismatch => "InvalidResponse",
        R::ResponseInQuery => "InvalidResponse",
        R::MissingResponse => "InvalidResponse",
        R::ResponseModeMismatch { expected: ResponseMode::FormPost } => "InvalidResponse",
        R::PendingExpired { expires_at: t(1), now: t(2) } => "Expired",
        R::PendingForAnotherClient => "InvalidInput",
        R::IssuerMismatch => "InvalidResponse",
        R::MissingIssuer => "InvalidResponse",
        R::MissingState => "StateMismatch",
        R::StateMismatch => "StateMismatch",
        R::MalformedErrorResponse => "InvalidResponse",
        R::MissingParameter(p) => "InvalidResponse",
        R::UnexpectedParameter(ResponseParameter::Code) => "InvalidResponse",
        R::UnsupportedTokenType => "InvalidResponse",
        R::InvalidAccessToken => "InvalidResponse",
        R::TokenTooLong { parameter: p, len: 9, max: 8 } => "InvalidResponse",
        R::InvalidExpiresIn => "InvalidResponse",
        R::InvalidScope => "InvalidResponse",
    ]);
}

#[test]
fn verify_errors() {
    use VerifyError as V;
    let now = t(100);
    check(table![
        V::Jws(JwsError::MissingAlgorithm) => "InvalidToken",
        V::UnsupportedAlgorithm => "InvalidToken",
        V::AlgorithmNotAllowed { alg: Algorithm::Ps256 } => "InvalidToken",
        V::RsaNotCompiledIn => "InvalidToken",
        V::WrongTokenType => "InvalidToken",
        V::UnsupportedCriticalHeader => "InvalidToken",
        V::AmbiguousKey => "InvalidToken",
        V::NoSuitableKey => "InvalidToken",
        V::KeyAlgorithmMismatch => "InvalidToken",
        V::UnknownKeyId => "InvalidToken",
        V::BadSignature => "InvalidToken",
        V::MissingIssuer => "InvalidToken",
        V::IssuerMismatch => "InvalidToken",
        V::MissingSubject => "InvalidToken",
        V::SubjectTooLong { len: 256 } => "InvalidToken",
        V::MissingAudience => "InvalidToken",
        V::AudienceMismatch => "InvalidToken",
        V::UntrustedAudience => "InvalidToken",
        V::AzpMismatch => "InvalidToken",
        V::MissingExpiry => "InvalidToken",
        V::Expired { exp: 1, now, leeway: 60 } => "Expired",
        V::MissingIssuedAt => "InvalidToken",
        V::IssuedInFuture { iat: 999, now, leeway: 60 } => "InvalidToken",
        V::IssuedTooLongAgo { iat: 1, now, max_age: 5 } => "Expired",
        V::NotYetValid { nbf: 999, now, leeway: 60 } => "InvalidToken",
        V::MissingNonce => "InvalidToken",
        V::NonceMismatch => "InvalidToken",
        V::MissingAtHash => "InvalidToken",
        V::AtHashMismatch => "InvalidToken",
        V::MissingAuthTime => "InvalidToken",
        V::AuthenticationTooOld { auth_time: 1, max_age: 5, now, leeway: 60 } => "InvalidToken",
        V::AcrNotSatisfied => "InvalidToken",
        V::MissingClaim { name: "jti" } => "InvalidToken",
        CompletionError::Verify(V::BadSignature) => "InvalidToken",
        CompletionError::Verify(V::Expired { exp: 1, now, leeway: 0 }) => "Expired",
        CompletionError::Response(ResponseError::StateMismatch) => "StateMismatch",
    ]);
}

/// An `AuthorizationError` only comes out of a checked redirect, so these
/// cases run the core for real: one error response per registered code.
#[test]
fn provider_error_responses() {
    let config = ClientConfig::builder("https://op.example", "client", "https://app.example/cb")
        .authorization_endpoint("https://op.example/authorize")
        .build()
        .unwrap();
    let entropy: Vec<u8> = (1..=32).collect();
    let now = t(1_700_000_000);
    let codes = [
        (
            "invalid_request",
            ErrorCode::InvalidRequest,
            "AuthorizationDenied",
        ),
        (
            "unauthorized_client",
            ErrorCode::UnauthorizedClient,
            "AuthorizationDenied",
        ),
        (
            "access_denied",
            ErrorCode::AccessDenied,
            "AuthorizationDenied",
        ),
        (
            "unsupported_response_type",
            ErrorCode::UnsupportedResponseType,
            "AuthorizationDenied",
        ),
        (
            "invalid_scope",
            ErrorCode::InvalidScope,
            "AuthorizationDenied",
        ),
        (
            "server_error",
            ErrorCode::ServerError,
            "AuthorizationDenied",
        ),
        (
            "temporarily_unavailable",
            ErrorCode::TemporarilyUnavailable,
            "AuthorizationDenied",
        ),
        (
            "interaction_required",
            ErrorCode::InteractionRequired,
            "LoginRequired",
        ),
        ("login_required", ErrorCode::LoginRequired, "LoginRequired"),
        (
            "account_selection_required",
            ErrorCode::AccountSelectionRequired,
            "LoginRequired",
        ),
        (
            "consent_required",
            ErrorCode::ConsentRequired,
            "LoginRequired",
        ),
        (
            "invalid_request_uri",
            ErrorCode::InvalidRequestUri,
            "AuthorizationDenied",
        ),
        (
            "invalid_request_object",
            ErrorCode::InvalidRequestObject,
            "AuthorizationDenied",
        ),
        (
            "request_not_supported",
            ErrorCode::RequestNotSupported,
            "AuthorizationDenied",
        ),
        (
            "request_uri_not_supported",
            ErrorCode::RequestUriNotSupported,
            "AuthorizationDenied",
        ),
        (
            "registration_not_supported",
            ErrorCode::RegistrationNotSupported,
            "AuthorizationDenied",
        ),
        ("vendor_specific", ErrorCode::Other, "AuthorizationDenied"),
    ];
    for (name, code, want) in codes {
        let request = AuthorizeRequest::new(ResponseType::IdToken);
        let (_, pending) = config.authorize(&request, &entropy, now).unwrap();
        let redirect = format!(
            "https://app.example/cb#error={name}&error_description=Try+again&error_uri=https%3A%2F%2Fop.example%2Fe&state={}",
            pending.state()
        );
        let core_error = pending
            .accept_redirect(&config, &redirect, now)
            .unwrap_err();
        match &core_error {
            ResponseError::Authorization(e) => assert_eq!(e.code(), code, "{name}"),
            other => unreachable!("{name}: {other:?}"),
        }
        let public = OidcError::from(core_error);
        assert_eq!(kind(&public), want, "{name}");
        match public {
            OidcError::AuthorizationDenied {
                error,
                description,
                uri,
            } => {
                assert_eq!(error, name);
                assert_eq!(description.as_deref(), Some("Try again"));
                assert_eq!(uri.as_deref(), Some("https://op.example/e"));
            }
            OidcError::LoginRequired { error, description } => {
                assert_eq!(error, name);
                assert_eq!(description.as_deref(), Some("Try again"));
            }
            other => unreachable!("{name}: {other:?}"),
        }
    }
}
