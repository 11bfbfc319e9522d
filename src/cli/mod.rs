//! Command-line interface: parse arguments, load assets once, run the batch, report.
//!
//! Exit codes: 0 every input succeeded, 1 some input failed, 2 usage error or unusable assets
//! (brand, templates, fonts).

mod args;
mod assets;
mod report;

use args::{Cli, Command, Common};
use clap::Parser;
use communique::{BuildOptions, Diagnostic, Engine};
use rayon::prelude::*;
use report::{FileReport, Written};
use std::path::{Path, PathBuf};

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Build(b) => {
            let opts = BuildOptions {
                layout: b.layout.into(),
                split: b.split,
                date_override: source_date_epoch(),
                pdf_standard: b.pdf_standard,
            };
            if let Some(clash) = clashing_outputs(&b.common.inputs, b.output.as_deref()) {
                eprintln!("error: {clash}\n  hint: build them into different directories");
                return 2;
            }
            batch(&b.common, |engine, input| {
                build_file(engine, input, b.output.as_deref(), &opts)
            })
        }
        // A check runs the whole pipeline, so template, markup and layout problems (an
        // overfull line) show up too; only the writing is left out.
        Command::Check(c) => batch(&c, |engine, input| {
            let (source, path) = read(input)?;
            let outputs = engine.build(&path, &source, &BuildOptions::default())?;
            Ok(outputs
                .into_iter()
                .map(|o| Written {
                    path: input.to_path_buf(),
                    pages: o.pages,
                    bytes: o.pdf.len(),
                    warnings: o.warnings,
                    written: false,
                })
                .collect())
        }),
    }
}

/// Runs `job` on every input in parallel, prints results in input order, returns the exit code.
fn batch<F>(common: &Common, job: F) -> i32
where
    F: Fn(&Engine, &Path) -> Result<Vec<Written>, Vec<Diagnostic>> + Sync,
{
    let engine = match assets::engine(common) {
        Ok(e) => e,
        Err(diags) => {
            report::print_fatal(&diags, common.diagnostic_format);
            return 2;
        }
    };
    let reports: Vec<FileReport> = common
        .inputs
        .par_iter()
        .map(|input| FileReport::from_result(input, job(&engine, input)))
        .collect();
    report::print(&reports, common.diagnostic_format, common.quiet);
    i32::from(reports.iter().any(|r| !r.ok()))
}

/// Two inputs that would write the same PDF (same stem, same output directory): the second
/// would silently replace the first.
fn clashing_outputs(inputs: &[PathBuf], out_dir: Option<&Path>) -> Option<String> {
    let mut seen = std::collections::BTreeMap::new();
    for input in inputs {
        let dir = out_dir.or_else(|| input.parent()).unwrap_or(Path::new(""));
        let key = dir.join(input.file_stem().unwrap_or_default());
        if let Some(first) = seen.insert(key, input) {
            return Some(format!(
                "{} and {} would write the same PDF",
                first.display(),
                input.display()
            ));
        }
    }
    None
}

fn read(input: &Path) -> Result<(Vec<u8>, String), Vec<Diagnostic>> {
    let path = input.display().to_string();
    std::fs::read(input)
        .map(|s| (s, path.clone()))
        .map_err(|e| {
            vec![Diagnostic::error(&path, format!("cannot read file: {e}"))
                .with_hint("check the path; releases are TOML files")]
        })
}

fn build_file(
    engine: &Engine,
    input: &Path,
    out_dir: Option<&Path>,
    opts: &BuildOptions,
) -> Result<Vec<Written>, Vec<Diagnostic>> {
    let (source, path) = read(input)?;
    let outputs = engine.build(&path, &source, opts)?;
    let dir = out_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| input.parent().map(Path::to_path_buf).unwrap_or_default());
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "release".into());
    let mut written = Vec::new();
    for out in outputs {
        let name = match out.lang {
            Some(l) => format!("{stem}.{l}.pdf"),
            None => format!("{stem}.pdf"),
        };
        let target = dir.join(name);
        write_atomic(&target, &out.pdf).map_err(|e| {
            vec![Diagnostic::error(
                target.display().to_string(),
                format!("cannot write PDF: {e}"),
            )
            .with_hint("check that the output directory exists and is writable")]
        })?;
        written.push(Written {
            path: target,
            pages: out.pages,
            bytes: out.pdf.len(),
            warnings: out.warnings,
            written: true,
        });
    }
    Ok(written)
}

/// Writes to a temporary file beside `target`, then renames it into place, so a reader never
/// sees a half-written PDF and a failure never clobbers an older good one.
fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty());
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp: PathBuf = dir
        .unwrap_or(Path::new("."))
        .join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `SOURCE_DATE_EPOCH`, the reproducible-builds convention, if set and valid.
fn source_date_epoch() -> Option<i64> {
    std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()
}
