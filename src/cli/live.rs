//! Live rebuilding, shared by `communique watch` and `communique serve`: build every input,
//! then rebuild what changed on every save.
//!
//! Folders are watched, not files: an editor that saves by writing a new file and renaming
//! it over the old one (vim, most IDEs) replaces the inode a file watch would hold. The
//! events of a save (write, rename, attribute change, often several files at once) are
//! merged by `notify-debouncer-full` into one batch after [`QUIET`] without further events;
//! each batch is one rebuild.
//!
//! What a changed path rebuilds:
//! - a release: that release (a new `.toml` in a watched folder: found and built);
//! - anything under `--brand`'s folder, `--brands`, `--templates` or `--fonts`: the
//!   assets are loaded again and every release is rebuilt (assets that fail to load are
//!   reported, and the last good ones stay in use);
//! - an image beside releases (a photo, a logo): the releases in that folder;
//! - the project file (`communique.toml`, or `--project`'s): it is read again, applied to
//!   the command line as given, the assets loaded with the new settings and every release
//!   rebuilt. A file with errors is reported (here, and by `serve` on its pages), and the
//!   last good settings stay in use until it is fixed. Its folder is watched besides when
//!   it lies above the inputs' folders.
//!
//! A release named as a file has its folder watched, but not the folders below it, which
//! may be many (a release saved in a home folder). The folders its `[[photos]]` live in
//! (`photos/haven.jpg`) are watched besides, found from the release itself after each build,
//! so that a photo added in a new folder is watched from the next save on.
//!
//! Our own PDFs, their temporary files and manifests are written into watched folders too;
//! they are not inputs and never trigger a rebuild.
//!
//! A release that fails keeps its last good PDF (nothing is written for it) and the line
//! printed says so.

use super::args::Common;
use super::discover::{self, Input};
use super::job::{Action, Done, Job};
use super::progress::Step;
use super::report::{self, FileReport, Status};
use super::shown;
use communique::{BuildOptions, Diagnostic, Engine};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the folders must stay quiet before a batch of events is one rebuild. Editors
/// write a save within a few milliseconds; this keeps save → PDF well under 100 ms.
const QUIET: Duration = Duration::from_millis(25);

/// Extensions of files beside releases that a release may show (photos, logos).
const IMAGES: &[&str] = &["png", "jpg", "jpeg", "svg", "webp"];

/// What the releases are built with: the command line with the project file applied.
pub struct Settings {
    pub common: Common,
    /// `-o`.
    pub out: Option<PathBuf>,
    pub opts: BuildOptions,
    /// The project file applied, if any.
    pub project: Option<PathBuf>,
}

/// Reads the settings again, with the project file as it is now (the CLI's
/// `live_settings`): the errors are the file's, located in it.
pub type Reread = Box<dyn Fn() -> Result<Settings, Vec<Diagnostic>>>;

/// The releases being watched, the engine they are built with, and what was last built.
pub struct Live {
    settings: Settings,
    reread: Reread,
    engine: Engine,
    run_key: super::manifest::RunKey,
    pub inputs: Vec<Input>,
    /// The input (canonical path) and outputs of its last good build.
    last_good: Vec<(PathBuf, Vec<PathBuf>)>,
    /// The folders the releases' photos are in, as last read from each release.
    photo_dirs: BTreeSet<PathBuf>,
    /// Why the last change of the project file or the assets was not taken (the settings
    /// and assets before it are in use); empty when it was.
    pub refused: Vec<Diagnostic>,
}

/// One rebuild: the reports of the inputs built, and how long it took. No reports: nothing
/// was built, because a change of the settings was refused ([`Live::refused`]).
pub struct Rebuild {
    pub reports: Vec<FileReport>,
    pub took: Duration,
}

impl Rebuild {
    /// Nothing built: a change of the settings or assets was refused.
    fn refused() -> Self {
        Rebuild {
            reports: Vec::new(),
            took: Duration::ZERO,
        }
    }
}

impl Live {
    /// Finds the inputs and loads the assets; on failure, prints why and gives the exit code.
    pub fn start(settings: Settings, reread: Reread) -> Result<Self, i32> {
        let common = &settings.common;
        let inputs = discover::inputs(&common.inputs).map_err(|e| super::usage(&e))?;
        let (engine, run_key) = super::engine(common, &settings.opts).map_err(|diags| {
            report::print_fatal(&diags, common.format());
            super::USAGE
        })?;
        Ok(Live {
            settings,
            reread,
            engine,
            run_key,
            inputs,
            last_good: Vec::new(),
            photo_dirs: BTreeSet::new(),
            refused: Vec::new(),
        })
    }

