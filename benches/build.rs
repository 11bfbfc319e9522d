//! Builds the example releases in-process many times and reports milliseconds per document.
//!
//! `cargo bench` (or `cargo bench -- 200` for another iteration count). Fonts, templates and
//! the brand are loaded once, as in a batch run; each iteration is a full build: load, check,
//! template, markup, layout, PDF.
//!
//! Two figures per document, each the median of the builds: *warm*, building the same release again and again, so every
//! word is in the process's shaping cache and every stream in its deflate cache (a best case
//! no real batch reaches: it skips compression); and *cold caches*, with both caches emptied
//! before each build (the first release of a run). A batch of different releases falls in
//! between, and is the honest figure: `cargo bench --bench build -- --archive DIR` builds
//! every release under DIR (e.g. made by `bench/generate.py`) once, on one thread, and
//! reports the mean. `--only NAME` limits the examples to those whose file name contains NAME
//! (for profiling one document under callgrind).
//!
//! The other formats: for each example (sequential layout) one more line per format set,
//! warm, through [`Engine::render`] as `build --format` calls it: `html`, `txt`, `eml` (which
//! carries the PDF, so builds it) and all four, each beside the PDF alone, so `cargo bench`
//! tracks what every channel adds. `--archive DIR --format LIST` builds the archive in those
//! formats (`--html` is `--format pdf,html`), for callgrind comparisons of whole batches.

// The tests' shared helpers: the example brands and photos, and the case listing, so the
// bench builds the examples exactly as the tests see them.
#[path = "../tests/common/mod.rs"]
mod common;

use communique::channel::Formats;
use communique::{Assets, BuildOptions, Engine, LayoutMode};
use std::time::Instant;

/// The binary's allocator (src/main.rs), so that the figures are the binary's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1).cloned())
    };
    let iterations: usize = args.iter().find_map(|a| a.parse().ok()).unwrap_or(50);
    let only = flag("--only").unwrap_or_default();
    let start = Instant::now();
    let mut assets = Assets::embedded();
    // The joint example names two brands of examples/brands, as `--brands examples/brands`.
    assets.brands = common::example_brands();
    // The photo example's pictures, read from examples/ as the CLI reads them beside a release.
    assets.files = Some(std::sync::Arc::new(common::ExampleFiles));
    let mut engine = Engine::new(assets).expect("embedded assets and example brands load");
    println!(
        "engine start-up (fonts, templates, brand): {:.1} ms",
        ms(start)
    );
    if let Some(dir) = flag("--archive") {
        let formats = match (flag("--format"), args.iter().any(|a| a == "--html")) {
            (Some(list), _) => list
                .parse()
                .expect("--format: a list like pdf,html,txt,eml"),
            (None, true) => "pdf,html".parse().expect("known formats"),
            (None, false) => Formats::PDF,
        };
        archive(&engine, std::path::Path::new(&dir), formats);
        return;
    }
    let mut files = common::cases::cases(&common::root().join("examples"));
    files.retain(|p| p.to_string_lossy().contains(&only));
    for file in files {
        let source = std::fs::read(&file).expect("example readable");
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let release = engine.check(&name, &source).expect("example checks");
        for layout in [
            LayoutMode::Sequential,
            LayoutMode::Continuous,
            LayoutMode::Parallel,
        ] {
            // Three languages side by side are refused (columns under 20 em): nothing to time.
            if !engine.accepts(&release, layout) {
                println!(
                    "{name:32} {:10} refused",
                    format!("{layout:?}").to_lowercase()
                );
                continue;
            }
            let opts = BuildOptions {
                layout,
                ..BuildOptions::default()
            };
            // One warm-up build, also to report the page count.
            let out = engine.build(&name, &source, &opts).expect("example builds");
            let mut warm = Vec::with_capacity(iterations);
            for _ in 0..iterations {
                let t = Instant::now();
                std::hint::black_box(engine.build(&name, &source, &opts).expect("example builds"));
                warm.push(ms(t));
            }
            let mut cold = Vec::with_capacity(iterations);
            for _ in 0..iterations {
                engine.clear_caches();
                let t = Instant::now();
                std::hint::black_box(engine.build(&name, &source, &opts).expect("example builds"));
                cold.push(ms(t));
            }
            let (total, cold) = (median(warm), median(cold));
            // The same work up to the page tree, to see what the PDF stage costs.
            let release = engine.check(&name, &source).expect("example checks");
            let mut lay = Vec::with_capacity(iterations);
            for _ in 0..iterations {
                let t = Instant::now();
                std::hint::black_box(
                    engine
                        .layout(&release, &release.languages, layout)
                        .expect("example lays out"),
                );
                lay.push(ms(t));
            }
            let layout_ms = median(lay);
            println!(
                "{name:32} {:10} {:2} pages {:4} KB {total:6.2} ms warm {cold:6.2} ms cold caches (template+layout {layout_ms:.2} ms)",
                format!("{layout:?}").to_lowercase(),
                out[0].pages,
                out[0].pdf.len() / 1024,
            );
        }
        formats(&engine, &name, &source, iterations);
    }
}

