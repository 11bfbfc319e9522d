//! The work on one input: read it, skip it if the manifest says it is up to date, build it
//! in every format asked for, then verify or merely check its outputs, or leave them to a
//! writer thread ([`Job::write`]).

use super::discover::Input;
use super::manifest::{self, Entry, Known};
use super::progress::Step;
use super::read::{self, Kind};
use super::report::{FileReport, Status, Written};
use super::shard::portable;
use super::shown;
use super::write;
use communique::channel::html::Listing;
use communique::{BuildOptions, Diagnostic, Engine, Rendition};
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Build and write the outputs.
    Build,
    /// Build in memory and compare with the outputs on disk.
    Verify,
    /// Build in memory only.
    Check,
}

/// Everything the jobs of one run share.
pub struct Job<'a> {
    pub engine: &'a Engine,
    pub opts: BuildOptions,
    pub action: Action,
    /// `-o DIR`: where outputs are mirrored and the manifest lives.
    pub out: Option<&'a Path>,
    pub run_key: manifest::RunKey,
    /// What the manifests say, unless `--force` (or there is no output folder).
    pub known: Option<&'a Known>,
    /// `--deny-warnings`: an input with warnings fails and nothing of it is written.
    pub deny_warnings: bool,
    /// The most bytes one output may have (`--max-output-mib`).
    pub max_output: u64,
    /// `-o -`: the one PDF goes to standard output, not to a file.
    pub stdout: bool,
}

/// How reports name standard output as the place a PDF went.
pub const STDOUT: &str = "<stdout>";

/// One input done: its report, and for the manifest its outputs (under the output folder).
pub struct Done {
    pub report: FileReport,
    pub entries: Option<(String, Vec<(String, Entry)>)>,
    /// The input's web pages as the index and feed list them (links relative to the output
    /// folder), when html is among the formats: built or up to date.
    pub listings: Vec<Listing>,
}

impl AsRef<FileReport> for Done {
    fn as_ref(&self) -> &FileReport {
        &self.report
    }
}

/// An input built, its outputs still to be written (by [`Job::write`]).
pub struct Unwritten {
    done: Done,
    /// The outputs' bytes, in the order of `done.report.outputs`, whose paths are their
    /// targets.
    files: Vec<Vec<u8>>,
    /// Time spent on the input so far.
    spent: Duration,
}

/// Why an input's outputs were not written.
enum WriteError {
    /// One output has this many bytes, past `--max-output-mib`.
    TooBig(u64),
    /// The output of this index could not be written, for this reason.
    Io((usize, std::io::Error)),
}

/// What building one input gave: its status, its outputs (each with whether the file on
/// disk has its bytes, and the bytes if they are yet to be written) and their manifest
/// entries.
struct Outcome {
    status: Status,
    outputs: Vec<(Written, bool)>,
    unwritten: Vec<Vec<u8>>,
    entries: Vec<(String, Entry)>,
    listings: Vec<Listing>,
}

