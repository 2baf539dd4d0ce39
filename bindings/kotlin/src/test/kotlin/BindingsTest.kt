// The Kotlin bindings on the JVM (JNA), driven through the generated code:
// the same flow and error cases as bindings/python/tests. Compiled and run by
// bindings/run.sh against bindings generated from a `test-hooks` library
// (known state/nonce for the minted fixtures). Prints `N passed, M failed`
// and exits 1 on any failure.
//
//   java ... BindingsTestKt <path to tests/fixtures/jose/cases.json>

import dev.oidcimplicit.*
import java.io.File
import kotlin.system.exitProcess

// --- a minimal JSON reader for the fixtures (the JVM has none built in) ---------------------

class Json(private val s: String) {
    private var i = 0

    fun parse(): Any? = value().also { ws(); check(i == s.length) { "trailing JSON" } }

    private fun ws() { while (i < s.length && s[i].isWhitespace()) i++ }

    private fun value(): Any? {
        ws()
        return when (s[i]) {
            '{' -> obj()
            '[' -> arr()
            '"' -> str()
            't' -> { i += 4; true }
            'f' -> { i += 5; false }
            'n' -> { i += 4; null }
            else -> num()
        }
    }

    private fun obj(): Map<String, Any?> {
        val m = LinkedHashMap<String, Any?>()
        i++; ws()
        if (s[i] == '}') { i++; return m }
        while (true) {
            ws(); val k = str(); ws(); i++ // ':'
            m[k] = value(); ws()
            if (s[i++] == '}') return m
        }
    }

    private fun arr(): List<Any?> {
        val l = ArrayList<Any?>()
        i++; ws()
        if (s[i] == ']') { i++; return l }
        while (true) {
            l.add(value()); ws()
            if (s[i++] == ']') return l
        }
    }

    private fun str(): String {
        val b = StringBuilder()
        i++
        while (s[i] != '"') {
            if (s[i] == '\\') {
                i++
                when (val c = s[i]) {
                    'n' -> b.append('\n'); 't' -> b.append('\t'); 'r' -> b.append('\r')
                    'b' -> b.append('\b'); 'f' -> b.append('\u000c')
                    'u' -> { b.append(s.substring(i + 1, i + 5).toInt(16).toChar()); i += 4 }
                    else -> b.append(c)
                }
            } else b.append(s[i])
            i++
        }
        i++
        return b.toString()
    }

    private fun num(): Any {
        val start = i
        while (i < s.length && (s[i].isDigit() || s[i] in "+-.eE")) i++
        val t = s.substring(start, i)
        return t.toLongOrNull() ?: t.toDouble()
    }
}

fun toJson(v: Any?): String = when (v) {
    null -> "null"
    is String -> buildString {
        append('"')
        for (c in v) when {
            c == '"' -> append("\\\""); c == '\\' -> append("\\\\")
            c < ' ' -> append("\\u%04x".format(c.code))
            else -> append(c)
        }
        append('"')
    }
    is Map<*, *> -> v.entries.joinToString(",", "{", "}") { toJson(it.key) + ":" + toJson(it.value) }
    is List<*> -> v.joinToString(",", "[", "]") { toJson(it) }
    else -> v.toString()
}

@Suppress("UNCHECKED_CAST")
fun Map<String, Any?>.obj(k: String) = this[k] as Map<String, Any?>
fun Map<String, Any?>.str(k: String) = this[k] as String
fun Map<String, Any?>.long(k: String) = (this[k] as Long)

// --- the tests --------------------------------------------------------------------------------

const val REDIRECT_URI = "https://app.example.test/cb"
val ENTROPY = ByteArray(32) { (it + 1).toByte() }
var passed = 0
var failed = 0

fun test(name: String, body: () -> Unit) {
    try {
        body(); passed++; println("ok   $name")
    } catch (e: Throwable) {
        failed++; println("FAIL $name: $e")
    }
}

fun expect(cond: Boolean, what: () -> String) { if (!cond) throw AssertionError(what()) }

inline fun <reified E : Throwable> expectThrows(body: () -> Unit): E {
    try { body() } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, got success")
}

fun settings(case: Map<String, Any?>) = ClientSettings(
    issuer = case.str("issuer"),
    clientId = case.str("client_id"),
    redirectUri = REDIRECT_URI,
    authorizationEndpoint = "https://op.example.test/authorize",
    allowedAlgorithms = ((case["allowed_algs"] as List<*>?) ?: emptyList<Any>()).map {
        Algorithm.valueOf((it as String).uppercase())
    },
    trustedAudiences = ((case["trusted_audiences"] as List<*>?) ?: emptyList<Any>()).map { it as String },
)

fun knownPending(client: OidcClient, case: Map<String, Any?>, mode: ResponseMode = ResponseMode.FRAGMENT) =
    dangerousPendingWithKnownValues(
        client,
        if (case.str("response_type") == "id_token token") ResponseType.ID_TOKEN_TOKEN else ResponseType.ID_TOKEN,
        mode, "openid", case.str("state"), case.str("nonce"),
        (case["max_age"] as Long?)?.toULong(), (case.long("now") - 5).toULong(),
    )