    /// Builds every input.
    pub fn build_all(&mut self) -> Rebuild {
        let all: Vec<Input> = self.inputs.clone();
        self.build(&all)
    }

    /// Builds `inputs` one after the other (a save touches one release; a batch of them
    /// would fight the editor for the cores), writes their PDFs and prints the outcome.
    fn build(&mut self, inputs: &[Input]) -> Rebuild {
        let started = Instant::now();
        let job = Job {
            engine: &self.engine,
            opts: self.settings.opts.clone(),
            action: Action::Build,
            out: self.settings.out.as_deref(),
            run_key: self.run_key.clone(),
            known: None,
            deny_warnings: self.settings.common.deny_warnings,
            max_output: super::write::DEFAULT_MAX_OUTPUT_MIB << 20,
            stdout: false,
        };
        let mut reports = Vec::new();
        for input in inputs {
            let done: Done = match job.run(input) {
                Step::Done(d) => d,
                Step::Then(unwritten) => job.write(unwritten),
            };
            reports.push(done.report);
        }
        let took = started.elapsed();
        for r in &reports {
            self.show(r);
        }
        for input in inputs {
            self.photo_dirs.extend(photo_dirs(&input.path));
        }
        Rebuild { reports, took }
    }

    /// Prints one input's outcome; for a failed one, which PDF was kept.
    fn show(&mut self, r: &FileReport) {
        let format = self.settings.common.format();
        if !self.settings.common.quiet {
            for l in report::line(r) {
                println!("{l}");
            }
        }
        for p in report::problems(r, format) {
            eprintln!("{p}");
        }
        let key = canonical(&r.input);
        if r.status == Status::Failed {
            let kept = self.kept(&key, &r.input);
            let input = shown::path(&r.input);
            match kept.as_slice() {
                [] => eprintln!("{input} failed: no PDF written yet; fix it and save again"),
                pdfs => {
                    let names: Vec<String> = pdfs.iter().map(|p| shown::path(p)).collect();
                    eprintln!(
                        "{input} failed: kept the last good PDF, {}",
                        names.join(", ")
                    );
                }
            }
        } else {
            let outputs = r.outputs.iter().map(|w| w.path.clone()).collect();
            self.last_good.retain(|(k, _)| *k != key);
            self.last_good.push((key, outputs));
        }
    }

    /// The PDFs of `input` still on disk from an earlier build (this session's, or the
    /// `<stem>.pdf` found there when it started).
    fn kept(&self, key: &Path, input: &Path) -> Vec<PathBuf> {
        if let Some((_, outputs)) = self.last_good.iter().find(|(k, _)| k == key) {
            return outputs.iter().filter(|p| p.is_file()).cloned().collect();
        }
        let Some(i) = self.inputs.iter().find(|i| i.path == input) else {
            return Vec::new();
        };
        let pdf = i
            .out_dir(self.settings.out.as_deref())
            .join(format!("{}.pdf", i.stem()));
        pdf.is_file().then_some(pdf).into_iter().collect()
    }

    /// The folders to watch, with whether to watch below them.
    fn watched(&self) -> Vec<(PathBuf, RecursiveMode)> {
        let mut dirs: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        for p in &self.settings.common.inputs {
            if p.is_dir() {
                dirs.push((p.clone(), RecursiveMode::Recursive));
            } else {
                dirs.push((parent(p), RecursiveMode::NonRecursive));
            }
        }
        for dir in self.asset_dirs() {
            dirs.push((dir, RecursiveMode::Recursive));
        }
        // Photo folders inside a folder watched with all below it are watched already (and
        // a second, shallow watch of the same folder would replace the deep one).
        let deep: Vec<PathBuf> = dirs
            .iter()
            .filter(|(_, m)| *m == RecursiveMode::Recursive)
            .map(|(d, _)| canonical(d))
            .collect();
        let project = self.settings.project.as_deref().map(parent);
        for dir in self.photo_dirs.iter().chain(&project) {
            if !deep.iter().any(|d| canonical(dir).starts_with(d)) {
                dirs.push((dir.clone(), RecursiveMode::NonRecursive));
            }
        }
        dirs.sort();
        dirs.dedup();
        dirs
    }

