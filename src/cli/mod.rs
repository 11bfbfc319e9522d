//! Command-line interface: parse arguments, find the inputs, load assets once, run the batch
//! in parallel, report.
//!
//! One concern per file: [`args`] (the options), [`discover`] (files and folders → inputs),
//! [`shard`] (`--shard K/N`), [`assets`] (fonts, templates, brand), [`job`] (one input:
//! skip, build, write or verify), [`write`] (atomic writes), [`manifest`] (incremental
//! builds), [`progress`] (thread pool, bar or lines), [`report`] (text and JSON), [`init`].
//!
//! Exit codes: 0 every input succeeded, 1 some input failed (or differs, with `--verify`),
//! 2 usage error or unusable assets (brand, templates, fonts).

mod args;
mod assets;
mod discover;
mod init;
mod job;
mod manifest;
mod progress;
mod report;
mod shard;
mod write;

use args::{Build, Cli, Command, Common, ManifestCommand};
use clap::Parser;
use communique::{BuildOptions, Engine};
use discover::Input;
use job::{Action, Done, Job};
use report::{FileReport, Totals};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

const USAGE: i32 = 2;

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { USAGE } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Build(b) => build(&b),
        // A check runs the whole pipeline, so template, markup and layout problems (an
        // overfull line) show up too; only the writing is left out.
        Command::Check(c) => batch(&c, Action::Check, None, BuildOptions::default(), false),
        Command::Init(i) => match init::init(&i.name, today()) {
            Ok(file) => {
                println!("wrote {}", file.display());
                0
            }
            Err(e) => usage(&e),
        },
        Command::Manifest(ManifestCommand::Merge { dir }) => merge(&dir),
    }
}

fn usage(message: &str) -> i32 {
    eprintln!("error: {message}");
    USAGE
}

fn build(b: &Build) -> i32 {
    let opts = BuildOptions {
        layout: b.layout.into(),
        split: b.split,
        date_override: source_date_epoch(),
    };
    let action = if b.verify {
        Action::Verify
    } else {
        Action::Build
    };
    batch(&b.common, action, b.output.as_deref(), opts, b.force)
}

/// Finds the inputs, loads the assets, runs the jobs, writes manifest and report.
fn batch(
    common: &Common,
    action: Action,
    out: Option<&Path>,
    opts: BuildOptions,
    force: bool,
) -> i32 {
    let started = Instant::now();
    let format = common.format();
    let inputs = match discover::inputs(&common.inputs) {
        Ok(i) => i,
        Err(e) => return usage(&e),
    };
    let inputs: Vec<Input> = match common.shard {
        Some(s) => inputs.into_iter().filter(|i| s.contains(&i.rel)).collect(),
        None => inputs,
    };
    if action != Action::Check {
        if let Some(clash) = clashing_outputs(&inputs, out) {
            eprintln!("error: {clash}\n  hint: build them into different directories");
            return USAGE;
        }
    }
    let (engine, run_key) = match assets::load(common).and_then(|a| {
        let key = manifest::run_key(&a, &opts);
        Engine::new(a).map(|e| (e, key))
    }) {
        Ok(x) => x,
        Err(diags) => {
            report::print_fatal(&diags, format);
            return USAGE;
        }
    };
    let known = match (out, action, force) {
        (Some(dir), Action::Build, false) => match manifest::load_all(dir) {
            Ok(k) => Some(k),
            Err(e) => return usage(&format!("{e}\n  hint: remove it, or rebuild with --force")),
        },
        _ => None,
    };
    if action == Action::Build {
        write::remove_stale(&stems_by_dir(&inputs, out));
    }
    let job = Job {
        engine: &engine,
        opts,
        action,
        out,
        run_key,
        known: known.as_ref(),
    };
    let display = progress::Display {
        format,
        quiet: common.quiet,
    };
    let threads = common.jobs.map_or(0, usize::from);
    let mut checkpoint = Checkpoint::new(out.filter(|_| action == Action::Build), common);
    let done = progress::run(
        &inputs,
        threads,
        &display,
        |input| job.run(input),
        |d| checkpoint.add(d),
    );
    let mut code = finish(common, &done, started);
    if let Err(e) = checkpoint.save() {
        eprintln!("error: {e}");
        code = code.max(1);
    }
    code
}

