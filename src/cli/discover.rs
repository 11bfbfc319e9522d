//! Finding the releases: files named on the command line, and `*.toml` files found by
//! searching folders recursively, in a stable sorted order.
//!
//! Each input keeps the path it is mirrored at under `-o DIR`: a file's own name, or for a
//! file found in a folder its path relative to that folder. Hidden entries (names starting
//! with `.`), files named `brand.toml` (a brand kept beside the releases) and
//! `communique.toml` (a project's defaults, see [`super::project`]) are skipped.
//!
//! `-` names standard input: one release, located as `<stdin>` in diagnostics, whose PDF is
//! named `stdin.pdf` under `-o DIR` (or goes to standard output with `-o -`).
//!
//! A sub-folder that cannot be searched (no permission, a path too long for the system)
//! becomes an input of its own that fails with the reason: the releases in the other folders
//! are built, and the run ends with exit code 1, naming the folder.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Input {
    /// The file, as the user can find it (the folder named joined with the path below it).
    pub path: PathBuf,
    /// Where it is mirrored under the output folder.
    pub rel: PathBuf,
    /// Why this is not a release but a folder that could not be searched.
    pub unsearchable: Option<String>,
    /// The release is read from standard input (`-`).
    pub stdin: bool,
    /// Found by searching a folder named on the command line (not named itself): such a
    /// run builds a folder, whose index pages and feeds it writes.
    pub in_folder: bool,
}

/// How diagnostics name a release read from standard input.
pub const STDIN: &str = "<stdin>";

impl Input {
    /// The folder its PDFs go to: under `out` mirrored, or else beside the input.
    pub fn out_dir(&self, out: Option<&Path>) -> PathBuf {
        match out {
            Some(out) => out.join(self.rel.parent().unwrap_or(Path::new(""))),
            // Only `-o` can place it; `build` refuses `-` without it.
            None if self.stdin => PathBuf::new(),
            None => self
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        }
    }

    /// The file name without `.toml`, which names its PDFs.
    pub fn stem(&self) -> String {
        self.rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "release".into())
    }
}

/// Expands the command line's paths into inputs. Errors (a path that does not exist, a
/// folder without releases) are usage errors: nothing should be built.
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    if paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err("standard input (-) named more than once: it can be read only once".into());
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                path: PathBuf::from(STDIN),
                rel: PathBuf::from("stdin.toml"),
                unsearchable: None,
                stdin: true,
                in_folder: false,
            });
            continue;
        }
        let meta = std::fs::metadata(path)
            .map_err(|e| format!("cannot read {}: {e}", super::shown::path(path)))?;
        if !meta.is_dir() {
            let rel = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            inputs.push(Input {
                path: path.clone(),
                rel,
                unsearchable: None,
                stdin: false,
                in_folder: false,
            });
            continue;
        }
        let mut found = Vec::new();
        // The folder named itself must be searchable: with nothing found, nothing could be
        // built.
        std::fs::read_dir(path)
            .map_err(|e| format!("cannot search {}: {e}", super::shown::path(path)))?;
        walk(path, Path::new(""), &mut found);
        if found.is_empty() {
            return Err(format!(
                "no release files (*.toml) in {}",
                super::shown::path(path)
            ));
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        inputs.extend(found.into_iter().map(|(rel, unsearchable)| Input {
            path: path.join(&rel),
            rel,
            unsearchable,
            stdin: false,
            in_folder: true,
        }));
    }
    Ok(inputs)
}

/// Collects the release files under `root/rel`, and the folders there that cannot be
/// searched, each with the reason. Symbolic links to folders are not followed (no cycles);
/// links to files are.
fn walk(root: &Path, rel: &Path, found: &mut Vec<(PathBuf, Option<String>)>) {
    let failed = |e: std::io::Error| (rel.to_path_buf(), Some(e.to_string()));
    let entries = match std::fs::read_dir(root.join(rel)) {
        Ok(entries) => entries,
        Err(e) => return found.push(failed(e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => return found.push(failed(e)),
        };
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str.starts_with('.') {
            continue;
        }
        let child = rel.join(&name);
        match entry.file_type() {
            Ok(kind) if kind.is_dir() => walk(root, &child, found),
            Ok(_) if is_release_name(&name_str) && !entry.path().is_dir() => {
                found.push((child, None))
            }
            Ok(_) => {}
            Err(e) => found.push((child, Some(e.to_string()))),
        }
    }
}

fn is_release_name(name: &str) -> bool {
    name.ends_with(".toml") && name != "brand.toml" && name != communique::project::FILE_NAME
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_release_files_count() {
        assert!(is_release_name("persbericht.toml"));
        assert!(!is_release_name("brand.toml"));
        assert!(!is_release_name("communique.toml"));
        assert!(!is_release_name("notes.txt"));
        assert!(!is_release_name("persbericht.pdf"));
    }
}
