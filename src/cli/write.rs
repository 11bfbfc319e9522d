//! Writing files so that a crash or kill never leaves a partial file under its final name
//! and never destroys the previous good one.
//!
//! The bytes go to a temporary file in the target's folder, named `.<name>.tmp<pid>` (hidden,
//! and never taken for a release or a PDF), which is flushed to disk and then renamed over
//! the target; the folder is synced so that the rename itself survives a power cut. A
//! release's outputs are written as one batch ([`write_all_atomic`]), whose syncs run at
//! once.
//! Temporary files that a killed run left behind are removed by the next run that builds
//! the same outputs ([`remove_stale`]), but only those it can prove stale: several runs may
//! share a folder (two CI jobs, a cron job and an archivist, shards), and deleting a running
//! run's temporary file made its rename fail. A temporary file is stale when the process
//! named by the pid in its name is gone (no `/proc/PID`) and no process holds the lock its
//! writer takes on it while writing (which also covers a writer in another pid namespace,
//! a container sharing the folder, whose pid means nothing here).

use communique::Diagnostic;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The largest PDF one document may make unless `--max-output-mib` says otherwise: 256 MiB.
/// A press release's PDF is 50 KB to 1 MB; the library's own limits (1,000 pages, 64 MiB of
/// rendered markup, a logo of 4096 × 4096 pixels) keep a document far below this, so the
/// limit is the last guard of the disk, not a limit on real documents. A user with a reason
/// to go past it (a huge logo in an archive of a thousand pages) can raise it.
pub const DEFAULT_MAX_OUTPUT_MIB: u64 = 256;

/// The error for a PDF of `len` bytes, past `limit`, built from `input`.
pub fn too_big(input: &Path, len: u64, limit: u64) -> Diagnostic {
    let mib = |b: u64| b as f64 / f64::from(1 << 20);
    Diagnostic::error(
        input.display().to_string(),
        format!(
            "the PDF would be {:.1} MiB, more than the {} MiB a document may make; nothing was written",
            mib(len),
            limit >> 20
        ),
    )
    .with_hint("check the templates and the logo, or raise the limit with --max-output-mib")
}

/// Writes one file atomically: [`write_all_atomic`] with a single file.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_all_atomic(&[(target, bytes)]).map_err(|(_, e)| e)
}

/// Writes several files (a release's outputs in every format), each atomically, as one
/// batch: every temporary file is written, then all are synced together, then renamed,
/// then each folder they are in is synced once. On an error, the index of the file that
/// failed and why; the temporary files not yet renamed are removed, and when the error
/// comes before the renames (writing or syncing: a full disk) no target was touched.
///
/// Why a batch, synced in parallel: on ext4 (and most journalled file systems) each
/// `fsync` waits for a journal commit, a cache flush of the disk, and a folder's sync one
/// more. One file after the other, a release in four formats (six files) waited for twelve
/// commits; syncs that run at once share their commit (the journal's group commit), and the
/// folder is synced once for all its renames. bench/README.md ("Issue 14: writing") has
/// the figures of each strategy tried. Each file is still synced before its rename, which
/// is what makes a half-written file under its final name impossible after a power cut.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), (usize, std::io::Error)> {
    let mut temps: Vec<Temp> = Vec::with_capacity(files.len());
    for (i, (target, bytes)) in files.iter().enumerate() {
        match Temp::write(target, bytes) {
            Ok(t) => temps.push(t),
            Err(e) => {
                remove(&temps);
                return Err((i, e));
            }
        }
    }
    if let Some((i, e)) = sync_all(&temps) {
        remove(&temps);
        return Err((i, e));
    }
    let mut dirs: Vec<&Path> = Vec::new();
    for (i, (t, (target, _))) in temps.iter().zip(files).enumerate() {
        if let Err(e) = std::fs::rename(&t.path, target) {
            remove(&temps[i..]);
            return Err((i, e));
        }
        if !dirs.contains(&folder_of(target)) {
            dirs.push(folder_of(target));
        }
    }
    for dir in dirs {
        sync_dir(dir);
    }
    Ok(())
}

/// A temporary file written beside its target, open and locked until it is renamed.
struct Temp {
    path: PathBuf,
    // Held until the rename: another run's sweep sees the file is in use. Where locks are
    // not supported the pid alone tells.
    file: std::fs::File,
}

