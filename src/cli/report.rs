//! What happened to each input, printed as human text or short lines as the batch goes, and
//! as one JSON report at the end (on stdout, or into `--report FILE`).

use super::args::Format;
use super::{color, shown};
use communique::channel::Format as OutputFormat;
use communique::diag::render;
use communique::Diagnostic;
use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// An output (a PDF, text, web page or e-mail) that was built (and written, unless this is a
/// check or a verification), or found up to date. In JSON its path is a string, lossy if it is not UTF-8, and then also exact
/// as `path_bytes` (see [`shown`]).
#[derive(Debug)]
pub struct Written {
    /// The output, or for a check the release checked.
    pub path: PathBuf,
    pub format: OutputFormat,
    /// SHA-256 of the output's bytes.
    pub sha256: String,
    /// A PDF's page count; `None` for the formats without pages (`null` in JSON).
    pub pages: Option<usize>,
    pub bytes: usize,
    pub warnings: Vec<Diagnostic>,
    /// Whether this run wrote the file.
    pub written: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Built and written.
    Built,
    /// The manifest says its outputs are up to date: nothing written.
    Skipped,
    /// `check`: the whole pipeline ran, nothing written.
    Checked,
    /// `--verify`: rebuilt in memory, identical to the files on disk.
    Verified,
    /// `--verify`: some output differs from the file on disk, or is missing.
    Differs,
    Failed,
}

/// What happened to one input. In JSON its path is `input`, and `input_bytes` if it is not
/// UTF-8, like [`Written`]'s.
#[derive(Debug)]
pub struct FileReport {
    pub input: PathBuf,
    pub status: Status,
    /// Wall time spent on this input (reading, building, writing).
    pub milliseconds: u64,
    pub outputs: Vec<Written>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Serialize for Written {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Written", 8)?;
        path_field(&mut st, "path", "path_bytes", &self.path)?;
        st.serialize_field("format", self.format.name())?;
        st.serialize_field("sha256", &self.sha256)?;
        st.serialize_field("pages", &self.pages)?;
        st.serialize_field("bytes", &self.bytes)?;
        st.serialize_field("warnings", &self.warnings)?;
        st.serialize_field("written", &self.written)?;
        st.end()
    }
}

impl Serialize for FileReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FileReport", 6)?;
        path_field(&mut st, "input", "input_bytes", &self.input)?;
        st.serialize_field("status", &self.status)?;
        st.serialize_field("milliseconds", &self.milliseconds)?;
        st.serialize_field("outputs", &self.outputs)?;
        st.serialize_field("diagnostics", &self.diagnostics)?;
        st.end()
    }
}

/// A path as a string (serde's own `Path` serialisation fails on one that is not UTF-8,
/// which once panicked the report), with its raw bytes beside it when the string is lossy.
fn path_field<S: SerializeStruct>(
    st: &mut S,
    key: &'static str,
    bytes_key: &'static str,
    path: &Path,
) -> Result<(), S::Error> {
    st.serialize_field(key, &path.to_string_lossy())?;
    match shown::raw_bytes(path) {
        Some(raw) => st.serialize_field(bytes_key, &raw),
        None => st.skip_field(bytes_key),
    }
}

/// The counts that end a run.
#[derive(Debug, Default, Serialize)]
pub struct Totals {
    pub inputs: usize,
    pub built: usize,
    pub skipped: usize,
    pub checked: usize,
    pub verified: usize,
    pub differs: usize,
    pub failed: usize,
}

impl Totals {
    pub fn of(reports: &[&FileReport]) -> Totals {
        let mut t = Totals {
            inputs: reports.len(),
            ..Totals::default()
        };
        for r in reports {
            *match r.status {
                Status::Built => &mut t.built,
                Status::Skipped => &mut t.skipped,
                Status::Checked => &mut t.checked,
                Status::Verified => &mut t.verified,
                Status::Differs => &mut t.differs,
                Status::Failed => &mut t.failed,
            } += 1;
        }
        t
    }

    pub fn ok(&self) -> bool {
        self.failed == 0 && self.differs == 0
    }

