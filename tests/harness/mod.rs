//! Running the real binary under a deadline, for the hostile-input, concurrency and signal
//! suites: a regression that hangs fails its test instead of the CI job.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_communique")
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder for one test.
pub fn temp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The binary in `dir` with a scrubbed environment (`PATH` and `env`), its output going to
/// files (no pipe can fill up and stall it).
pub fn command(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(bin());
    c.args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    c
}

/// [`run`] with the address space limited to `kib` KiB (`ulimit -v`): a run that tries to
/// read or allocate without bound fails instead of taking the machine down.
pub fn run_limited(dir: &Path, args: &[&str], kib: u64, secs: u64) -> Ran {
    let child = spawn(dir, "limited", limited(dir, args, &[], kib));
    wait(dir, "limited", child, secs)
}

/// The address-space limit every [`run`] gets: 2 GiB, ten times what the binary needs for
/// any legitimate case here, so a run that reads or allocates without bound fails in seconds
/// instead of taking the machine (and the other tests) down.
pub const DEFAULT_LIMIT_KIB: u64 = 2 << 20;

/// [`command`] under `ulimit -v kib` (the shell `exec`s the binary, so the pid is the binary's).
fn limited(dir: &Path, args: &[&str], env: &[(&str, &str)], kib: u64) -> Command {
    let mut c = Command::new("sh");
    c.arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(bin())
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .stdin(Stdio::null());
    c
}

pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

/// Spawns `c` with stdout and stderr into files named after `tag` in `dir`.
pub fn spawn(dir: &Path, tag: &str, mut c: Command) -> Child {
    let out = std::fs::File::create(dir.join(format!("{tag}.stdout"))).unwrap();
    let err = std::fs::File::create(dir.join(format!("{tag}.stderr"))).unwrap();
    c.stdout(out).stderr(err).spawn().expect("binary starts")
}

/// Waits for `child` at most `secs` seconds; kills it and fails the test after that.
pub fn wait(dir: &Path, tag: &str, mut child: Child, secs: u64) -> Ran {
    let deadline = Instant::now() + Duration::from_secs(secs);
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{tag}: still running after {secs} s: killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let read = |ext: &str| {
        String::from_utf8_lossy(&std::fs::read(dir.join(format!("{tag}.{ext}"))).unwrap())
            .into_owned()
    };
    Ran {
        status,
        stdout: read("stdout"),
        stderr: read("stderr"),
    }
}

/// Runs the binary in `dir` under [`DEFAULT_LIMIT_KIB`] and waits for it at most `secs`
/// seconds: every hostile case is bounded in both time and memory, as the issue asks.
pub fn run(dir: &Path, args: &[&str], env: &[(&str, &str)], secs: u64) -> Ran {
    let child = spawn(dir, "run", limited(dir, args, env, DEFAULT_LIMIT_KIB));
    wait(dir, "run", child, secs)
}

/// Whether `pdf` is a whole PDF: its header, its `%%EOF`, and an independent parser reads it.
pub fn complete_pdf(pdf: &Path) -> Result<(), String> {
    let bytes = std::fs::read(pdf).map_err(|e| format!("{}: {e}", pdf.display()))?;
    if !bytes.starts_with(b"%PDF-") || !bytes.trim_ascii_end().ends_with(b"%%EOF") {
        return Err(format!(
            "{}: not a whole PDF ({} bytes)",
            pdf.display(),
            bytes.len()
        ));
    }
    lopdf::Document::load_mem(&bytes)
        .map(|_| ())
        .map_err(|e| format!("{}: does not parse: {e}", pdf.display()))
}

/// The example release, its title changed so that each copy is its own release.
pub fn release(title: &str) -> String {
    let source = std::fs::read_to_string(root().join("examples/persbericht-wilmes.toml")).unwrap();
    let start = source.find("\ntitle = \"").expect("a title") + "\ntitle = \"".len();
    format!("{}{title} {}", &source[..start], &source[start..])
}

/// The manifest of `out` (`name`, usually `communique.manifest.json`): output → entry.
pub fn manifest(out: &Path, name: &str) -> serde_json::Map<String, serde_json::Value> {
    let text = std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let v: serde_json::Value = serde_json::from_slice(&text).expect("manifest is JSON");
    v["outputs"].as_object().expect("outputs").clone()
}

/// Every file below `dir`, as paths relative to it.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, rel: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(root.join(rel)).unwrap().flatten() {
            let child = rel.join(e.file_name());
            if e.file_type().unwrap().is_dir() {
                walk(root, &child, out);
            } else {
                out.push(child);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, Path::new(""), &mut out);
    out.sort();
    out
}
