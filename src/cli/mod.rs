//! Command-line interface: parse arguments, find the inputs, load assets once, run the batch
//! in parallel, report.
//!
//! One concern per file: [`args`] (the options), [`discover`] (files and folders → inputs),
//! [`shard`] (`--shard K/N`), [`assets`] (fonts, templates, brand), [`job`] (one input:
//! skip, build, write or verify), [`write`] (atomic writes), [`manifest`] (incremental
//! builds), [`progress`] (thread pool, bar or lines), [`report`] (text and JSON), [`color`] (whether
//! stderr gets colour), [`project`] (`communique.toml` defaults), [`init`], [`live`] (`watch`: rebuild on every save) and [`serve`] (the
//! browser preview).
//!
//! Exit codes: 0 every input succeeded, 1 some input failed (or differs, with `--verify`),
//! 2 usage error or unusable assets (brand, templates, fonts), 130/143 stopped by SIGINT or
//! SIGTERM ([`signals`]).

mod args;
mod assets;
mod color;
mod discover;
mod files;
mod folder;
mod init;
mod job;
mod live;
mod manifest;
mod progress;
mod project;
mod read;
mod report;
mod schema;
mod serve;
mod shard;
mod shown;
mod signals;
mod write;

use args::{Build, Cli, Command, Common, ManifestCommand};
use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};
use communique::{BuildOptions, Diagnostic, Engine};
use discover::Input;
use job::{Action, Done, Job};
use report::{FileReport, Totals};
use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use progress::STACK;

const USAGE: i32 = 2;

pub fn run() -> i32 {
    job::quiet_caught_panics();
    let parsed = Cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m).map(|cli| (cli, m)));
    let (mut cli, matches) = match parsed {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { USAGE } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    color::init(cli.color);
    if let Some((_, sub)) = matches.subcommand() {
        if let Err(code) = with_project(&mut cli.command, sub) {
            return code;
        }
    }
    match cli.command {
        Command::Build(b) => build(&b),
        // A check runs the whole pipeline, so template, markup and layout problems (an
        // overfull line) show up too; only the writing is left out.
        // It builds with the same layout options as `build` would, so it sees the same pages
        // and warnings.
        Command::Check(c) => {
            let opts = BuildOptions {
                layout: c.layout.into(),
                split: c.split,
                formats: c.formats,
                image_dpi: c.image_dpi,
                web_fonts: c.web_fonts(),
                ..BuildOptions::default()
            };
            let sink = Sink {
                out: None,
                stdout: false,
                force: false,
                max_output_mib: write::DEFAULT_MAX_OUTPUT_MIB,
                base_url: None,
            };
            batch(&c, Action::Check, opts, sink)
        }
        Command::Watch(w) => match live_start(&w, &matches) {
            Ok((settings, reread)) => match live::Live::start(settings, reread) {
                Ok(mut l) => live::watch(&mut l, |_, _| {}),
                Err(code) => code,
            },
            Err(code) => code,
        },
        Command::Serve(s) => match live_start(&s.watch, &matches) {
            Ok((settings, reread)) => serve::serve(&s, settings, reread),
            Err(code) => code,
        },
        Command::Init(i) => match today().and_then(|day| init::init(&i.name, day)) {
            Ok(files) => {
                for file in files {
                    println!("wrote {}", shown::path(&file));
                }
                0
            }
            Err(e) => usage(&e),
        },
        Command::Manifest(ManifestCommand::Merge { dir }) => merge(&dir),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "communique", &mut std::io::stdout());
            0
        }
        Command::Man { subcommand } => man(subcommand.as_deref()),
        Command::Schema { which } => {
            print!("{}", schema::text(which));
            0
        }
    }
}

/// Fills what the command line left unset from the project's `communique.toml`
/// ([`project`]); `given` are the parsed arguments, which tell an option given from its
/// default. Exit code 2 for a project file that cannot be used.
fn with_project(command: &mut Command, given: &ArgMatches) -> Result<(), i32> {
    let targets = match command {
        Command::Build(b) => Targets {
            common: &mut b.common,
            output: Some(&mut b.output),
            standard: Some(&mut b.pdf_standard),
        },
        Command::Check(c) => Targets {
            common: c,
            output: None,
            standard: None,
        },
        // `watch` and `serve` read it themselves, again at every change of it: [`live_start`].
        _ => return Ok(()),
    };
    let format = targets.common.format();
    match apply_project(targets, given) {
        Ok(_) => Ok(()),
        Err(ProjectError::Usage(e)) => Err(usage(&e)),
        Err(ProjectError::Unusable(diags)) => {
            report::print_fatal(&diags, format);
            Err(USAGE)
        }
    }
}

