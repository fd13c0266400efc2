//! `voc`: parse the command line, run the command, print the error chain as one readable
//! sentence, and map it to the exit codes of docs/cli.md.

use clap::Parser;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc v3's `mi_option_purge_decommits` (include/mimalloc.h of libmimalloc-sys).
const MI_OPTION_PURGE_DECOMMITS: libmimalloc_sys::mi_option_t = 5;

fn main() {
    // memory freed is reset, not decommitted: decommitted pages come back zeroed by the kernel,
    // which cost a whole-period report 0.5–1 s of system time (README, Performance)
    // SAFETY: sets an option of the allocator; no allocation is in flight on another thread
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DECOMMITS, 0) };
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