    /// The folders whose files are assets: the brand's (its logo is beside it), the
    /// brands', the templates' and the fonts'.
    fn asset_dirs(&self) -> Vec<PathBuf> {
        let c = &self.settings.common;
        let brand = c.brand.as_deref().map(parent);
        brand
            .into_iter()
            .chain(c.brands.clone())
            .chain(c.templates.clone())
            .chain(c.fonts.clone())
            .collect()
    }

    /// Rebuilds what the changed `paths` affect; `None` if they affect nothing.
    pub fn changed(&mut self, paths: &BTreeSet<PathBuf>) -> Option<Rebuild> {
        let paths: Vec<PathBuf> = paths
            .iter()
            .filter(|p| !is_our_output(p))
            .map(|p| canonical(p))
            .collect();
        if paths.is_empty() {
            return None;
        }
        if paths.iter().any(|p| self.is_project(p)) {
            return Some(self.reread_settings());
        }
        let assets: Vec<PathBuf> = self.asset_dirs().iter().map(|d| canonical(d)).collect();
        if paths
            .iter()
            .any(|p| assets.iter().any(|a| p.starts_with(a)))
        {
            return Some(match self.reload_assets() {
                true => self.build_all(),
                false => Rebuild::refused(),
            });
        }
        if paths.iter().any(|p| is_toml(p)) {
            self.rediscover();
        }
        let chosen: Vec<Input> = self
            .inputs
            .iter()
            .filter(|i| affected(&canonical(&i.path), &paths))
            .cloned()
            .collect();
        (!chosen.is_empty()).then(|| self.build(&chosen))
    }

    /// Whether `path` (canonical) is the project file in use, or one the inputs would take
    /// instead (a `communique.toml` created beside them, or in a folder between).
    fn is_project(&self, path: &Path) -> bool {
        let common = &self.settings.common;
        if common.no_project {
            return false;
        }
        if let Some(file) = &common.project {
            return canonical(file) == path;
        }
        if self.settings.project.as_deref().map(canonical).as_deref() == Some(path) {
            return true;
        }
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return false;
        };
        name == communique::project::FILE_NAME
            && common
                .inputs
                .iter()
                .any(|i| canonical(&project_start(i)).starts_with(dir))
    }

    /// Reads the project file again and rebuilds everything with it; keeps the settings
    /// in use (and says why) if it has errors or its assets fail to load.
    fn reread_settings(&mut self) -> Rebuild {
        let format = self.settings.common.format();
        let loaded = (self.reread)().and_then(|settings| {
            let (engine, key) = super::engine(&settings.common, &settings.opts)?;
            Ok((settings, engine, key))
        });
        match loaded {
            Ok((settings, engine, key)) => {
                let shown = settings
                    .project
                    .as_deref()
                    .map_or("none".into(), shown::path);
                eprintln!("project file changed ({shown}): rebuilding with its settings");
                self.settings = settings;
                self.engine = engine;
                self.run_key = key;
                self.refused.clear();
                self.build_all()
            }
            Err(diags) => {
                report::print_fatal(&diags, format);
                eprintln!(
                    "the project file has errors: kept the last good settings, nothing rebuilt; \
                     fix it and save again"
                );
                self.refused = diags;
                Rebuild::refused()
            }
        }
    }

    /// Loads the assets again; keeps the old engine (and says so) if they fail.
    fn reload_assets(&mut self) -> bool {
        match super::engine(&self.settings.common, &self.settings.opts) {
            Ok((engine, key)) => {
                self.engine = engine;
                self.run_key = key;
                self.refused.clear();
                true
            }
            Err(diags) => {
                report::print_fatal(&diags, self.settings.common.format());
                eprintln!("the assets have errors: nothing rebuilt; fix them and save again");
                self.refused = diags;
                false
            }
        }
    }

    /// Finds the inputs again (a release added to or removed from a watched folder).
    fn rediscover(&mut self) {
        if let Ok(inputs) = discover::inputs(&self.settings.common.inputs) {
            self.inputs = inputs;
        }
    }
}

