//! The files a release names (its photos), read from disk for the engine: relative to the
//! release's folder, and only from inside it once symlinks are resolved, so that a release
//! from elsewhere cannot embed `~/.ssh/id_rsa` through `photos/x.jpg -> ~/.ssh/id_rsa`.
//! Read like every other input (`read::bounded`): regular files only, at most so many bytes.

use super::read::{self, Kind};
use communique::{FileRefusal, Files};
use std::path::{Path, PathBuf};

/// Reads files next to the release.
pub struct Disk;

impl communique::Files for Disk {
    fn read(&self, release: &str, file: &str) -> Result<Vec<u8>, FileRefusal> {
        let folder = match Path::new(release).parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let path = folder.join(file);
        let refused = |e: std::io::Error| FileRefusal {
            message: e.to_string(),
            hint: (e.kind() == std::io::ErrorKind::NotFound).then(|| {
                format!(
                    "the file is looked for relative to the release's folder ({})",
                    folder.display()
                )
            }),
        };
        let inside = std::fs::canonicalize(&folder).map_err(refused)?;
        let real = std::fs::canonicalize(&path).map_err(refused)?;
        if !real.starts_with(&inside) {
            return Err(FileRefusal {
                message: format!(
                    "it is outside the release's folder once symlinks are resolved ({})",
                    real.display()
                ),
                hint: Some(
                    "copy the photo into the release's folder (or a folder below it)".into(),
                ),
            });
        }
        read::bounded(&real, Kind::Photo).map_err(|r| FileRefusal {
            message: r.reason,
            hint: r.hint,
        })
    }
}

/// The bytes of each photo the release at `path` names, in order, for the manifest key; a
/// photo that cannot be read counts as the reason (the build then reports it). A release
/// whose text does not mention `photos` names none and is not parsed a second time.
pub fn photo_bytes(path: &Path, source: &[u8]) -> Vec<Vec<u8>> {
    if memchr::memmem::find(source, b"photos").is_none() {
        return Vec::new();
    }
    let name = path.display().to_string();
    let Ok(release) = communique::model::load(&name, source) else {
        return Vec::new();
    };
    (release.photos.iter())
        .map(|p| {
            Disk.read(&name, &p.file.value)
                .unwrap_or_else(|e| e.message.into_bytes())
        })
        .collect()
}

/// The `--brands` brands a release names (`brand = "a"` or `["a", "b"]`), in its order, for
/// its manifest key; none when it names none or cannot be read (its build then fails, and
/// no key is kept).
pub fn named_brands(path: &Path, source: &[u8]) -> Vec<String> {
    if memchr::memmem::find(source, b"brand").is_none() {
        return Vec::new();
    }
    let name = path.display().to_string();
    let Ok(release) = communique::model::load(&name, source) else {
        return Vec::new();
    };
    (release.brand.iter()).map(|b| b.value.clone()).collect()
}
