//! What happened to each input, printed as human text or short lines as the batch goes, and
//! as one JSON report at the end (on stdout, or into `--report FILE`).

use super::args::Format;
use communique::Diagnostic;
use serde::Serialize;
use std::path::PathBuf;

/// A PDF that was built (and written, unless this is a check or a verification), or found
/// up to date.
#[derive(Debug, Serialize)]
pub struct Written {
    /// The PDF, or for a check the release checked.
    pub path: PathBuf,
    /// SHA-256 of the PDF's bytes.
    pub sha256: String,
    pub pages: usize,
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

/// What happened to one input.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub input: PathBuf,
    pub status: Status,
    /// Wall time spent on this input (reading, building, writing).
    pub milliseconds: u64,
    pub outputs: Vec<Written>,
    pub diagnostics: Vec<Diagnostic>,
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

/// The JSON report of a whole run.
pub fn json(reports: &[&FileReport], milliseconds: u64) -> String {
    let totals = Totals::of(reports);
    let value = serde_json::json!({
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
    serde_json::to_string_pretty(&value).expect("report serialises") + "\n"
}

/// The line printed for a good input, if any.
pub fn line(r: &FileReport) -> Vec<String> {
    r.outputs
        .iter()
        .map(|w| {
            let (path, pages) = (w.path.display(), w.pages);
            match r.status {
                Status::Built => format!(
                    "wrote {path} ({pages} pages, {} KB)",
                    w.bytes.div_ceil(1024)
                ),
                Status::Skipped => format!("up to date {path}"),
                Status::Verified => format!("identical {path}"),
                Status::Differs if r.diagnostics.iter().any(|d| d.path == path.to_string()) => {
                    format!("differs {path}")
                }
                Status::Differs => format!("identical {path}"),
                _ => format!("ok {path} ({pages} pages)"),
            }
        })
        .collect()
}

/// The problems of one input, formatted.
pub fn problems(r: &FileReport, format: Format) -> Vec<String> {
    r.outputs
        .iter()
        .flat_map(|w| &w.warnings)
        .chain(&r.diagnostics)
        .map(|d| match format {
            Format::Short => d.short(),
            _ => format!("{d}\n"),
        })
        .collect()
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
        match format {
            Format::Short => eprintln!("{}", d.short()),
            _ => eprintln!("{d}\n"),
        }
    }
}
