//! Links the core into a `no_std` program and runs the flow once, so that
//! the code paths are really linked (not just type-checked).
#![no_std]
#![no_main]

use core::panic::PanicInfo;

use oidc_implicit::{
    AuthorizeRequest, ClientConfig, PendingAuthorization, Redirected, ResponseType, UnixTime,
};

#[panic_handler]
fn panic(_: &PanicInfo<'_>) -> ! {
    loop {}
}

// `alloc` is only linked when the feature is on; a tiny bump allocator over a
// static arena keeps the check self-contained.
#[cfg(feature = "alloc")]
mod heap {
    use core::alloc::{GlobalAlloc, Layout};
    use core::cell::UnsafeCell;
    use core::sync::atomic::{AtomicUsize, Ordering};

    const HEAP: usize = 1 << 20;
    #[repr(C, align(16))]
    struct Arena(UnsafeCell<[u8; HEAP]>);
    // SAFETY: the allocator hands out disjoint ranges (atomic bump pointer).
    unsafe impl Sync for Arena {}
    static ARENA: Arena = Arena(UnsafeCell::new([0; HEAP]));
    static NEXT: AtomicUsize = AtomicUsize::new(0);

    struct Bump;
    // SAFETY: returns non-overlapping, suitably aligned ranges of ARENA or null.
    unsafe impl GlobalAlloc for Bump {
        unsafe fn alloc(&self, l: Layout) -> *mut u8 {
            let mut cur = NEXT.load(Ordering::Relaxed);
            loop {
                let start = (cur + l.align() - 1) & !(l.align() - 1);
                let end = start + l.size();
                if end > HEAP {
                    return core::ptr::null_mut();
                }
                match NEXT.compare_exchange(cur, end, Ordering::Relaxed, Ordering::Relaxed) {
                    Ok(_) => return unsafe { (ARENA.0.get() as *mut u8).add(start) },
                    Err(now) => cur = now,
                }
            }
        }
        unsafe fn dealloc(&self, _: *mut u8, _: Layout) {}
    }

    #[global_allocator]
    static GLOBAL: Bump = Bump;
}

#[unsafe(no_mangle)]
extern "C" fn rust_eh_personality() {}

#[link(name = "c")]
unsafe extern "C" {}

fn run() -> Option<()> {
    let config = ClientConfig::builder("https://op.example", "client", "https://app.example/cb")
        .authorization_endpoint("https://op.example/authorize")
        .build()
        .ok()?;
    let now = UnixTime::from_secs(1_700_000_000)?;
    let mut entropy = [0u8; 32];
    for (i, b) in entropy.iter_mut().enumerate() {
        *b = (i as u8).wrapping_mul(37).wrapping_add(11);
    }
    let (url, pending) = config
        .authorize(&AuthorizeRequest::new(ResponseType::IdToken), &entropy, now)
        .ok()?;
    let mut buf = [0u8; 512];
    url.write_to_slice(&mut buf).ok()?;
    let mut text = [0u8; 2048];
    let stored = pending.serialize_into(&mut text).ok()?;
    let pending = PendingAuthorization::deserialize(stored).ok()?;
    let mut redirect = [0u8; 256];
    let redirect = concat_into(&mut redirect, &["id_token=h.p.s&state=", pending.state()])?;
    match pending.accept_redirect(&config, redirect, now).ok()? {
        Redirected::IdToken(_) => Some(()),
        _ => None,
    }
}

fn concat_into<'b>(buf: &'b mut [u8], parts: &[&str]) -> Option<&'b str> {
    let mut len = 0;
    for part in parts {
        buf.get_mut(len..len + part.len())?
            .copy_from_slice(part.as_bytes());
        len += part.len();
    }
    core::str::from_utf8(buf.get(..len)?).ok()
}

#[unsafe(no_mangle)]
extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    match run() {
        Some(()) => 0,
        None => 1,
    }
}