fun complete(client: OidcClient, pending: PendingAuthorization, case: Map<String, Any?>, jwks: Any? = case["jwks"],
             redirect: String = case.str("fragment")): Tokens =
    client.completeAt(pending, redirect, toJson(jwks), case.long("now").toULong())

fun kiosk() = OidcClient(
    ClientSettings(
        issuer = "https://op.example", clientId = "kiosk-1", redirectUri = "com.example.app:/cb",
        authorizationEndpoint = "https://op.example/authorize", endSessionEndpoint = "https://op.example/logout",
    )
)

fun main(args: Array<String>) {
    @Suppress("UNCHECKED_CAST")
    val doc = Json(File(args[0]).readText()).parse() as Map<String, Any?>
    @Suppress("UNCHECKED_CAST")
    val cases = (doc["cases"] as List<Map<String, Any?>>).associateBy { it.str("name") }

    test("id_token token known answer") {
        val case = cases.getValue("rs256-id_token-token")
        OidcClient(settings(case)).use { client ->
            val t = complete(client, knownPending(client, case), case)
            expect(t.idToken == case["id_token"]) { "id_token" }
            expect(t.accessToken == case["access_token"] && t.tokenType == "Bearer" && t.scope == "openid") { "$t" }
            expect(t.expiresAt == null && t.idTokenExpiresAt == 1700000300UL && t.idTokenIssuedAt == 1700000000UL) { "$t" }
            expect(t.algorithm == Algorithm.RS256 && t.claims.subject == "248289761001-op") { "$t" }
            expect(t.claims.audience == listOf("client-abc") && t.claims.nonce == case["nonce"]) { "${t.claims}" }
        }
    }

    test("es256 id_token: no access token") {
        val case = cases.getValue("es256-id_token")
        OidcClient(settings(case)).use { client ->
            val t = complete(client, knownPending(client, case), case)
            expect(t.algorithm == Algorithm.ES256 && t.accessToken == null && t.tokenType == null) { "$t" }
        }
    }

    test("typed standard claims, unicode, address") {
        val case = cases.getValue("scope-userinfo-claims-id_token")
        val want = case.obj("expected_claims")
        OidcClient(settings(case)).use { client ->
            val c = complete(client, knownPending(client, case), case).claims
            expect(c.name == want["name"] && c.name == "Renée Éclair \uD83D\uDE00") { "${c.name}" }
            expect(c.email == want["email"] && c.emailVerified == true && c.updatedAt == 1699990000UL) { "$c" }
            val a = want.obj("address")
            expect(c.address == Address(a.str("formatted"), a.str("street_address"), a.str("locality"),
                a.str("region"), a.str("postal_code"), a.str("country"))) { "${c.address}" }
        }
    }

    test("form_post body and full redirect URL") {
        val case = cases.getValue("es256-id_token")
        OidcClient(settings(case)).use { client ->
            complete(client, knownPending(client, case, ResponseMode.FORM_POST), case)
            complete(client, knownPending(client, case), case, redirect = REDIRECT_URI + "#" + case.str("fragment"))
            expectThrows<OidcException.InvalidResponse> {
                complete(client, knownPending(client, case, ResponseMode.FORM_POST), case,
                    redirect = REDIRECT_URI + "#" + case.str("fragment"))
            }
        }
    }

    test("every fixture case reaches its public outcome") {
        val wrong = cases.values.mapNotNull { case ->
            val want = when (case.str("expected")) {
                "accept" -> "ok"; "refresh_keys" -> "KeysOutdated"; "expired" -> "Expired"; else -> "InvalidToken"
            }
            val got = OidcClient(settings(case)).use { client ->
                try { complete(client, knownPending(client, case), case); "ok" } catch (e: OidcException) {
                    e::class.simpleName
                }
            }
            if (got == want) null else "${case["name"]}: want $want, got $got"
        }
        expect(cases.size >= 70 && wrong.isEmpty()) { wrong.joinToString("; ") }
    }

    test("keys outdated: retry with the same pending authorization") {
        val case = cases.getValue("kid-rotated-unknown")
        OidcClient(settings(case)).use { client ->
            val pending = knownPending(client, case)
            val e = expectThrows<OidcException.KeysOutdated> { complete(client, pending, case) }
            expect(e.kid.isNotEmpty() && !pending.isCompleted()) { "$e" }
            val t = complete(client, pending, case, jwks = case["jwks_after_refresh"])
            expect(t.claims.subject.isNotEmpty() && pending.isCompleted()) { "$t" }
        }
    }

    test("failing known answers carry reasons") {
        for ((name, word) in listOf("bad-sig-rs256-xor" to "signature", "nonce-plus-1" to "nonce",
                                    "at_hash-plus-1" to "at_hash", "alg-none" to "alg")) {
            val case = cases.getValue(name)
            OidcClient(settings(case)).use { client ->
                val e = expectThrows<OidcException.InvalidToken> { complete(client, knownPending(client, case), case) }
                expect(word in e.reason) { "$name: ${e.reason}" }
            }
        }
        val case = cases.getValue("exp-120s-ago")
        OidcClient(settings(case)).use { client ->
            expectThrows<OidcException.Expired> { complete(client, knownPending(client, case), case) }
        }
    }

    test("authorize with the platform clock and RNG") {
        kiosk().use { c ->
            val a = c.authorize(AuthorizeOptions(responseType = ResponseType.ID_TOKEN_TOKEN, scope = "email"))
            expect(a.url.startsWith("https://op.example/authorize?response_type=id_token%20token&client_id=kiosk-1")) { a.url }
            expect("state=${a.state}" in a.url && "scope=openid%20email" in a.url && a.pending.state() == a.state) { a.url }
            val b = c.authorize(AuthorizeOptions(responseType = ResponseType.ID_TOKEN))
            expect(a.state != b.state) { "states repeat" }
        }
    }

    test("options, serialize, deserialize, redirect state") {
        kiosk().use { c ->
            val a = c.authorizeAt(
                AuthorizeOptions(responseType = ResponseType.ID_TOKEN, prompt = listOf(Prompt.LOGIN),
                    maxAge = 300UL, extraParameters = listOf(Parameter("idp", "corp"))),
                1_700_000_000UL, ENTROPY)
            expect("prompt=login" in a.url && "max_age=300" in a.url && "idp=corp" in a.url) { a.url }
            val restored = PendingAuthorization.deserialize(a.pending.serialize())
            expect(restored.state() == a.state && restored.expiresAt() == 1_700_000_600UL) { "restored" }
            expect(redirectState("com.example.app:/cb#error=x&state=${a.state}") == a.state) { "redirectState" }
            expect(redirectState("#id_token=x") == null) { "no state" }
            expectThrows<OidcException.InvalidInput> { PendingAuthorization.deserialize("garbage") }
        }
    }

    test("provider errors map by what to do") {
        for ((code, login) in listOf("login_required" to true, "interaction_required" to true, "access_denied" to false)) {
            kiosk().use { c ->
                val a = c.authorizeAt(AuthorizeOptions(responseType = ResponseType.ID_TOKEN, silent = true), 1_700_000_000UL, ENTROPY)
                val redirect = "com.example.app:/cb#error=$code&error_description=Nope&state=${a.state}"
                val e = expectThrows<OidcException> { c.completeAt(a.pending, redirect, "", 1_700_000_010UL) }
                when (e) {
                    is OidcException.LoginRequired -> expect(login && e.error == code && e.description == "Nope") { "$e" }
                    is OidcException.AuthorizationDenied -> expect(!login && e.error == code) { "$e" }
                    else -> throw AssertionError("$code: $e")
                }
                expectThrows<OidcException.AlreadyCompleted> { c.completeAt(a.pending, redirect, "", 1_700_000_010UL) }
            }
        }
    }

    test("state mismatch, expired, invalid input, invalid configuration") {
        kiosk().use { c ->
            val opts = AuthorizeOptions(responseType = ResponseType.ID_TOKEN)
            val a = c.authorizeAt(opts, 1_700_000_000UL, ENTROPY)
            expectThrows<OidcException.StateMismatch> {
                c.completeAt(a.pending, "com.example.app:/cb#id_token=a.b.c&state=other", "{}", 1_700_000_010UL)
            }
            val b = c.authorizeAt(opts, 1_700_000_000UL, ENTROPY)
            expectThrows<OidcException.Expired> {
                c.completeAt(b.pending, "com.example.app:/cb#id_token=a.b.c&state=${b.state}", "{}", 1_700_000_601UL)
            }
            expectThrows<OidcException.InvalidInput> { c.authorizeAt(opts, 1_700_000_000UL, ByteArray(32)) }
        }
        expectThrows<OidcException.InvalidConfiguration> {
            OidcClient(ClientSettings("http://op.example", "c", "https://app/cb", "https://op.example/a"))
        }
    }

    test("discovery and logout") {
        val doc = """{"issuer":"https://op.example","authorization_endpoint":"https://op.example/authorize",
            "jwks_uri":"https://op.example/jwks","end_session_endpoint":"https://op.example/logout",
            "response_types_supported":["id_token","id_token token"],"id_token_signing_alg_values_supported":["ES256"]}"""
        val m = parseDiscovery(doc, "https://op.example")
        expect(m.jwksUri == "https://op.example/jwks" && m.idTokenAlgorithms == listOf(Algorithm.ES256)) { "$m" }
        expectThrows<OidcException.InvalidConfiguration> { parseDiscovery(doc, "https://other.example") }
        OidcClient.fromDiscovery(doc, "https://op.example", "kiosk-1", "https://app.example/cb").use { c ->
            val url = c.endSessionUrl(LogoutOptions(idTokenHint = "eyJ.x.y", state = "s1"))
            expect(url == "https://op.example/logout?client_id=kiosk-1&id_token_hint=eyJ.x.y&state=s1") { url }
        }
        expect(libraryVersion() == "0.1.0") { libraryVersion() }
    }

    println("$passed passed, $failed failed")
    if (failed != 0) exitProcess(1)
}
