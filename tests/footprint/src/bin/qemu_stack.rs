//! Firmware for QEMU's mps2-an386 (Cortex-M4F) that measures the peak stack
//! depth of each entry point on the real target: it fills the free RAM below
//! the stack with a pattern, calls the entry point, and finds the lowest
//! word that changed. Results go out over semihosting, one `name bytes` line
//! each, then QEMU exits with the number of failed calls.
//!
//! Built only by measure.sh (`--features qemu`, with FOOTPRINT_INPUTS_RS
//! naming the generated inputs and `-T link.ld`).
#![no_std]
#![no_main]

use core::arch::asm;
use core::ffi::c_void;

use oidc_implicit_footprint as fp;

#[allow(dead_code)] // The RS256 redirects are unused without `rsa`.
mod inputs {
    include!(env!("FOOTPRINT_INPUTS_RS"));
}

const PAINT: u32 = 0xA5A5_A5A5;

unsafe extern "C" {
    static mut __sbss: u32;
    static mut __ebss: u32;
    static mut __sdata: u32;
    static mut __edata: u32;
    static __sidata: u32;
}

/// The vector table's reset entry (the initial stack pointer precedes it,
/// see link.ld).
#[unsafe(link_section = ".vector_table.reset")]
#[used]
static RESET_VECTOR: unsafe extern "C" fn() -> ! = Reset;

/// Room for the long-lived state (checked against `oidc_fp_state_size`).
#[repr(C, align(8))]
struct StateMemory([u8; 16 * 1024]);
static mut STATE: StateMemory = StateMemory([0; 16 * 1024]);

/// ARM semihosting call.
///
/// # Safety
/// `arg` must be what operation `op` expects.
unsafe fn semihost(op: u32, arg: *const c_void) -> u32 {
    let mut r0 = op;
    // SAFETY: the semihosting trap; QEMU services it.
    unsafe { asm!("bkpt #0xab", inout("r0") r0, in("r1") arg, options(nostack)) };
    r0
}

fn print(text: &[u8]) {
    let mut buf = [0u8; 96];
    let n = text.len().min(buf.len() - 1);
    buf[..n].copy_from_slice(&text[..n]);
    // SAFETY: SYS_WRITE0 takes a NUL-terminated string.
    unsafe { semihost(0x04, buf.as_ptr().cast()) };
}

fn print_line(name: &str, value: usize) {
    let mut line = [0u8; 80];
    let mut n = 0;
    for &b in name.as_bytes().iter().chain(b" ") {
        line[n] = b;
        n += 1;
    }
    let mut digits = [0u8; 20];
    let mut d = 0;
    let mut v = value;
    loop {
        digits[d] = b'0' + (v % 10) as u8;
        d += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    while d > 0 {
        d -= 1;
        line[n] = digits[d];
        n += 1;
    }
    line[n] = b'\n';
    print(&line[..=n]);
}

fn exit(failed: u32) -> ! {
    // SYS_EXIT_EXTENDED with ADP_Stopped_ApplicationExit and the code.
    let block = [0x20026u32, failed];
    // SAFETY: the parameter block SYS_EXIT_EXTENDED expects.
    unsafe { semihost(0x20, block.as_ptr().cast()) };
    // Not reached: QEMU has exited.
    loop {
        core::hint::spin_loop();
    }
}

fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: reads SP only.
    unsafe { asm!("mov {}, sp", out(reg) sp, options(nomem, nostack)) };
    sp
}

/// Paints from the end of .bss to just below the current stack pointer,
/// runs `f`, and returns the bytes of stack it used below the caller's SP.
#[inline(never)]
fn measure(f: impl FnOnce() -> i32) -> (i32, usize) {
    let top = stack_pointer() - 64;
    let bottom = &raw mut __ebss as usize;
    let mut p = bottom;
    while p < top {
        // SAFETY: free RAM between .bss and the live stack.
        unsafe { core::ptr::write_volatile(p as *mut u32, PAINT) };
        p += 4;
    }
    let rc = f();
    let mut p = bottom;
    // SAFETY: as above; reading the painted range.
    while p < top && unsafe { core::ptr::read_volatile(p as *const u32) } == PAINT {
        p += 4;
    }
    (rc, top + 64 - p)
}

