//! Writing files so that a crash or kill never leaves a partial file under its final name
//! and never destroys the previous good one.
//!
//! The bytes go to a temporary file in the target's folder, named `.<name>.tmp<pid>` (hidden,
//! and never taken for a release or a PDF), which is flushed to disk and then renamed over
//! the target; the folder is synced so that the rename itself survives a power cut.
//! Temporary files that a killed run left behind are removed by the next run that builds
//! the same outputs ([`remove_stale`]).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, target)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Makes a rename durable. Some systems cannot open a folder for syncing; the rename has
/// still happened, so that is not an error.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    match std::fs::File::open(dir) {
        Ok(d) => d.sync_all().or(Ok(())),
        Err(_) => Ok(()),
    }
}

/// The PDF a temporary file was going to become, if `name` is one of ours.
fn temp_target(name: &str) -> Option<&str> {
    let rest = name.strip_prefix('.')?;
    let (target, pid) = rest.rsplit_once(".tmp")?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && target.ends_with(".pdf"))
        .then_some(target)
}

/// Whether the PDF `target` is one of the outputs of a release named `stem`: `stem.pdf` or
/// `stem.<lang>.pdf`.
fn belongs_to(target: &str, stem: &str) -> bool {
    let Some(rest) = target.strip_prefix(stem) else {
        return false;
    };
    rest == ".pdf"
        || rest
            .strip_prefix('.')
            .and_then(|r| r.strip_suffix(".pdf"))
            .is_some_and(|lang| lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Removes the temporary files that a killed run left for the outputs of these releases
/// (folder → stems). Only those: another process may be writing other files in the same
/// folder (another shard). Returns the files removed.
pub fn remove_stale(stems: &BTreeMap<PathBuf, BTreeSet<String>>) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    for (dir, stems) in stems {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir.as_path()
        };
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = temp_target(&name).is_some_and(|t| stems.iter().any(|s| belongs_to(t, s)));
            if ours && std::fs::remove_file(entry.path()).is_ok() {
                removed.push(entry.path());
            }
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_only_our_temporary_files() {
        assert_eq!(temp_target(".r.pdf.tmp123"), Some("r.pdf"));
        assert_eq!(temp_target(".r.nl.pdf.tmp9"), Some("r.nl.pdf"));
        assert_eq!(temp_target("r.pdf"), None);
        assert_eq!(temp_target(".r.pdf.tmp"), None);
        assert_eq!(temp_target(".notes.txt.tmp12"), None);
    }

    #[test]
    fn outputs_belong_to_their_stem_only() {
        assert!(belongs_to("r.pdf", "r"));
        assert!(belongs_to("r.fr.pdf", "r"));
        assert!(!belongs_to("r2.pdf", "r"));
        assert!(!belongs_to("r.final.pdf", "r"));
    }
}
