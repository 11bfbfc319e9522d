//! Writing files so that a crash or kill never leaves a partial file under its final name
//! and never destroys the previous good one.
//!
//! On Linux the bytes go to a file with no name yet (`O_TMPFILE`, in the target's folder),
//! which is flushed to disk and then linked under the target's name: a name appears only
//! for a complete file, and a killed run leaves nothing behind, the kernel frees the
//! unnamed file. A target that already exists (a rebuild) cannot be replaced by a link:
//! the file is linked under a temporary name and renamed over it. Where files without a
//! name cannot be made (another system, a file system without `O_TMPFILE`, no `/proc`),
//! the bytes go to a temporary file beside the target, named `.<name>.tmp<pid>` (hidden,
//! and never taken for a release or a PDF), flushed and renamed over the target. Either
//! way the folder is synced so that the new name itself survives a power cut. A release's
//! outputs are one batch, staged ([`stage`]: written, not synced); the batches of the
//! releases ready at a time are committed together ([`commit`]: all synced at once, by one
//! `syncfs` of their file system where [`whole`] finds that as safe, named, each folder
//! synced once).
//!
//! Why no name until the commit (session 14): a temporary name costs a directory entry
//! made, then moved (the rename), and a lock per file; six files per release in four
//! formats made those a visible part of a build's system time (bench/README.md, "Issue 14").
//!
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
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Condvar, Mutex, OnceLock};

mod whole;

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

/// Writes several files (the index pages and feeds, a manifest) as one batch: [`stage`]
/// then [`commit`]. On an error, the index of the file that failed and why.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), (usize, std::io::Error)> {
    let staged = stage(files)?;
    commit(vec![staged]).pop().unwrap_or(Ok(()))
}

/// The files of one batch (a release's outputs in every format), written but neither
/// synced nor named yet: [`commit`] does that, for many batches at once.
pub struct Staged {
    temps: Vec<Temp>,
}

/// Writes every file's bytes to a file of its own in its target's folder, unnamed or under
/// a temporary name; nothing is synced or named. On an error, the index of the file that
/// failed and why, and no temporary file is left.
pub fn stage(files: &[(&Path, &[u8])]) -> Result<Staged, (usize, std::io::Error)> {
    stage_as(files, Naming::Unnamed)
}

/// [`stage`] with the naming given: the tests take the temporary names on Linux too.
fn stage_as(files: &[(&Path, &[u8])], naming: Naming) -> Result<Staged, (usize, std::io::Error)> {
    let mut temps: Vec<Temp> = Vec::with_capacity(files.len());
    for (i, (target, bytes)) in files.iter().enumerate() {
        match Temp::write(target, bytes, naming) {
            Ok(t) => temps.push(t),
            Err(e) => {
                remove(&temps);
                return Err((i, e));
            }
        }
    }
    Ok(Staged { temps })
}

/// Puts staged batches in place, each atomically file by file, all made durable
/// together: every file of every batch is synced (by a few threads at once), then each
/// batch whose files all synced gets its targets' names ([`Temp::place`]: linked or
/// renamed), then each folder that received a name is synced once. One result per batch,
/// in order: on an error the index of the file that failed and why. A batch that fails
/// before its names (a sync: a full disk, an I/O error) replaces none of its targets; one
/// that fails at a name keeps the names before it. No temporary file is left either way,
/// and the other batches are not affected.
///
/// Why many releases in one commit: each release committed on its own (session 9) made
/// a thread per file to sync and synced its folders once per release; a commit takes the
/// releases that are ready, so under load the threads, the folder syncs and the waits are
/// shared by all of them, and when the disk is fast a batch is one release, with no delay.
/// Each file is still synced before it is named: after a power cut no file is half-written
/// under its final name, and the caller records a release only once its commit returned.
///
/// Where the system allows it ([`whole`]), the files are made durable by one sync of
/// their file system instead of one sync each (session 16).
pub fn commit(batches: Vec<Staged>) -> Vec<Result<(), (usize, std::io::Error)>> {
    let bytes = batches.iter().flat_map(|b| &b.temps).map(|t| t.len).sum();
    let syncs = Syncs {
        file: std::fs::File::sync_all,
        file_system: whole::allowed(bytes).then_some(whole::sync as SyncFn),
    };
    commit_with(batches, syncs)
}

