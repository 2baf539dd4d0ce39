/* Negative control for the leak checks: creates a client and a pending
 * authorization and frees neither. bindings/run.sh requires Valgrind and
 * LeakSanitizer to FAIL on this program; if they passed, the clean results
 * of test_capi.c would prove nothing. */

#include <stdio.h>

#include "oidc_implicit.h"

int main(void) {
  static const uint8_t entropy[32] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 7, 8,
                                      9, 8, 7, 6, 5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 7, 8};
  OidciClient *client = NULL;
  OidciPending *pending = NULL;
  char url[1024];
  size_t len = sizeof url;
  if (oidci_client_new("https://op.example", "kiosk-1", "https://app.example/cb",
                       "https://op.example/authorize", NULL, &client) != OIDCI_STATUS_OK) {
    return 2;
  }
  if (oidci_authorize(client, OIDCI_RESPONSE_TYPE_ID_TOKEN, OIDCI_RESPONSE_MODE_FRAGMENT, 0, NULL,
                      entropy, sizeof entropy, 1700000000, url, &len, &pending) != OIDCI_STATUS_OK) {
    return 2;
  }
  puts("leaking a client and a pending authorization on purpose");
  client = NULL; /* the last reference is gone: a definite leak */
  pending = NULL;
  return 0;
}