/// The options a project file may set, of one command.
struct Targets<'a> {
    common: &'a mut Common,
    /// `-o`, for the commands that write.
    output: Option<&'a mut Option<PathBuf>>,
    standard: Option<&'a mut communique::pdf::Standard>,
}

impl<'a> Targets<'a> {
    fn watch(w: &'a mut args::Watch) -> Self {
        Targets {
            common: &mut w.common,
            output: Some(&mut w.output),
            standard: Some(&mut w.pdf_standard),
        }
    }
}

/// Why a project file cannot be used.
enum ProjectError {
    /// The inputs belong to different projects (or `SOURCE_DATE_EPOCH` is not a date): a
    /// usage error, not the file's.
    Usage(String),
    /// The file cannot be read, or has errors (located in it).
    Unusable(Vec<Diagnostic>),
}

/// Fills `t` from the project file the inputs belong to (or `--project`'s); gives the file
/// used, if any.
fn apply_project(t: Targets, given: &ArgMatches) -> Result<Option<PathBuf>, ProjectError> {
    let common = t.common;
    let file = match (&common.project, common.no_project) {
        (_, true) => return Ok(None),
        (Some(file), _) => file.clone(),
        (None, _) => match project::find(&common.inputs) {
            Ok(Some(file)) => file,
            Ok(None) => return Ok(None),
            Err(e) => return Err(ProjectError::Usage(e)),
        },
    };
    let loaded = project::load(&file).map_err(ProjectError::Unusable)?;
    let defaults = project::apply(&file, loaded, common);
    let on_command_line = |id: &str| given.value_source(id) == Some(ValueSource::CommandLine);
    if let (Some(layout), false) = (defaults.layout, on_command_line("layout")) {
        common.layout = layout.into();
    }
    if let (Some(formats), false) = (defaults.formats, on_command_line("formats")) {
        common.formats = formats;
    }
    if let (Some(dpi), false) = (defaults.image_dpi, on_command_line("image_dpi")) {
        common.image_dpi = dpi;
    }
    let fonts_given = on_command_line("web_fonts") || on_command_line("no_web_fonts");
    if let (Some(on), false) = (defaults.web_fonts, fonts_given) {
        (common.web_fonts, common.no_web_fonts) = (on, !on);
    }
    if let (Some(output @ None), Some(dir)) = (t.output, defaults.output) {
        *output = Some(dir);
    }
    if let (Some(standard), Some(std), false) = (
        t.standard,
        defaults.pdf_standard,
        on_command_line("pdf_standard"),
    ) {
        *standard = std;
    }
    Ok(Some(file))
}

/// The first settings of `watch` and `serve`, and how to read them again when the project
/// file changes; on failure, prints why and gives the exit code. `matches` are the parsed
/// arguments: the subcommand's tell an option given from its default.
fn live_start(
    w: &args::Watch,
    matches: &ArgMatches,
) -> Result<(live::Settings, live::Reread), i32> {
    let given = matches
        .subcommand()
        .map(|(_, sub)| sub.clone())
        .unwrap_or_default();
    let format = w.common.format();
    let settings = live_settings(w, &given).map_err(|e| match e {
        ProjectError::Usage(e) => usage(&e),
        ProjectError::Unusable(diags) => {
            report::print_fatal(&diags, format);
            USAGE
        }
    })?;
    let pristine = w.clone();
    let reread: live::Reread = Box::new(move || {
        live_settings(&pristine, &given).map_err(|e| match e {
            ProjectError::Usage(e) => vec![Diagnostic::error("<command line>", e)],
            ProjectError::Unusable(diags) => diags,
        })
    });
    Ok((settings, reread))
}

/// The settings of `watch` and `serve`: the command line as given (`pristine`, before any
/// project file filled it) with the project file as it is now.
fn live_settings(
    pristine: &args::Watch,
    given: &ArgMatches,
) -> Result<live::Settings, ProjectError> {
    let mut w = pristine.clone();
    let project = apply_project(Targets::watch(&mut w), given)?;
    let opts = live_options(&w).map_err(ProjectError::Usage)?;
    Ok(live::Settings {
        common: w.common,
        out: w.output,
        opts,
        project,
    })
}

