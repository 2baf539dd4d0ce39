//! The smallest firmware-shaped use of the core, for measuring flash, static
//! RAM and stack (issue 7). A C caller (or the QEMU image in
//! `src/bin/qemu_stack.rs`) owns the memory of the long-lived state and
//! passes every input in; this crate holds no input data of its own, so the
//! linked size is the library's.
//!
//! - [`oidc_fp_setup`]: builds the client configuration and parses the
//!   provider's JWK Set into caller-provided state;
//! - [`oidc_fp_complete`]: reloads a pending authorization from its text form
//!   and runs `complete` on a redirect (the receive side);
//!   [`oidc_fp_complete_into`] the same with `complete_into`;
//! - [`oidc_fp_authorize`]: the start side (state/nonce, URL, text form).
//!
//! Return codes: 0 success, 1 a completion other than tokens, negative
//! errors. No error text is produced, so no `Display` code is linked.
#![no_std]

use core::ffi::c_void;

use oidc_implicit::{
    AuthorizeRequest, ClientConfig, Completion, KeySet, PendingAuthorization, ResponseType,
    UnixTime,
};

/// The client: the fixture provider of tests/fixtures/jose/cases.json.
const ISSUER: &str = "https://op.example.test";
const CLIENT_ID: &str = "client-abc";
const REDIRECT_URI: &str = "https://app.example.test/cb";
const AUTHORIZATION_ENDPOINT: &str = "https://op.example.test/authorize";

/// What lives between calls: the configuration and the key set.
pub struct State {
    config: ClientConfig,
    keys: KeySet,
}

#[cfg(not(test))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

#[cfg(feature = "rsa")]
extern crate alloc;

/// A bump allocator over a static arena, with a mark/reset so that the
/// temporaries of one `complete` are reclaimed when it returns.
#[cfg(feature = "rsa")]
pub mod heap {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;
    use core::sync::atomic::{AtomicUsize, Ordering};

    /// Arena size: RSA keys of the set (built once) plus one RSA verify's
    /// temporaries, with room to spare; measure.sh reports the high-water
    /// mark actually used.
    pub const ARENA: usize = 32 * 1024;

    #[repr(C, align(8))]
    struct Arena(UnsafeCell<[u8; ARENA]>);
    // SAFETY: ranges handed out never overlap (the bump pointer only
    // grows between resets, and resets happen only when the caller knows
    // every range above the mark is free).
    unsafe impl Sync for Arena {}
    static MEMORY: Arena = Arena(UnsafeCell::new([0; ARENA]));
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    static HIGH: AtomicUsize = AtomicUsize::new(0);

    struct Bump;

    // SAFETY: returns null or a range of MEMORY of `layout.size()` bytes at
    // `layout.align()`, disjoint from every live range (single-threaded
    // firmware: plain load/store of the bump pointer).
    unsafe impl GlobalAlloc for Bump {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let base = MEMORY.0.get() as usize;
            let cur = base + NEXT.load(Ordering::Relaxed);
            let start = (cur + layout.align() - 1) & !(layout.align() - 1);
            let end = start - base + layout.size();
            if end > ARENA {
                return core::ptr::null_mut();
            }
            NEXT.store(end, Ordering::Relaxed);
            HIGH.fetch_max(end, Ordering::Relaxed);
            start as *mut u8
        }

        unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
    }

    #[global_allocator]
    static GLOBAL: Bump = Bump;

    /// The current bump offset.
    pub fn mark() -> usize {
        NEXT.load(Ordering::Relaxed)
    }

    /// Frees everything allocated since `mark`.
    pub fn reset(mark: usize) {
        NEXT.store(mark, Ordering::Relaxed);
    }

    /// Most bytes of the arena ever in use.
    #[unsafe(no_mangle)]
    pub extern "C" fn oidc_fp_heap_high_water() -> usize {
        HIGH.load(Ordering::Relaxed)
    }
}

/// Size in bytes of the state [`oidc_fp_setup`] writes.
#[unsafe(no_mangle)]
pub extern "C" fn oidc_fp_state_size() -> usize {
    core::mem::size_of::<State>()
}

/// Alignment the state needs.
#[unsafe(no_mangle)]
pub extern "C" fn oidc_fp_state_align() -> usize {
    core::mem::align_of::<State>()
}

/// # Safety
/// `ptr` must be valid for reads of `len` bytes (or `len` must be 0).
unsafe fn text<'a>(ptr: *const u8, len: usize) -> Option<&'a str> {
    if ptr.is_null() {
        return None;
    }
    // SAFETY: the caller's guarantee.
    core::str::from_utf8(unsafe { core::slice::from_raw_parts(ptr, len) }).ok()
}

/// Builds the configuration and parses `jwks` into `state`.
///
/// # Safety
/// `state` must point to [`oidc_fp_state_size`] writable bytes aligned to
/// [`oidc_fp_state_align`]; `jwks` must be readable for `jwks_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidc_fp_setup(
    state: *mut c_void,
    jwks: *const u8,
    jwks_len: usize,
    now: u64,
) -> i32 {
    let Some(now) = UnixTime::from_secs(now) else {
        return -1;
    };
    // SAFETY: the caller's guarantee.
    let Some(jwks) = (unsafe { text(jwks, jwks_len) }) else {
        return -1;
    };
    let Ok(config) = ClientConfig::builder(ISSUER, CLIENT_ID, REDIRECT_URI)
        .authorization_endpoint(AUTHORIZATION_ENDPOINT)
        .build()
    else {
        return -2;
    };
    let Ok(keys) = KeySet::parse(jwks.as_bytes(), now) else {
        return -3;
    };
    // SAFETY: the caller's guarantee on `state`.
    unsafe { state.cast::<State>().write(State { config, keys }) };
    0
}