/// The folders below a release's own that its photos are in (`photos/` for
/// `file = "photos/haven.jpg"`), read from the release as it is now; none if it cannot be
/// read (a broken save keeps the folders found before).
fn photo_dirs(release: &Path) -> Vec<PathBuf> {
    let Ok(source) = super::read::bounded(release, super::read::Kind::Release) else {
        return Vec::new();
    };
    let Ok(model) = communique::model::load(&release.to_string_lossy(), &source) else {
        return Vec::new();
    };
    let folder = parent(release);
    model
        .photos
        .iter()
        .filter_map(|p| {
            Path::new(p.file.value.as_str())
                .parent()
                .map(|d| folder.join(d))
        })
        .filter(|d| d.is_dir() && canonical(d) != canonical(&folder))
        .collect()
}

/// The folder whose `communique.toml` (or the nearest one above it) an input takes, as
/// [`super::project::nearest`] looks.
fn project_start(input: &Path) -> PathBuf {
    if input.is_dir() {
        input.to_path_buf()
    } else {
        parent(input)
    }
}

/// Whether a change of `paths` concerns the release at `input` (canonical).
fn affected(input: &Path, paths: &[PathBuf]) -> bool {
    let dir = input.parent().unwrap_or(Path::new(""));
    paths
        .iter()
        .any(|p| p == input || (is_image(p) && p.starts_with(dir)))
}

fn is_toml(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml")
}

fn is_image(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| IMAGES.contains(&e.to_ascii_lowercase().as_str()))
}

/// PDFs, the temporary files they are written through, and manifests.
fn is_our_output(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".pdf") || name.contains(".pdf.") || name.contains("communique.manifest")
}

fn parent(p: &Path) -> PathBuf {
    match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The path with symbolic links and `..` resolved, as the watcher reports it; a path that
/// is gone (a removed file) is resolved through its folder.
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    match (
        p.parent().map(|d| parent(d).join("").canonicalize()),
        p.file_name(),
    ) {
        (Some(Ok(d)), Some(name)) => d.join(name),
        _ => p.to_path_buf(),
    }
}

/// Watches until the process is stopped; `after` sees every build (the first included).
pub fn watch(live: &mut Live, mut after: impl FnMut(&Live, &Rebuild)) -> i32 {
    let first = live.build_all();
    summary(&first);
    after(live, &first);
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(QUIET, None, tx) {
        Ok(d) => d,
        Err(e) => return super::usage(&format!("cannot watch files: {e}")),
    };
    let mut watching = live.watched();
    for (dir, mode) in &watching {
        if let Err(e) = debouncer.watch(dir, *mode) {
            return super::usage(&format!("cannot watch {}: {e}", shown::path(dir)));
        }
    }
    eprintln!("watching for changes (Ctrl-C stops)");
    for result in rx {
        let paths: BTreeSet<PathBuf> = match result {
            Ok(events) => events
                .iter()
                .filter(|e| !matches!(e.kind, EventKind::Access(_)))
                .flat_map(|e| e.paths.iter().cloned())
                .collect(),
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching: {e}");
                }
                continue;
            }
        };
        if let Some(rebuild) = live.changed(&paths) {
            if !rebuild.reports.is_empty() {
                summary(&rebuild);
            }
            after(live, &rebuild);
            // A photo in a folder not watched before (a new [[photos]] entry).
            for (dir, mode) in live.watched() {
                if !watching.contains(&(dir.clone(), mode)) {
                    if let Err(e) = debouncer.watch(&dir, mode) {
                        eprintln!("warning: cannot watch {}: {e}", shown::path(&dir));
                    }
                    watching.push((dir, mode));
                }
            }
        }
    }
    0
}

/// `rebuilt 1 release in 23 ms: 1 built`.
fn summary(r: &Rebuild) {
    let refs: Vec<&FileReport> = r.reports.iter().collect();
    let totals = report::Totals::of(&refs);
    eprintln!("{} in {} ms", totals.summary(), r.took.as_millis());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_files_never_trigger_a_rebuild() {
        assert!(is_our_output(Path::new("/a/x.pdf")));
        assert!(is_our_output(Path::new("/a/x.pdf.tmp123")));
        assert!(is_our_output(Path::new("/a/communique.manifest.json")));
        assert!(!is_our_output(Path::new("/a/x.toml")));
    }

    #[test]
    fn a_photo_rebuilds_the_releases_beside_it() {
        let input = Path::new("/r/a.toml");
        assert!(affected(input, &[PathBuf::from("/r/a.toml")]));
        assert!(affected(input, &[PathBuf::from("/r/photos/x.JPG")]));
        assert!(!affected(input, &[PathBuf::from("/r/b.toml")]));
        assert!(!affected(input, &[PathBuf::from("/elsewhere/x.png")]));
    }
}
