//! SIGINT (Ctrl-C) and SIGTERM (a CI runner's or a service manager's stop) during a batch.
//!
//! The first signal only sets a flag: the batch takes no new release, lets the ones in
//! flight finish and be written (so no temporary file is left), writes the manifest and the
//! report for what was done, prints the summary and exits 128 + the signal's number (130,
//! 143), as a shell would report it. A second signal, by a user who will not wait, ends
//! the process at once with the same code; what was written whole stays, the manifest may
//! miss the last releases (they are rebuilt next time), a temporary file may be left for
//! the next run's sweep.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

const SIGNALS: [i32; 2] = [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM];

/// Whether a stop was asked, and by which signal.
#[derive(Clone)]
pub struct Stop {
    signal: Arc<AtomicUsize>,
}

impl Stop {
    /// Installs the handlers. If that fails (it should not), the signals keep their
    /// default action: the run ends at once, as it did before.
    pub fn install() -> Stop {
        let stop = Stop {
            signal: Arc::new(AtomicUsize::new(0)),
        };
        let seen = Arc::new(AtomicBool::new(false));
        for sig in SIGNALS {
            // Registered first, so it runs first: it exits only if a signal came before.
            let _ = signal_hook::flag::register_conditional_shutdown(sig, 128 + sig, seen.clone());
            let _ = signal_hook::flag::register(sig, seen.clone());
            let _ = signal_hook::flag::register_usize(sig, stop.signal.clone(), sig as usize);
        }
        stop
    }

    /// The signal that asked to stop, if one did.
    pub fn signal(&self) -> Option<i32> {
        match self.signal.load(Ordering::Relaxed) {
            0 => None,
            s => Some(s as i32),
        }
    }

    pub fn requested(&self) -> bool {
        self.signal().is_some()
    }
}

/// The signal's name, for the summary and the report.
pub fn name(signal: i32) -> &'static str {
    match signal {
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGTERM => "SIGTERM",
        _ => "a signal",
    }
}
