//! The `communique` command: thin glue between files on disk and the library.

#![forbid(unsafe_code)]

mod cli;

fn main() {
    std::process::exit(cli::run());
}