/// Reloads the pending authorization `pending` (its text form) and
/// completes it with `redirect`.
///
/// # Safety
/// `state` must have been set up by [`oidc_fp_setup`]; the text pointers
/// must be readable for their lengths.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidc_fp_complete(
    state: *const c_void,
    pending: *const u8,
    pending_len: usize,
    redirect: *const u8,
    redirect_len: usize,
    now: u64,
) -> i32 {
    // SAFETY: the caller's guarantee.
    unsafe { complete::<false>(state, pending, pending_len, redirect, redirect_len, now) }
}

/// [`oidc_fp_complete`] with `complete_into`, the result built in a slot in
/// this function's frame instead of returned.
///
/// # Safety
/// As for [`oidc_fp_complete`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidc_fp_complete_into(
    state: *const c_void,
    pending: *const u8,
    pending_len: usize,
    redirect: *const u8,
    redirect_len: usize,
    now: u64,
) -> i32 {
    // SAFETY: the caller's guarantee.
    unsafe { complete::<true>(state, pending, pending_len, redirect, redirect_len, now) }
}

/// Both entry points: `INTO` picks `complete_into`. A const parameter, so
/// that each entry point's frame holds only its own path's values.
///
/// # Safety
/// As for [`oidc_fp_complete`].
unsafe fn complete<const INTO: bool>(
    state: *const c_void,
    pending: *const u8,
    pending_len: usize,
    redirect: *const u8,
    redirect_len: usize,
    now: u64,
) -> i32 {
    // SAFETY: the caller's guarantee.
    let state = unsafe { &*state.cast::<State>() };
    // SAFETY: the caller's guarantee.
    let (Some(pending), Some(redirect)) = (unsafe { text(pending, pending_len) }, unsafe {
        text(redirect, redirect_len)
    }) else {
        return -1;
    };
    let Some(now) = UnixTime::from_secs(now) else {
        return -1;
    };
    let Ok(pending) = PendingAuthorization::deserialize(pending) else {
        return -4;
    };
    #[cfg(feature = "rsa")]
    let mark = heap::mark();
    let code = if INTO {
        let mut slot = None;
        match pending.complete_into(&state.config, redirect, &state.keys, now, &mut slot) {
            Ok(()) if matches!(slot, Some(Completion::Tokens(_))) => 0,
            Ok(()) => 1,
            Err(_) => -5,
        }
    } else {
        match pending.complete(&state.config, redirect, &state.keys, now) {
            Ok(Completion::Tokens(_)) => 0,
            Ok(_) => 1,
            Err(_) => -5,
        }
    };
    #[cfg(feature = "rsa")]
    heap::reset(mark);
    code
}

/// Starts an `id_token token` authorization: writes the URL into `url` and
/// the pending authorization's text form into `pending`, and their lengths
/// into `url_len` / `pending_len`.
///
/// # Safety
/// `state` as for [`oidc_fp_complete`]; `entropy` readable for
/// `entropy_len` bytes; `url`/`pending` writable for their capacities;
/// the length pointers writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn oidc_fp_authorize(
    state: *const c_void,
    entropy: *const u8,
    entropy_len: usize,
    now: u64,
    url: *mut u8,
    url_cap: usize,
    url_len: *mut usize,
    pending: *mut u8,
    pending_cap: usize,
    pending_len: *mut usize,
) -> i32 {
    // SAFETY: the caller's guarantee.
    let state = unsafe { &*state.cast::<State>() };
    // SAFETY: the caller's guarantees.
    let (entropy, url_buf, pending_buf) = unsafe {
        (
            core::slice::from_raw_parts(entropy, entropy_len),
            core::slice::from_raw_parts_mut(url, url_cap),
            core::slice::from_raw_parts_mut(pending, pending_cap),
        )
    };
    let Some(now) = UnixTime::from_secs(now) else {
        return -1;
    };
    let request = AuthorizeRequest::new(ResponseType::IdTokenToken);
    let Ok((authorize_url, pending_authorization)) = state.config.authorize(&request, entropy, now)
    else {
        return -6;
    };
    let Ok(written) = authorize_url.write_to_slice(url_buf) else {
        return -7;
    };
    let written_url = written.len();
    let Ok(written) = pending_authorization.serialize_into(pending_buf) else {
        return -7;
    };
    // SAFETY: the caller's guarantee.
    unsafe {
        url_len.write(written_url);
        pending_len.write(written.len());
    }
    0
}

/// Drops the state (RSA keys hold arena memory).
///
/// # Safety
/// `state` must have been set up by [`oidc_fp_setup`] and not torn down.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn oidc_fp_teardown(state: *mut c_void) {
    // SAFETY: the caller's guarantee.
    unsafe { core::ptr::drop_in_place(state.cast::<State>()) };
}
