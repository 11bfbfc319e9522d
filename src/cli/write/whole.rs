//! A commit's files made durable by one sync of their file system (`syncfs`) instead of one
//! `fsync` each, where that is as safe and not slower.
//!
//! Why (session 16): in four formats a release is six files, each synced on its own; on this
//! VM's disk the syncs were most of what the other formats cost beyond the CPU (bench/README.md,
//! "Issue 14: one sync per commit"). One `syncfs` writes the same pages and flushes the disk's
//! cache once for the whole commit instead of once per file.
//!
//! When it is taken, all of these hold, else each file is synced as before:
//! - Linux 5.8 or later: older kernels' `syncfs` did not report write-back errors, so a file
//!   whose pages never reached the disk would have been named.
//! - Little else is waiting to be written on the machine ([`little_else_dirty`]): `syncfs`
//!   writes every dirty page of the file system, and a commit must not wait for another
//!   program's gigabytes (a backup writing to the same disk).
//! - The file system is one whose `syncfs` makes files as durable as `fsync` does and that
//!   this was checked for ([`LOCAL`]: ext2/3/4, XFS, Btrfs, tmpfs). A FUSE or network file
//!   system may do less for `syncfs` than for `fsync`.
//!
//! An error from `syncfs` cannot say whose file it was (and may be another program's): the
//! commit's files on that file system are then synced one by one, which reports each file's
//! own error, so nothing is lost and a good file is not failed.

#[cfg(all(target_os = "linux", test))]
pub use linux::local;
#[cfg(target_os = "linux")]
pub use linux::{allowed, covered, sync};

#[cfg(all(not(target_os = "linux"), test))]
pub use other::local;
#[cfg(not(target_os = "linux"))]
pub use other::{allowed, covered, sync};

/// File systems whose `syncfs` is trusted: their `statfs` magic numbers (`statfs(2)`).
const LOCAL: [u32; 4] = [
    0xEF53,      // ext2, ext3, ext4
    0x5846_5342, // XFS
    0x9123_683E, // Btrfs
    0x0102_1994, // tmpfs: nothing to make durable
];

/// Dirty pages of others a commit may wait for: 16 MiB. A release in four formats is about a
/// quarter of a megabyte; the two writers' staged files and the pages a build's reads dirty
/// stay far below this, a backup or a copy to the same disk does not.
const OTHERS_DIRTY_KIB: u64 = 16 << 10;

/// Whether the kernel release `release` (`uname -r`, e.g. `6.1.0-18-amd64`) reports
/// write-back errors from `syncfs`: 5.8 or later.
fn reports_errors(release: &str) -> bool {
    let mut parts = release
        .split(|c: char| !c.is_ascii_digit())
        .map(|p| p.parse::<u32>().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor) >= (5, 8),
        _ => false,
    }
}

/// Whether the pages waiting to be written on the machine (`Dirty` and `Writeback` in
/// `/proc/meminfo`) are at most the commit's own `bytes` and [`OTHERS_DIRTY_KIB`].
fn little_else_dirty(meminfo: &str, bytes: u64) -> bool {
    let kib = |field: &str| {
        meminfo.lines().find_map(|l| {
            let rest = l.strip_prefix(field)?.strip_prefix(':')?;
            rest.trim().strip_suffix("kB")?.trim().parse::<u64>().ok()
        })
    };
    match (kib("Dirty"), kib("Writeback")) {
        (Some(dirty), Some(writeback)) => dirty + writeback <= bytes / 1024 + OTHERS_DIRTY_KIB,
        _ => false,
    }
}

#[cfg(target_os = "linux")]
mod linux {
    use super::super::{SyncFn, Temp};
    use std::sync::OnceLock;

    /// Whether a commit of `bytes` may sync whole file systems: [`super::reports_errors`]
    /// (asked once) and [`super::little_else_dirty`] (asked at each commit: 20 µs).
    pub fn allowed(bytes: u64) -> bool {
        static KERNEL: OnceLock<bool> = OnceLock::new();
        *KERNEL.get_or_init(|| {
            super::reports_errors(&rustix::system::uname().release().to_string_lossy())
        }) && std::fs::read_to_string("/proc/meminfo")
            .is_ok_and(|m| super::little_else_dirty(&m, bytes))
    }

