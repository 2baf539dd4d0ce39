// The header from C++17 (-Wall -Wextra -Werror -pedantic), with RAII owners
// a C++ kiosk would write; runs a known-answer flow. Built by bindings/run.sh
// against the `test-hooks` library.

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "fixtures.h"
#include "oidc_implicit.h"

namespace {

struct ClientFree {
  void operator()(OidciClient *c) const { oidci_client_free(c); }
};
struct PendingFree {
  void operator()(OidciPending *p) const { oidci_pending_free(p); }
};
struct TokensFree {
  void operator()(OidciTokens *t) const { oidci_tokens_free(t); }
};
using Client = std::unique_ptr<OidciClient, ClientFree>;
using Pending = std::unique_ptr<OidciPending, PendingFree>;
using Tokens = std::unique_ptr<OidciTokens, TokensFree>;

// Reads a claim with the size-query protocol: ask for the length, then
// allocate exactly.
std::string claim(const OidciTokens *tokens, const char *name) {
  size_t len = 0;
  if (oidci_tokens_claim(tokens, name, nullptr, &len) != OIDCI_STATUS_BUFFER_TOO_SMALL) return {};
  std::string out(len + 1, '\0');
  size_t cap = out.size();
  if (oidci_tokens_claim(tokens, name, &out[0], &cap) != OIDCI_STATUS_OK) return {};
  out.resize(cap);
  return out;
}

int passed = 0, failed = 0;
void check(bool ok, const char *what) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    std::fprintf(stderr, "FAIL %s\n", what);
  }
}

}  // namespace

int main() {
  const fixture &f = FIXTURES[0];  // rs256-id_token-token
  OidciClient *raw_client = nullptr;
  check(oidci_client_new(f.issuer, f.client_id, "https://app.example.test/cb",
                         "https://op.example.test/authorize", nullptr,
                         &raw_client) == OIDCI_STATUS_OK,
        "client");
  Client client(raw_client);
  OidciPending *raw_pending = nullptr;
  check(oidci_dangerous_pending_with_known_values(client.get(), f.response_type, f.state, f.nonce, 0,
                                                  f.now - 5, &raw_pending) == OIDCI_STATUS_OK,
        "pending");
  Pending pending(raw_pending);
  OidciTokens *raw_tokens = nullptr;
  check(oidci_complete(client.get(), pending.get(), f.fragment, std::strlen(f.fragment), f.jwks,
                       std::strlen(f.jwks), f.now, &raw_tokens) == OIDCI_STATUS_OK,
        "complete");
  Tokens tokens(raw_tokens);
  check(claim(tokens.get(), "sub") == "248289761001-op", "sub");
  check(claim(tokens.get(), "aud") == "client-abc", "aud");
  check(claim(tokens.get(), "email").empty(), "email absent");
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
