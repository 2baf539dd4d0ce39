//! What every exported function shares: the panic boundary, the per-thread
//! last error, and the checked reading and writing of C arguments.

use std::cell::RefCell;
use std::ffi::{CStr, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

use super::status::OidciStatus;
use crate::error::OidcError;

/// Why a call failed: a bare status, or an `OidcError` whose details
/// `oidci_last_error` reports.
#[derive(Debug)]
pub(crate) enum Failure {
    Status(OidciStatus),
    Error(OidcError),
}

impl From<OidcError> for Failure {
    fn from(e: OidcError) -> Self {
        Self::Error(e)
    }
}

impl From<OidciStatus> for Failure {
    fn from(s: OidciStatus) -> Self {
        Self::Status(s)
    }
}

pub(crate) type CResult<T = ()> = Result<T, Failure>;

/// The detail of the last failure on this thread.
#[derive(Debug)]
pub(crate) struct LastError {
    pub(crate) status: OidciStatus,
    pub(crate) error: Option<OidcError>,
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
}

/// Runs `f` with the last error cleared first; records its failure.
pub(crate) fn guard(f: impl FnOnce() -> CResult) -> OidciStatus {
    set_last_error(None);
    run(f)
}

/// Like [`guard`], but leaves the last error alone on success (for the
/// functions that report on it or only free memory).
pub(crate) fn guard_keep(f: impl FnOnce() -> CResult) -> OidciStatus {
    run(f)
}

fn run(f: impl FnOnce() -> CResult) -> OidciStatus {
    // AssertUnwindSafe: after a panic nothing the closure touched is used
    // again except through the status returned here; handles keep their
    // invariants because every mutation is a single assignment under a lock.
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => OidciStatus::Ok,
        Ok(Err(Failure::Status(status))) => {
            // Absent values and size queries are answers, not failures.
            if !matches!(status, OidciStatus::Absent | OidciStatus::BufferTooSmall) {
                set_last_error(Some(LastError {
                    status,
                    error: None,
                }));
            }
            status
        }
        Ok(Err(Failure::Error(error))) => {
            let status = OidciStatus::from(&error);
            set_last_error(Some(LastError {
                status,
                error: Some(error),
            }));
            status
        }
        Err(_) => {
            set_last_error(Some(LastError {
                status: OidciStatus::Panic,
                error: None,
            }));
            OidciStatus::Panic
        }
    }
}

fn set_last_error(value: Option<LastError>) {
    // A thread being torn down has no last error to keep.
    let _ = LAST_ERROR.try_with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            *slot = value;
        }
    });
}

/// Reads the last error with `f`.
pub(crate) fn with_last_error<R>(f: impl FnOnce(Option<&LastError>) -> R) -> Option<R> {
    LAST_ERROR
        .try_with(|cell| cell.try_borrow().ok().map(|slot| f(slot.as_ref())))
        .ok()
        .flatten()
}

/// A required NUL-terminated UTF-8 string argument.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string that stays valid and
/// unchanged for `'a`.
pub(crate) unsafe fn c_str<'a>(ptr: *const c_char) -> CResult<&'a str> {
    if ptr.is_null() {
        return Err(OidciStatus::NullArgument.into());
    }
    // SAFETY: not NULL, and the caller promises a NUL-terminated string
    // valid for 'a.
    let raw = unsafe { CStr::from_ptr(ptr) };
    raw.to_str()
        .map_err(|_| OidcError::input("a string argument is not UTF-8").into())
}

/// An optional NUL-terminated UTF-8 string argument: NULL means absent.
///
/// # Safety
/// As [`c_str`].
pub(crate) unsafe fn opt_c_str<'a>(ptr: *const c_char) -> CResult<Option<&'a str>> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: forwarded contract, pointer not NULL.
    unsafe { c_str(ptr) }.map(Some)
}

/// A required byte-slice argument.
///
/// # Safety
/// `ptr` is NULL or valid for reads of `len` bytes for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> CResult<&'a [u8]> {
    if ptr.is_null() {
        return Err(OidciStatus::NullArgument.into());
    }
    if len > isize::MAX as usize {
        return Err(OidcError::input("length too large").into());
    }
    // SAFETY: not NULL, at most isize::MAX bytes, and the caller promises
    // `len` readable bytes that stay unchanged for 'a.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// A required text argument given as pointer and length (not necessarily
/// NUL-terminated).
///
/// # Safety
/// As [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const c_char, len: usize) -> CResult<&'a str> {
    // SAFETY: forwarded contract; c_char and u8 have the same layout.
    let raw = unsafe { bytes(ptr.cast::<u8>(), len) }?;
    std::str::from_utf8(raw).map_err(|_| OidcError::input("a text argument is not UTF-8").into())
}

/// A required shared reference to a handle.
///
/// # Safety
/// `ptr` is NULL or a live handle of type `T` made by this library.
pub(crate) unsafe fn handle<'a, T>(ptr: *const T) -> CResult<&'a T> {
    // SAFETY: the caller promises a live handle or NULL; `as_ref` maps NULL
    // to None.
    unsafe { ptr.as_ref() }.ok_or(OidciStatus::NullArgument.into())
}

