//! The one place that decides whether our own diagnostics on stderr are coloured.
//!
//! `--color auto|always|never` (every subcommand takes it) and the `NO_COLOR` convention
//! (<https://no-color.org>: set and not empty means no colour) are resolved once, at start-up,
//! by [`init`]; whatever prints to stderr asks [`stderr`]. `auto` colours only a terminal, so a
//! CI log, a pipe or a file never gets escape sequences; `always` wins over `NO_COLOR` because
//! it is the user asking on this very command line.

use clap::ValueEnum;
use std::io::IsTerminal;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Choice {
    /// Colour when stderr is a terminal and NO_COLOR is not set.
    #[default]
    Auto,
    Always,
    Never,
}

static STDERR: OnceLock<bool> = OnceLock::new();

/// Decides once for the whole process; later calls change nothing.
pub fn init(choice: Choice) {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let _ = STDERR.set(decide(choice, no_color, std::io::stderr().is_terminal()));
}

/// Whether diagnostics written to stderr may carry ANSI colour (false before [`init`]).
pub fn stderr() -> bool {
    STDERR.get().copied().unwrap_or(false)
}

fn decide(choice: Choice, no_color: bool, terminal: bool) -> bool {
    match choice {
        Choice::Always => true,
        Choice::Never => false,
        Choice::Auto => terminal && !no_color,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_colours_only_a_terminal_without_no_color() {
        assert!(decide(Choice::Auto, false, true));
        assert!(!decide(Choice::Auto, true, true));
        assert!(!decide(Choice::Auto, false, false));
        assert!(decide(Choice::Always, true, false));
        assert!(!decide(Choice::Never, false, true));
    }
}