/// Prints communique(1), or communique-SUB(1) for one subcommand.
fn man(subcommand: Option<&str>) -> i32 {
    let mut cmd = Cli::command();
    cmd.build();
    let page = match subcommand {
        None => cmd,
        Some(name) => match cmd.find_subcommand(name) {
            // `build()` gave it the display name communique-build, like git's and cargo's pages.
            Some(sub) => sub.clone(),
            None => return usage(&format!("no subcommand {}", shown::text(name))),
        },
    };
    let mut out = Vec::new();
    match clap_mangen::Man::new(page).render(&mut out) {
        Ok(()) => {
            use std::io::Write;
            let _ = std::io::stdout().write_all(&out);
            0
        }
        Err(e) => usage(&format!("cannot render the manual page: {e}")),
    }
}

/// The build options of `watch` and `serve`, as `build` would take them.
fn live_options(w: &args::Watch) -> Result<BuildOptions, String> {
    Ok(BuildOptions {
        layout: w.common.layout.into(),
        split: w.common.split,
        date_override: source_date_epoch()?,
        pdf_standard: w.pdf_standard,
        formats: w.common.formats,
        image_dpi: w.common.image_dpi,
        web_fonts: w.common.web_fonts(),
        base_url: w.base_url.clone(),
    })
}

fn usage(message: &str) -> i32 {
    eprintln!("error: {message}");
    USAGE
}

fn build(b: &Build) -> i32 {
    let date_override = match source_date_epoch() {
        Ok(d) => d,
        Err(e) => return usage(&e),
    };
    let stdout = b.output.as_deref() == Some(Path::new("-"));
    if let Err(e) = build_usage(b, stdout) {
        return usage(&e);
    }
    let opts = BuildOptions {
        layout: b.common.layout.into(),
        split: b.common.split,
        date_override,
        pdf_standard: b.pdf_standard,
        formats: b.common.formats,
        image_dpi: b.common.image_dpi,
        web_fonts: b.common.web_fonts(),
        base_url: b.base_url.clone(),
    };
    let action = if b.verify {
        Action::Verify
    } else {
        Action::Build
    };
    let out = b.output.as_deref().filter(|_| !stdout);
    let sink = Sink {
        out,
        stdout,
        force: b.force,
        max_output_mib: b.max_output_mib,
        base_url: b.base_url.as_ref(),
    };
    batch(&b.common, action, opts, sink)
}

/// The combinations of `build` options that cannot work, before anything is read.
fn build_usage(b: &Build, stdout: bool) -> Result<(), String> {
    let stdin = b.common.inputs.iter().any(|p| p.as_os_str() == "-");
    if stdin && b.output.is_none() {
        return Err("a release read from standard input (-) has no folder to be written beside\n  \
                    hint: give -o DIR (it writes DIR/stdin.pdf) or -o - (the PDF to standard output)"
            .into());
    }
    if !stdout {
        return Ok(());
    }
    let why = if b.verify {
        Some("--verify compares PDFs on disk and writes none")
    } else if b.common.split {
        Some("--split writes one PDF per language")
    } else if b.common.formats != communique::channel::Formats::PDF {
        Some(
            "--format asks for other files than the PDF (texts and web pages are one per language)",
        )
    } else if b.common.format() == args::Format::Json {
        Some("the JSON report would be mixed into the PDF; use --report FILE")
    } else {
        None
    };
    if let Some(why) = why {
        return Err(format!(
            "-o - writes a single PDF to standard output, but {why}"
        ));
    }
    if std::io::stdout().is_terminal() {
        return Err("-o - would write a PDF's bytes to the terminal\n  \
                    hint: redirect it (communique build release.toml -o - > release.pdf) or pipe it"
            .into());
    }
    Ok(())
}

/// Where `build` puts what it makes.
struct Sink<'a> {
    /// `-o DIR` (not `-o -`).
    out: Option<&'a Path>,
    /// `-o -`.
    stdout: bool,
    force: bool,
    max_output_mib: u64,
    /// `--base-url`, for the feeds' links.
    base_url: Option<&'a communique::channel::html::BaseUrl>,
}