/// The manifest entries of the inputs done so far, saved every [`Checkpoint::EVERY`] inputs
/// and at the end: a run that is killed keeps most of its work (an entry is recorded only
/// once its PDF is in place).
struct Checkpoint {
    file: Option<PathBuf>,
    entries: BTreeMap<String, Vec<(String, manifest::Entry)>>,
    unsaved: usize,
}

impl Checkpoint {
    /// Often enough that a kill loses little, rarely enough that rewriting the manifest
    /// (a few hundred bytes per output) costs nothing next to building the PDFs.
    const EVERY: usize = 50;

    fn new(out: Option<&Path>, common: &Common) -> Checkpoint {
        Checkpoint {
            file: out.map(|dir| dir.join(manifest::file_name(common.shard))),
            entries: BTreeMap::new(),
            unsaved: 0,
        }
    }

    fn add(&mut self, d: &Done) {
        if let Some((input, entries)) = &d.entries {
            self.entries.insert(input.clone(), entries.clone());
            self.unsaved += 1;
        }
        if self.unsaved >= Self::EVERY {
            // A failed save is reported by the final one.
            let _ = self.save();
        }
    }

    fn save(&mut self) -> Result<(), String> {
        match &self.file {
            Some(file) if self.unsaved > 0 || !file.exists() => {
                manifest::update(file, &self.entries)?;
                self.unsaved = 0;
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

/// Prints the summary or JSON report, writes `--report`; returns the exit code.
fn finish(common: &Common, done: &[Done], started: Instant) -> i32 {
    let reports: Vec<&FileReport> = done.iter().map(|d| &d.report).collect();
    let ms = started.elapsed().as_millis() as u64;
    let json = report::json(&reports, ms);
    let totals = Totals::of(&reports);
    if common.format() == args::Format::Json {
        print!("{json}");
    } else if !totals.ok() || !common.quiet {
        eprintln!("{} in {:.1} s", totals.summary(), ms as f64 / 1000.0);
    }
    if let Some(file) = &common.report {
        if let Err(e) = write::write_atomic(file, json.as_bytes()) {
            eprintln!("error: cannot write report {}: {e}", file.display());
            return 1;
        }
    }
    i32::from(!totals.ok())
}

fn merge(dir: &Path) -> i32 {
    match manifest::merge(dir) {
        Ok(m) => {
            println!(
                "merged {} manifest file(s): {} outputs in {}",
                m.files,
                m.outputs,
                dir.join("communique.manifest.json").display()
            );
            for d in &m.dropped {
                eprintln!("warning: {d}: the manifests disagree and none matches the file; it will be rebuilt");
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Two inputs that would write the same PDF (same stem, same output directory): the second
/// would silently replace the first.
fn clashing_outputs(inputs: &[Input], out: Option<&Path>) -> Option<String> {
    let mut seen = BTreeMap::new();
    for input in inputs {
        let key = input.out_dir(out).join(input.stem());
        if let Some(first) = seen.insert(key, &input.path) {
            return Some(format!(
                "{} and {} would write the same PDF",
                first.display(),
                input.path.display()
            ));
        }
    }
    None
}

/// Output folder → the stems of the releases whose PDFs go there.
fn stems_by_dir(inputs: &[Input], out: Option<&Path>) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let mut map: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for input in inputs {
        map.entry(input.out_dir(out))
            .or_default()
            .insert(input.stem());
    }
    map
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, if set and valid.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}

/// The date `init` writes: `SOURCE_DATE_EPOCH`'s, or today's (UTC). Only `init` reads the
/// clock; nothing that `build` writes does.
fn today() -> chrono::NaiveDate {
    let secs = source_date_epoch().unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .date_naive()
}
