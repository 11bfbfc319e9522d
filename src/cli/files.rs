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

/// What a release's manifest key covers beyond its own bytes: the bytes of each photo it
/// names, in order (a photo that cannot be read counts as the reason; the build then reports
/// it), and the `--brands` brands it names (`brand = "a"` or `["a", "b"]`), in its order.
/// A release whose text mentions neither `photos` nor `brand` is not parsed a second time,
/// and one that mentions both is parsed once; one that cannot be read names none (its build
/// then fails, and no key is kept).
pub fn key_parts(path: &Path, source: &[u8]) -> (Vec<Vec<u8>>, Vec<String>) {
    let mentions = |word: &[u8]| memchr::memmem::find(source, word).is_some();
    let (photos, brands) = (mentions(b"photos"), mentions(b"brand"));
    if !photos && !brands {
        return (Vec::new(), Vec::new());
    }
    let name = path.display().to_string();
    let Ok(release) = communique::model::load(&name, source) else {
        return (Vec::new(), Vec::new());
    };
    let photos = (release.photos.iter())
        .map(|p| {
            Disk.read(&name, &p.file.value)
                .unwrap_or_else(|e| e.message.into_bytes())
        })
        .collect();
    let brands = (release.brand.iter()).map(|b| b.value.clone()).collect();
    (photos, brands)
}
