//! `voc`: parse the command line, run the command, print the error chain as one readable
//! sentence, and map it to the exit codes of docs/cli.md.

use std::alloc::{GlobalAlloc, Layout, System};

use clap::Parser;
use mimalloc::MiMalloc;

#[global_allocator]
static ALLOC: Alloc = Alloc;

/// mimalloc for every block but the huge ones (the run's big vectors and tables, from
/// [`HUGE`]), which go to the system allocator: glibc maps each on its own and grows it with
/// `mremap`, moving its pages where mimalloc copies them into fresh ones that the kernel must
/// zero first (at 10M conversations, 2.5 s of CPU as vectors doubled; README, Performance).
struct Alloc;

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

fn main() {
    let cli = voc::cli::Cli::parse();
    let level = match (cli.quiet, cli.verbose) {
        (true, _) => tracing::Level::ERROR,
        (false, 0) => tracing::Level::WARN,
        (false, 1) => tracing::Level::INFO,
        _ => tracing::Level::DEBUG,
    };
    tracing_subscriber::fmt().with_writer(std::io::stderr).with_max_level(level).without_time().with_target(false).init();
    let code = match voc::cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            let broken_pipe = e
                .chain()
                .any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe));
            if broken_pipe {
                0
            } else {
                eprintln!("error: {e:#}");
                voc::error::exit_code(&e)
            }
        }
    };
    std::process::exit(code);
}
