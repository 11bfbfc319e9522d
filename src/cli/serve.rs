//! `communique serve`: [`live`](super::live)'s rebuilding, and a local preview in the browser.
//!
//! - `GET /`: the releases, each with its state;
//! - `GET /<stem>/`: a page with the PDF (the browser's own viewer) beside the release's
//!   diagnostics, each with its source line; it reloads itself after every rebuild;
//! - `GET /<file>`: an output of a release's last good build, by file name (`<stem>.pdf`,
//!   `<stem>.<lang>.pdf` with `--split`);
//! - `GET /events`: Server-Sent Events: `reload` (its data the build's generation) after
//!   every rebuild; on connecting, `hello` with the current generation, so a page loaded
//!   just before a rebuild still learns of it.
//!
//! The HTTP is `tiny_http`'s (small, synchronous: no async runtime for a preview), one
//! thread per request, since an event stream stays open. It listens on 127.0.0.1 unless
//! `--host` says otherwise: the preview shows unpublished releases.

use super::args::Serve;
use super::live::{self, Live, Rebuild};
use super::report::Status;
use super::shown;
use communique::diag::render;
use communique::Diagnostic;
use std::fmt::Write as _;
use std::io::Write as _;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// The port tried first when none is given.
const FIRST_PORT: u16 = 3000;
/// How many ports after it are tried.
const PORTS_TRIED: u16 = 100;
/// An idle event stream sends a comment this often, so a closed tab is noticed (the write
/// fails) and its thread ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// What the server shows: one page per release, and the event streams to tell of rebuilds.
#[derive(Default)]
struct Shared {
    pages: Vec<Page>,
    /// Counts the builds: the preview page compares it with the one it was made from.
    generation: u64,
    listeners: Vec<mpsc::Sender<u64>>,
    /// Why the last change of the project file or the assets was refused (the settings
    /// before it still build the releases): shown above every page until it is fixed.
    refused: Vec<Diagnostic>,
}

struct Page {
    stem: String,
    input: PathBuf,
    /// The outputs of the last good build, by the file names they are served under.
    outputs: Vec<(String, PathBuf)>,
    failed: bool,
    problems: Vec<Diagnostic>,
}

pub fn serve(s: &Serve, settings: live::Settings, reread: live::Reread) -> i32 {
    let listener = match bind(s.host, s.port) {
        Ok(l) => l,
        Err(e) => return super::usage(&e),
    };
    let addr = listener.local_addr().expect("bound socket has an address");
    let server = match tiny_http::Server::from_listener(listener, None) {
        Ok(s) => s,
        Err(e) => return super::usage(&format!("cannot serve on {addr}: {e}")),
    };
    let mut live = match Live::start(settings, reread) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let shared = Arc::new(Mutex::new(Shared::default()));
    let url = format!("http://{}/", display_addr(addr));
    let state = Arc::clone(&shared);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let state = Arc::clone(&state);
            std::thread::spawn(move || respond(request, &state));
        }
    });
    let mut announced = false;
    let after = |live: &Live, rebuild: &Rebuild| {
        update(&shared, live, rebuild);
        if !announced {
            // Printed once the first build is there, so that what opens it sees PDFs.
            println!("serving on {url}");
            let _ = std::io::stdout().flush();
            if s.open {
                open_browser(&url);
            }
            announced = true;
        }
    };
    live::watch(&mut live, after)
}

/// `--port N` exactly, or the first free port from 3000.
fn bind(host: IpAddr, port: Option<u16>) -> Result<TcpListener, String> {
    if let Some(port) = port {
        return TcpListener::bind((host, port))
            .map_err(|e| format!("cannot listen on {host} port {port}: {e}"));
    }
    (FIRST_PORT..FIRST_PORT + PORTS_TRIED)
        .find_map(|p| TcpListener::bind((host, p)).ok())
        .ok_or_else(|| {
            format!(
                "no free port from {FIRST_PORT} to {} on {host}\n  hint: name one with --port N",
                FIRST_PORT + PORTS_TRIED - 1
            )
        })
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        _ => addr.to_string(),
    }
}

/// Best effort: a preview without a browser is still served.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({opener}: {e}); open {url} yourself");
    }
}

