/* The C ABI of oidc-implicit: known-answer flows, every error status, and
 * bad input (NULL pointers, zero-length and too-small buffers, garbage
 * redirects, freeing NULL). Built by bindings/run.sh as C99, C11 and C17 with
 * -Wall -Wextra -Werror -pedantic, and run plainly, under Valgrind and under
 * ASan+UBSan, against a library built with the `test-hooks` feature
 * (OIDCI_TEST_HOOKS: known state/nonce for the minted fixtures).
 * Prints `N passed, M failed`; exits 1 on any failure. */

#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixtures.h"
#include "oidc_implicit.h"

static int passed, failed;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (cond) {                                                                  \
      passed++;                                                                  \
    } else {                                                                     \
      failed++;                                                                  \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);            \
    }                                                                            \
  } while (0)

#define REDIRECT_URI "https://app.example.test/cb"
#define ENDPOINT "https://op.example.test/authorize"

static const uint8_t ENTROPY[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11,
                                    12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                                    23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static const fixture *find(const char *name) {
  size_t i;
  for (i = 0; i < sizeof FIXTURES / sizeof FIXTURES[0]; i++) {
    if (strcmp(FIXTURES[i].name, name) == 0) return &FIXTURES[i];
  }
  fprintf(stderr, "no fixture %s\n", name);
  exit(2);
}

/* The last error's message, for checks on its wording. */
static const char *last_message(void) {
  static char buf[512];
  size_t len = sizeof buf;
  if (oidci_last_error(OIDCI_ERROR_FIELD_MESSAGE, buf, &len) != OIDCI_STATUS_OK) return "";
  return buf;
}

static OidciClient *client_for(const fixture *f) {
  OidciClient *client = NULL;
  OidciStatus s = oidci_client_new(f->issuer, f->client_id, REDIRECT_URI, ENDPOINT, NULL, &client);
  CHECK(s == OIDCI_STATUS_OK && client != NULL);
  return client;
}

static OidciPending *known_pending(const OidciClient *client, const fixture *f) {
  OidciPending *pending = NULL;
  OidciStatus s = oidci_dangerous_pending_with_known_values(client, f->response_type, f->state,
                                                            f->nonce, 0, f->now - 5, &pending);
  CHECK(s == OIDCI_STATUS_OK && pending != NULL);
  return pending;
}

static OidciStatus complete(const OidciClient *c, OidciPending *p, const fixture *f,
                            const char *jwks, OidciTokens **out) {
  return oidci_complete(c, p, f->fragment, strlen(f->fragment), jwks, strlen(jwks), f->now, out);
}

static void test_version_and_messages(void) {
  char buf[128];
  size_t len;
  int code;
  CHECK(strcmp(oidci_version(), "0.1.0") == 0);
  for (code = 0; code < 100; code++) {
    len = sizeof buf;
    if (oidci_status_message(code, buf, &len) == OIDCI_STATUS_OK) {
      CHECK(len == strlen(buf) && len > 0);
    }
  }
  len = sizeof buf;
  CHECK(oidci_status_message(OIDCI_STATUS_KEYS_OUTDATED, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strstr(buf, "JWK Set") != NULL);
  len = sizeof buf;
  CHECK(oidci_status_message(5, buf, &len) == OIDCI_STATUS_INVALID_INPUT);
  /* Size query, then too small by one (the NUL), then exact. */
  len = 0;
  CHECK(oidci_status_message(OIDCI_STATUS_OK, NULL, &len) == OIDCI_STATUS_BUFFER_TOO_SMALL);
  CHECK(len == strlen("success"));
  len = strlen("success");
  buf[0] = 'x';
  CHECK(oidci_status_message(OIDCI_STATUS_OK, buf, &len) == OIDCI_STATUS_BUFFER_TOO_SMALL);
  CHECK(buf[0] == '\0' && len == 7);
  len = 8;
  CHECK(oidci_status_message(OIDCI_STATUS_OK, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "success") == 0 && len == 7);
  len = 4;
  CHECK(oidci_status_message(OIDCI_STATUS_OK, NULL, &len) == OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_status_message(OIDCI_STATUS_OK, buf, NULL) == OIDCI_STATUS_NULL_ARGUMENT);
}

static void test_client_new(void) {
  OidciClient *client = (OidciClient *)&passed; /* must be cleared on failure */
  CHECK(oidci_client_new(NULL, "c", REDIRECT_URI, ENDPOINT, NULL, &client) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(client == NULL);
  CHECK(oidci_client_new("https://op.example", "c", REDIRECT_URI, ENDPOINT, NULL, NULL) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_client_new("http://op.example", "c", REDIRECT_URI, ENDPOINT, NULL, &client) ==
        OIDCI_STATUS_INVALID_CONFIGURATION);
  CHECK(client == NULL && strstr(last_message(), "https") != NULL);
  CHECK(oidci_client_new("https://op.example", "", REDIRECT_URI, ENDPOINT, NULL, &client) ==
        OIDCI_STATUS_INVALID_CONFIGURATION);
  CHECK(oidci_client_new("https://op.example", "c\xff", REDIRECT_URI, ENDPOINT, NULL, &client) ==
        OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_client_new("https://op.example", "c", REDIRECT_URI, ENDPOINT, NULL, &client) ==
        OIDCI_STATUS_OK);
  {
    char buf[8];
    size_t len = sizeof buf;
    /* A success clears the last error. */
    CHECK(oidci_last_error(OIDCI_ERROR_FIELD_MESSAGE, buf, &len) == OIDCI_STATUS_ABSENT);
  }
  oidci_client_free(client);
  oidci_client_free(NULL);
  oidci_pending_free(NULL);
  oidci_tokens_free(NULL);
}

static void test_authorize(void) {
  OidciClient *client = NULL;
  OidciPending *pending = (OidciPending *)&passed;
  char url[1024], state[128], text[2048];
  size_t len = sizeof url, need, state_len, text_len;
  uint64_t expires = 0;
  static const uint8_t zeros[32] = {0};

  CHECK(oidci_client_new("https://op.example", "kiosk-1", "com.example.kiosk:/cb",
                         "https://op.example/authorize", "https://op.example/logout",
                         &client) == OIDCI_STATUS_OK);
  CHECK(oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN_TOKEN, OIDCI_RESPONSE_MODE_FRAGMENT,
                        OIDCI_PROMPT_LOGIN, "email", ENTROPY, sizeof ENTROPY, 1700000000, url, &len,
                        &pending) == OIDCI_STATUS_OK);
  CHECK(pending != NULL && len == strlen(url));
  CHECK(strncmp(url, "https://op.example/authorize?response_type=id_token%20token&client_id=kiosk-1",
                77) == 0);
  CHECK(strstr(url, "prompt=login") != NULL && strstr(url, "scope=openid%20email") != NULL);
  need = len;

  state_len = sizeof state;
  CHECK(oidci_pending_state(pending, state, &state_len) == OIDCI_STATUS_OK && state_len == 43);
  CHECK(strstr(url, state) != NULL);
  CHECK(oidci_pending_expires_at(pending, &expires) == OIDCI_STATUS_OK && expires == 1700000600);
  CHECK(oidci_pending_expires_at(pending, NULL) == OIDCI_STATUS_NULL_ARGUMENT);

  /* Persist and restore. */
  text_len = sizeof text;
  CHECK(oidci_pending_serialize(pending, text, &text_len) == OIDCI_STATUS_OK);
  {
    OidciPending *restored = NULL;
    char state2[128];
    size_t state2_len = sizeof state2;
    CHECK(oidci_pending_deserialize(text, text_len, &restored) == OIDCI_STATUS_OK);
    CHECK(oidci_pending_state(restored, state2, &state2_len) == OIDCI_STATUS_OK);
    CHECK(strcmp(state, state2) == 0);
    oidci_pending_free(restored);
    text[text_len - 1] = text[text_len - 1] == 'A' ? 'B' : 'A';
    CHECK(oidci_pending_deserialize(text, text_len, &restored) == OIDCI_STATUS_INVALID_INPUT);
    CHECK(restored == NULL && strstr(last_message(), "checksum") != NULL);
    CHECK(oidci_pending_deserialize("garbage", 7, &restored) == OIDCI_STATUS_INVALID_INPUT);
    CHECK(oidci_pending_deserialize(NULL, 0, &restored) == OIDCI_STATUS_NULL_ARGUMENT);
    CHECK(oidci_pending_deserialize("", 0, &restored) == OIDCI_STATUS_INVALID_INPUT);
  }
  oidci_pending_free(pending);

  /* Too small: the length needed, no pending handed out. Zero: a size query. */
  len = need;
  pending = (OidciPending *)&passed;
  CHECK(oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN_TOKEN, OIDCI_RESPONSE_MODE_FRAGMENT,
                        OIDCI_PROMPT_LOGIN, "email", ENTROPY, sizeof ENTROPY, 1700000000, url, &len,
                        &pending) == OIDCI_STATUS_BUFFER_TOO_SMALL);
  CHECK(len == need && pending == NULL && url[0] == '\0');
  len = 0;
  CHECK(oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN, OIDCI_RESPONSE_MODE_FORM_POST, 0, NULL,
                        ENTROPY, sizeof ENTROPY, 1700000000, NULL, &len,
                        &pending) == OIDCI_STATUS_BUFFER_TOO_SMALL);
  CHECK(len > 0 && pending == NULL);

  /* Bad arguments. */
  len = sizeof url;
  CHECK(oidci_authorize(NULL, 1, 0, 0, NULL, ENTROPY, 32, 1700000000, url, &len, &pending) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_authorize(client, 1, 0, 0, NULL, NULL, 32, 1700000000, url, &len, &pending) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_authorize(client, 1, 0, 0, NULL, ENTROPY, 32, 1700000000, url, NULL, &pending) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_authorize(client, 1, 0, 0, NULL, ENTROPY, 32, 1700000000, url, &len, NULL) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_authorize(client, 1, 0, 0, NULL, zeros, 32, 1700000000, url, &len, &pending) ==
        OIDCI_STATUS_INVALID_INPUT);
  CHECK(strstr(last_message(), "entropy") != NULL);
  CHECK(oidci_authorize(client, 1, 0, 0, NULL, ENTROPY, 16, 1700000000, url, &len, &pending) ==
        OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_authorize(client, 0, 0, 0, NULL, ENTROPY, 32, 1700000000, url, &len, &pending) ==
        OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_authorize(client, 1, 7, 0, NULL, ENTROPY, 32, 1700000000, url, &len, &pending) ==
        OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_authorize(client, 1, 0, OIDCI_PROMPT_NONE | OIDCI_PROMPT_LOGIN, NULL, ENTROPY, 32,
                        1700000000, url, &len, &pending) == OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_authorize(client, 1, 0, 0, "bad  scope", ENTROPY, 32, 1700000000, url, &len,
                        &pending) == OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_authorize(client, 1, 0, 0, NULL, ENTROPY, 32, UINT64_MAX, url, &len, &pending) ==
        OIDCI_STATUS_INVALID_INPUT);
  CHECK(pending == NULL);

  /* Logout. */
  len = sizeof url;
  CHECK(oidci_end_session_url(client, "eyJ.x.y", NULL, "s1", url, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(url, "https://op.example/logout?client_id=kiosk-1&id_token_hint=eyJ.x.y&state=s1") ==
        0);
  len = sizeof url;
  CHECK(oidci_end_session_url(client, NULL, "http://evil.example/", NULL, url, &len) ==
        OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_end_session_url(NULL, NULL, NULL, NULL, url, &len) == OIDCI_STATUS_NULL_ARGUMENT);
  oidci_client_free(client);
}

static void test_known_answer_id_token_token(void) {
  const fixture *f = find("rs256-id_token-token");
  OidciClient *client = client_for(f);
  OidciPending *pending = known_pending(client, f);
  OidciTokens *tokens = NULL;
  char buf[2048];
  size_t len;
  uint64_t t = 0;

  CHECK(complete(client, pending, f, f->jwks, &tokens) == OIDCI_STATUS_OK && tokens != NULL);
  len = sizeof buf;
  CHECK(oidci_tokens_get(tokens, OIDCI_TOKEN_FIELD_ID_TOKEN, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, f->id_token) == 0 && len == strlen(f->id_token));
  len = sizeof buf;
  CHECK(oidci_tokens_get(tokens, OIDCI_TOKEN_FIELD_ACCESS_TOKEN, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, f->access_token) == 0);
  len = sizeof buf;
  CHECK(oidci_tokens_get(tokens, OIDCI_TOKEN_FIELD_TOKEN_TYPE, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "Bearer") == 0);
  len = sizeof buf;
  CHECK(oidci_tokens_get(tokens, OIDCI_TOKEN_FIELD_SCOPE, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "openid") == 0);
  len = sizeof buf;
  CHECK(oidci_tokens_get(tokens, OIDCI_TOKEN_FIELD_CLAIMS_JSON, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strstr(buf, "\"sub\":\"248289761001-op\"") != NULL);
  len = sizeof buf;
  CHECK(oidci_tokens_get(tokens, 99, buf, &len) == OIDCI_STATUS_INVALID_INPUT);
  len = sizeof buf;
  CHECK(oidci_tokens_claim(tokens, "sub", buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "248289761001-op") == 0);
  len = sizeof buf;
  CHECK(oidci_tokens_claim(tokens, "exp", buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "1700000300") == 0);
  len = sizeof buf;
  CHECK(oidci_tokens_claim(tokens, "email", buf, &len) == OIDCI_STATUS_ABSENT);
  CHECK(oidci_tokens_claim(tokens, NULL, buf, &len) == OIDCI_STATUS_NULL_ARGUMENT);
  len = 3;
  CHECK(oidci_tokens_claim(tokens, "sub", buf, &len) == OIDCI_STATUS_BUFFER_TOO_SMALL);
  CHECK(len == 15 && buf[0] == '\0');
  CHECK(oidci_tokens_time(tokens, OIDCI_TIME_FIELD_ID_TOKEN_EXPIRES_AT, &t) == OIDCI_STATUS_OK);
  CHECK(t == 1700000300);
  CHECK(oidci_tokens_time(tokens, OIDCI_TIME_FIELD_ID_TOKEN_ISSUED_AT, &t) == OIDCI_STATUS_OK);
  CHECK(t == 1700000000);
  CHECK(oidci_tokens_time(tokens, OIDCI_TIME_FIELD_ACCESS_TOKEN_EXPIRES_AT, &t) ==
        OIDCI_STATUS_ABSENT);
  CHECK(oidci_tokens_time(tokens, OIDCI_TIME_FIELD_AUTH_TIME, &t) == OIDCI_STATUS_ABSENT);
  CHECK(oidci_tokens_time(tokens, 9, &t) == OIDCI_STATUS_INVALID_INPUT);
  CHECK(oidci_tokens_time(NULL, 1, &t) == OIDCI_STATUS_NULL_ARGUMENT);

  /* Used up: a replay is refused, the text form is gone. */
  {
    OidciTokens *again = NULL;
    CHECK(complete(client, pending, f, f->jwks, &again) == OIDCI_STATUS_ALREADY_COMPLETED);
    CHECK(again == NULL);
    len = sizeof buf;
    CHECK(oidci_pending_serialize(pending, buf, &len) == OIDCI_STATUS_ALREADY_COMPLETED);
  }
  oidci_tokens_free(tokens);
  oidci_pending_free(pending);
  oidci_client_free(client);
}

static void test_known_answer_es256_and_claims(void) {
  const fixture *f = find("es256-id_token");
  const fixture *u = find("scope-userinfo-claims-id_token");
  OidciClient *client = client_for(f);
  OidciPending *pending = known_pending(client, f);
  OidciTokens *tokens = NULL;
  char buf[256];
  size_t len = sizeof buf;

  CHECK(complete(client, pending, f, f->jwks, &tokens) == OIDCI_STATUS_OK);
  CHECK(oidci_tokens_get(tokens, OIDCI_TOKEN_FIELD_ACCESS_TOKEN, buf, &len) == OIDCI_STATUS_ABSENT);
  oidci_tokens_free(tokens);
  oidci_pending_free(pending);

  pending = known_pending(client, u);
  CHECK(complete(client, pending, u, u->jwks, &tokens) == OIDCI_STATUS_OK);
  len = sizeof buf;
  CHECK(oidci_tokens_claim(tokens, "name", buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "Ren\xc3\xa9" "e \xc3\x89" "clair \xf0\x9f\x98\x80") == 0);
  len = sizeof buf;
  CHECK(oidci_tokens_claim(tokens, "email_verified", buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "true") == 0);
  len = sizeof buf;
  CHECK(oidci_tokens_claim(tokens, "address", buf, &len) == OIDCI_STATUS_OK);
  CHECK(buf[0] == '{' && strstr(buf, "\"country\":\"CA\"") != NULL);
  oidci_tokens_free(tokens);
  oidci_pending_free(pending);
  oidci_client_free(client);
}

static void test_failing_known_answers(void) {
  static const struct {
    const char *name;
    OidciStatus status;
    const char *word;
  } cases[] = {
      {"exp-120s-ago", OIDCI_STATUS_EXPIRED, "expired"},
      {"bad-sig-rs256-xor", OIDCI_STATUS_INVALID_TOKEN, "signature"},
      {"nonce-plus-1", OIDCI_STATUS_INVALID_TOKEN, "nonce"},
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const fixture *f = find(cases[i].name);
    OidciClient *client = client_for(f);
    OidciPending *pending = known_pending(client, f);
    OidciTokens *tokens = (OidciTokens *)&passed;
    CHECK(complete(client, pending, f, f->jwks, &tokens) == cases[i].status);
    CHECK(tokens == NULL && strstr(last_message(), cases[i].word) != NULL);
    oidci_pending_free(pending);
    oidci_client_free(client);
  }
}

static void test_keys_outdated(void) {
  const fixture *f = find("kid-rotated-unknown");
  OidciClient *client = client_for(f);
  OidciPending *pending = known_pending(client, f);
  OidciTokens *tokens = NULL;
  char kid[64];
  size_t len = sizeof kid;

  /* Unreadable keys: the pending authorization stays usable. */
  CHECK(complete(client, pending, f, "{\"keys\":", &tokens) == OIDCI_STATUS_INVALID_INPUT);
  CHECK(complete(client, pending, f, f->jwks, &tokens) == OIDCI_STATUS_KEYS_OUTDATED);
  CHECK(oidci_last_error(OIDCI_ERROR_FIELD_KID, kid, &len) == OIDCI_STATUS_OK && len > 0);
  len = sizeof kid;
  CHECK(oidci_last_error(OIDCI_ERROR_FIELD_PROVIDER_ERROR, kid, &len) == OIDCI_STATUS_ABSENT);
  CHECK(complete(client, pending, f, f->jwks_after_refresh, &tokens) == OIDCI_STATUS_OK);
  oidci_tokens_free(tokens);
  oidci_pending_free(pending);

  /* The same keys again after the refresh: refused, no further fetch asked. */
  pending = known_pending(client, f);
  CHECK(complete(client, pending, f, f->jwks, &tokens) == OIDCI_STATUS_KEYS_OUTDATED);
  CHECK(complete(client, pending, f, f->jwks, &tokens) == OIDCI_STATUS_INVALID_TOKEN);
  oidci_pending_free(pending);
  oidci_client_free(client);
}

static void test_provider_errors_and_garbage(void) {
  OidciClient *client = NULL;
  OidciPending *pending = NULL;
  OidciTokens *tokens = NULL;
  char url[1024], state[64], redirect[512], buf[256];
  size_t len = sizeof url, state_len = sizeof state, i;
  static const char *garbage[] = {
      "",         "#",         "%",          "%zz=1",       "a=1&a=2", "https://evil.example/cb#state=x",
      "state",    "\x80\x81",  "#state=%FF", "?id_token=x", "==&&==",  "com.example.kiosk:/cb?state=1",
  };
  static const OidciStatus garbage_status[] = {
      OIDCI_STATUS_STATE_MISMATCH,   OIDCI_STATUS_STATE_MISMATCH,   OIDCI_STATUS_STATE_MISMATCH,
      OIDCI_STATUS_INVALID_RESPONSE, OIDCI_STATUS_INVALID_RESPONSE, OIDCI_STATUS_INVALID_RESPONSE,
      OIDCI_STATUS_STATE_MISMATCH,   OIDCI_STATUS_INVALID_INPUT,    OIDCI_STATUS_INVALID_RESPONSE,
      OIDCI_STATUS_STATE_MISMATCH,   OIDCI_STATUS_INVALID_RESPONSE, OIDCI_STATUS_INVALID_RESPONSE,
  };

  CHECK(oidci_client_new("https://op.example", "kiosk-1", "com.example.kiosk:/cb",
                         "https://op.example/authorize", NULL, &client) == OIDCI_STATUS_OK);
  CHECK(oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN, 0, OIDCI_PROMPT_NONE, NULL, ENTROPY, 32,
                        1700000000, url, &len, &pending) == OIDCI_STATUS_OK);
  CHECK(oidci_pending_state(pending, state, &state_len) == OIDCI_STATUS_OK);
  snprintf(redirect, sizeof redirect,
           "com.example.kiosk:/cb#error=login_required&error_description=Sign+in&state=%s", state);

  len = sizeof buf;
  CHECK(oidci_redirect_state(redirect, strlen(redirect), buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, state) == 0);
  len = sizeof buf;
  CHECK(oidci_redirect_state("#id_token=x", 11, buf, &len) == OIDCI_STATUS_ABSENT);
  CHECK(oidci_redirect_state(NULL, 3, buf, &len) == OIDCI_STATUS_NULL_ARGUMENT);

  /* No keys needed to learn that the provider wants an interactive login. */
  CHECK(oidci_complete(client, pending, redirect, strlen(redirect), "", 0, 1700000010, &tokens) ==
        OIDCI_STATUS_LOGIN_REQUIRED);
  len = sizeof buf;
  CHECK(oidci_last_error(OIDCI_ERROR_FIELD_PROVIDER_ERROR, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "login_required") == 0);
  len = sizeof buf;
  CHECK(oidci_last_error(OIDCI_ERROR_FIELD_PROVIDER_DESCRIPTION, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "Sign in") == 0);
  len = sizeof buf;
  CHECK(oidci_last_error(OIDCI_ERROR_FIELD_PROVIDER_URI, buf, &len) == OIDCI_STATUS_ABSENT);
  CHECK(oidci_last_error(42, buf, &len) == OIDCI_STATUS_INVALID_INPUT);
  oidci_pending_free(pending);

  /* Garbage redirects: a typed status each, never a crash. */
  for (i = 0; i < sizeof garbage / sizeof garbage[0]; i++) {
    len = sizeof url;
    CHECK(oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN, 0, 0, NULL, ENTROPY, 32, 1700000000,
                          url, &len, &pending) == OIDCI_STATUS_OK);
    {
      OidciStatus s = oidci_complete(client, pending, garbage[i], strlen(garbage[i]), "{}", 2,
                                     1700000010, &tokens);
      if (s != garbage_status[i]) fprintf(stderr, "garbage %u: status %d\n", (unsigned)i, (int)s);
      CHECK(s == garbage_status[i] && tokens == NULL);
    }
    oidci_pending_free(pending);
  }

  /* NULL everywhere complete takes a pointer. */
  len = sizeof url;
  CHECK(oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN, 0, 0, NULL, ENTROPY, 32, 1700000000, url,
                        &len, &pending) == OIDCI_STATUS_OK);
  CHECK(oidci_complete(NULL, pending, "a", 1, "{}", 2, 1700000010, &tokens) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_complete(client, NULL, "a", 1, "{}", 2, 1700000010, &tokens) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_complete(client, pending, NULL, 1, "{}", 2, 1700000010, &tokens) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_complete(client, pending, "a", 1, NULL, 2, 1700000010, &tokens) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  CHECK(oidci_complete(client, pending, "a", 1, "{}", 2, 1700000010, NULL) ==
        OIDCI_STATUS_NULL_ARGUMENT);
  /* Those left the pending authorization alone: expired now. */
  CHECK(oidci_complete(client, pending, "state=x", 7, "{}", 2, 1700000601, &tokens) ==
        OIDCI_STATUS_EXPIRED);
  oidci_pending_free(pending);
  oidci_client_free(client);
}