impl Job<'_> {
    /// Everything on `input` but writing its outputs, which is left to [`Job::write`].
    pub fn run(&self, input: &Input) -> Step<Done, Unwritten> {
        let start = Instant::now();
        // A bug in the library must cost one release, not the batch.
        let result = caught(|| self.outcome(input))
            .unwrap_or_else(|(what, place)| Err(vec![crashed(input, &what, place)]));
        let (status, outputs, unwritten, entries, diagnostics, listings) = match result {
            Ok(o) => {
                let diags = differences(&o.outputs, o.status);
                (
                    o.status,
                    o.outputs,
                    o.unwritten,
                    o.entries,
                    diags,
                    o.listings,
                )
            }
            Err(d) => (
                Status::Failed,
                Vec::new(),
                Vec::new(),
                Vec::new(),
                d,
                Vec::new(),
            ),
        };
        let entries = (!entries.is_empty()).then(|| (portable(&input.rel), entries));
        let done = Done {
            report: FileReport {
                input: input.path.clone(),
                status,
                milliseconds: start.elapsed().as_millis() as u64,
                outputs: outputs.into_iter().map(|(w, _)| w).collect(),
                diagnostics,
            },
            entries,
            listings,
        };
        if unwritten.is_empty() {
            return Step::Done(done);
        }
        Step::Then(Unwritten {
            done,
            files: unwritten,
            spent: start.elapsed(),
        })
    }

    /// Writes the outputs of an input built by [`Job::run`]: [`Job::write_all`] of one.
    pub fn write(&self, u: Unwritten) -> Done {
        self.write_all(vec![u])
            .pop()
            .expect("one input in, one out")
    }

    /// Writes the outputs of inputs built by [`Job::run`], each atomically, all committed
    /// together ([`write::commit`]); the inputs done, in order. If one of an input's outputs
    /// cannot be written the input has failed: none of its outputs is reported or recorded.
    pub fn write_all(&self, batch: Vec<Unwritten>) -> Vec<Done> {
        let start = Instant::now();
        let mut staged = Vec::new();
        let mut done: Vec<(Done, Duration, Option<WriteError>)> = batch
            .into_iter()
            .map(|u| {
                let failed = self.stage(&u.done.report, &u.files, &mut staged);
                (u.done, u.spent, failed)
            })
            .collect();
        let mut committed = write::commit(staged).into_iter();
        for (done, spent, failed) in &mut done {
            let failed = match failed.take() {
                Some(f) => Some(f),
                // Staged (or written to standard output, which stages nothing): its commit's
                // result is next.
                None => committed.next().and_then(|r| r.err()).map(WriteError::Io),
            };
            if let Some(f) = failed {
                self.failed(done, f);
            }
            done.report.milliseconds = (*spent + start.elapsed()).as_millis() as u64;
        }
        done.into_iter().map(|(d, _, _)| d).collect()
    }

    /// Checks an input's outputs and stages them for the commit (into `staged`), or with
    /// `-o -` writes its one output to standard output; why it failed, if it did.
    fn stage(
        &self,
        report: &FileReport,
        files: &[Vec<u8>],
        staged: &mut Vec<write::Staged>,
    ) -> Option<WriteError> {
        // Checked before anything is written: an input's outputs are written all or none.
        if let Some(file) = files.iter().find(|p| p.len() as u64 > self.max_output) {
            return Some(WriteError::TooBig(file.len() as u64));
        }
        if self.stdout {
            return files
                .iter()
                .enumerate()
                .find_map(|(i, bytes)| write_stdout(bytes).err().map(|e| (i, e)))
                .map(WriteError::Io);
        }
        let batch: Vec<(&Path, &[u8])> = report
            .outputs
            .iter()
            .zip(files)
            .map(|(w, b)| (w.path.as_path(), b.as_slice()))
            .collect();
        match write::stage(&batch) {
            Ok(s) => {
                staged.push(s);
                None
            }
            Err(e) => Some(WriteError::Io(e)),
        }
    }

    /// Marks an input failed because its outputs could not be written: none is reported
    /// or recorded.
    fn failed(&self, done: &mut Done, why: WriteError) {
        let report = &mut done.report;
        let error = match why {
            WriteError::TooBig(len) => write::too_big(&report.input, len, self.max_output),
            WriteError::Io((i, e)) => {
                let w = &report.outputs[i];
                Diagnostic::error(
                    w.path.display().to_string(),
                    format!(
                        "cannot write {} for {}: {e}",
                        w.format.name().to_uppercase(),
                        shown::path(&report.input)
                    ),
                )
                .with_hint(if self.stdout {
                    "standard output could not take it (a pipe whose reader ended, a full disk)"
                } else {
                    "check that the output folder is writable"
                })
            }
        };
        report.status = Status::Failed;
        report.outputs.clear();
        report.diagnostics = vec![error];
        done.entries = None;
    }

    fn outcome(&self, input: &Input) -> Result<Outcome, Vec<Diagnostic>> {
        test_panic(input);
        if let Some(why) = &input.unsearchable {
            return Err(vec![Diagnostic::error(
                input.path.display().to_string(),
                format!("cannot search this folder: {why}"),
            )
            .with_hint(
                "its releases were left out; those in the other folders were built",
            )]);
        }
        let source = if input.stdin {
            read::stdin(Kind::Release).map_err(|r| vec![r.diagnostic(&input.path)])?
        } else {
            read(&input.path)?
        };
        let (photos, brands) = super::files::key_parts(&input.path, &source);
        let key = manifest::input_key(&self.run_key, &source, &brands, &photos);
        if let (Some(known), Some(out), Action::Build) = (self.known, self.out, self.action) {
            let fresh = manifest::up_to_date(known, out, input, &key)
                .and_then(|e| Some((listed(input, &e)?, e)));
            if let Some((listings, entries)) = fresh {
                let outputs: Vec<_> = entries
                    .iter()
                    .map(|(o, e)| (skipped(input, out, o, e), true))
                    .collect();
                self.denied(input, &outputs)?;
                return Ok(Outcome {
                    status: Status::Skipped,
                    outputs,
                    unwritten: Vec::new(),
                    entries,
                    listings,
                });
            }
        }
        let path = input.path.display().to_string();
        let built = self
            .engine
            .render_as(&path, &input.stem(), &source, &self.opts)?;
        let listings = built
            .iter()
            .filter_map(|r| r.listing.clone())
            .map(|l| in_folder(input, l))
            .collect();
        let mut outputs = Vec::new();
        let mut unwritten = Vec::new();
        let mut entries = Vec::new();
        for mut out in built {
            let name = output_name(input, &out);
            let listing = out.listing.take();
            let target = if self.stdout {
                PathBuf::from(STDOUT)
            } else {
                input.out_dir(self.out).join(&name)
            };
            let same = self.compare(&target, &out);
            let w = Written {
                path: if self.action == Action::Check {
                    input.path.clone()
                } else {
                    target
                },
                format: out.format,
                sha256: manifest::sha256_hex(&out.bytes),
                pages: out.pages,
                bytes: out.bytes.len(),
                warnings: out.warnings,
                written: self.action == Action::Build,
            };
            if self.action == Action::Build {
                let rel = input.rel.parent().unwrap_or(Path::new("")).join(&name);
                entries.push((portable(&rel), entry(input, &key, &w, listing)));
            }
            outputs.push((w, same));
            if self.action == Action::Build {
                unwritten.push(out.bytes);
            }
        }
        self.denied(input, &outputs)?;
        let status = match self.action {
            Action::Build => Status::Built,
            Action::Check => Status::Checked,
            Action::Verify if outputs.iter().all(|(_, same)| *same) => Status::Verified,
            Action::Verify => Status::Differs,
        };
        Ok(Outcome {
            status,
            outputs,
            unwritten,
            entries,
            listings,
        })
    }

    /// With `--deny-warnings`, the outputs' warnings as errors, and one error saying why
    /// the input failed; the caller then drops its outputs unwritten.
    fn denied(&self, input: &Input, outputs: &[(Written, bool)]) -> Result<(), Vec<Diagnostic>> {
        let warnings: Vec<&Diagnostic> = outputs.iter().flat_map(|(w, _)| &w.warnings).collect();
        if !self.deny_warnings || warnings.is_empty() {
            return Ok(());
        }
        let what = match self.action {
            Action::Build => "nothing written for this release",
            Action::Check | Action::Verify => "the release fails",
        };
        let mut errors = vec![Diagnostic::error(
            input.path.display().to_string(),
            format!(
                "{} warning(s) denied by --deny-warnings: {what}",
                warnings.len()
            ),
        )
        .with_hint("fix what the warnings below say, or build without --deny-warnings")];
        errors.extend(warnings.into_iter().map(|w| Diagnostic {
            severity: communique::Severity::Error,
            ..w.clone()
        }));
        Err(errors)
    }

    /// For `--verify`, whether the file on disk has the output's bytes (true otherwise:
    /// what is built will be written, or only checked).
    fn compare(&self, target: &Path, out: &Rendition) -> bool {
        self.action != Action::Verify
            || read::bounded(target, Kind::Output).is_ok_and(|disk| disk == out.bytes)
    }
}

