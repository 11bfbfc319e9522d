//! Shared test helpers: one engine per test binary, poppler round trips, blessable references.
#![allow(dead_code)]

pub mod cases;
pub mod pdf;
pub mod words;

use communique::{Assets, Engine, LayoutMode};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The real binary in `dir`, with a scrubbed environment (only `PATH`).
pub fn run(dir: &Path, args: &[&str]) -> Output {
    run_env(dir, args, &[])
}

/// [`run`] with these environment variables set as well.
pub fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_communique"))
        .args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .output()
        .expect("binary runs")
}

/// A process's output as text.
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The engine with the embedded assets and, as named brands, those of `examples/brands/`
/// (the joint example names two of them).
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut assets = Assets::embedded();
        assets.brands = example_brands();
        assets.files = Some(std::sync::Arc::new(ExampleFiles));
        Engine::new(assets).expect("embedded assets and example brands load")
    })
}

/// The tests' photos: a release named with its folder finds them there; one named bare
/// (the tests build the examples as `x.toml` or `NAME.toml`) finds them in `examples/`.
pub struct ExampleFiles;

impl communique::Files for ExampleFiles {
    fn read(&self, release: &str, file: &str) -> Result<Vec<u8>, communique::FileRefusal> {
        let folder = match Path::new(release).parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => root().join("examples"),
        };
        std::fs::read(folder.join(file)).map_err(|e| communique::FileRefusal {
            message: e.to_string(),
            hint: None,
        })
    }
}

/// The brands of `examples/brands/NAME/brand.toml`, as `--brands examples/brands` reads them.
pub fn example_brands() -> Vec<communique::NamedBrand> {
    let dir = root().join("examples/brands");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("examples/brands")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let folder = dir.join(&name);
            let source = std::fs::read_to_string(folder.join("brand.toml")).unwrap();
            let logo = std::fs::read(folder.join("logo.svg")).ok();
            communique::NamedBrand {
                path: format!("examples/brands/{name}/brand.toml"),
                name,
                source,
                logo,
            }
        })
        .collect()
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every layout the release file at `path` can be set in with the embedded brand:
/// sequential, continuous, and parallel where its columns are wide enough (three
/// languages are refused; the refusal is tested in tests/engine.rs).
pub fn layouts_of(path: &Path) -> Vec<LayoutMode> {
    let source = std::fs::read(path).unwrap();
    let release = engine().check("x.toml", &source).unwrap();
    [
        LayoutMode::Sequential,
        LayoutMode::Parallel,
        LayoutMode::Continuous,
    ]
    .into_iter()
    .filter(|&m| engine().accepts(&release, m))
    .collect()
}

/// Example release files, sorted.
pub fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .expect("examples dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

/// The words of [`many_glyphs_release`]'s extra section: Latin, Greek and Cyrillic letters,
/// seven to a word.
pub fn many_glyphs_words() -> Vec<String> {
    let letters: Vec<char> = ('A'..='Z')
        .chain('a'..='z')
        .chain('À'..='ÿ')
        .chain('Ā'..='ž')
        .chain('Α'..='Ω')
        .chain('α'..='ω')
        .chain('А'..='я')
        .filter(|c| c.is_alphabetic())
        .collect();
    letters.chunks(7).map(|w| w.iter().collect()).collect()
}

/// The Wilmès example with a Dutch section that sets more than 256 different glyphs of the
/// body face (faces of at most 256 glyphs once had one-byte codes; every face now has
/// `Identity-H`).
pub fn many_glyphs_release() -> String {
    let section = format!(
        "[[nl.sections]]\nheading = \"Alfabetten\"\ntext = \"{}\"\n\n[fr]\n",
        many_glyphs_words().join(" ")
    );
    let source = std::fs::read_to_string(root().join("examples/persbericht-wilmes.toml"))
        .expect("the Wilmès example");
    assert!(source.contains("[fr]\n"));
    source.replacen("[fr]\n", &section, 1)
}

/// A fresh temporary directory under target/.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = root()
        .join("target")
        .join("test-tmp")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// Runs a poppler/qpdf tool on PDF bytes; panics with a clear message if it is missing.
pub fn tool(name: &str, args: &[&str], pdf: &[u8]) -> (bool, String) {
    // A folder per call: two tests of one process may run a tool on the same bytes at once,
    // and one removing the folder under the other made it fail.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = temp_dir(&format!("tool-{name}-{}-{call}", fastid(pdf)));
    let file = dir.join("in.pdf");
    std::fs::write(&file, pdf).expect("write pdf");
    let out = Command::new(name)
        .args(args)
        .arg(&file)
        .args(if name == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run {name} ({e}); install poppler-utils and qpdf (see .ci/run)")
        });
    let _ = std::fs::remove_dir_all(&dir);
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn fastid(b: &[u8]) -> u64 {
    b.iter().fold(0xcbf29ce484222325u64, |h, &x| {
        (h ^ u64::from(x)).wrapping_mul(0x100000001b3)
    })
}

pub fn pdftotext(pdf: &[u8]) -> String {
    let (ok, text) = tool("pdftotext", &["-enc", "UTF-8"], pdf);
    assert!(ok, "pdftotext failed: {text}");
    text
}

/// Compares `actual` with the reference file; `BLESS=1` rewrites it.
pub fn check_reference(path: &Path, actual: &str) {
    if std::env::var_os("BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).expect("write reference");
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_else(|_| {
        panic!(
            "missing reference {}; run with BLESS=1 to create it",
            path.display()
        )
    });
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(10)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  got:      {a}", i + 1))
            .collect();
        panic!(
            "{} differs from the output ({} vs {} lines); BLESS=1 rewrites it.\n{}",
            path.display(),
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}