/// Finds the inputs, loads the assets, runs the jobs, writes manifest and report.
fn batch(common: &Common, action: Action, opts: BuildOptions, sink: Sink) -> i32 {
    let Sink {
        out,
        stdout,
        force,
        max_output_mib,
        base_url,
    } = sink;
    let started = Instant::now();
    let stop = signals::Stop::install();
    let inputs = inputs(common, action, out)
        .and_then(|i| match i.len() {
            n if stdout && n != 1 => Err(format!(
                "-o - writes a single PDF to standard output, but the inputs are {n} releases\n  \
             hint: name one release, or write into a folder with -o DIR"
            )),
            _ => Ok(i),
        })
        .and_then(|i| {
            let html = opts.formats.contains(communique::channel::Format::Html);
            match out.filter(|_| html && action == Action::Build) {
                Some(dir) => index_clash(&i, dir).map_or(Ok(i), Err),
                None => Ok(i),
            }
        });
    let inputs = match inputs {
        Ok(i) => i,
        Err(e) if common.format() == args::Format::Json => {
            report::print_fatal(
                &[Diagnostic::error("<command line>", e)],
                args::Format::Json,
            );
            return USAGE;
        }
        Err(e) => return usage(&e),
    };
    let (engine, run_key) = match engine(common, &opts) {
        Ok(x) => x,
        Err(diags) => {
            report::print_fatal(&diags, common.format());
            return USAGE;
        }
    };
    let building = out.filter(|_| action == Action::Build);
    let known = match building.filter(|_| !force).map(manifest::load_all) {
        Some(Err(e)) => return usage(&format!("{e}\n  hint: remove it, or rebuild with --force")),
        Some(Ok(k)) => Some(k),
        None => None,
    };
    if action == Action::Build && !stdout {
        write::remove_stale(&stems_by_dir(&inputs, out));
    }
    let job = Job {
        engine: &engine,
        opts: opts.clone(),
        action,
        out,
        run_key,
        known: known.as_ref(),
        deny_warnings: common.deny_warnings,
        max_output: max_output_mib << 20,
        stdout,
    };
    let display = progress::Display {
        format: common.format(),
        // Standard output carries the PDF: no `wrote` lines there.
        quiet: common.quiet || stdout,
    };
    let threads = threads(common.jobs, inputs.len());
    let manifest_file = building.map(|dir| dir.join(manifest::file_name(common.shard)));
    let mut checkpoint = manifest::Checkpoint::new(manifest_file);
    let run = |input: &Input| job.run(input);
    let write = |batch| job.write_all(batch);
    let stopped = || stop.requested();
    let done = progress::run(
        &inputs,
        threads,
        &display,
        &stopped,
        run,
        write,
        |d: &Done| checkpoint.add(d.entries.as_ref()),
    );
    let interrupted = stop.signal().filter(|_| done.len() < inputs.len());
    let mut code = 0;
    // The index and feeds list the whole run: an interrupted one leaves the last complete
    // ones in place. They list a folder's releases, so only a run that names a folder and
    // builds all of it makes them: one release built into a site's folder, or one shard of
    // an archive (whose machines share the output folder), would write an index of part of
    // it over the index of the whole.
    let whole_folder = common.shard.is_none() && inputs.iter().any(|i| i.in_folder);
    let folder_build = matches!(action, Action::Build | Action::Verify) && !stdout && whole_folder;
    let html = opts.formats.contains(communique::channel::Format::Html);
    let folder = match (out.filter(|_| folder_build && html), interrupted) {
        (Some(dir), None) => {
            let key = job.run_key.whole();
            let fonts = opts.web_fonts;
            let f = folder::index_and_feeds(&engine, dir, &done, base_url, fonts, action, &key);
            if !f.entries.is_empty() {
                checkpoint.add(Some(&(folder::NO_INPUT.to_string(), f.entries.clone())));
            }
            show_folder(common, &f);
            code = i32::from(!f.ok());
            Some(f)
        }
        _ => None,
    };
    let finished = finish(
        common,
        &done,
        inputs.len(),
        interrupted,
        started,
        folder.as_ref(),
    );
    code = code.max(finished);
    if let Err(e) = checkpoint.save() {
        eprintln!("error: {e}");
        code = code.max(1);
    }
    // The process exits next: freeing the engine's fonts, templates and caches, and every
    // release's report, entries and listings, piece by piece would only cost time.
    std::mem::forget(engine);
    std::mem::forget(done);
    // Stopped by a signal: the shell's code for it, whatever was built.
    interrupted.map_or(code, |sig| 128 + sig)
}

