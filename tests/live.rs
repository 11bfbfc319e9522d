//! `communique watch` and `communique serve`, for real: the binary runs in a temporary
//! folder, the test saves the release the way editors do (a new file renamed over it) and
//! looks at what comes out: the PDF's text (pdftotext), the served PDF, the `reload` event.
//!
//! Nothing here is timed: each wait has a generous deadline only so that a broken watcher
//! fails the test instead of hanging it.

mod common;

use common::{pdftotext, temp_dir};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

/// Longest wait for one expected line (a build on a loaded CI machine takes well under 1 s).
const DEADLINE: Duration = Duration::from_secs(60);

fn release(title: &str) -> String {
    format!("date = 2026-12-06\nlanguages = [\"nl\"]\n\n[nl]\ntitle = \"{title}\"\nlead = \"Een korte lead.\"\n")
}

/// Saves like vim or an IDE: the new text into a temporary file, renamed over the old.
fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("toml.swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The running binary, killed when dropped, and its output lines (stdout and stderr merged
/// into one channel, in the order each stream gives them).
struct Running {
    child: Child,
    lines: Receiver<String>,
    /// Every line so far, for failure messages.
    seen: Vec<String>,
    /// Lines not yet taken by [`Running::expect`].
    pending: Vec<String>,
}

impl Running {
    fn start(dir: &Path, args: &[&str]) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_communique"))
            .args(args)
            .current_dir(dir)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary starts");
        let (tx, lines) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        let tx2 = tx.clone();
        std::thread::spawn(move || forward(out, tx));
        std::thread::spawn(move || forward(err, tx2));
        Running {
            child,
            lines,
            seen: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Waits for a line containing `needle` and takes it. Lines are taken in any order
    /// (stdout and stderr interleave as they please), each at most once.
    fn expect(&mut self, needle: &str) -> String {
        loop {
            if let Some(i) = self.pending.iter().position(|l| l.contains(needle)) {
                return self.pending.remove(i);
            }
            match self.lines.recv_timeout(DEADLINE) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    self.pending.push(line);
                }
                Err(_) => panic!(
                    "no line with {needle:?}; the output so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn forward(stream: impl Read, tx: mpsc::Sender<String>) {
    for line in BufReader::new(stream).lines() {
        let Ok(line) = line else { return };
        if tx.send(line).is_err() {
            return;
        }
    }
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf() {
    let dir = temp_dir("live-watch");
    let file = dir.join("r.toml");
    std::fs::write(&file, release("Eerste versie")).unwrap();
    let mut w = Running::start(&dir, &["watch", "r.toml"]);
    w.expect("wrote r.pdf (1 page");
    w.expect("1 built of 1 input(s)");
    w.expect("watching for changes");
    assert!(pdftotext(&std::fs::read(dir.join("r.pdf")).unwrap()).contains("Eerste versie"));

    save(&file, &release("Tweede versie"));
    w.expect("wrote r.pdf");
    w.expect("1 built of 1 input(s)");
    let text = pdftotext(&std::fs::read(dir.join("r.pdf")).unwrap());
    assert!(text.contains("Tweede versie"), "{text}");

    // A broken save: the diagnostics are printed, the PDF stays as it was.
    save(
        &file,
        "date = 2026-12-06\nlanguages = [\"nl\"]\n[nl]\ntitle = “Kapot”\n",
    );
    w.expect("typographic quotes around a value");
    w.expect("r.toml failed: kept the last good PDF, r.pdf");
    w.expect("1 failed of 1 input(s)");
    let text = pdftotext(&std::fs::read(dir.join("r.pdf")).unwrap());
    assert!(text.contains("Tweede versie"), "{text}");

    // Fixed again: rebuilt.
    save(&file, &release("Derde versie"));
    w.expect("wrote r.pdf");
    let text = pdftotext(&std::fs::read(dir.join("r.pdf")).unwrap());
    assert!(text.contains("Derde versie"), "{text}");
}

/// `watch --base-url` writes the web page `build --base-url` writes: it names its address
/// and links absolutely. `watch` and `serve` had no `--base-url`, so a preview of a
/// published folder showed other links than the build did.
#[test]
fn watch_with_a_base_url_writes_the_pages_build_writes() {
    let dir = temp_dir("live-base-url");
    std::fs::write(dir.join("r.toml"), release("Met adres")).unwrap();
    let base = ["--format", "html", "--base-url", "https://pers.example/x"];
    let mut w = Running::start(&dir, &[&["watch", "r.toml"][..], &base[..]].concat());
    w.expect("1 built of 1 input(s)");
    let watched = std::fs::read_to_string(dir.join("r.nl.html")).unwrap();
    drop(w);
    assert!(
        watched.contains("<link rel=\"canonical\" href=\"https://pers.example/x/r.nl.html\">"),
        "{watched}"
    );
    let built = Command::new(env!("CARGO_BIN_EXE_communique"))
        .args([&["build", "r.toml", "--force", "-o", "b"][..], &base[..]].concat())
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(built.status.success(), "{built:?}");
    assert_eq!(
        std::fs::read_to_string(dir.join("b/r.nl.html")).unwrap(),
        watched
    );
}

/// A GET over a fresh connection: the status line and the body.
fn get(port: u16, path: &str) -> (String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("HTTP head");
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let status = head.lines().next().unwrap_or_default().to_string();
    (status, raw[end + 4..].to_vec())
}

/// An open `/events` stream, read line by line.
fn events(port: u16) -> Receiver<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || forward(s, tx));
    rx
}

/// Waits for the event `name`. The deadline is for the whole wait: the stream sends a
/// keep-alive comment every 15 s, so a wait per line would never end.
fn next_event(rx: &Receiver<String>, name: &str) {
    let end = std::time::Instant::now() + DEADLINE;
    loop {
        let left = end.saturating_duration_since(std::time::Instant::now());
        let line = rx
            .recv_timeout(left)
            .unwrap_or_else(|e| panic!("no event {name:?}: {e}"));
        if line == format!("event: {name}") {
            return;
        }
    }
}

#[test]
fn serve_sends_reload_and_serves_the_new_pdf() {
    let dir = temp_dir("live-serve");
    let file = dir.join("r.toml");
    std::fs::write(&file, release("Eerste versie")).unwrap();
    // Port 0: the system picks a free one (several test suites run at once).
    let mut s = Running::start(&dir, &["serve", "r.toml", "--port", "0"]);
    let line = s.expect("serving on http://127.0.0.1:");
    let port: u16 = line
        .rsplit(':')
        .next()
        .unwrap()
        .trim_end_matches('/')
        .parse()
        .unwrap();

    let (status, index) = get(port, "/");
    assert!(status.contains("200"), "{status}");
    assert!(String::from_utf8_lossy(&index).contains("href=\"/r/\""));
    let (status, page) = get(port, "/r/");
    assert!(status.contains("200"), "{status}");
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("src=\"/r.pdf?g="), "{page}");
    // The PDF is a link too, and a browser without a PDF viewer gets a link in the frame's place.
    assert!(page.contains("<a href=\"/r.pdf\">r.pdf</a>"), "{page}");
    assert!(page.contains("id=\"no-viewer\" hidden"), "{page}");
    let (_, pdf) = get(port, "/r.pdf");
    assert!(pdftotext(&pdf).contains("Eerste versie"));

    // A save before the folders are watched (just after the first build) would be missed.
    s.expect("watching for changes");
    let rx = events(port);
    next_event(&rx, "hello");
    save(&file, &release("Tweede versie"));
    next_event(&rx, "reload");
    let (status, pdf) = get(port, "/r.pdf");
    assert!(status.contains("200"), "{status}");
    let text = pdftotext(&pdf);
    assert!(text.contains("Tweede versie"), "{text}");

    // A broken save: a reload too, the page shows the problem with its source line, and
    // the last good PDF is still served.
    save(
        &file,
        "date = 28 juni 2026\nlanguages = [\"nl\"]\n[nl]\ntitle = \"x\"\n",
    );
    next_event(&rx, "reload");
    let (_, page) = get(port, "/r/");
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("failed: showing the last good PDF"), "{page}");
    assert!(page.contains("1 | date = 28 juni 2026"), "{page}");
    let (_, pdf) = get(port, "/r.pdf");
    assert!(pdftotext(&pdf).contains("Tweede versie"));
    let (status, _) = get(port, "/nothing.pdf");
    assert!(status.contains("404"), "{status}");
}

/// The preview page in a real browser: headless Chromium (Debian's) driven by
/// puppeteer-core, which `bash .ci/run` installs into `.ci/cache`. Missing, the test fails
/// and says how to install it.
#[test]
fn preview_page_reloads_itself_in_chromium() {
    let root = common::root();
    let cache = root.join(".ci/cache");
    assert!(
        cache
            .join("node_modules/puppeteer-core/package.json")
            .is_file(),
        "puppeteer-core is not in .ci/cache: run bash .ci/run (it installs it, pinned)"
    );
    let dir = temp_dir("live-chromium");
    let file = dir.join("r.toml");
    std::fs::write(&file, release("Eerste versie")).unwrap();
    std::fs::write(dir.join("new.txt"), release("Tweede versie")).unwrap();
    let mut s = Running::start(&dir, &["serve", "r.toml", "--port", "0"]);
    let line = s.expect("serving on http://127.0.0.1:");
    let url = format!("{}r/", line.trim_start_matches("serving on "));
    s.expect("watching for changes");
    let out = Command::new("node")
        .arg(root.join("tests/live/reload.cjs"))
        .args([cache.as_os_str(), url.as_ref(), file.as_os_str()])
        .arg(dir.join("new.txt"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let result: serde_json::Value = serde_json::from_str(stdout.trim()).expect("one JSON line");
    let (before, after) = (result["before"].as_u64(), result["after"].as_u64());
    assert!(
        after > before,
        "the page did not show a newer build: {result}"
    );
    let frame = result["frame"].as_str().unwrap_or_default();
    assert_eq!(frame, format!("/r.pdf?g={}", after.unwrap()), "{result}");
    let (_, pdf) = get(url_port(&url), "/r.pdf");
    assert!(pdftotext(&pdf).contains("Tweede versie"));
}

fn url_port(url: &str) -> u16 {
    let host = url.trim_start_matches("http://").split('/').next().unwrap();
    host.rsplit(':').next().unwrap().parse().unwrap()
}

/// A release named as a file, with its photo in a sub-folder (`photos/`): saving the photo
/// rebuilds the release. Only the release's own folder was watched, not the one below it.
#[test]
fn watch_rebuilds_when_a_photo_in_a_sub_folder_changes() {
    let dir = temp_dir("live-photo");
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    let photo = std::fs::read(common::root().join("examples/photos/haven.jpg")).unwrap();
    std::fs::write(dir.join("photos/foto.jpg"), &photo).unwrap();
    let text = release("Met foto")
        + "\n[[photos]]\nfile = \"photos/foto.jpg\"\nalt = { nl = \"Havenkranen bij zonsondergang.\" }\n";
    std::fs::write(dir.join("r.toml"), text).unwrap();
    let mut w = Running::start(&dir, &["watch", "r.toml"]);
    w.expect("wrote r.pdf");
    w.expect("1 built of 1 input(s)");
    w.expect("watching for changes");
    // Saved by an image editor: a new file renamed over the old.
    std::fs::write(dir.join("photos/foto.jpg.tmp"), &photo).unwrap();
    std::fs::rename(dir.join("photos/foto.jpg.tmp"), dir.join("photos/foto.jpg")).unwrap();
    w.expect("wrote r.pdf");
    w.expect("1 built of 1 input(s)");
}

/// `watch` reads `communique.toml` again when it is saved: a changed key takes effect on the
/// rebuild it starts, and a file with errors is reported, located, while the releases go on
/// being built with the last good settings. It was read once, at start.
#[test]
fn watch_reads_the_project_file_again_and_keeps_the_last_good_settings() {
    let dir = temp_dir("live-project");
    let project = dir.join("communique.toml");
    std::fs::write(&project, "formats = [\"pdf\"]\n").unwrap();
    let file = dir.join("r.toml");
    std::fs::write(&file, release("Eerste versie")).unwrap();
    let mut w = Running::start(&dir, &["watch", "r.toml"]);
    w.expect("1 built of 1 input(s)");
    w.expect("watching for changes");
    assert!(!dir.join("r.nl.txt").exists());

    save(&project, "formats = [\"pdf\", \"txt\"]\n");
    w.expect("project file changed (communique.toml): rebuilding with its settings");
    w.expect("1 built of 1 input(s)");
    let text = std::fs::read_to_string(dir.join("r.nl.txt")).unwrap();
    assert!(text.contains("Eerste versie"), "{text}");

    save(
        &project,
        "formats = [\"pdf\", \"txt\"]\nlayuot = \"parallel\"\n",
    );
    w.expect("communique.toml:2:1");
    w.expect("did you mean \"layout\"?");
    w.expect("the project file has errors: kept the last good settings");
    // A release saved meanwhile is built with the settings before the broken save: its
    // text is written again.
    std::fs::remove_file(dir.join("r.nl.txt")).unwrap();
    save(&file, &release("Tweede versie"));
    w.expect("1 built of 1 input(s)");
    let text = std::fs::read_to_string(dir.join("r.nl.txt")).unwrap();
    assert!(text.contains("Tweede versie"), "{text}");

    // Fixed, with the text dropped again: the next build writes only the PDF.
    save(&project, "formats = [\"pdf\"]\n");
    w.expect("project file changed");
    std::fs::remove_file(dir.join("r.nl.txt")).unwrap();
    save(&file, &release("Derde versie"));
    w.expect("1 built of 1 input(s)");
    w.expect("1 built of 1 input(s)");
    assert!(!dir.join("r.nl.txt").exists());
    let text = pdftotext(&std::fs::read(dir.join("r.pdf")).unwrap());
    assert!(text.contains("Derde versie"), "{text}");
}

/// `serve` with the project file in the folder above the release's (watched besides):
/// a broken save of it shows its located error on the pages, and a fixed one clears it.
#[test]
fn serve_shows_a_broken_project_file_on_its_pages() {
    let dir = temp_dir("live-serve-project");
    let project = dir.join("communique.toml");
    std::fs::write(&project, "layout = \"sequential\"\n").unwrap();
    std::fs::create_dir_all(dir.join("nieuws")).unwrap();
    std::fs::write(dir.join("nieuws/r.toml"), release("Eerste versie")).unwrap();
    let mut s = Running::start(&dir.join("nieuws"), &["serve", "r.toml", "--port", "0"]);
    let line = s.expect("serving on http://127.0.0.1:");
    let port = url_port(line.trim_start_matches("serving on "));
    // The folders are watched once the first build is served.
    s.expect("watching for changes");
    let rx = events(port);
    next_event(&rx, "hello");

    save(&project, "layout = \"sideways\"\n");
    next_event(&rx, "reload");
    s.expect("the project file has errors");
    for path in ["/", "/r/"] {
        let (_, page) = get(port, path);
        let page = String::from_utf8_lossy(&page);
        assert!(page.contains("built with the last good settings"), "{page}");
        assert!(page.contains("../communique.toml:1:10"), "{page}");
        assert!(page.contains("1 | layout = &quot;sideways&quot;"), "{page}");
    }

    save(&project, "layout = \"parallel\"\n");
    next_event(&rx, "reload");
    s.expect("project file changed (../communique.toml)");
    let (_, page) = get(port, "/r/");
    let page = String::from_utf8_lossy(&page);
    assert!(!page.contains("last good settings"), "{page}");
    assert!(page.contains(">built<"), "{page}");
}