static const char DISCOVERY[] =
    "{\"issuer\":\"https://op.example\",\"authorization_endpoint\":\"https://op.example/authorize\","
    "\"jwks_uri\":\"https://op.example/jwks\",\"response_types_supported\":[\"id_token\"]}";

static void test_discovery(void) {
  OidciClient *client = NULL;
  char buf[256];
  size_t len = sizeof buf;
  CHECK(oidci_discovery_get(DISCOVERY, strlen(DISCOVERY), "https://op.example",
                            OIDCI_DISCOVERY_FIELD_JWKS_URI, buf, &len) == OIDCI_STATUS_OK);
  CHECK(strcmp(buf, "https://op.example/jwks") == 0);
  len = sizeof buf;
  CHECK(oidci_discovery_get(DISCOVERY, strlen(DISCOVERY), "https://op.example",
                            OIDCI_DISCOVERY_FIELD_END_SESSION_ENDPOINT, buf, &len) ==
        OIDCI_STATUS_ABSENT);
  CHECK(oidci_discovery_get(DISCOVERY, strlen(DISCOVERY), "https://other.example",
                            OIDCI_DISCOVERY_FIELD_ISSUER, buf, &len) ==
        OIDCI_STATUS_INVALID_CONFIGURATION);
  CHECK(oidci_discovery_get(DISCOVERY, 10, "https://op.example", OIDCI_DISCOVERY_FIELD_ISSUER, buf,
                            &len) == OIDCI_STATUS_INVALID_CONFIGURATION);
  CHECK(oidci_client_new_from_discovery(DISCOVERY, strlen(DISCOVERY), "https://op.example", "kiosk-1",
                                        "https://app.example/cb", &client) == OIDCI_STATUS_OK);
  len = sizeof buf;
  CHECK(oidci_end_session_url(client, NULL, NULL, NULL, buf, &len) ==
        OIDCI_STATUS_INVALID_CONFIGURATION);
  oidci_client_free(client);
  CHECK(oidci_client_new_from_discovery(NULL, 0, "https://op.example", "kiosk-1",
                                        "https://app.example/cb", &client) ==
        OIDCI_STATUS_NULL_ARGUMENT);
}

