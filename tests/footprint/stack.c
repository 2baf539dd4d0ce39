/* Peak stack depth of the footprint entry points on the host (x86_64, same
   opt-level "z" + LTO + panic=abort build), by painting: each call runs on a
   thread whose stack is a static buffer filled with a pattern beforehand;
   afterwards the lowest overwritten byte gives the depth below the thread
   function's frame. Prints one "name bytes" line per measurement. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inputs.h"

size_t oidc_fp_state_size(void);
size_t oidc_fp_state_align(void);
int oidc_fp_setup(void *state, const uint8_t *jwks, size_t jwks_len, uint64_t now);
int oidc_fp_complete(const void *state, const uint8_t *pending, size_t pending_len,
                     const uint8_t *redirect, size_t redirect_len, uint64_t now);
int oidc_fp_complete_into(const void *state, const uint8_t *pending, size_t pending_len,
                          const uint8_t *redirect, size_t redirect_len, uint64_t now);
int oidc_fp_authorize(const void *state, const uint8_t *entropy, size_t entropy_len, uint64_t now,
                      uint8_t *url, size_t url_cap, size_t *url_len, uint8_t *pending,
                      size_t pending_cap, size_t *pending_len);
void oidc_fp_teardown(void *state);
#ifdef FP_RSA
size_t oidc_fp_heap_high_water(void);
#endif

#define STACK_SIZE (1u << 20)
#define PAINT 0xA5
static unsigned char stack_mem[STACK_SIZE] __attribute__((aligned(4096)));

static void *state;
static uint8_t entropy[32] = {0x5a, 0x17, 0x99, 0x03, 0xc4, 0x21, 0x8e, 0x6b, 0x30, 0xf2, 0x4d,
                              0x91, 0x0a, 0xbe, 0x77, 0x12, 0x6c, 0xd9, 0x48, 0x25, 0x93, 0x1f,
                              0xe0, 0x5b, 0x3a, 0x86, 0xc1, 0x74, 0x09, 0xfd, 0x62, 0xa8};

/* ESCAPED: both tokens percent-encoded (see inputs). */
enum op { SETUP, COMPLETE, AUTHORIZE };
enum flag { RS256 = 1, INTO = 2, ESCAPED = 4 };
struct job {
    enum op op;
    int flags;
    int rc;
    uintptr_t base;
};

/* The precompiled `core` of the host target was built for unwinding and
   names a personality routine; with panic=abort nothing ever calls it. */
void rust_eh_personality(void) {}

static const uint8_t *b(const char *s) { return (const uint8_t *)s; }

static void *run(void *arg) {
    struct job *job = arg;
    volatile char marker = 0;
    job->base = (uintptr_t)&marker;
    switch (job->op) {
    case SETUP:
        job->rc = oidc_fp_setup(state, b(FP_JWKS), strlen(FP_JWKS), FP_NOW);
        break;
    case COMPLETE: {
        static const char *const redirects[] = {FP_ES256_REDIRECT, FP_RS256_REDIRECT,
                                                FP_ES256_REDIRECT_ESCAPED, FP_RS256_REDIRECT_ESCAPED};
        const char *redirect = redirects[(job->flags & RS256) + ((job->flags & ESCAPED) ? 2 : 0)];
        job->rc = ((job->flags & INTO) ? oidc_fp_complete_into : oidc_fp_complete)(
            state, b(FP_PENDING), strlen(FP_PENDING), b(redirect), strlen(redirect), FP_NOW);
        break;
    }
    case AUTHORIZE: {
        static uint8_t url[2048], pending[2048];
        size_t url_len = 0, pending_len = 0;
        job->rc = oidc_fp_authorize(state, entropy, sizeof entropy, FP_NOW, url, sizeof url,
                                    &url_len, pending, sizeof pending, &pending_len);
        break;
    }
    }
    return NULL;
}

static int measure(const char *name, enum op op, int flags) {
    memset(stack_mem, PAINT, STACK_SIZE);
    pthread_attr_t attr;
    pthread_t thread;
    struct job job = {op, flags, -100, 0};
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack_mem, STACK_SIZE);
    if (pthread_create(&thread, &attr, run, &job) != 0 || pthread_join(thread, NULL) != 0) {
        fprintf(stderr, "%s: thread failed\n", name);
        return 1;
    }
    size_t low = 0;
    while (low < STACK_SIZE && stack_mem[low] == PAINT) low++;
    uintptr_t lowest = (uintptr_t)stack_mem + low;
    printf("%s %lu\n", name, (unsigned long)(job.base - lowest));
    if (job.rc != 0) {
        fprintf(stderr, "%s returned %d\n", name, job.rc);
        return 1;
    }
    return 0;
}

int main(void) {
    int failed = 0;
    state = aligned_alloc(oidc_fp_state_align(), oidc_fp_state_size());
    printf("state_size %lu\n", (unsigned long)oidc_fp_state_size());
    failed |= measure("setup", SETUP, 0);
    failed |= measure("complete_es256", COMPLETE, 0);
    failed |= measure("complete_into_es256", COMPLETE, INTO);
    failed |= measure("complete_escaped_es256", COMPLETE, ESCAPED);
    failed |= measure("complete_into_escaped_es256", COMPLETE, INTO | ESCAPED);
#ifdef FP_RSA
    failed |= measure("complete_rs256", COMPLETE, RS256);
    failed |= measure("complete_into_rs256", COMPLETE, RS256 | INTO);
    failed |= measure("complete_escaped_rs256", COMPLETE, RS256 | ESCAPED);
    failed |= measure("complete_into_escaped_rs256", COMPLETE, RS256 | INTO | ESCAPED);
#endif
    failed |= measure("authorize", AUTHORIZE, 0);
#ifdef FP_RSA
    printf("heap_high_water %lu\n", (unsigned long)oidc_fp_heap_high_water());
#endif
    oidc_fp_teardown(state);
    free(state);
    return failed;
}
