//! Running the jobs on a thread pool while showing progress.
//!
//! On a terminal, a live bar with counts, rate and ETA on stderr, and problems printed
//! above it; otherwise (CI logs, pipes) one plain line per output on stdout. Either way
//! results are printed in input order as soon as every earlier input is done, so logs are
//! the same from run to run whatever the number of threads.
//!
//! A job may leave the end of its work (writing and syncing files) to a writer thread, so
//! that `--jobs N` threads keep their cores busy building while the disk catches up.

use super::args::Format;
use super::report::{self, FileReport};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};

/// The stack of every thread that builds releases: 16 MiB, twice the 8 MiB a Linux main
/// thread usually gets and eight times Rust's default for spawned threads (2 MiB). Building
/// recurses (markup, SVG and template nesting); the library's depth limits stop that with
/// a located error long before 8 MiB, so a release can never overflow this stack, whose
/// guard page would abort the whole process rather than fail one release. The size is
/// reserved address space, not memory: only the pages a build touches are used, and the
/// thread count is capped (`MAX_THREADS`), so even the most threads reserve 4 GiB.
pub const STACK: usize = 16 << 20;

/// At most this many building threads, whatever `--jobs` says: more only costs memory and
/// start-up (thousands of threads were once started for three inputs, and `--jobs 10000`
/// aborted); no machine that builds press releases has 256 cores to keep busy.
pub const MAX_THREADS: usize = 256;

/// How many threads write what the builders made: each takes every release waiting (up to
/// [`BATCH`]) and commits them together (`write::commit`), so the slower the disk, the more
/// releases share one commit's syncs. Two, so that one writes its temporary files while the
/// other waits for the disk; the syncs themselves run at once on threads of their own.
/// Session 9's eight writers, each committing one release, synced every folder once per
/// release (bench/README.md, "Issue 14: writing").
pub const WRITERS: usize = 2;

/// The most releases one commit takes: their bytes wait in memory until then (a release
/// in every format is a few hundred KB), and each of their files holds a descriptor until
/// its rename. A trilingual release split in every format has twelve files: two writers
/// then hold at most 384 descriptors, well under the common soft limit of 1,024.
pub const BATCH: usize = 16;

/// What a job gives for one item: its result, or the rest of the work, for a writer thread.
pub enum Step<R, P> {
    Done(R),
    Then(P),
}

/// How results are shown while the batch runs.
pub struct Display {
    pub format: Format,
    pub quiet: bool,
}

impl Display {
    fn bar(&self, len: usize) -> Option<ProgressBar> {
        // One release needs no bar: its `wrote …` line says where the PDF went.
        let wanted = len > 1
            && !self.quiet
            && self.format != Format::Json
            && std::io::stderr().is_terminal();
        wanted.then(|| {
            let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} · {rate} · ETA {eta}",
                )
                .expect("valid template")
                .with_key(
                    "rate",
                    |s: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.1}/s", s.per_sec());
                    },
                ),
            );
            bar
        })
    }

    /// Per-output lines, unless a bar already shows progress on the same terminal.
    fn lines(&self, bar: &Option<ProgressBar>) -> bool {
        !self.quiet
            && self.format != Format::Json
            && !(bar.is_some() && std::io::stdout().is_terminal())
    }
}