/// How a commit's files are made durable: each file's sync, and the sync of a whole file
/// system where [`whole::allowed`] says it may be taken instead.
#[derive(Clone, Copy)]
struct Syncs {
    file: SyncFn,
    file_system: Option<SyncFn>,
}

/// [`commit`] with the syncs given: the tests make them fail.
fn commit_with(batches: Vec<Staged>, syncs: Syncs) -> Vec<Result<(), (usize, std::io::Error)>> {
    let all: Vec<&Temp> = batches.iter().flat_map(|b| &b.temps).collect();
    let mut synced = make_durable(&all, syncs).into_iter();
    let mut dirs: Vec<&Path> = Vec::new();
    let results = batches
        .iter()
        .map(|b| {
            let failed = synced
                .by_ref()
                .take(b.temps.len())
                .enumerate()
                .find_map(|(i, r)| r.err().map(|e| (i, e)));
            match failed {
                Some(failure) => {
                    remove(&b.temps);
                    Err(failure)
                }
                None => place_all(&b.temps, &mut dirs),
            }
        })
        .collect();
    for dir in dirs {
        sync_dir(dir);
    }
    results
}

/// Syncs every temporary file: the files of each file system [`whole::covered`] in one sync,
/// the others ([`sync_all`]) each on its own; each file's result, in order.
fn make_durable(temps: &[&Temp], syncs: Syncs) -> Vec<std::io::Result<()>> {
    let covered = match syncs.file_system {
        Some(sync) => whole::covered(temps, sync),
        None => vec![false; temps.len()],
    };
    let rest: Vec<&Temp> = temps
        .iter()
        .zip(&covered)
        .filter(|(_, &c)| !c)
        .map(|(t, _)| *t)
        .collect();
    // None left: the sync threads are not even started.
    let mut synced = if rest.is_empty() {
        Vec::new().into_iter()
    } else {
        sync_all(&rest, syncs.file).into_iter()
    };
    covered
        .iter()
        .map(|&c| match c {
            true => Ok(()),
            false => synced
                .next()
                .unwrap_or_else(|| Err(std::io::Error::other("not synced"))),
        })
        .collect()
}

/// Gives a batch's synced files their targets' names ([`Temp::place`]), noting their
/// folders in `dirs`; at the first failure the rest are removed.
fn place_all<'a>(
    temps: &'a [Temp],
    dirs: &mut Vec<&'a Path>,
) -> Result<(), (usize, std::io::Error)> {
    for (i, t) in temps.iter().enumerate() {
        if let Err(e) = t.place() {
            remove(&temps[i..]);
            return Err((i, e));
        }
        let dir = folder_of(&t.target);
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    Ok(())
}

/// How a file is written before its commit.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Naming {
    /// With no name until the commit links it (`O_TMPFILE`), where the system can.
    Unnamed,
    /// Under a temporary name beside the target, renamed at the commit. Asked for by the
    /// tests only: a build comes to it when the system refuses the first way.
    #[cfg_attr(not(test), allow(dead_code))]
    Temporary,
}

/// A file written for its target, open until it is given the target's name: unnamed, or
/// under a temporary name (and then locked).
struct Temp {
    /// The temporary name, `None` for a file with no name yet.
    path: Option<PathBuf>,
    target: PathBuf,
    /// Its bytes.
    len: u64,
    /// When it was opened, in the order of all files this process opened ([`whole::covered`]
    /// needs the first).
    opened: u64,
    // A named file's lock is held until the rename: another run's sweep sees the file is in
    // use. Where locks are not supported the pid alone tells.
    file: Arc<std::fs::File>,
}

