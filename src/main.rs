//! The `communique` command: thin glue between files on disk and the library.

#![forbid(unsafe_code)]

mod cli;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // The command runs on a thread with the workers' known stack (see `cli::STACK`): a run of
    // one release builds it on this thread, not on the pool's.
    let code = std::thread::Builder::new()
        .name("communique".into())
        .stack_size(cli::STACK)
        .spawn(cli::run)
        .map(|t| t.join().unwrap_or(101))
        .unwrap_or_else(|_| cli::run());
    std::process::exit(code);
}
