//! The `claimdrop` binary: parse the command line, run it, turn the result into an exit code.

use std::process::ExitCode;

use clap::Parser;

// Reading a PDF allocates and frees many small objects; with glibc's allocator that was a
// seventh of a worker's time (perf, issue 6), with mimalloc it is a few percent. Built without
// transparent huge pages: zeroing a fresh 2 MiB page for a short-lived buffer cost a fifth of
// the CPU of a 1,000-file run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = claimdrop::cli::Cli::parse();
    match claimdrop::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, the whole chain of context: "file: refused, nothing imported: row 3 ...".
            eprintln!("claimdrop: {error:#}");
            ExitCode::from(1)
        }
    }
}
