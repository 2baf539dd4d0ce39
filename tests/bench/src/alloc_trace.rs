//! A global allocator that records, on the calling thread only and only
//! inside [`trace`], every allocation with its size and a backtrace. A
//! binary opts in with `#[global_allocator] static A: Tracing = Tracing;`.
//!
//! Recording allocates too (the backtrace, the list); those nested calls
//! find the list already borrowed and are not recorded, which is also what
//! keeps the allocator from recursing.

use std::alloc::{GlobalAlloc, Layout, System};
use std::backtrace::Backtrace;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// One recorded allocation.
#[derive(Debug)]
pub struct Allocation {
    /// Bytes requested (the new size for a reallocation).
    pub size: usize,
    /// A reallocation rather than a fresh allocation.
    pub realloc: bool,
    backtrace: Backtrace,
}

thread_local! {
    static RECORD: RefCell<Option<Vec<Allocation>>> = const { RefCell::new(None) };
}

/// The system allocator, recording what [`trace`] asks for.
pub struct Tracing;

fn note(size: usize, realloc: bool) {
    let _ = RECORD.try_with(|record| {
        if let Ok(mut record) = record.try_borrow_mut()
            && let Some(list) = record.as_mut()
        {
            let backtrace = Backtrace::force_capture();
            list.push(Allocation {
                size,
                realloc,
                backtrace,
            });
        }
    });
}

// SAFETY: every call is forwarded unchanged to `System`, which upholds the
// `GlobalAlloc` contract; `note` only records and never touches the memory.
unsafe impl GlobalAlloc for Tracing {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note(layout.size(), false);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note(layout.size(), false);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note(new_size, true);
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded with the caller's guarantees.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Runs `f`, returning its result and the allocations it made on this
/// thread. Needs [`Tracing`] as the global allocator; without it the list
/// is always empty.
pub fn trace<R>(f: impl FnOnce() -> R) -> (R, Vec<Allocation>) {
    RECORD.with(|r| *r.borrow_mut() = Some(Vec::with_capacity(1024)));
    let out = f();
    let list = RECORD.with(|r| r.borrow_mut().take()).unwrap_or_default();
    (out, list)
}

/// Where allocations come from: the innermost function outside the
/// allocator and the standard library, and the innermost `oidc_implicit`
/// function above it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Site {
    /// The function that asked for memory.
    pub allocator_caller: String,
    /// The innermost `rsa` crate function above it, if any.
    pub in_rsa: String,
    /// The library function it was reached from.
    pub from_core: String,
}

/// Allocations grouped by site and size: `(site, size) -> count`.
pub fn group(list: &[Allocation]) -> BTreeMap<(Site, usize), usize> {
    let mut sites = BTreeMap::new();
    for a in list {
        *sites.entry((site(&a.backtrace), a.size)).or_insert(0) += 1;
    }
    sites
}

fn site(backtrace: &Backtrace) -> Site {
    let text = backtrace.to_string();
    let frames: Vec<String> = text
        .lines()
        .filter_map(|line| {
            let (index, name) = line.trim_start().split_once(": ")?;
            index.parse::<u32>().ok()?;
            Some(strip_hash(name))
        })
        .collect();
    let outside_std = |f: &&String| !is_std(f);
    let allocator_caller = frames
        .iter()
        .find(outside_std)
        .cloned()
        .unwrap_or_else(|| "?".into());
    let from_core = frames
        .iter()
        .find(|f| f.starts_with("oidc_implicit::") || f.starts_with("<oidc_implicit::"))
        .cloned()
        .unwrap_or_else(|| "?".into());
    let in_rsa = frames
        .iter()
        .find(|f| f.starts_with("rsa::") || f.starts_with("<rsa::"))
        .cloned()
        .unwrap_or_else(|| "–".into());
    Site {
        allocator_caller,
        in_rsa,
        from_core,
    }
}

/// A frame of the standard library or of this recorder. `<T as
/// alloc::…>::f` counts as the standard library when `T` is a generic
/// parameter or a primitive; `<crypto_bigint::X as core::…>::f` does not.
fn is_std(frame: &str) -> bool {
    const STD: [&str; 4] = ["std", "core", "alloc", "oidc_implicit_bench"];
    let root = |path: &str| path.split("::").next().unwrap_or("").to_string();
    if frame.starts_with("__rust") || frame.starts_with("__rdl") {
        return true;
    }
    match frame.strip_prefix('<').and_then(|f| f.split_once(" as ")) {
        Some((ty, tr)) => {
            let ty_root = root(ty.trim_start_matches(['&', '[']));
            let generic = !ty_root.contains('_') && ty_root.len() <= 5 && !ty.contains("::");
            STD.contains(&ty_root.as_str()) || (generic && STD.contains(&root(tr).as_str()))
        }
        None => STD.contains(&root(frame.trim_start_matches('<')).as_str()),
    }
}

/// `path::to::f::h0123456789abcdef` → `path::to::f`.
fn strip_hash(name: &str) -> String {
    match name.rsplit_once("::h") {
        Some((path, hash)) if hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            path.to_string()
        }
        _ => name.to_string(),
    }
}

/// A markdown table of `list`, grouped.
pub fn markdown(list: &[Allocation]) -> String {
    let mut out = String::from(
        "| count | bytes each | asked for by | in `rsa` | reached from (core) |\n|---:|---:|---|---|---|\n",
    );
    for ((site, size), count) in group(list) {
        out.push_str(&format!(
            "| {count} | {size} | `{}` | `{}` | `{}` |\n",
            site.allocator_caller, site.in_rsa, site.from_core
        ));
    }
    let total: usize = list.iter().map(|a| a.size).sum();
    out.push_str(&format!(
        "| **{}** | **{total}** total | | | |\n",
        list.len()
    ));
    out
}