impl Temp {
    fn write(target: &Path, bytes: &[u8], naming: Naming) -> std::io::Result<Temp> {
        let dir = folder_of(target);
        // The folder is made only when it is missing: nearly always it is there, and a
        // `mkdir` per file cost a failed system call each.
        let temp = match Temp::create(dir, target, naming) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir_all(dir)?;
                Temp::create(dir, target, naming)?
            }
            made => made?,
        };
        // Numbered after the file is opened and before it is written: see `whole::covered`.
        let temp = Temp {
            len: bytes.len() as u64,
            opened: OPENED.fetch_add(1, Ordering::AcqRel),
            ..temp
        };
        match (&*temp.file).write_all(bytes) {
            Ok(()) => Ok(temp),
            Err(e) => {
                remove(std::slice::from_ref(&temp));
                Err(e)
            }
        }
    }

    fn create(dir: &Path, target: &Path, naming: Naming) -> std::io::Result<Temp> {
        if naming == Naming::Unnamed {
            if let Some(file) = unnamed::create(dir)? {
                return Ok(Temp {
                    path: None,
                    target: target.to_path_buf(),
                    len: 0,
                    opened: 0,
                    file: Arc::new(file),
                });
            }
        }
        let path = temp_name(target);
        let file = std::fs::File::create(&path)?;
        let _ = file.lock();
        Ok(Temp {
            path: Some(path),
            target: target.to_path_buf(),
            len: 0,
            opened: 0,
            file: Arc::new(file),
        })
    }

    /// Gives the synced file its target's name: renamed from its temporary name, or linked.
    /// A link cannot replace a file, so an unnamed file whose target exists (a rebuild) is
    /// linked under a temporary name (locked, as a named one is) and renamed over it.
    fn place(&self) -> std::io::Result<()> {
        if let Some(path) = &self.path {
            return std::fs::rename(path, &self.target);
        }
        match unnamed::link(&self.file, &self.target) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            linked => return linked,
        }
        let path = temp_name(&self.target);
        let _ = self.file.lock();
        let linked = match unnamed::link(&self.file, &path) {
            // Left by a dead process that had our pid (a named write would truncate it).
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&path)?;
                unnamed::link(&self.file, &path)
            }
            linked => linked,
        };
        linked?;
        let renamed = std::fs::rename(&path, &self.target);
        if renamed.is_err() {
            let _ = std::fs::remove_file(&path);
        }
        renamed
    }
}

/// How many files this process has opened for writing: [`Temp::opened`].
static OPENED: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The temporary name of `target`'s file: `.<name>.tmp<pid>` in its folder.
fn temp_name(target: &Path) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    folder_of(target).join(format!(".{name}.tmp{}", pid()))
}

/// Files with no name until they are complete: `O_TMPFILE`, then `linkat` through
/// `/proc/self/fd` (which needs no privilege, unlike `AT_EMPTY_PATH`).
#[cfg(target_os = "linux")]
mod unnamed {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::OnceLock;

    /// Set once a file system refused `O_TMPFILE`: the rest of the run names its files.
    static REFUSED: AtomicBool = AtomicBool::new(false);

