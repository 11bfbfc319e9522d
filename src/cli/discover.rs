//! Finding the releases: files named on the command line, and `*.toml` files found by
//! searching folders recursively, in a stable sorted order.
//!
//! Each input keeps the path it is mirrored at under `-o DIR`: a file's own name, or for a
//! file found in a folder its path relative to that folder. Hidden entries (names starting
//! with `.`) and files named `brand.toml` (a brand kept beside the releases) are skipped.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Input {
    /// The file, as the user can find it (the folder named joined with the path below it).
    pub path: PathBuf,
    /// Where it is mirrored under the output folder.
    pub rel: PathBuf,
}

impl Input {
    /// The folder its PDFs go to: under `out` mirrored, or else beside the input.
    pub fn out_dir(&self, out: Option<&Path>) -> PathBuf {
        match out {
            Some(out) => out.join(self.rel.parent().unwrap_or(Path::new(""))),
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
    for path in paths {
        let meta =
            std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if !meta.is_dir() {
            let rel = PathBuf::from(path.file_name().unwrap_or(path.as_os_str()));
            inputs.push(Input {
                path: path.clone(),
                rel,
            });
            continue;
        }
        let mut found = Vec::new();
        walk(path, Path::new(""), &mut found)
            .map_err(|e| format!("cannot search {}: {e}", path.display()))?;
        if found.is_empty() {
            return Err(format!("no release files (*.toml) in {}", path.display()));
        }
        found.sort();
        inputs.extend(found.into_iter().map(|rel| Input {
            path: path.join(&rel),
            rel,
        }));
    }
    Ok(inputs)
}

/// Collects the release files under `root/rel`. Symbolic links to folders are not followed
/// (no cycles); links to files are.
fn walk(root: &Path, rel: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(root.join(rel))? {
        let entry = entry?;
        let name = entry.file_name();
        let name_str = name.to_string_lossy();
        if name_str.starts_with('.') {
            continue;
        }
        let child = rel.join(&name);
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(root, &child, found)?;
        } else if is_release_name(&name_str) && !entry.path().is_dir() {
            found.push(child);
        }
    }
    Ok(())
}

fn is_release_name(name: &str) -> bool {
    name.ends_with(".toml") && name != "brand.toml"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_release_files_count() {
        assert!(is_release_name("persbericht.toml"));
        assert!(!is_release_name("brand.toml"));
        assert!(!is_release_name("notes.txt"));
        assert!(!is_release_name("persbericht.pdf"));
    }
}