/// Runs `job` on every item with `threads` threads (a single item on this thread), and
/// `then` on what jobs leave for writer threads (several at once, one result each, in
/// order); returns the results in item order. `each`
/// sees every result as soon as it arrives (on this thread). Once `stop` says so, no new
/// item is started; those started finish, and the results are then those of a prefix of
/// the items (items are started in order).
pub fn run<T, R, P, F, G>(
    items: &[T],
    threads: usize,
    display: &Display,
    stop: &(dyn Fn() -> bool + Sync),
    job: F,
    then: G,
    mut each: impl FnMut(&R),
) -> Vec<R>
where
    T: Sync,
    R: Send + AsRef<FileReport>,
    P: Send,
    F: Fn(&T) -> Step<R, P> + Sync,
    G: Fn(Vec<P>) -> Vec<R> + Sync,
{
    let bar = display.bar(items.len());
    let lines = display.lines(&bar);
    let mut printer = Printer {
        next: 0,
        pending: BTreeMap::new(),
        done: Vec::with_capacity(items.len()),
    };
    let mut finish = |i: usize, result: R| {
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        each(&result);
        printer.add(i, result, |r| show(r.as_ref(), display.format, lines, &bar));
    };
    if let [item] = items {
        // One input: starting threads would cost more than they could share.
        if !stop() {
            finish(0, whole(job(item), &then));
        }
    } else {
        pool_run(items, threads, stop, &job, &then, finish);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    printer.done
}

/// Runs `job` on every item on a pool of `threads` threads (0: one per core), and `then` on
/// [`WRITERS`] writer threads, giving each result with its index to `finish` on this thread
/// as soon as it arrives.
///
/// Writer threads mostly wait for the disk (`fsync`); a building thread that did that
/// itself would leave its core idle meanwhile. Work waiting for a writer is bounded
/// ([`BATCH`] items), so memory stays flat when the disk is slower than the builders.
fn pool_run<T, R, P, F, G>(
    items: &[T],
    threads: usize,
    stop: &(dyn Fn() -> bool + Sync),
    job: &F,
    then: &G,
    mut finish: impl FnMut(usize, R),
) where
    T: Sync,
    R: Send,
    P: Send,
    F: Fn(&T) -> Step<R, P> + Sync,
    G: Fn(Vec<P>) -> Vec<R> + Sync,
{
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .stack_size(STACK)
        .thread_name(|i| format!("build-{i}"))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            // No threads to be had (a tight `ulimit -u` or `-v`): build one by one here.
            eprintln!(
                "warning: cannot start {threads} threads ({e}); building one release at a time"
            );
            for (i, item) in items.iter().enumerate() {
                if stop() {
                    break;
                }
                finish(i, whole(job(item), then));
            }
            return;
        }
    };
    let writers = WRITERS.min(items.len());
    // Each thread takes the next input in order, rather than rayon splitting the list in
    // halves: results then arrive in about input order, so lines flow as they are printed
    // in order, and a killed run has finished a prefix of the inputs, not bits of each half.
    let next = AtomicUsize::new(0);
    let (to_writers, queue) = mpsc::sync_channel::<(usize, P)>(BATCH);
    let queue = Mutex::new(queue);
    std::thread::scope(|s| {
        let (tx, rx) = mpsc::channel();
        let mut started = 0;
        for _ in 0..writers {
            let (tx, queue) = (tx.clone(), &queue);
            let writer = std::thread::Builder::new()
                .name("write".into())
                .spawn_scoped(s, move || loop {
                    // The lock is held while waiting, and released before the work.
                    let Some(batch) = waiting(&queue.lock().unwrap_or_else(|e| e.into_inner()))
                    else {
                        break;
                    };
                    let (order, rest): (Vec<usize>, Vec<P>) = batch.into_iter().unzip();
                    let results = then(rest);
                    if order.into_iter().zip(results).any(|r| tx.send(r).is_err()) {
                        break;
                    }
                });
            // Fewer threads to be had (a tight `ulimit -u`): those started do the writing.
            if writer.is_err() {
                break;
            }
            started += 1;
        }
        let next = &next;
        s.spawn(move || {
            pool.broadcast(|_| loop {
                if stop() {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                let sent = match job(item) {
                    Step::Done(r) => tx.send((i, r)).is_ok(),
                    Step::Then(rest) if started > 0 => to_writers.send((i, rest)).is_ok(),
                    // No writer thread: the builder writes.
                    Step::Then(rest) => tx.send((i, whole(Step::Then(rest), then))).is_ok(),
                };
                if !sent {
                    break;
                }
            });
        });
        for (i, result) in rx {
            finish(i, result);
        }
    });
}

/// An item's result, written here if a writer's work is left.
fn whole<R, P>(step: Step<R, P>, then: &impl Fn(Vec<P>) -> Vec<R>) -> R {
    match step {
        Step::Done(r) => r,
        Step::Then(p) => then(vec![p]).pop().expect("one result per item"),
    }
}

/// The next items for a writer: the first to come (`None` once the builders are done),
/// and every other already waiting, up to [`BATCH`].
fn waiting<P>(queue: &mpsc::Receiver<P>) -> Option<Vec<P>> {
    let first = queue.recv().ok()?;
    let mut batch = vec![first];
    batch.extend(std::iter::from_fn(|| queue.try_recv().ok()).take(BATCH - 1));
    Some(batch)
}

/// Holds results that finish early until every earlier one is printed.
struct Printer<R> {
    next: usize,
    pending: BTreeMap<usize, R>,
    done: Vec<R>,
}

impl<R> Printer<R> {
    fn add(&mut self, i: usize, result: R, show: impl Fn(&R)) {
        self.pending.insert(i, result);
        while let Some(r) = self.pending.remove(&self.next) {
            show(&r);
            self.done.push(r);
            self.next += 1;
        }
    }
}

fn show(r: &FileReport, format: Format, lines: bool, bar: &Option<ProgressBar>) {
    if format == Format::Json {
        return;
    }
    let print = || {
        if lines {
            for l in report::line(r) {
                println!("{l}");
            }
        }
        for p in report::problems(r, format) {
            eprintln!("{p}");
        }
    };
    match bar {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;

    /// A writer takes the first item to come and every one already waiting, up to a
    /// batch; none once the builders are gone.
    #[test]
    fn a_writer_takes_what_is_waiting_up_to_a_batch() {
        let (tx, rx) = mpsc::sync_channel(2 * BATCH);
        for i in 0..BATCH + 3 {
            tx.send(i).unwrap();
        }
        assert_eq!(waiting(&rx), Some((0..BATCH).collect()));
        assert_eq!(waiting(&rx), Some(vec![BATCH, BATCH + 1, BATCH + 2]));
        tx.send(7).unwrap();
        drop(tx);
        assert_eq!(waiting(&rx), Some(vec![7]));
        assert_eq!(waiting(&rx), None);
    }

    #[test]
    fn results_are_shown_in_input_order_as_soon_as_possible() {
        let shown = RefCell::new(Vec::new());
        let mut p = Printer {
            next: 0,
            pending: BTreeMap::new(),
            done: Vec::new(),
        };
        let show = |r: &char| shown.borrow_mut().push(*r);
        p.add(1, 'b', show);
        assert!(shown.borrow().is_empty(), "shown before the first");
        p.add(0, 'a', show);
        p.add(3, 'd', show);
        assert_eq!(*shown.borrow(), ['a', 'b']);
        p.add(2, 'c', show);
        assert_eq!(*shown.borrow(), ['a', 'b', 'c', 'd']);
        assert_eq!(p.done, ['a', 'b', 'c', 'd']);
    }
}