/// The format sets timed for each example beside the PDF alone.
const FORMAT_SETS: [&str; 5] = ["pdf", "html", "txt", "eml", "pdf,html,txt,eml"];

/// One line per format set: the median warm time of [`Engine::render`] for the example in
/// the sequential layout, and the bytes it gives.
fn formats(engine: &Engine, name: &str, source: &[u8], iterations: usize) {
    let mut line = format!("{name:32} formats   ");
    for set in FORMAT_SETS {
        let opts = BuildOptions {
            formats: set.parse().expect("known formats"),
            ..BuildOptions::default()
        };
        let out = engine.render(name, source, &opts).expect("example renders");
        let bytes: usize = out.iter().map(|r| r.bytes.len()).sum();
        let mut warm = Vec::with_capacity(iterations);
        for _ in 0..iterations {
            let t = Instant::now();
            std::hint::black_box(engine.render(name, source, &opts).expect("example renders"));
            warm.push(ms(t));
        }
        line += &format!(" {set} {:.2} ms ({} KB);", median(warm), bytes / 1024);
    }
    println!("{}", line.trim_end_matches(';'));
}

/// Builds every release under `dir` once in `formats`, in sorted order, on this thread.
fn archive(engine: &Engine, dir: &std::path::Path, formats: Formats) {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)
            .expect("archive dir readable")
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    let sources: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(p).expect("release readable"),
            )
        })
        .collect();
    let opts = BuildOptions {
        formats,
        ..BuildOptions::default()
    };
    let (mut pages, mut bytes, mut failed) = (0, 0, 0);
    let mut each = Vec::with_capacity(sources.len());
    let t = Instant::now();
    for (name, source) in &sources {
        let one = Instant::now();
        let built = engine.render(name, source, &opts);
        each.push(ms(one));
        match built {
            Ok(out) => {
                pages += out.iter().filter_map(|r| r.pages).sum::<usize>();
                bytes += out.iter().map(|r| r.bytes.len()).sum::<usize>();
            }
            Err(_) => failed += 1,
        }
    }
    let total = ms(t);
    let n = sources.len().max(1) as f64;
    println!(
        "{} releases as {formats:?} ({failed} failed), {pages} pages, {} KB: {:.2} ms/document (median {:.2}), {:.0} documents/s on one thread",
        sources.len(),
        bytes / 1024,
        total / n,
        median(each),
        n * 1000.0 / total,
    );
}

/// The median: on a shared virtual machine a few builds take far longer than the rest
/// (another tenant's load), and a mean follows them.
fn median(mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    match ms.len() {
        0 => 0.0,
        n if n % 2 == 1 => ms[n / 2],
        n => (ms[n / 2 - 1] + ms[n / 2]) / 2.0,
    }
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
