//! Printing results: human text, short lines, or one JSON report.

use super::args::Format;
use communique::Diagnostic;
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A PDF that was built, and written unless this is a check.
#[derive(Debug, Serialize)]
pub struct Written {
    /// The PDF written, or for a check the release checked.
    pub path: PathBuf,
    pub pages: usize,
    pub bytes: usize,
    pub warnings: Vec<Diagnostic>,
    pub written: bool,
}

/// What happened to one input.
#[derive(Debug, Serialize)]
pub struct FileReport {
    pub input: PathBuf,
    pub outputs: Vec<Written>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub fn from_result(input: &Path, r: Result<Vec<Written>, Vec<Diagnostic>>) -> FileReport {
        let (outputs, diagnostics) = match r {
            Ok(w) => (w, Vec::new()),
            Err(d) => (Vec::new(), d),
        };
        FileReport {
            input: input.to_path_buf(),
            outputs,
            diagnostics,
        }
    }

    pub fn ok(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub fn print(reports: &[FileReport], format: Format, quiet: bool) {
    if format == Format::Json {
        let failed = reports.iter().filter(|r| !r.ok()).count();
        let json = serde_json::json!({
            "ok": failed == 0,
            "inputs": reports.len(),
            "failed": failed,
            "files": reports,
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("report serialises")
        );
        return;
    }
    for r in reports {
        for w in &r.outputs {
            if !quiet {
                let (path, pages) = (w.path.display(), w.pages);
                match w.written {
                    true => println!(
                        "wrote {path} ({pages} pages, {} KB)",
                        w.bytes.div_ceil(1024)
                    ),
                    false => println!("ok {path} ({pages} pages)"),
                }
            }
            print_diags(&w.warnings, format);
        }
        print_diags(&r.diagnostics, format);
    }
    let failed = reports.iter().filter(|r| !r.ok()).count();
    if failed > 0 {
        eprintln!("{failed} of {} input(s) failed", reports.len());
    }
}

fn print_diags(diags: &[Diagnostic], format: Format) {
    for d in diags {
        match format {
            Format::Short => eprintln!("{}", d.short()),
            _ => eprintln!("{d}\n"),
        }
    }
}

/// Problems with the assets: nothing was built.
pub fn print_fatal(diags: &[Diagnostic], format: Format) {
    if format == Format::Json {
        let json = serde_json::json!({ "ok": false, "fatal": diags });
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("report serialises")
        );
    } else {
        print_diags(diags, format);
    }
}
