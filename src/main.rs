//! `voc`: parse the command line, run the command, print the error chain as one readable
//! sentence, and map it to the exit codes of docs/cli.md.

use clap::Parser;

#[global_allocator]
static ALLOC: voc::alloc::Alloc = voc::alloc::Alloc;

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