static void test_panic_boundary(void) {
  CHECK(oidci_dangerous_panic() == OIDCI_STATUS_PANIC);
  CHECK(strstr(last_message(), "panic") != NULL);
}

/* Two threads complete the same pending authorization: exactly one wins. */
typedef struct race {
  const OidciClient *client;
  OidciPending *pending;
  const fixture *f;
  OidciStatus status;
} race;

static void *racer(void *arg) {
  race *r = (race *)arg;
  OidciTokens *tokens = NULL;
  r->status = complete(r->client, r->pending, r->f, r->f->jwks, &tokens);
  oidci_tokens_free(tokens);
  return NULL;
}

static void test_threads(void) {
  const fixture *f = find("es256-id_token");
  OidciClient *client = client_for(f);
  OidciPending *pending = known_pending(client, f);
  race a = {NULL, NULL, NULL, OIDCI_STATUS_INTERNAL}, b;
  pthread_t ta, tb;
  a.client = client;
  a.pending = pending;
  a.f = f;
  b = a;
  CHECK(pthread_create(&ta, NULL, racer, &a) == 0);
  CHECK(pthread_create(&tb, NULL, racer, &b) == 0);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  CHECK((a.status == OIDCI_STATUS_OK) != (b.status == OIDCI_STATUS_OK));
  CHECK(a.status == OIDCI_STATUS_ALREADY_COMPLETED || b.status == OIDCI_STATUS_ALREADY_COMPLETED);
  oidci_pending_free(pending);
  oidci_client_free(client);
}

int main(void) {
  test_version_and_messages();
  test_client_new();
  test_authorize();
  test_known_answer_id_token_token();
  test_known_answer_es256_and_claims();
  test_failing_known_answers();
  test_keys_outdated();
  test_provider_errors_and_garbage();
  test_discovery();
  test_panic_boundary();
  test_threads();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