/// The index pages and feeds' lines (`wrote …`, `identical …`, unless quiet) and problems,
/// for a human or short report; JSON has them in its `"folder"`.
fn show_folder(common: &Common, f: &folder::Folder) {
    if common.format() == args::Format::Json {
        return;
    }
    if !common.quiet {
        for o in &f.outputs {
            let path = shown::path(&o.path);
            match o.status {
                "written" => println!("wrote {path} ({} KB)", o.bytes.div_ceil(1024)),
                "failed" => {}
                status => println!("{status} {path}"),
            }
        }
    }
    for d in &f.problems {
        eprintln!("{}", report::formatted(d, common.format()));
    }
}

/// How many releases are built at once: `--jobs` or one per core, but never more than there
/// are inputs, nor more than [`progress::MAX_THREADS`].
fn threads(jobs: Option<u16>, inputs: usize) -> usize {
    let wanted = jobs.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    wanted.min(inputs).clamp(1, progress::MAX_THREADS)
}

/// The inputs of this run: found, filtered by `--shard`, and checked for clashing outputs.
fn inputs(common: &Common, action: Action, out: Option<&Path>) -> Result<Vec<Input>, String> {
    let mut inputs = discover::inputs(&common.inputs)?;
    if let Some(s) = common.shard {
        inputs.retain(|i| s.contains(&i.rel));
    }
    if action != Action::Check {
        if let Some(clash) = clashing_outputs(&inputs, out) {
            return Err(clash);
        }
    }
    Ok(inputs)
}

/// The engine, and the part of every manifest key that its assets and the options make.
fn engine(
    common: &Common,
    opts: &BuildOptions,
) -> Result<(Engine, manifest::RunKey), Vec<Diagnostic>> {
    let assets = assets::load(common)?;
    let fonts = manifest::font_digests(&assets, common.fonts.is_none());
    let key = manifest::run_key(&assets, &fonts, opts);
    Ok((Engine::new(assets)?, key))
}