/// Checks an out-pointer for a handle and clears it, so that it is NULL on
/// every failure.
///
/// # Safety
/// `out` is NULL or valid for writing one pointer.
pub(crate) unsafe fn clear_out<T>(out: *mut *mut T) -> CResult {
    if out.is_null() {
        return Err(OidciStatus::NullArgument.into());
    }
    // SAFETY: not NULL and writable per the caller.
    unsafe { out.write(std::ptr::null_mut()) };
    Ok(())
}

/// Hands a new handle to the caller.
///
/// # Safety
/// `out` was accepted by [`clear_out`] and is still writable.
pub(crate) unsafe fn give<T>(out: *mut *mut T, value: T) {
    // SAFETY: checked non-NULL and writable by clear_out; ownership of the
    // box passes to the caller, who returns it to the matching _free.
    unsafe { out.write(Box::into_raw(Box::new(value))) };
}

/// Releases a handle made by [`give`]; NULL does nothing.
///
/// # Safety
/// `ptr` is NULL or a handle of type `T` from this library not freed yet.
pub(crate) unsafe fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: made by Box::into_raw in `give` and not freed before,
        // per the caller.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

/// Checks an output buffer and its length pointer before any work.
///
/// # Safety
/// `len` is NULL or valid for reading and writing a `usize`.
pub(crate) unsafe fn check_out_buf(buf: *mut c_char, len: *mut usize) -> CResult {
    if len.is_null() {
        return Err(OidciStatus::NullArgument.into());
    }
    // SAFETY: not NULL and readable per the caller.
    let capacity = unsafe { len.read() };
    if buf.is_null() && capacity != 0 {
        return Err(OidciStatus::NullArgument.into());
    }
    Ok(())
}

/// Writes `value` and a NUL into the caller's buffer (see the module docs
/// for the protocol).
///
/// # Safety
/// `len` is valid for reading and writing a `usize`; `buf` is NULL with
/// `*len == 0`, or valid for writing `*len` bytes.
pub(crate) unsafe fn write_text(value: &str, buf: *mut c_char, len: *mut usize) -> CResult {
    // SAFETY: forwarded contract.
    unsafe { check_out_buf(buf, len) }?;
    // SAFETY: checked non-NULL above; readable and writable per the caller.
    let capacity = unsafe { len.read() };
    let needed = value.len();
    // SAFETY: as above.
    unsafe { len.write(needed) };
    if needed >= capacity {
        if capacity > 0 {
            // SAFETY: buf is valid for `capacity` >= 1 bytes.
            unsafe { buf.write(0) };
        }
        return Err(OidciStatus::BufferTooSmall.into());
    }
    // SAFETY: buf is valid for `capacity` > needed bytes, so `needed` bytes
    // plus the NUL fit; the source is a distinct Rust string.
    unsafe {
        std::ptr::copy_nonoverlapping(value.as_ptr(), buf.cast::<u8>(), needed);
        buf.add(needed).write(0);
    }
    Ok(())
}

/// Writes a number through an out-pointer.
///
/// # Safety
/// `out` is NULL or valid for writing a `u64`.
pub(crate) unsafe fn write_u64(out: *mut u64, value: Option<u64>) -> CResult {
    if out.is_null() {
        return Err(OidciStatus::NullArgument.into());
    }
    let value = value.ok_or(OidciStatus::Absent)?;
    // SAFETY: not NULL and writable per the caller.
    unsafe { out.write(value) };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_a_last_error() {
        let status = guard(|| {
            #[allow(clippy::panic)]
            {
                panic!("boom")
            }
        });
        assert_eq!(status, OidciStatus::Panic);
        assert_eq!(
            with_last_error(|e| e.map(|e| e.status)),
            Some(Some(OidciStatus::Panic))
        );
        assert_eq!(guard(|| Ok(())), OidciStatus::Ok);
        assert_eq!(with_last_error(|e| e.is_none()), Some(true));
    }

    #[test]
    fn buffer_protocol() {
        let mut buf = [0x55 as c_char; 4];
        let mut len = buf.len();
        // SAFETY: a live buffer of `len` bytes.
        let r = unsafe { write_text("abc", buf.as_mut_ptr(), &mut len) };
        assert!(r.is_ok());
        assert_eq!((len, buf), (3, [97, 98, 99, 0]));
        let mut len = 3;
        // SAFETY: as above, claiming only 3 bytes.
        let r = unsafe { write_text("abc", buf.as_mut_ptr(), &mut len) };
        assert!(matches!(
            r,
            Err(Failure::Status(OidciStatus::BufferTooSmall))
        ));
        assert_eq!((len, buf[0]), (3, 0));
        let mut len = 0;
        // SAFETY: NULL with size 0 is a size query.
        let r = unsafe { write_text("abcdef", std::ptr::null_mut(), &mut len) };
        assert!(r.is_err());
        assert_eq!(len, 6);
        let mut len = 1;
        // SAFETY: NULL with a non-zero size is refused before any write.
        let r = unsafe { write_text("a", std::ptr::null_mut(), &mut len) };
        assert!(matches!(r, Err(Failure::Status(OidciStatus::NullArgument))));
    }
}