    /// A file with no name in `dir`, or `None` where there can be none (no `/proc` to link
    /// it through, a file system or kernel without `O_TMPFILE`).
    pub fn create(dir: &Path) -> std::io::Result<Option<std::fs::File>> {
        static PROC: OnceLock<bool> = OnceLock::new();
        if REFUSED.load(Ordering::Relaxed)
            || !*PROC.get_or_init(|| Path::new("/proc/self/fd").is_dir())
        {
            return Ok(None);
        }
        let made = std::fs::OpenOptions::new()
            .write(true)
            .custom_flags(libc::O_TMPFILE)
            .mode(0o666)
            .open(dir);
        match made {
            Ok(file) => Ok(Some(file)),
            // EOPNOTSUPP: the file system cannot; EISDIR: a kernel older than 3.11 took the
            // flag for O_DIRECTORY alone (open(2)).
            Err(e) if matches!(e.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR)) => {
                REFUSED.store(true, Ordering::Relaxed);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Names the unnamed `file` `to`; `AlreadyExists` if `to` exists.
    pub fn link(file: &std::fs::File, to: &Path) -> std::io::Result<()> {
        use rustix::fs::{linkat, AtFlags, CWD};
        let fd = format!("/proc/self/fd/{}", file.as_raw_fd());
        linkat(CWD, fd.as_str(), CWD, to, AtFlags::SYMLINK_FOLLOW)?;
        Ok(())
    }
}

/// Elsewhere every file is written under a temporary name.
#[cfg(not(target_os = "linux"))]
mod unnamed {
    use std::path::Path;

    pub fn create(_: &Path) -> std::io::Result<Option<std::fs::File>> {
        Ok(None)
    }

    pub fn link(_: &std::fs::File, _: &Path) -> std::io::Result<()> {
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }
}

/// This process's id, for the temporary files' names: asked of the system once.
/// `std::process::id` is a `getpid` system call each time (glibc no longer caches it): one
/// per output file, 1,205 for 200 releases in four formats (`strace -c`).
fn pid() -> u32 {
    static PID: OnceLock<u32> = OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// Syncs every temporary file, up to [`SYNC_THREADS`] at once; each file's result, in
/// order. The calling thread syncs too, taking the next file not yet taken like the
/// [`sync_pool`]'s threads it asks to help: it would otherwise only wait.
fn sync_all(temps: &[&Temp], sync: SyncFn) -> Vec<std::io::Result<()>> {
    let job = Arc::new(SyncJob {
        sync,
        next: AtomicUsize::new(0),
        done: Mutex::new(Results {
            files: temps.iter().map(|t| Arc::clone(&t.file)).collect(),
            results: temps.iter().map(|_| None).collect(),
            left: temps.len(),
        }),
        finished: Condvar::new(),
    });
    if let Some(pool) = sync_pool() {
        // Helpers for all but the file this thread takes: at most SYNC_THREADS syncs in all.
        pool.ask(&job, temps.len().min(SYNC_THREADS).saturating_sub(1));
    }
    job.work();
    let mut done = job.lock();
    while done.left > 0 {
        done = job.finished.wait(done).unwrap_or_else(|e| e.into_inner());
    }
    // A helper still busy with an earlier job holds this one until it looks at it (and
    // finds nothing left): the files' descriptors are not kept open that long.
    done.files.clear();
    done.results
        .iter_mut()
        .map(|r| {
            r.take()
                .unwrap_or_else(|| Err(std::io::Error::other("not synced")))
        })
        .collect()
}

/// How a file is synced: `File::sync_all`, but for tests that make it fail.
type SyncFn = fn(&std::fs::File) -> std::io::Result<()>;

/// One commit's files to sync, shared by the threads syncing them: each takes the next
/// file not yet taken ([`SyncJob::work`]) until none is left; the last file synced wakes
/// the committing thread. So a commit costs a wake-up per helping thread and one for the
/// committer, where a request per file (session 10) cost a wake-up of a pool thread, one
/// of the next pool thread through the queue's lock, and one of the committer per reply:
/// about five context switches per file (`perf stat -e context-switches`, 200 releases in
/// four formats: 7,805 against 2,819 for the PDFs alone).
struct SyncJob {
    sync: SyncFn,
    /// The next file no thread has taken yet.
    next: AtomicUsize,
    done: Mutex<Results>,
    /// Signalled when `left` reaches 0.
    finished: Condvar,
}

/// The files to sync, each one's result once synced, and how many are still to sync.
struct Results {
    /// Shared with their [`Temp`]s, which keep them open (and locked) until the rename: no
    /// second descriptor, no borrow a thread would have to outlive.
    files: Vec<Arc<std::fs::File>>,
    results: Vec<Option<std::io::Result<()>>>,
    left: usize,
}

impl SyncJob {
    /// Syncs files not yet taken until none is left.
    fn work(&self) {
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = self.lock().files.get(i).cloned() else {
                return;
            };
            // A sync that panicked still counts as done (failed), or its committer would
            // wait for it for ever.
            let result =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (self.sync)(&file)))
                    .unwrap_or_else(|_| Err(std::io::Error::other("the sync failed")));
            let mut done = self.lock();
            done.results[i] = Some(result);
            done.left -= 1;
            if done.left == 0 {
                self.finished.notify_all();
            }
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Results> {
        self.done.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The threads that help sync, started once per process and asleep (blocked on their own
/// queue) between commits: session 9 started a thread per file, a `clone3`, a stack mapped
/// and unmapped and a handful more system calls each, 1,215 of them for 200 releases in
/// four formats (`strace -c`). Rayon's pool was tried and left: its idle threads spin, and
/// called `sched_yield` 35,000 times in the same build. Each thread has a queue of its own,
/// so a job wakes only the threads asked (a queue shared behind a lock woke a second
/// thread, the next to wait, each time one was taken). `None` if no thread could start.
fn sync_pool() -> Option<&'static SyncPool> {
    static POOL: OnceLock<Option<SyncPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let threads: Vec<mpsc::Sender<Arc<SyncJob>>> = (0..SYNC_THREADS)
            .filter_map(|_| {
                let (send, queue) = mpsc::channel::<Arc<SyncJob>>();
                std::thread::Builder::new()
                    .name("sync".into())
                    .stack_size(SYNC_STACK)
                    .spawn(move || queue.iter().for_each(|job| job.work()))
                    .ok()
                    .map(|_| send)
            })
            .collect();
        (!threads.is_empty()).then(|| SyncPool {
            threads,
            turn: AtomicUsize::new(0),
        })
    })
    .as_ref()
}

/// The helping threads' queues, and which thread is asked first next time: the two
/// writers' commits then spread over the threads rather than both queueing on the first.
struct SyncPool {
    threads: Vec<mpsc::Sender<Arc<SyncJob>>>,
    turn: AtomicUsize,
}

impl SyncPool {
    /// Gives `job` to `helpers` threads (as many as there are, at most). A thread still
    /// busy with an earlier job joins this one when it is done, if files are left; the
    /// committing thread syncs whatever no helper took, so a job never waits for a thread.
    fn ask(&self, job: &Arc<SyncJob>, helpers: usize) {
        let n = self.threads.len();
        let first = self.turn.fetch_add(helpers, Ordering::Relaxed);
        for k in 0..helpers.min(n) {
            let _ = self.threads[(first + k) % n].send(Arc::clone(job));
        }
    }
}

/// At most this many syncs wait at once. On a journalled file system (ext4, XFS) syncs
/// that wait together share a journal commit: session 9 measured a thread per file against
/// one by one (bench/README.md, "Issue 14: writing"), and the concurrency was the gain.
/// The threads only wait, so more of them cost no core, only a small stack each.
const SYNC_THREADS: usize = 16;

/// The stack of a thread that only calls `fsync`: 64 KiB.
const SYNC_STACK: usize = 64 << 10;

/// Removes the named ones of `temps`; an unnamed file goes when it is closed.
fn remove(temps: &[Temp]) {
    for path in temps.iter().filter_map(|t| t.path.as_ref()) {
        let _ = std::fs::remove_file(path);
    }
}

/// The folder a file is written in: its parent, `.` for a bare name.
fn folder_of(target: &Path) -> &Path {
    target
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Makes the new names in `dir` (links, renames) durable. Some systems cannot open or sync a folder; the
/// renames have still happened, so that is not an error.
pub fn sync_dir(dir: &Path) {
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
    let alive = pid != self::pid() && process_exists(pid);
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

    /// Both ways of writing a file before its commit: the one a build takes here, and the
    /// temporary names it falls back to where files cannot be unnamed.
    const NAMINGS: [Naming; 2] = [Naming::Unnamed, Naming::Temporary];

    /// [`write_all_atomic`] with the naming given.
    fn write_all_as(
        files: &[(&Path, &[u8])],
        naming: Naming,
    ) -> Result<(), (usize, std::io::Error)> {
        let staged = stage_as(files, naming)?;
        commit(vec![staged]).pop().unwrap()
    }

    /// Every file of a batch is written; a failure before the names are given (here a
    /// folder that cannot be made) touches no target and leaves no temporary file.
    #[test]
    fn a_batch_is_written_whole_or_not_at_all_before_its_names() {
        for naming in NAMINGS {
            let dir = std::env::temp_dir().join(format!(
                "communique-batch-{}-{naming:?}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(dir.join("sub")).unwrap();
            let (a, b) = (dir.join("r.pdf"), dir.join("sub/r.nl.html"));
            write_all_as(&[(&a, b"new pdf"), (&b, b"new page")], naming).unwrap();
            assert_eq!(std::fs::read(&a).unwrap(), b"new pdf");
            assert_eq!(std::fs::read(&b).unwrap(), b"new page");
            // A file where a folder should be: its output cannot be made.
            std::fs::write(dir.join("blocked"), b"").unwrap();
            let c = dir.join("blocked/r.txt");
            let (i, _) = write_all_as(&[(&a, b"newer"), (&c, b"text")], naming).unwrap_err();
            assert_eq!(i, 1, "{naming:?}");
            assert_eq!(
                std::fs::read(&a).unwrap(),
                b"new pdf",
                "{naming:?}: a target was replaced"
            );
            // A folder where a file should go: naming it fails, and names that output.
            std::fs::create_dir_all(dir.join("r.eml")).unwrap();
            let (i, _) = write_all_as(&[(&a, b"newest"), (&dir.join("r.eml"), b"mail")], naming)
                .unwrap_err();
            assert_eq!(i, 1, "{naming:?}");
            assert!(dir.join("r.eml").is_dir());
            assert_eq!(temporaries(&dir), Vec::<String>::new(), "{naming:?}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    /// A rebuild: each way of writing replaces the existing targets whole (a link cannot
    /// replace a file, so an unnamed file goes through a temporary name), also over a
    /// temporary file a dead process with this pid left, and leaves no temporary file.
    #[test]
    fn a_commit_replaces_existing_targets() {
        for naming in NAMINGS {
            let dir = std::env::temp_dir().join(format!(
                "communique-replace-{}-{naming:?}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let (a, b) = (dir.join("r.pdf"), dir.join("r.nl.html"));
            std::fs::write(&a, b"old pdf").unwrap();
            std::fs::write(&b, b"old page").unwrap();
            std::fs::write(temp_name(&a), b"left by a dead process").unwrap();
            write_all_as(&[(&a, b"new pdf"), (&b, b"new page")], naming).unwrap();
            assert_eq!(std::fs::read(&a).unwrap(), b"new pdf", "{naming:?}");
            assert_eq!(std::fs::read(&b).unwrap(), b"new page", "{naming:?}");
            assert_eq!(temporaries(&dir), Vec::<String>::new(), "{naming:?}");
            let _ = std::fs::remove_dir_all(&dir);
        }
    }

    /// On Linux a staged file has no name at all until its commit: nothing a killed run
    /// could leave behind, nothing for the next run to sweep. (Fails where the temporary
    /// folder's file system has no `O_TMPFILE`: the build then writes temporary names,
    /// correctly but at the cost this way saves.)
    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_a_staged_file_has_no_name() {
        let dir = std::env::temp_dir().join(format!("communique-unnamed-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("r.pdf");
        let staged = stage(&[(&target, b"pdf"), (&dir.join("new/r.txt"), b"text")]).unwrap();
        assert!(staged.temps.iter().all(|t| t.path.is_none()));
        let listed = |d: &Path| std::fs::read_dir(d).unwrap().count();
        // The missing folder was made, and is empty.
        assert_eq!((listed(&dir), listed(&dir.join("new"))), (1, 0));
        assert!(commit(vec![staged]).iter().all(Result::is_ok));
        assert_eq!(std::fs::read(&target).unwrap(), b"pdf");
        assert_eq!(std::fs::read(dir.join("new/r.txt")).unwrap(), b"text");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// The temporary files left in `dir` and its folders.
    fn temporaries(dir: &Path) -> Vec<String> {
        let mut left = Vec::new();
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            if e.path().is_dir() {
                left.extend(temporaries(&e.path()));
            } else if e.file_name().to_string_lossy().contains(".tmp") {
                left.push(e.path().display().to_string());
            }
        }
        left
    }

    /// Three releases committed together; the second's second file fails to sync (a full
    /// disk, an I/O error): none of its targets is replaced, the first and third are
    /// written whole, and no temporary file is left.
    #[test]
    fn a_failed_sync_replaces_nothing_of_its_release_and_spares_the_others() {
        let dir = std::env::temp_dir().join(format!("communique-commit-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = |n: &str| dir.join(n);
        std::fs::write(path("b.pdf"), b"old b pdf").unwrap();
        std::fs::write(path("b.eml"), b"old b mail").unwrap();
        let staged = [
            stage(&[(&path("a.pdf"), b"a pdf"), (&path("a.eml"), b"a mail")]).unwrap(),
            // 13 bytes: the file whose sync fails below.
            stage(&[
                (&path("b.pdf"), b"new b pdf"),
                (&path("b.eml"), b"new b mail!!!"),
            ])
            .unwrap(),
            stage(&[(&path("sub/c.pdf"), b"c pdf")]).unwrap(),
        ];
        let results = commit_with(
            staged.into(),
            each_file(|f| match f.metadata()?.len() {
                13 => Err(std::io::Error::other("no space left on device")),
                _ => f.sync_all(),
            }),
        );
        assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
        assert_eq!(
            results[1].as_ref().unwrap_err().0,
            1,
            "the failing file's index"
        );
        let read = |n: &str| std::fs::read(path(n)).unwrap();
        assert_eq!(read("a.pdf"), b"a pdf");
        assert_eq!(read("a.eml"), b"a mail");
        assert_eq!(read("sub/c.pdf"), b"c pdf");
        assert_eq!(
            read("b.pdf"),
            b"old b pdf",
            "a target of the failed release was replaced"
        );
        assert_eq!(read("b.eml"), b"old b mail");
        assert_eq!(temporaries(&dir), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Every file synced on its own, with `sync`.
    fn each_file(sync: SyncFn) -> Syncs {
        Syncs {
            file: sync,
            file_system: None,
        }
    }

    /// Where the file system allows it, a commit's files are made durable by one sync of
    /// it, given the file opened first; no file is synced on its own. Elsewhere (a file
    /// system not in `whole::LOCAL`) each file is.
    #[test]
    fn one_sync_of_the_file_system_makes_a_commit_durable() {
        static FILE_SYSTEM: Mutex<Vec<u64>> = Mutex::new(Vec::new());
        static FILES: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!("communique-syncfs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b, c) = (dir.join("a.pdf"), dir.join("a.eml"), dir.join("b.pdf"));
        let staged = vec![
            stage(&[(&a, b"a pdf"), (&b, b"a mail")]).unwrap(),
            stage(&[(&c, b"b pdf!")]).unwrap(),
        ];
        let results = commit_with(
            staged,
            Syncs {
                file: |_| {
                    FILES.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                },
                file_system: Some(|f| {
                    FILE_SYSTEM.lock().unwrap().push(f.metadata()?.len());
                    Ok(())
                }),
            },
        );
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        assert_eq!(std::fs::read(&b).unwrap(), b"a mail");
        let files = FILES.load(Ordering::Relaxed);
        if whole::local(&dir) {
            // The first file opened: "a pdf", 5 bytes.
            assert_eq!(*FILE_SYSTEM.lock().unwrap(), [5]);
            assert_eq!(files, 0);
        } else {
            eprintln!(
                "{} is not on a file system syncfs is taken for",
                dir.display()
            );
            assert_eq!(*FILE_SYSTEM.lock().unwrap(), Vec::<u64>::new());
            assert_eq!(files, 3);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A sync of the file system that fails (its error may be another program's) fails no
    /// release by itself: each file is then synced on its own, and only a file whose own
    /// sync fails fails its release.
    #[test]
    fn a_failed_sync_of_the_file_system_syncs_each_file() {
        let dir =
            std::env::temp_dir().join(format!("communique-syncfs-err-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (a, b) = (dir.join("a.pdf"), dir.join("b.pdf"));
        let staged = vec![
            stage(&[(&a, b"a pdf")]).unwrap(),
            // 13 bytes: the file whose own sync fails.
            stage(&[(&b, b"b pdf, broken")]).unwrap(),
        ];
        let results = commit_with(
            staged,
            Syncs {
                file: |f| match f.metadata()?.len() {
                    13 => Err(std::io::Error::other("input/output error")),
                    _ => f.sync_all(),
                },
                file_system: Some(|_| Err(std::io::Error::other("input/output error"))),
            },
        );
        assert!(results[0].is_ok(), "{results:?}");
        assert_eq!(results[1].as_ref().unwrap_err().0, 0);
        assert_eq!(std::fs::read(&a).unwrap(), b"a pdf");
        assert!(!b.exists());
        assert_eq!(temporaries(&dir), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A sync that panics (none of ours does; a test's may) fails its file's release
    /// instead of leaving the commit waiting for a result that never comes; more files
    /// than sync threads, so helpers and the committing thread all take some.
    #[test]
    fn a_panicking_sync_fails_its_release_and_the_commit_ends() {
        let dir = std::env::temp_dir().join(format!("communique-panic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let names: Vec<PathBuf> = (0..SYNC_THREADS * 2)
            .map(|i| dir.join(format!("r{i}.pdf")))
            .collect();
        let staged: Vec<Staged> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                // The eleventh file's 7 bytes make its sync panic.
                let bytes: &[u8] = if i == 10 { b"panics!" } else { b"pdf" };
                stage(&[(n.as_path(), bytes)]).unwrap()
            })
            .collect();
        let results = commit_with(
            staged,
            each_file(|f| match f.metadata()?.len() {
                7 => panic!("a sync that panics"),
                _ => f.sync_all(),
            }),
        );
        assert_eq!(results.len(), names.len());
        for (i, r) in results.iter().enumerate() {
            assert_eq!(r.is_err(), i == 10, "release {i}: {r:?}");
        }
        assert!(!names[10].exists());
        assert_eq!(std::fs::read(&names[11]).unwrap(), b"pdf");
        assert_eq!(temporaries(&dir), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A release whose rename fails (a folder where its file should go) is reported with
    /// the file's index; the others in its commit are in place, and no temporary file is
    /// left.
    #[test]
    fn a_failed_rename_fails_its_release_only() {
        let dir = std::env::temp_dir().join(format!("communique-rename-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("b.eml")).unwrap();
        let (a, b_pdf, b_eml) = (dir.join("a.pdf"), dir.join("b.pdf"), dir.join("b.eml"));
        let staged = vec![
            stage(&[(&b_pdf, b"b pdf"), (&b_eml, b"b mail")]).unwrap(),
            stage(&[(&a, b"a pdf")]).unwrap(),
        ];
        let results = commit(staged);
        assert_eq!(results[0].as_ref().unwrap_err().0, 1);
        assert!(results[1].is_ok());
        assert_eq!(std::fs::read(&a).unwrap(), b"a pdf");
        assert!(b_eml.is_dir());
        assert_eq!(temporaries(&dir), Vec::<String>::new());
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Staging writes no target and syncs nothing: until the commit, every target keeps
    /// what it had (a run killed between the two leaves at most stale temporary files).
    #[test]
    fn staging_touches_no_target() {
        for naming in NAMINGS {
            let dir = std::env::temp_dir().join(format!(
                "communique-stage-{}-{naming:?}",
                std::process::id()
            ));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            let target = dir.join("r.pdf");
            std::fs::write(&target, b"old").unwrap();
            let files: [(&Path, &[u8]); 2] = [(&target, b"new"), (&dir.join("new/r.txt"), b"text")];
            let staged = stage_as(&files, naming).unwrap();
            assert_eq!(std::fs::read(&target).unwrap(), b"old");
            assert!(!dir.join("new/r.txt").exists());
            let named = staged.temps.iter().filter(|t| t.path.is_some()).count();
            assert_eq!(temporaries(&dir).len(), named, "{naming:?}");
            if naming == Naming::Temporary {
                assert_eq!(named, 2);
            }
            assert!(commit(vec![staged]).iter().all(Result::is_ok));
            assert_eq!(std::fs::read(&target).unwrap(), b"new");
            assert_eq!(std::fs::read(dir.join("new/r.txt")).unwrap(), b"text");
            assert_eq!(temporaries(&dir), Vec::<String>::new());
            let _ = std::fs::remove_dir_all(&dir);
        }
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