impl Temp {
    fn write(target: &Path, bytes: &[u8]) -> std::io::Result<Temp> {
        let dir = folder_of(target);
        std::fs::create_dir_all(dir)?;
        let name = target.file_name().unwrap_or_default().to_string_lossy();
        let path = dir.join(format!(".{name}.tmp{}", std::process::id()));
        let file = std::fs::File::create(&path)?;
        let _ = file.lock();
        let temp = Temp { path, file };
        match (&temp.file).write_all(bytes) {
            Ok(()) => Ok(temp),
            Err(e) => {
                remove(std::slice::from_ref(&temp));
                Err(e)
            }
        }
    }
}

/// Syncs every temporary file, at once when there are several (each on a thread of its
/// own, whose small stack only waits); the first that failed, with its error.
fn sync_all(temps: &[Temp]) -> Option<(usize, std::io::Error)> {
    if let [only] = temps {
        return only.file.sync_all().err().map(|e| (0, e));
    }
    std::thread::scope(|s| {
        let waiting: Vec<_> = temps
            .iter()
            .map(|t| {
                std::thread::Builder::new()
                    .stack_size(SYNC_STACK)
                    .spawn_scoped(s, || t.file.sync_all())
            })
            .collect();
        waiting
            .into_iter()
            .zip(temps)
            .map(|(thread, t)| match thread {
                Ok(h) => h.join().unwrap_or_else(|_| t.file.sync_all()),
                // No thread to be had (a tight `ulimit -u`): synced here, one by one.
                Err(_) => t.file.sync_all(),
            })
            .enumerate()
            .find_map(|(i, r)| r.err().map(|e| (i, e)))
    })
}

/// The stack of a thread that only calls `fsync`: 64 KiB.
const SYNC_STACK: usize = 64 << 10;

fn remove(temps: &[Temp]) {
    for t in temps {
        let _ = std::fs::remove_file(&t.path);
    }
}

/// The folder a file is written in: its parent, `.` for a bare name.
fn folder_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the renames into `dir` durable. Some systems cannot open or sync a folder; the
/// renames have still happened, so that is not an error.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The file a temporary file was going to become and the pid of its writer, if `name` is
/// one of ours: an output's (of any format) or a manifest's.
fn temp_target(name: &str) -> Option<(&str, u32)> {
    let rest = name.strip_prefix('.')?;
    let (target, pid) = rest.rsplit_once(".tmp")?;
    let pid = pid
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| pid.parse().ok())??;
    (output_extension(target).is_some() || super::manifest::is_manifest(target))
        .then_some((target, pid))
}

/// Whether the temporary file `path`, written by process `pid`, is provably abandoned.
fn stale(path: &Path, pid: u32) -> bool {
    // Our own pid on a file that exists before we wrote anything: a dead process's, whose
    // pid was reused.
    let alive = pid != std::process::id() && process_exists(pid);
    !alive
        && std::fs::File::open(path).is_ok_and(|f| match f.try_lock() {
            Ok(()) => true,
            Err(std::fs::TryLockError::WouldBlock) => false,
            // No locks here (some network file systems): the pid has to do.
            Err(std::fs::TryLockError::Error(_)) => true,
        })
}

/// Whether process `pid` exists, on a system that can tell (`/proc`); elsewhere every
/// process is taken to exist, so nothing is removed.
fn process_exists(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !proc.join("self").exists() || proc.join(pid.to_string()).exists()
}

/// The extension of `name` if it is one of the output formats' (`pdf`, `html`, `txt`, `eml`).
fn output_extension(name: &str) -> Option<&str> {
    let (_, ext) = name.rsplit_once('.')?;
    communique::channel::Format::ALL
        .iter()
        .any(|f| f.name() == ext)
        .then_some(ext)
}

/// Whether `target` is one of the outputs of a release named `stem`: `stem.<ext>` or
/// `stem.<lang>.<ext>`, for the extension of any output format.
fn belongs_to(target: &str, stem: &str) -> bool {
    let Some(ext) = output_extension(target) else {
        return false;
    };
    let Some(rest) = target
        .strip_prefix(stem)
        .and_then(|r| r.strip_suffix(ext))
        .and_then(|r| r.strip_suffix('.'))
    else {
        return false;
    };
    rest.is_empty()
        || rest
            .strip_prefix('.')
            .is_some_and(|lang| lang.len() == 2 && lang.bytes().all(|b| b.is_ascii_lowercase()))
}