    /// Whether the file system `dir` is on is one whose `syncfs` is taken.
    #[cfg(test)]
    pub fn local(dir: &std::path::Path) -> bool {
        rustix::fs::statfs(dir).is_ok_and(|s| super::LOCAL.contains(&(s.f_type as u32)))
    }

    /// `syncfs` of the file system `file` is on.
    pub fn sync(file: &std::fs::File) -> std::io::Result<()> {
        rustix::fs::syncfs(file).map_err(std::io::Error::from)
    }

    /// Syncs, with `sync`, the file systems of `temps` that allow it ([`super::LOCAL`]), once
    /// each; which of `temps` that made durable. A file system whose sync fails covers none
    /// of its files: they are synced one by one after.
    ///
    /// `syncfs` reports an error of the file system's write-back if it came after the file
    /// it is given was opened: it is given the one opened first, before any of the others
    /// was written ([`Temp::opened`] is numbered between the open and the write).
    pub fn covered(temps: &[&Temp], sync: SyncFn) -> Vec<bool> {
        let devices: Vec<_> = temps
            .iter()
            .map(|t| rustix::fs::fstat(&*t.file).ok().map(|s| s.st_dev))
            .collect();
        let mut covered = vec![false; temps.len()];
        for (i, device) in devices.iter().enumerate() {
            if device.is_none() || devices[..i].contains(device) {
                continue;
            }
            let group: Vec<usize> = (i..temps.len())
                .filter(|&j| devices[j] == *device)
                .collect();
            let first = group
                .iter()
                .map(|&j| temps[j])
                .min_by_key(|t| t.opened)
                .expect("a group has its first file");
            let local = rustix::fs::fstatfs(&*first.file)
                .is_ok_and(|s| super::LOCAL.contains(&(s.f_type as u32)));
            if local && sync(&first.file).is_ok() {
                for j in group {
                    covered[j] = true;
                }
            }
        }
        covered
    }
}

/// Elsewhere every file is synced on its own.
#[cfg(not(target_os = "linux"))]
mod other {
    use super::super::{SyncFn, Temp};

    pub fn allowed(_: u64) -> bool {
        false
    }

    pub fn sync(_: &std::fs::File) -> std::io::Result<()> {
        Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
    }

    pub fn covered(temps: &[&Temp], _: SyncFn) -> Vec<bool> {
        vec![false; temps.len()]
    }

    #[cfg(test)]
    pub fn local(_: &std::path::Path) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syncfs_reports_errors_from_linux_5_8() {
        assert!(reports_errors("5.8.0"));
        assert!(reports_errors("6.1.0-18-amd64"));
        assert!(reports_errors("6.18.44-fc-v1272"));
        assert!(reports_errors("10.0"));
        assert!(!reports_errors("5.7.19"));
        assert!(!reports_errors("4.19.0-26-amd64"));
        assert!(!reports_errors("3.10.0-1160.el7.x86_64"));
        assert!(!reports_errors(""));
        assert!(!reports_errors("unknown"));
    }

    #[test]
    fn others_dirty_pages_beyond_the_allowance_forbid_syncfs() {
        let meminfo = |dirty: u64, writeback: u64| {
            format!(
                "MemTotal:       24000000 kB\nDirty:          {dirty:>8} kB\nWriteback:      {writeback:>8} kB\nWritebackTmp:          7 kB\n"
            )
        };
        assert!(little_else_dirty(&meminfo(0, 0), 0));
        assert!(little_else_dirty(&meminfo(16 << 10, 0), 0));
        assert!(!little_else_dirty(&meminfo(16 << 10, 1), 0));
        // The commit's own bytes are not others'.
        assert!(little_else_dirty(&meminfo((16 << 10) + 250, 0), 256_000));
        assert!(!little_else_dirty(&meminfo(8 << 20, 0), 256_000));
        assert!(!little_else_dirty(&meminfo(0, 4 << 20), 256_000));
        // Unreadable: not taken.
        assert!(!little_else_dirty("MemTotal: 1 kB\n", 0));
        assert!(!little_else_dirty("Dirty: many kB\nWriteback: 0 kB\n", 0));
    }
}