/// Takes in a rebuild: each report's release page, then a `reload` for every listener.
fn update(shared: &Mutex<Shared>, live: &Live, rebuild: &Rebuild) {
    let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
    for input in &live.inputs {
        if !s.pages.iter().any(|p| p.input == input.path) {
            let stem = unique_stem(&s.pages, &input.stem());
            s.pages.push(Page {
                stem,
                input: input.path.clone(),
                outputs: Vec::new(),
                failed: false,
                problems: Vec::new(),
            });
        }
    }
    s.pages
        .retain(|p| live.inputs.iter().any(|i| i.path == p.input));
    for r in &rebuild.reports {
        let Some(page) = s.pages.iter_mut().find(|p| p.input == r.input) else {
            continue;
        };
        page.failed = r.status == Status::Failed;
        page.problems = r
            .outputs
            .iter()
            .flat_map(|w| w.warnings.iter().cloned())
            .chain(r.diagnostics.iter().cloned())
            .collect();
        if !page.failed {
            page.outputs = r
                .outputs
                .iter()
                .map(|w| (file_name(&w.path), w.path.clone()))
                .collect();
        }
    }
    s.refused = live.refused.clone();
    s.generation += 1;
    let generation = s.generation;
    s.listeners.retain(|l| l.send(generation).is_ok());
}

/// Two releases with the same name in different folders get `name-2`, … for their pages.
fn unique_stem(pages: &[Page], stem: &str) -> String {
    let taken = |s: &str| pages.iter().any(|p| p.stem == s);
    if !taken(stem) {
        return stem.to_string();
    }
    (2..)
        .map(|n| format!("{stem}-{n}"))
        .find(|s| !taken(s))
        .expect("some suffix is free")
}

fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn respond(request: Request, shared: &Mutex<Shared>) {
    if *request.method() != Method::Get && *request.method() != Method::Head {
        let _ = request.respond(Response::empty(405));
        return;
    }
    let path = request.url().split('?').next().unwrap_or("/").to_string();
    if path == "/events" {
        return events(request, shared);
    }
    let s = shared.lock().unwrap_or_else(|e| e.into_inner());
    let response = if path == "/" {
        html(index(&s))
    } else if let Some(page) = path
        .strip_prefix('/')
        .and_then(|p| p.strip_suffix('/'))
        .and_then(|stem| s.pages.iter().find(|p| p.stem == stem))
    {
        html(preview(page, &s))
    } else if let Some(file) = output(&s, &path) {
        drop(s);
        return serve_file(request, &file);
    } else {
        html(not_found()).with_status_code(404)
    };
    drop(s);
    let _ = request.respond(response);
}

/// The file a request names: an output of some release's last good build.
fn output(s: &Shared, path: &str) -> Option<PathBuf> {
    let name = path.strip_prefix('/')?;
    s.pages
        .iter()
        .flat_map(|p| &p.outputs)
        .find(|(n, _)| n == name)
        .map(|(_, file)| file.clone())
}

fn serve_file(request: Request, file: &std::path::Path) {
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("pdf") => "application/pdf",
        Some("html") => "text/html; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let response = match std::fs::read(file) {
        Ok(bytes) => Response::from_data(bytes)
            .with_header(header("Content-Type", kind))
            .with_header(header("Cache-Control", "no-store")),
        Err(_) => html(not_found()).with_status_code(404),
    };
    let _ = request.respond(response);
}

