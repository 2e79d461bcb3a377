//! Valgrind client requests (the `VALGRIND_DO_CLIENT_REQUEST` sequence of `valgrind.h` for
//! amd64). Outside valgrind the magic preamble is a no-op and every request returns its default.

#![allow(unsafe_code)] // inline assembly: the one way to talk to valgrind

const MAKE_MEM_UNDEFINED: usize = 0x4d43_0001;
const MAKE_MEM_DEFINED: usize = 0x4d43_0002;
const RUNNING_ON_VALGRIND: usize = 0x1001;

#[cfg(target_arch = "x86_64")]
fn request(default: usize, args: [usize; 6]) -> usize {
    let result;
    // SAFETY: rotating rdi by 3+13+61+51 = 128 bits leaves it unchanged and `xchg rbx, rbx` is a
    // no-op; valgrind recognises the sequence and reads the six words behind rax. It may read
    // and mark memory named in `args` (hence no `nomem`), and writes its answer to rdx.
    unsafe {
        core::arch::asm!(
            "rol rdi, 3",
            "rol rdi, 13",
            "rol rdi, 61",
            "rol rdi, 51",
            "xchg rbx, rbx",
            inout("rdx") default => result,
            in("rax") args.as_ptr(),
            inout("rdi") 0usize => _,
            options(nostack),
        );
    }
    result
}

#[cfg(not(target_arch = "x86_64"))]
fn request(default: usize, _args: [usize; 6]) -> usize {
    default
}

/// Whether this process runs under valgrind.
pub fn running() -> bool {
    request(0, [RUNNING_ON_VALGRIND, 0, 0, 0, 0, 0]) != 0
}

/// Marks `len` bytes at `ptr` as undefined for memcheck: from here on, a branch or an address
/// computed from them is reported.
pub fn mark_secret<T>(memory: &[T]) {
    request(
        0,
        [
            MAKE_MEM_UNDEFINED,
            memory.as_ptr() as usize,
            size_of_val(memory),
            0,
            0,
            0,
        ],
    );
}

/// Marks memory defined again: the declassification of a value that has become public.
pub fn mark_public<T>(memory: &[T]) {
    mark_defined(memory.as_ptr() as usize, size_of_val(memory));
}

/// Marks the `len` bytes at `address` defined.
pub fn mark_defined(address: usize, len: usize) {
    request(0, [MAKE_MEM_DEFINED, address, len, 0, 0, 0]);
}