#[unsafe(no_mangle)]
unsafe extern "C" fn Reset() -> ! {
    // SAFETY: start-up: initialise .data and .bss, enable the FPU (CPACR
    // CP10/CP11 full access) before any code that may use it.
    unsafe {
        let mut src = &raw const __sidata;
        let mut dst = &raw mut __sdata;
        while dst < &raw mut __edata {
            dst.write_volatile(src.read());
            dst = dst.add(1);
            src = src.add(1);
        }
        let mut b = &raw mut __sbss;
        while b < &raw mut __ebss {
            b.write_volatile(0);
            b = b.add(1);
        }
        let cpacr = 0xE000_ED88 as *mut u32;
        cpacr.write_volatile(cpacr.read_volatile() | (0xF << 20));
        asm!("dsb", "isb");
    }
    run()
}

fn run() -> ! {
    let mut failed = 0u32;
    let state = (&raw mut STATE).cast::<c_void>();
    let size = fp::oidc_fp_state_size();
    print_line("state_size", size);
    if size > core::mem::size_of::<StateMemory>() {
        exit(100);
    }
    let text = |s: &'static str| (s.as_ptr(), s.len());
    let (jwks, jwks_len) = text(inputs::JWKS);
    let (pending, pending_len) = text(inputs::PENDING);
    let check = |name: &str, (rc, used): (i32, usize), failed: &mut u32| {
        print_line(name, used);
        if rc != 0 {
            *failed += 1;
            print_line("  failed with", rc.unsigned_abs() as usize);
        }
    };
    // SAFETY (all calls below): `state` is 16 KiB, 8-aligned, and set up
    // before use; the inputs are 'static strings.
    let r = measure(|| unsafe { fp::oidc_fp_setup(state, jwks, jwks_len, inputs::NOW) });
    check("setup", r, &mut failed);
    // Each plain, then with both tokens percent-encoded:
    // (name for `complete`, name for `complete_into`, redirect).
    let es256 = [
        (
            "complete_es256",
            "complete_into_es256",
            inputs::ES256_REDIRECT,
        ),
        (
            "complete_escaped_es256",
            "complete_into_escaped_es256",
            inputs::ES256_REDIRECT_ESCAPED,
        ),
    ];
    #[cfg(feature = "rsa")]
    let rs256 = [
        (
            "complete_rs256",
            "complete_into_rs256",
            inputs::RS256_REDIRECT,
        ),
        (
            "complete_escaped_rs256",
            "complete_into_escaped_rs256",
            inputs::RS256_REDIRECT_ESCAPED,
        ),
    ];
    #[cfg(not(feature = "rsa"))]
    let rs256: [(&str, &str, &str); 0] = [];
    for (complete, into, redirect) in es256.into_iter().chain(rs256) {
        let (r, r_len) = text(redirect);
        let m = measure(|| unsafe {
            fp::oidc_fp_complete(state, pending, pending_len, r, r_len, inputs::NOW)
        });
        check(complete, m, &mut failed);
        let m = measure(|| unsafe {
            fp::oidc_fp_complete_into(state, pending, pending_len, r, r_len, inputs::NOW)
        });
        check(into, m, &mut failed);
    }
    // The entropy of stack.c and the inputs tool.
    let entropy: [u8; 32] = [
        0x5a, 0x17, 0x99, 0x03, 0xc4, 0x21, 0x8e, 0x6b, 0x30, 0xf2, 0x4d, 0x91, 0x0a, 0xbe, 0x77,
        0x12, 0x6c, 0xd9, 0x48, 0x25, 0x93, 0x1f, 0xe0, 0x5b, 0x3a, 0x86, 0xc1, 0x74, 0x09, 0xfd,
        0x62, 0xa8,
    ];
    let mut url = [0u8; 1024];
    let mut text_form = [0u8; 1024];
    let (mut url_len, mut text_len) = (0usize, 0usize);
    let r = measure(|| unsafe {
        fp::oidc_fp_authorize(
            state,
            entropy.as_ptr(),
            entropy.len(),
            inputs::NOW,
            url.as_mut_ptr(),
            url.len(),
            &mut url_len,
            text_form.as_mut_ptr(),
            text_form.len(),
            &mut text_len,
        )
    });
    check("authorize", r, &mut failed);
    #[cfg(feature = "rsa")]
    print_line("heap_high_water", fp::heap::oidc_fp_heap_high_water());
    // SAFETY: set up above.
    unsafe { fp::oidc_fp_teardown(state) };
    exit(failed)
}
