//! The one way the CLI reads a file: regular files only, and at most so many bytes per kind.
//!
//! A release, brand, template, logo or font named `x.toml` may be anything a path can name:
//! a FIFO (`read` would wait forever for a writer), `/dev/zero` or a symlink to it (`read`
//! would fill memory until the process dies), a socket, a folder. So a file is opened
//! without blocking (`O_NONBLOCK`, which changes nothing for a regular file), symlinks
//! resolved by the open itself, and the opened file must be a regular file (`fstat` on the
//! descriptor, so it cannot be swapped after the check). It is then read up to its kind's
//! limit and no further: a file that is bigger, or grows past the limit while being read,
//! is refused with its name, its size and the limit.
//!
//! The limits are far above anything real (the largest example release is 12 KB, a Noto
//! face 0.6 MB) and are fixed: a file past them is a mistake or an attack, not a use.

use communique::Diagnostic;
use std::fs::File;
use std::io::Read;
use std::path::Path;

const MIB: u64 = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Release,
    Brand,
    /// A project's defaults (`communique.toml`).
    Project,
    Template,
    Logo,
    /// A release's photo (`[[photos]]`).
    Photo,
    Font,
    /// A manifest this tool wrote (`communique.manifest*.json`).
    Manifest,
    /// An output on disk (a PDF, text, web page or e-mail), compared with a fresh build or
    /// checked against the manifest.
    Output,
}

impl Kind {
    /// The most bytes a file of this kind may have.
    pub fn limit(self) -> u64 {
        match self {
            Kind::Release => 16 * MIB,
            Kind::Brand | Kind::Project | Kind::Template => MIB,
            Kind::Logo => 16 * MIB,
            // A camera's full-size JPEG is 5–25 MB.
            Kind::Photo => 32 * MIB,
            // Large enough for a pan-Unicode or CJK face (Noto Sans CJK is about 20 MB).
            Kind::Font => 32 * MIB,
            // About 400,000 outputs' entries.
            Kind::Manifest => 256 * MIB,
            Kind::Output => 1024 * MIB,
        }
    }

    fn what(self) -> &'static str {
        match self {
            Kind::Release => "release",
            Kind::Brand => "brand file",
            Kind::Project => "project file",
            Kind::Template => "template",
            Kind::Logo => "logo",
            Kind::Photo => "photo",
            Kind::Font => "font",
            Kind::Manifest => "manifest",
            Kind::Output => "output",
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub struct Refused {
    /// The file does not exist (a missing manifest is an empty one).
    pub not_found: bool,
    pub message: String,
    /// The message without naming the kind of file (`No such file or directory`, `it is a
    /// FIFO (named pipe), not a regular file`), for callers that name it themselves.
    pub reason: String,
    pub hint: Option<String>,
}

impl Refused {
    /// The refusal as an error located in the file.
    pub fn diagnostic(self, path: &Path) -> Diagnostic {
        let d = Diagnostic::error(path.display().to_string(), self.message);
        match self.hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// The bytes of `path`, a regular file of at most `kind.limit()` bytes.
pub fn bounded(path: &Path, kind: Kind) -> Result<Vec<u8>, Refused> {
    let io = |e: std::io::Error| Refused {
        not_found: e.kind() == std::io::ErrorKind::NotFound,
        message: format!("cannot read {}: {e}", kind.what()),
        reason: e.to_string(),
        hint: None,
    };
    // Stat first for a clear message (opening a socket fails with "no such device").
    not_regular(&std::fs::metadata(path).map_err(io)?, kind)?;
    let file = open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    not_regular(&meta, kind)?;
    let limit = kind.limit();
    if meta.len() > limit {
        return Err(too_big(kind, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(kind, bytes.len() as u64));
    }
    Ok(bytes)
}

/// Standard input, read to its end but at most `kind.limit()` bytes.
pub fn stdin(kind: Kind) -> Result<Vec<u8>, Refused> {
    let limit = kind.limit();
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Refused {
            not_found: false,
            message: format!("cannot read {} from standard input: {e}", kind.what()),
            reason: e.to_string(),
            hint: None,
        })?;
    if bytes.len() as u64 > limit {
        return Err(too_big(kind, bytes.len() as u64));
    }
    Ok(bytes)
}

/// [`bounded`], as UTF-8 text.
pub fn bounded_text(path: &Path, kind: Kind) -> Result<String, Refused> {
    String::from_utf8(bounded(path, kind)?).map_err(|e| {
        let reason = format!(
            "it is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        );
        Refused {
            not_found: false,
            message: format!("the {} {}", kind.what(), &reason[3..]),
            reason,
            hint: None,
        }
    })
}

#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

fn not_regular(meta: &std::fs::Metadata, kind: Kind) -> Result<(), Refused> {
    if meta.is_file() {
        return Ok(());
    }
    let reason = format!("it is {}, not a regular file", file_type(meta));
    Err(Refused {
        not_found: false,
        message: format!("the {} {}", kind.what(), &reason[3..]),
        reason,
        hint: Some(format!(
            "a {} must be a regular file (or a symlink to one); FIFOs, devices, sockets and folders are refused so that a run can neither hang nor read without end",
            kind.what()
        )),
    })
}

fn file_type(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

fn too_big(kind: Kind, size: u64) -> Refused {
    let reason = format!(
        "it has {size} bytes, more than the {} MiB a {} may have",
        kind.limit() / MIB,
        kind.what()
    );
    Refused {
        not_found: false,
        message: format!("the {} {}", kind.what(), &reason[3..]),
        reason,
        hint: Some(format!(
            "the limit is fixed and far above any real {}; check that this is the file you meant",
            kind.what()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_regular_files_and_refuses_devices_and_folders() {
        let dir = std::env::temp_dir().join(format!("communique-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("r.toml");
        std::fs::write(&file, b"x = 1\n").unwrap();
        assert_eq!(bounded(&file, Kind::Release).unwrap(), b"x = 1\n");
        let e = bounded(&dir, Kind::Release).unwrap_err();
        assert!(e.message.contains("a folder, not a regular file"), "{e}");
        #[cfg(unix)]
        {
            let e = bounded(Path::new("/dev/zero"), Kind::Logo).unwrap_err();
            assert!(e.message.contains("character device"), "{e}");
        }
        assert!(
            bounded(&dir.join("missing"), Kind::Manifest)
                .unwrap_err()
                .not_found
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