    /// `3 built, 1 skipped, 1 failed of 5 inputs`: the non-zero counts.
    pub fn summary(&self) -> String {
        let parts: Vec<String> = [
            ("built", self.built),
            ("up to date", self.skipped),
            ("ok", self.checked),
            ("identical", self.verified),
            ("differ", self.differs),
            ("failed", self.failed),
        ]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(what, n)| format!("{n} {what}"))
        .collect();
        format!("{} of {} input(s)", parts.join(", "), self.inputs)
    }
}

/// A run stopped by a signal before it started every input.
pub struct Interrupted {
    pub signal: &'static str,
    pub not_started: usize,
}

/// The JSON report of a whole run (`interrupted`: `"interrupted": "SIGINT"` and
/// `"not_started": N` besides the counts, which are then those of the inputs done; `folder`:
/// the index pages and feeds of a folder built with html, as `"folder": {"outputs": […],
/// "diagnostics": […]}`).
pub fn json(
    reports: &[&FileReport],
    milliseconds: u64,
    stop: Option<&Interrupted>,
    folder: Option<&super::folder::Folder>,
) -> String {
    let totals = Totals::of(reports);
    let mut value = serde_json::json!({
        "ok": totals.ok(),
        "inputs": totals.inputs,
        "built": totals.built,
        "skipped": totals.skipped,
        "checked": totals.checked,
        "verified": totals.verified,
        "differs": totals.differs,
        "failed": totals.failed,
        "milliseconds": milliseconds,
        "files": reports,
    });
    if let Some(stop) = stop {
        value["ok"] = false.into();
        value["interrupted"] = stop.signal.into();
        value["not_started"] = stop.not_started.into();
        value["inputs"] = (totals.inputs + stop.not_started).into();
    }
    if let Some(f) = folder {
        value["folder"] = serde_json::json!({
            "outputs": f.outputs,
            "diagnostics": f.problems,
        });
        if !f.ok() {
            value["ok"] = false.into();
        }
    }
    serde_json::to_string_pretty(&value).expect("report serialises") + "\n"
}

/// The line printed for a good input, if any.
pub fn line(r: &FileReport) -> Vec<String> {
    r.outputs
        .iter()
        .map(|w| {
            let path = shown::path(&w.path);
            let kb = w.bytes.div_ceil(1024);
            match (r.status, w.pages) {
                (Status::Built, Some(pages)) => {
                    format!("wrote {path} ({}, {kb} KB)", count(pages, "page"))
                }
                (Status::Built, None) => format!("wrote {path} ({kb} KB)"),
                (Status::Skipped, _) => format!("up to date {path}"),
                (Status::Verified, _) => format!("identical {path}"),
                (Status::Differs, _)
                    if r.diagnostics
                        .iter()
                        .any(|d| d.path == w.path.to_string_lossy()) =>
                {
                    format!("differs {path}")
                }
                (Status::Differs, _) => format!("identical {path}"),
                (_, Some(pages)) => format!("ok {path} ({})", count(pages, "page")),
                (_, None) => format!("ok {path} ({})", w.format),
            }
        })
        .collect()
}

/// `1 page`, `2 pages`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// The problems of one input, formatted (for standard error).
pub fn problems(r: &FileReport, format: Format) -> Vec<String> {
    r.outputs
        .iter()
        .flat_map(|w| &w.warnings)
        .chain(&r.diagnostics)
        .map(|d| formatted(d, format))
        .collect()
}

/// One diagnostic as a human or short line, its names escaped (see [`shown`]).
pub fn formatted(d: &Diagnostic, format: Format) -> String {
    let d = shown::diagnostic(d);
    match format {
        Format::Short => d.short(),
        _ => human(&d) + "\n",
    }
}

/// Problems with the assets or the command line: nothing was built.
pub fn print_fatal(diags: &[Diagnostic], format: Format) {
    if format == Format::Json {
        let json = serde_json::json!({ "ok": false, "fatal": diags });
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("report serialises")
        );
        return;
    }
    for d in diags {
        eprintln!("{}", formatted(d, format));
    }
}

/// The human form of a diagnostic for stderr (source line and caret, see
/// [`render::human`]), coloured when [`color::stderr`] says so.
pub fn human(d: &Diagnostic) -> String {
    render::human(d, color::stderr())
}