/// The listings on the index and feed of an input found up to date, from its web pages'
/// entries (it is not made again); `None` when a web page's entry has none (a manifest
/// edited by hand), and the input is built again.
fn listed(input: &Input, entries: &[(String, Entry)]) -> Option<Vec<Listing>> {
    entries
        .iter()
        .filter(|(o, _)| manifest::format_of(o) == communique::channel::Format::Html)
        .map(|(_, e)| e.listing.clone().map(|l| in_folder(input, l)))
        .collect()
}

/// A listing with its links relative to the output folder: the release's pages are written
/// in the folder that mirrors its own.
fn in_folder(input: &Input, mut l: Listing) -> Listing {
    let dir = input.rel.parent().map(portable).unwrap_or_default();
    if !dir.is_empty() {
        let prefix: Vec<String> = dir
            .split('/')
            .map(communique::channel::html::href)
            .collect();
        let prefix = prefix.join("/");
        l.href = format!("{prefix}/{}", l.href);
        l.pdf_href = format!("{prefix}/{}", l.pdf_href);
    }
    l
}

/// `--verify`: one located error per output that differs from a fresh build.
fn differences(outputs: &[(Written, bool)], status: Status) -> Vec<Diagnostic> {
    if status != Status::Differs {
        return Vec::new();
    }
    outputs
        .iter()
        .filter(|(_, same)| !same)
        .map(|(w, _)| {
            let what = match read::bounded(&w.path, Kind::Output) {
                Ok(disk) => format!(
                    "differs from a fresh build (on disk: {} bytes, SHA-256 {}; built: {} bytes, SHA-256 {})",
                    disk.len(),
                    manifest::sha256_hex(&disk),
                    w.bytes,
                    w.sha256
                ),
                Err(e) => format!("cannot be compared with a fresh build: {e}"),
            };
            Diagnostic::error(w.path.display().to_string(), what)
                .with_hint("rebuild it with `communique build --force`, or find out who changed it")
        })
        .collect()
}