/// Prints the summary or JSON report, writes `--report`; returns the exit code. A run
/// `interrupted` by a signal has done the first `done.len()` of its `inputs`.
fn finish(
    common: &Common,
    done: &[Done],
    inputs: usize,
    interrupted: Option<i32>,
    started: Instant,
    folder: Option<&folder::Folder>,
) -> i32 {
    let reports: Vec<&FileReport> = done.iter().map(|d| &d.report).collect();
    let ms = started.elapsed().as_millis() as u64;
    let stop = interrupted.map(|sig| report::Interrupted {
        signal: signals::name(sig),
        not_started: inputs - done.len(),
    });
    // Only for standard output in JSON or a `--report` file: 1,000 releases in four
    // formats make a report of 6,000 outputs, built for nothing otherwise.
    let json = (common.format() == args::Format::Json || common.report.is_some())
        .then(|| report::json(&reports, ms, stop.as_ref(), folder));
    let mut totals = Totals::of(&reports);
    totals.inputs = inputs;
    if let (args::Format::Json, Some(json)) = (common.format(), &json) {
        print!("{json}");
    } else if let Some(stop) = &stop {
        eprintln!(
            "interrupted by {}: {}, {} not started, in {:.1} s",
            stop.signal,
            totals.summary(),
            stop.not_started,
            ms as f64 / 1000.0
        );
    } else if !totals.ok() || !common.quiet {
        eprintln!("{} in {:.1} s", totals.summary(), ms as f64 / 1000.0);
    }
    if let (Some(file), Some(json)) = (&common.report, &json) {
        if let Err(e) = write::write_atomic(file, json.as_bytes()) {
            eprintln!("error: cannot write report {}: {e}", shown::path(file));
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
                shown::path(&dir.join("communique.manifest.json"))
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

/// Two inputs that would write the same outputs (same stem, same output directory): the
/// second would silently replace the first, and both would race for one temporary file. Folders are
/// compared by their canonical path, so `x.toml ./x.toml` or `a/x.toml b/../a/x.toml` are
/// seen to clash.
fn clashing_outputs(inputs: &[Input], out: Option<&Path>) -> Option<String> {
    let mut seen = BTreeMap::new();
    // The releases share a few folders: each is resolved once. `canonical` costs a
    // `realpath` (a `readlink` per component) and, for a folder not made yet, one per
    // missing level: 1,403 failed `readlink`s for 200 releases before the build began.
    let mut folders: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    for input in inputs.iter().filter(|i| i.unsearchable.is_none()) {
        let folder = folders
            .entry(input.out_dir(out))
            .or_insert_with_key(|d| canonical(d));
        let key = folder.join(input.stem());
        if let Some(first) = seen.insert(key, &input.path) {
            let same = match (
                std::fs::canonicalize(first),
                std::fs::canonicalize(&input.path),
            ) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            };
            let hint = if same {
                "the same file, named twice: name it once"
            } else {
                "build them into different directories"
            };
            return Some(format!(
                "{} and {} would write the same PDF\n  hint: {hint}",
                shown::path(first),
                shown::path(&input.path)
            ));
        }
    }
    None
}

/// A release named `index` in the output folder itself, whose web pages would be overwritten
/// by the index pages (`OUT/index.<lang>.html`) a build with html writes there. (`feed`
/// cannot clash: its pages are `.html`, the feeds `.xml`.)
fn index_clash(inputs: &[Input], dir: &Path) -> Option<String> {
    let out = canonical(dir);
    let input = inputs
        .iter()
        .filter(|i| i.unsearchable.is_none())
        .find(|i| i.stem() == "index" && canonical(&i.out_dir(Some(dir))) == out)?;
    Some(format!(
        "{}: its web pages would be overwritten by the index pages index.<lang>.html that \
         --format html writes into {}\n  hint: rename the release (e.g. index-2026.toml)",
        shown::path(&input.path),
        shown::path(dir)
    ))
}

/// `dir` as an absolute path without `.`, `..` or symlinks, as far as it exists (an output
/// folder may not yet); the rest is joined on as written, minus `.` components.
fn canonical(dir: &Path) -> PathBuf {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let mut existing = dir;
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(c, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = if parent.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    parent
                };
            }
            _ => return dir.components().collect(),
        }
    }
}

/// Output folder → the stems of the releases whose PDFs go there.
fn stems_by_dir(inputs: &[Input], out: Option<&Path>) -> BTreeMap<PathBuf, BTreeSet<String>> {
    let mut map: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    for input in inputs.iter().filter(|i| i.unsearchable.is_none()) {
        map.entry(input.out_dir(out))
            .or_default()
            .insert(input.stem());
    }
    map
}

/// The last second a PDF date can hold: 9999-12-31T23:59:59Z (its year has four digits).
const LAST_EPOCH: i64 = 253_402_300_799;

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention: `None` when unset or empty, an
/// error when set to anything but a whole number of seconds within the years 1970–9999
/// (the convention asks tools to fail rather than quietly use another date; a later date
/// once wrote `D:+100000101…`, a huge one 1970).
fn source_date_epoch() -> Result<Option<i64>, String> {
    let Some(value) = std::env::var_os("SOURCE_DATE_EPOCH") else {
        return Ok(None);
    };
    let text = value.to_string_lossy();
    if text.trim().is_empty() {
        return Ok(None);
    }
    let hint = "hint: unset it to date the PDFs by their releases, or set it like SOURCE_DATE_EPOCH=1624867200";
    match text.trim().parse::<i64>() {
        Ok(secs) if (0..=LAST_EPOCH).contains(&secs) => Ok(Some(secs)),
        Ok(_) => Err(format!(
            "SOURCE_DATE_EPOCH is {}, outside the years 1970 to 9999 that a PDF date can hold (0 to {LAST_EPOCH} seconds)\n{hint}",
            shown::text(&format!("{text:?}"))
        )),
        _ => Err(format!(
            "SOURCE_DATE_EPOCH is {}, not a whole number of seconds since 1970-01-01 UTC\n{hint}",
            shown::text(&format!("{text:?}"))
        )),
    }
}

/// The date `init` writes: `SOURCE_DATE_EPOCH`'s, or today's (UTC). Only `init` reads the
/// clock; nothing that `build` writes does.
fn today() -> Result<chrono::NaiveDate, String> {
    let secs = source_date_epoch()?.unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)
    });
    Ok(chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .date_naive())
}
