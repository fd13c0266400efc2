//! The allocator the `voc` binary runs with (src/main.rs).

use std::alloc::{GlobalAlloc, Layout, System};

use mimalloc::MiMalloc;

/// mimalloc for every block but the huge ones (the run's big vectors and tables, from
/// [`HUGE`]), which go to the system allocator: glibc maps each on its own and grows it with
/// `mremap`, moving its pages where mimalloc copies them into fresh ones that the kernel must
/// zero first (at 10M conversations, 2.5 s of CPU as vectors doubled; docs/performance.md).
pub struct Alloc;

const HUGE: usize = 32 << 20;

// SAFETY: each block is allocated, grown and freed by one allocator, chosen by its size, which
// `GlobalAlloc` hands back unchanged with every block (the layout it was allocated with); a
// block that crosses `HUGE` as it grows is moved from one to the other by copying.
unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        unsafe { if l.size() >= HUGE { System.alloc(l) } else { MiMalloc.alloc(l) } }
    }

    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        unsafe { if l.size() >= HUGE { System.alloc_zeroed(l) } else { MiMalloc.alloc_zeroed(l) } }
    }

    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { if l.size() >= HUGE { System.dealloc(p, l) } else { MiMalloc.dealloc(p, l) } }
    }

    unsafe fn realloc(&self, p: *mut u8, l: Layout, size: usize) -> *mut u8 {
        unsafe {
            match (l.size() >= HUGE, size >= HUGE) {
                (true, true) => System.realloc(p, l, size),
                (false, false) => MiMalloc.realloc(p, l, size),
                _ => {
                    let q = self.alloc(Layout::from_size_align_unchecked(size, l.align()));
                    if !q.is_null() {
                        std::ptr::copy_nonoverlapping(p, q, l.size().min(size));
                        self.dealloc(p, l);
                    }
                    q
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(p: *mut u8, from: usize, to: usize) {
        for i in (from..to).step_by(4093) {
            unsafe { *p.add(i) = (i % 251) as u8 };
        }
    }

    fn holds(p: *mut u8, to: usize) -> bool {
        (0..to).step_by(4093).all(|i| unsafe { *p.add(i) } == (i % 251) as u8)
    }

    #[test]
    fn a_block_keeps_its_bytes_as_it_grows_past_huge_and_shrinks_back() {
        let a = Alloc;
        let l = Layout::from_size_align(1 << 10, 8).unwrap();
        unsafe {
            let p = a.alloc(l);
            assert!(!p.is_null());
            fill(p, 0, 1 << 10);
            // mimalloc → system (copied), system → system (mremap), system → mimalloc (copied)
            let q = a.realloc(p, l, HUGE + 1);
            assert!(!q.is_null() && holds(q, 1 << 10));
            fill(q, 0, HUGE + 1);
            let r = a.realloc(q, Layout::from_size_align(HUGE + 1, 8).unwrap(), 2 * HUGE);
            assert!(!r.is_null() && holds(r, HUGE + 1));
            let s = a.realloc(r, Layout::from_size_align(2 * HUGE, 8).unwrap(), 1 << 12);
            assert!(!s.is_null() && holds(s, 1 << 12));
            a.dealloc(s, Layout::from_size_align(1 << 12, 8).unwrap());
            let z = Layout::from_size_align(HUGE, 64).unwrap();
            let p = a.alloc_zeroed(z);
            assert!(!p.is_null() && p as usize % 64 == 0);
            assert!((0..HUGE).step_by(4093).all(|i| *p.add(i) == 0));
            a.dealloc(p, z);
        }
    }
}