/// The event stream: written straight to the connection (tiny_http would buffer a
/// chunked body), one event per rebuild.
fn events(request: Request, shared: &Mutex<Shared>) {
    let (tx, rx) = mpsc::channel();
    let generation = {
        let mut s = shared.lock().unwrap_or_else(|e| e.into_inner());
        s.listeners.push(tx);
        s.generation
    };
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let hello = format!("{head}retry: 500\n\nevent: hello\ndata: {generation}\n\n");
    if out
        .write_all(hello.as_bytes())
        .and_then(|_| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(g) => format!("event: reload\ndata: {g}\n\n"),
            Err(mpsc::RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(mpsc::RecvTimeoutError::Disconnected) => return,
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|_| out.flush())
            .is_err()
        {
            return;
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn html(body: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_string(body)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

const STYLE: &str = "body{margin:0;font:15px/1.4 system-ui,sans-serif;color:#222}\
main{padding:1em 2em}a{color:#1f4e79}.failed{color:#b00020}.ok{color:#1b5e20}\
.preview{display:flex;height:100vh}.preview iframe,.preview main{flex:3;border:0;min-width:0}\
.preview aside{flex:2;overflow:auto;padding:1em;background:#f5f5f5;border-left:1px solid #ccc}\
pre{white-space:pre-wrap;font:13px/1.35 ui-monospace,monospace;background:#fff;padding:.6em;border:1px solid #ddd}";

fn page(title: &str, class: &str, body: &str, generation: Option<u64>) -> String {
    // The page reloads itself after a rebuild, and also when it missed one (the `hello`
    // event carries the generation the server is at).
    let script = generation.map_or(String::new(), |g| {
        format!(
            "<script>const built={g};const es=new EventSource('/events');\
es.addEventListener('reload',()=>location.reload());\
es.addEventListener('hello',e=>{{if(Number(e.data)!==built)location.reload()}});</script>"
        )
    });
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title>\
<meta name=\"viewport\" content=\"width=device-width\"><style>{STYLE}</style></head>\
<body class=\"{class}\">{body}{script}</body></html>\n",
        escape(title)
    )
}

fn index(s: &Shared) -> String {
    let mut body = String::from("<main><h1>communique preview</h1>");
    body.push_str(&refused(&s.refused));
    body.push_str("<ul>");
    for p in &s.pages {
        let _ = write!(
            body,
            "<li><a href=\"/{}/\">{}</a> <span class=\"{}\">{}</span></li>",
            escape(&p.stem),
            escape(&shown::path(&p.input)),
            state_class(p),
            state(p)
        );
    }
    body.push_str("</ul></main>");
    page("communique preview", "", &body, Some(s.generation))
}

fn preview(p: &Page, s: &Shared) -> String {
    let generation = s.generation;
    // The PDF in the browser's viewer; the other outputs (`--split`'s other languages,
    // `--format html`'s pages) as links.
    let shown = p
        .outputs
        .iter()
        .position(|(name, _)| name.ends_with(".pdf"))
        .unwrap_or(0);
    // Chromium, Firefox and Safari show a PDF in the frame with their own viewer. A browser
    // whose viewer is off (`navigator.pdfViewerEnabled` false) would show an empty frame or
    // a download button: the frame gives way to a link. (Headless Chromium has the viewer;
    // its `--screenshot` only fires before the viewer has painted the pages.)
    let viewer = match p.outputs.get(shown) {
        Some((name, _)) => format!(
            "<iframe src=\"/{0}?g={generation}\" title=\"{0}\"></iframe>\
<main id=\"no-viewer\" hidden><p>This browser shows no PDF inside a page: \
<a href=\"/{0}?g={generation}\">open {0}</a>.</p></main>\
<script>if(navigator.pdfViewerEnabled===false){{document.querySelector('iframe').remove();\
document.getElementById('no-viewer').hidden=false}}</script>",
            escape(name)
        ),
        None => "<main><p>No PDF yet: fix the problems beside and save.</p></main>".into(),
    };
    let mut aside = format!(
        "<aside><p><a href=\"/\">all releases</a></p>{}<h1>{}</h1><p class=\"{}\">{}</p>",
        refused(&s.refused),
        escape(&shown::path(&p.input)),
        state_class(p),
        state(p)
    );
    // Every output as a link, the PDF in the frame too: to open it in a tab of its own.
    for (name, _) in &p.outputs {
        let _ = write!(aside, "<p><a href=\"/{0}\">{0}</a></p>", escape(name));
    }
    aside.push_str(&problems(&p.problems));
    aside.push_str("</aside>");
    page(
        &p.stem,
        "preview",
        &format!("{viewer}{aside}"),
        Some(generation),
    )
}

/// A refused project file or assets, with their problems; nothing when there are none.
fn refused(diags: &[Diagnostic]) -> String {
    if diags.is_empty() {
        return String::new();
    }
    format!(
        "<section class=\"failed\"><p>The project file or the assets have errors: the \
releases are built with the last good settings until they are fixed.</p>{}</section>",
        problems(diags)
    )
}

/// Each diagnostic as the terminal shows it, with its source line.
fn problems(diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let text = render::human(&shown::diagnostic(d), false);
        let _ = write!(out, "<pre>{}</pre>", escape(&text));
    }
    out
}

fn not_found() -> String {
    page(
        "not found",
        "",
        "<main><h1>Not found</h1><p><a href=\"/\">all releases</a></p></main>",
        None,
    )
}

fn state(p: &Page) -> String {
    let warnings = p.problems.iter().filter(|d| !d.is_error()).count();
    match (p.failed, p.outputs.is_empty()) {
        (true, true) => "failed: no PDF yet".into(),
        (true, false) => "failed: showing the last good PDF".into(),
        (false, _) if warnings > 0 => format!("built, {warnings} warning(s)"),
        (false, _) => "built".into(),
    }
}

fn state_class(p: &Page) -> &'static str {
    if p.failed {
        "failed"
    } else {
        "ok"
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_escaped_in_pages() {
        assert_eq!(
            escape("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }

    #[test]
    fn pages_with_the_same_stem_get_a_suffix() {
        let page = |stem: &str| Page {
            stem: stem.into(),
            input: PathBuf::new(),
            outputs: Vec::new(),
            failed: false,
            problems: Vec::new(),
        };
        assert_eq!(unique_stem(&[page("a")], "a"), "a-2");
        assert_eq!(unique_stem(&[page("a"), page("a-2")], "a"), "a-3");
        assert_eq!(unique_stem(&[page("a")], "b"), "b");
    }
}
