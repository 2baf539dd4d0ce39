// XCTest mirror of bindings/kotlin/src/test/kotlin/BindingsTest.kt. Runs on
// macOS only (no Swift toolchain on the Linux CI machines):
//
//   cd bindings/swift && OIDCI_TEST_HOOKS=1 ./build-xcframework.sh && OIDCI_TEST_HOOKS=1 swift test
//
// The bindings come from a `test-hooks` build (known state/nonce, so the ID
// tokens minted in tests/fixtures/jose/cases.json can be completed).
import Foundation
import XCTest

@testable import OidcImplicit

final class OidcImplicitTests: XCTestCase {
    static let redirectUri = "https://app.example.test/cb"
    static let entropy = Data((1...32).map { UInt8($0) })

    lazy var cases: [String: [String: Any]] = {
        let url = Bundle.module.url(forResource: "cases", withExtension: "json")!
        let doc = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        let list = doc["cases"] as! [[String: Any]]
        return Dictionary(uniqueKeysWithValues: list.map { ($0["name"] as! String, $0) })
    }()

    func json(_ value: Any) -> String {
        String(data: try! JSONSerialization.data(withJSONObject: value), encoding: .utf8)!
    }

    func settings(_ c: [String: Any]) -> ClientSettings {
        let algs = (c["allowed_algs"] as? [String] ?? []).map { name -> Algorithm in
            switch name {
            case "RS256": return .rs256
            case "RS384": return .rs384
            case "RS512": return .rs512
            case "PS256": return .ps256
            case "PS384": return .ps384
            case "PS512": return .ps512
            default: return .es256
            }
        }
        return ClientSettings(
            issuer: c["issuer"] as! String, clientId: c["client_id"] as! String,
            redirectUri: Self.redirectUri, authorizationEndpoint: "https://op.example.test/authorize",
            allowedAlgorithms: algs, trustedAudiences: c["trusted_audiences"] as? [String] ?? [])
    }

    func knownPending(_ client: OidcClient, _ c: [String: Any], mode: ResponseMode = .fragment) throws
        -> PendingAuthorization
    {
        try dangerousPendingWithKnownValues(
            client: client,
            responseType: (c["response_type"] as! String) == "id_token token" ? .idTokenToken : .idToken,
            responseMode: mode, scope: "openid", state: c["state"] as! String,
            nonce: c["nonce"] as? String, maxAge: (c["max_age"] as? NSNumber)?.uint64Value,
            createdAt: (c["now"] as! NSNumber).uint64Value - 5)
    }

    func complete(_ client: OidcClient, _ pending: PendingAuthorization, _ c: [String: Any],
                  jwks: Any? = nil, redirect: String? = nil) throws -> Tokens {
        try client.completeAt(
            pending: pending, redirect: redirect ?? (c["fragment"] as! String),
            jwksJson: json(jwks ?? c["jwks"]!), now: (c["now"] as! NSNumber).uint64Value)
    }

    func kiosk() throws -> OidcClient {
        try OidcClient(settings: ClientSettings(
            issuer: "https://op.example", clientId: "kiosk-1", redirectUri: "com.example.app:/cb",
            authorizationEndpoint: "https://op.example/authorize",
            endSessionEndpoint: "https://op.example/logout"))
    }

    func testIdTokenTokenKnownAnswer() throws {
        let c = cases["rs256-id_token-token"]!
        let client = try OidcClient(settings: settings(c))
        let t = try complete(client, try knownPending(client, c), c)
        XCTAssertEqual(t.idToken, c["id_token"] as? String)
        XCTAssertEqual(t.accessToken, c["access_token"] as? String)
        XCTAssertEqual(t.tokenType, "Bearer")
        XCTAssertEqual(t.scope, "openid")
        XCTAssertNil(t.expiresAt)
        XCTAssertEqual(t.idTokenExpiresAt, 1_700_000_300)
        XCTAssertEqual(t.algorithm, .rs256)
        XCTAssertEqual(t.claims.subject, "248289761001-op")
        XCTAssertEqual(t.claims.audience, ["client-abc"])
    }

    func testEs256IdTokenHasNoAccessToken() throws {
        let c = cases["es256-id_token"]!
        let client = try OidcClient(settings: settings(c))
        let t = try complete(client, try knownPending(client, c), c)
        XCTAssertEqual(t.algorithm, .es256)
        XCTAssertNil(t.accessToken)
    }