/// Removes the temporary files that a killed run left for the outputs of these releases
/// (folder → stems) and for the manifests in these folders. Only those, and only when
/// [`stale`]: another process may be writing in the same folder. Returns the files removed.
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
            let Some((target, pid)) = temp_target(&name) else {
                continue;
            };
            let ours =
                super::manifest::is_manifest(target) || stems.iter().any(|s| belongs_to(target, s));
            if ours && stale(&entry.path(), pid) && std::fs::remove_file(entry.path()).is_ok() {
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
        assert_eq!(temp_target(".r.pdf.tmp123"), Some(("r.pdf", 123)));
        assert_eq!(temp_target(".r.nl.pdf.tmp9"), Some(("r.nl.pdf", 9)));
        assert_eq!(
            temp_target(".communique.manifest.1-of-2.json.tmp7"),
            Some(("communique.manifest.1-of-2.json", 7))
        );
        assert_eq!(temp_target("r.pdf"), None);
        assert_eq!(temp_target(".r.pdf.tmp"), None);
        assert_eq!(temp_target(".r.pdf.tmp99999999999"), None);
        assert_eq!(temp_target(".r.nl.txt.tmp12"), Some(("r.nl.txt", 12)));
        assert_eq!(temp_target(".notes.doc.tmp12"), None);
    }

    #[test]
    fn only_abandoned_temporary_files_are_stale() {
        let dir = std::env::temp_dir().join(format!("communique-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let tmp = dir.join(".r.pdf.tmp1");
        std::fs::write(&tmp, b"%PDF-").unwrap();
        // pid 1 always runs: its file is not ours to remove.
        assert!(!stale(&tmp, 1));
        // A pid above Linux's maximum (2^22) names no process; but a file locked by a
        // writer (here this process, through another descriptor) is still in use.
        let held = std::fs::File::open(&tmp).unwrap();
        held.lock().unwrap();
        assert!(!stale(&tmp, 4_999_999));
        drop(held);
        assert!(stale(&tmp, 4_999_999));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Every file of a batch is written; a failure before the renames (here a folder that
    /// cannot be made) touches no target and leaves no temporary file.
    #[test]
    fn a_batch_is_written_whole_or_not_at_all_before_its_renames() {
        let dir = std::env::temp_dir().join(format!("communique-batch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let (a, b) = (dir.join("r.pdf"), dir.join("sub/r.nl.html"));
        write_all_atomic(&[(&a, b"new pdf"), (&b, b"new page")]).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"new pdf");
        assert_eq!(std::fs::read(&b).unwrap(), b"new page");
        // A file where a folder should be: its output cannot be made.
        std::fs::write(dir.join("blocked"), b"").unwrap();
        let c = dir.join("blocked/r.txt");
        let (i, _) = write_all_atomic(&[(&a, b"newer"), (&c, b"text")]).unwrap_err();
        assert_eq!(i, 1);
        assert_eq!(
            std::fs::read(&a).unwrap(),
            b"new pdf",
            "a target was replaced"
        );
        // A folder where a file should go: the rename fails, and names that output.
        std::fs::create_dir_all(dir.join("r.eml")).unwrap();
        let (i, _) =
            write_all_atomic(&[(&a, b"newest"), (&dir.join("r.eml"), b"mail")]).unwrap_err();
        assert_eq!(i, 1);
        let mut left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .chain(std::fs::read_dir(dir.join("sub")).unwrap())
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.contains(".tmp"))
            .collect();
        left.sort();
        assert!(left.is_empty(), "temporary files left: {left:?}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn outputs_belong_to_their_stem_only() {
        assert!(belongs_to("r.pdf", "r"));
        assert!(belongs_to("r.fr.pdf", "r"));
        assert!(!belongs_to("r2.pdf", "r"));
        assert!(!belongs_to("r.final.pdf", "r"));
        assert!(belongs_to("r.eml", "r"));
        assert!(belongs_to("r.nl.txt", "r"));
        assert!(!belongs_to("r.nl.doc", "r"));
        assert!(!belongs_to("rtxt", "r"));
    }
}
