/* A kiosk sign-in with oidc-implicit's C API, to copy from.
 *
 *   kiosk DISCOVERY.json ISSUER CLIENT_ID REDIRECT_URI JWKS.json
 *
 * 1. builds a client from the provider's discovery document (fetched by the
 *    firmware from ISSUER/.well-known/openid-configuration);
 * 2. starts a sign-in: prints the URL to open in the kiosk's browser;
 * 3. reads the redirect the browser came back with (one line on stdin: the
 *    full redirect URL, or the form_post body your local web server got);
 * 4. completes it with the provider's JWK Set (fetched from jwks_uri) and
 *    prints the user's claims, or what went wrong and what to do.
 *
 * Time and entropy come from the host: time(NULL) and /dev/urandom here.
 * Build: cc -std=c11 -Ibindings/c/include kiosk.c liboidc_implicit_ffi.a \
 *           -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "oidc_implicit.h"

/* Reads a whole file into a NUL-terminated buffer (caller frees). */
static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    buf = malloc((size_t)size + 1);
    if (buf != NULL && fread(buf, 1, (size_t)size, f) == (size_t)size) {
      buf[size] = '\0';
      *len = (size_t)size;
    } else {
      free(buf);
      buf = NULL;
    }
  }
  fclose(f);
  return buf;
}

/* Prints why a call failed: the status text, then the library's detail. */
static void report(const char *what, OidciStatus status) {
  char msg[256], detail[512];
  size_t len = sizeof msg, dlen = sizeof detail;
  if (oidci_status_message((int)status, msg, &len) != OIDCI_STATUS_OK) strcpy(msg, "?");
  if (oidci_last_error(OIDCI_ERROR_FIELD_MESSAGE, detail, &dlen) != OIDCI_STATUS_OK) detail[0] = '\0';
  fprintf(stderr, "%s failed: %s (%d): %s\n", what, msg, (int)status, detail);
}

static void print_claim(const OidciTokens *tokens, const char *name) {
  char value[512];
  size_t len = sizeof value;
  OidciStatus s = oidci_tokens_claim(tokens, name, value, &len);
  if (s == OIDCI_STATUS_OK) printf("  %s: %s\n", name, value);
}

int main(int argc, char **argv) {
  OidciClient *client = NULL;
  OidciPending *pending = NULL;
  OidciTokens *tokens = NULL;
  OidciStatus s;
  char url[4096], redirect[16384], jwks_uri[1024];
  size_t url_len = sizeof url, doc_len = 0, jwks_len = 0, uri_len = sizeof jwks_uri;
  unsigned char entropy[32];
  char *doc, *jwks;
  FILE *rng;
  int rc = 1;

  if (argc != 6) {
    fprintf(stderr, "usage: %s DISCOVERY.json ISSUER CLIENT_ID REDIRECT_URI JWKS.json\n", argv[0]);
    return 2;
  }
  doc = read_file(argv[1], &doc_len);
  jwks = read_file(argv[5], &jwks_len);
  rng = fopen("/dev/urandom", "rb");
  if (doc == NULL || jwks == NULL || rng == NULL || fread(entropy, 1, sizeof entropy, rng) != sizeof entropy) {
    fprintf(stderr, "cannot read the inputs or /dev/urandom\n");
    goto out;
  }

  /* 1. The client, from discovery; jwks_uri tells where to fetch keys. */
  s = oidci_client_new_from_discovery(doc, doc_len, argv[2], argv[3], argv[4], &client);
  if (s != OIDCI_STATUS_OK) {
    report("configuration", s);
    goto out;
  }
  if (oidci_discovery_get(doc, doc_len, argv[2], OIDCI_DISCOVERY_FIELD_JWKS_URI, jwks_uri, &uri_len) ==
      OIDCI_STATUS_OK) {
    printf("keys: %s\n", jwks_uri);
  }

  /* 2. Start: prompt=login, since a kiosk is shared. */
  s = oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN, OIDCI_RESPONSE_MODE_FRAGMENT,
                      OIDCI_PROMPT_LOGIN, "openid profile email", entropy, sizeof entropy,
                      (uint64_t)time(NULL), url, &url_len, &pending);
  if (s != OIDCI_STATUS_OK) {
    report("authorize", s);
    goto out;
  }
  {
    char state[128];
    size_t state_len = sizeof state;
    if (oidci_pending_state(pending, state, &state_len) == OIDCI_STATUS_OK) printf("state: %s\n", state);
  }
  printf("open: %s\n", url);
  fflush(stdout);

  /* 3. The redirect, as the browser delivered it. */
  if (fgets(redirect, sizeof redirect, stdin) == NULL) {
    fprintf(stderr, "no redirect on stdin\n");
    goto out;
  }
  redirect[strcspn(redirect, "\r\n")] = '\0';

  /* 4. Complete, with the provider's keys. */
  s = oidci_complete(client, pending, redirect, strlen(redirect), jwks, jwks_len,
                     (uint64_t)time(NULL), &tokens);
  switch (s) {
    case OIDCI_STATUS_OK:
      printf("signed in\n");
      print_claim(tokens, "sub");
      print_claim(tokens, "name");
      print_claim(tokens, "email");
      rc = 0;
      break;
    case OIDCI_STATUS_AUTHORIZATION_DENIED: {
      char code[128], description[512];
      size_t clen = sizeof code, dlen = sizeof description;
      if (oidci_last_error(OIDCI_ERROR_FIELD_PROVIDER_ERROR, code, &clen) != OIDCI_STATUS_OK) code[0] = '\0';
      if (oidci_last_error(OIDCI_ERROR_FIELD_PROVIDER_DESCRIPTION, description, &dlen) != OIDCI_STATUS_OK) {
        description[0] = '\0';
      }
      printf("authorization denied: %s (%s); show the sign-in screen again\n", code, description);
      rc = 0;
      break;
    }
    case OIDCI_STATUS_KEYS_OUTDATED:
      printf("fetch %s again, then call oidci_complete again with the same pending authorization\n",
             jwks_uri);
      break;
    default:
      report("complete", s);
  }

out:
  oidci_tokens_free(tokens);
  oidci_pending_free(pending);
  oidci_client_free(client);
  free(doc);
  free(jwks);
  if (rng != NULL) fclose(rng);
  return rc;
}