    func testTypedClaims() throws {
        let c = cases["scope-userinfo-claims-id_token"]!
        let want = c["expected_claims"] as! [String: Any]
        let client = try OidcClient(settings: settings(c))
        let claims = try complete(client, try knownPending(client, c), c).claims
        XCTAssertEqual(claims.name, want["name"] as? String)
        XCTAssertEqual(claims.emailVerified, true)
        XCTAssertEqual(claims.address?.locality, "Montréal")
    }

    func testEveryFixtureCase() throws {
        for (name, c) in cases {
            let want: String
            switch c["expected"] as! String {
            case "accept": want = "ok"
            case "refresh_keys": want = "KeysOutdated"
            case "expired": want = "Expired"
            default: want = "InvalidToken"
            }
            let client = try OidcClient(settings: settings(c))
            var got = "ok"
            do { _ = try complete(client, try knownPending(client, c), c) } catch let e as OidcError {
                switch e {
                case .KeysOutdated: got = "KeysOutdated"
                case .Expired: got = "Expired"
                case .InvalidToken: got = "InvalidToken"
                default: got = "\(e)"
                }
            }
            XCTAssertEqual(got, want, name)
        }
    }

    func testKeysOutdatedRetry() throws {
        let c = cases["kid-rotated-unknown"]!
        let client = try OidcClient(settings: settings(c))
        let pending = try knownPending(client, c)
        XCTAssertThrowsError(try complete(client, pending, c)) { error in
            guard case OidcError.KeysOutdated(let kid) = error else { return XCTFail("\(error)") }
            XCTAssertFalse(kid.isEmpty)
        }
        XCTAssertFalse(pending.isCompleted())
        let t = try complete(client, pending, c, jwks: c["jwks_after_refresh"])
        XCTAssertFalse(t.claims.subject.isEmpty)
    }

    func testAuthorizeSerializeAndProviderErrors() throws {
        let client = try kiosk()
        let a = try client.authorize(options: AuthorizeOptions(responseType: .idTokenToken, scope: "email"))
        XCTAssertTrue(a.url.hasPrefix("https://op.example/authorize?response_type=id_token%20token&client_id=kiosk-1"))
        XCTAssertEqual(a.pending.state(), a.state)
        let restored = try PendingAuthorization.deserialize(text: try a.pending.serialize())
        XCTAssertEqual(restored.state(), a.state)
        XCTAssertEqual(try redirectState(redirect: "com.example.app:/cb#state=\(a.state)"), a.state)

        let silent = try client.authorizeAt(
            options: AuthorizeOptions(responseType: .idToken, silent: true), now: 1_700_000_000,
            entropy: Self.entropy)
        let redirect = "com.example.app:/cb#error=login_required&error_description=Nope&state=\(silent.state)"
        XCTAssertThrowsError(
            try client.completeAt(pending: silent.pending, redirect: redirect, jwksJson: "", now: 1_700_000_010)
        ) { error in
            guard case OidcError.LoginRequired(let code, let description) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "login_required")
            XCTAssertEqual(description, "Nope")
        }
        XCTAssertThrowsError(
            try client.completeAt(pending: silent.pending, redirect: redirect, jwksJson: "", now: 1_700_000_010)
        ) { error in
            guard case OidcError.AlreadyCompleted = error else { return XCTFail("\(error)") }
        }
    }

    func testConfigurationDiscoveryAndLogout() throws {
        XCTAssertThrowsError(try OidcClient(settings: ClientSettings(
            issuer: "http://op.example", clientId: "c", redirectUri: "https://app/cb",
            authorizationEndpoint: "https://op.example/a"))) { error in
            guard case OidcError.InvalidConfiguration = error else { return XCTFail("\(error)") }
        }
        let doc = json([
            "issuer": "https://op.example", "authorization_endpoint": "https://op.example/authorize",
            "jwks_uri": "https://op.example/jwks", "end_session_endpoint": "https://op.example/logout",
            "response_types_supported": ["id_token"], "id_token_signing_alg_values_supported": ["ES256"],
        ])
        XCTAssertEqual(try parseDiscovery(document: doc, expectedIssuer: "https://op.example").jwksUri,
                       "https://op.example/jwks")
        let client = try OidcClient.fromDiscovery(
            document: doc, expectedIssuer: "https://op.example", clientId: "kiosk-1",
            redirectUri: "https://app.example/cb")
        XCTAssertEqual(
            try client.endSessionUrl(options: LogoutOptions(idTokenHint: "eyJ.x.y", state: "s1")),
            "https://op.example/logout?client_id=kiosk-1&id_token_hint=eyJ.x.y&state=s1")
        XCTAssertEqual(libraryVersion(), "0.1.0")
    }
}