thread_local! {
    /// Set while this thread builds a release under [`caught`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// Where the last panic caught on this thread happened (`file:line:column`).
    static PLACE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs the process's panic hook: a panic inside [`caught`] prints nothing (its release's
/// error says what and where, once, in the run's own format, without a backtrace); any other
/// panic is printed by Rust's hook as before.
pub fn quiet_caught_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if CATCHING.with(Cell::get) {
            PLACE.with(|p| *p.borrow_mut() = info.location().map(|l| l.to_string()));
        } else {
            default(info);
        }
    }));
}

/// Runs `f`, turning a panic into its message and place.
fn caught<T>(f: impl FnOnce() -> T) -> Result<T, (String, Option<String>)> {
    let was = CATCHING.with(|c| c.replace(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(was));
    result.map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".into());
        (what, PLACE.with(|p| p.borrow_mut().take()))
    })
}

/// Panics on the release whose file name `COMMUNIQUE_TEST_PANIC` gives: a test seam. The
/// panic net above is for bugs not known yet; every damaged font that used to reach it is
/// now refused at start-up, so no known input panics, and the tests that prove the net
/// holds (the batch, report and manifest complete) need a release that does.
///
/// Only in the binary the tests build (feature `test-seams`, which the package's
/// dev-dependency on itself turns on): a `cargo build` binary has no such variable. That
/// adds no compilation to `cargo test --release`: its dev-dependencies already give shared
/// dependencies other features, so the tests' variant of the crate is built apart from
/// `cargo build`'s either way. The variable is read once per process, not per release.
#[cfg(feature = "test-seams")]
fn test_panic(input: &Input) {
    static NAME: std::sync::OnceLock<Option<std::ffi::OsString>> = std::sync::OnceLock::new();
    let name = NAME.get_or_init(|| std::env::var_os("COMMUNIQUE_TEST_PANIC"));
    if name.is_some() && input.path.file_name() == name.as_deref() {
        panic!("COMMUNIQUE_TEST_PANIC names this release");
    }
}

#[cfg(not(feature = "test-seams"))]
fn test_panic(_: &Input) {}

/// The error for a release that made communique panic: a bug, that should have been a
/// diagnostic. The other releases go on.
fn crashed(input: &Input, what: &str, place: Option<String>) -> Diagnostic {
    let place = place.map(|p| format!(" at {p}")).unwrap_or_default();
    Diagnostic::error(
        input.path.display().to_string(),
        format!("internal error while building this release: {what}{place}"),
    )
    .with_hint(
        "this is a bug in communique, not in the release: please report it to the communique \
         maintainers with this message and the release attached; the other releases were built",
    )
}

/// `-o -`: the output on standard output, flushed, so that a failure is this release's.
fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()
}

/// `<stem>.<ext>` for a multilingual output, `<stem>.<lang>.<ext>` for a one-language one.
fn output_name(input: &Input, out: &Rendition) -> String {
    let (stem, ext) = (input.stem(), out.format.name());
    match out.lang {
        Some(l) => format!("{stem}.{}.{ext}", l.code()),
        None => format!("{stem}.{ext}"),
    }
}

fn skipped(input: &Input, out: &Path, output: &str, e: &Entry) -> Written {
    // Warnings are located in the release: named as this run names it.
    let warnings = e
        .warnings
        .iter()
        .map(|w| Diagnostic {
            path: input.path.display().to_string(),
            ..w.clone()
        })
        .collect();
    Written {
        path: out.join(output),
        format: manifest::format_of(output),
        sha256: e.sha256.clone(),
        pages: e.pages,
        bytes: e.bytes as usize,
        warnings,
        written: false,
    }
}

fn entry(input: &Input, key: &str, w: &Written, listing: Option<Listing>) -> Entry {
    Entry {
        bytes: w.bytes as u64,
        input: portable(&input.rel),
        key: key.to_string(),
        listing,
        pages: w.pages,
        sha256: w.sha256.clone(),
        warnings: w.warnings.clone(),
    }
}

fn read(input: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    read::bounded(input, Kind::Release).map_err(|r| {
        let d = r.diagnostic(input);
        vec![match d.hint {
            Some(_) => d,
            None => d.with_hint("check the path; releases are TOML files"),
        }]
    })
}
