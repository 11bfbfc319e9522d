//! The outputs of a whole folder build with html: `OUT/index.<lang>.html` and
//! `OUT/feed.<lang>.xml`, made from every release's web pages built or up to date in the
//! run. They are outputs like the releases' own: written atomically (and not at all by an
//! interrupted run, so no index lists half a run), recorded in the manifest, listed in the
//! JSON report (`"folder"`), and compared with the disk by `--verify`.

use super::job::{Action, Done};
use super::manifest::{self, Entry};
use super::read::{self, Kind};
use super::write::write_all_atomic;
use communique::channel::html::{BaseUrl, Listing};
use communique::{Diagnostic, Engine, Lang};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The `input` the manifest records for the index pages and feeds: they come from every
/// release of the folder, not from one (a release's input is never empty).
pub const NO_INPUT: &str = "";

/// One index page or feed, made (and written, or compared) by this run.
#[derive(Debug, Serialize)]
pub struct FolderOutput {
    /// Its path, under the output folder (in JSON as a string, lossy if it is not UTF-8:
    /// serde's own `Path` serialisation fails on one).
    #[serde(skip)]
    pub path: PathBuf,
    #[serde(rename = "path")]
    pub shown: String,
    /// `index` (the web page) or `feed` (the Atom feed).
    pub kind: &'static str,
    pub lang: &'static str,
    pub sha256: String,
    pub bytes: usize,
    /// `written` by a build, `identical` or `differs` for `--verify`, `failed` when it could
    /// not be written.
    pub status: &'static str,
}

/// What this run did with the folder's index pages and feeds.
#[derive(Debug, Default)]
pub struct Folder {
    pub outputs: Vec<FolderOutput>,
    /// Why one could not be made or written, or how it differs from a fresh build.
    pub problems: Vec<Diagnostic>,
    /// The manifest's entries for those written (by name under the output folder).
    pub entries: Vec<(String, Entry)>,
}

impl Folder {
    /// Whether everything was made and written, or is identical on disk.
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Makes the index page and feed of every language the run's web pages are in, then writes
/// them into `dir` (`Action::Build`) or compares them with what `dir` holds
/// (`Action::Verify`). `run_key` is recorded as their manifest key: they are made again by
/// every run, whatever it skips.
pub fn index_and_feeds(
    engine: &Engine,
    dir: &Path,
    done: &[Done],
    base_url: Option<&BaseUrl>,
    web_fonts: Option<bool>,
    action: Action,
    run_key: &str,
) -> Folder {
    let listings: Vec<Listing> = done
        .iter()
        .flat_map(|d| d.listings.iter().cloned())
        .collect();
    let mut folder = Folder::default();
    let mut made = Vec::new();
    let langs: Vec<Lang> = Lang::ALL
        .into_iter()
        .filter(|&lang| listings.iter().any(|l| l.lang == lang))
        .collect();
    let pages = |&lang: &Lang| -> Result<(String, String), Vec<Diagnostic>> {
        let index = engine.html_index(lang, &listings, base_url, web_fonts)?;
        Ok((index, engine.html_feed(lang, &listings, base_url)))
    };
    for (lang, made_here) in langs.iter().zip(each_on_a_thread(&langs, pages)) {
        let (index, feed) = match made_here {
            Ok(pages) => pages,
            Err(diags) => {
                folder.problems.extend(diags);
                continue;
            }
        };
        let lang = *lang;
        for (kind, ext, bytes) in [("index", "html", index), ("feed", "xml", feed)] {
            let name = format!("{kind}.{}.{ext}", lang.code());
            made.push(Made {
                path: dir.join(&name),
                name,
                kind,
                lang,
                bytes: bytes.into_bytes(),
            });
        }
    }
    match action {
        Action::Build => folder.write(made, run_key),
        Action::Verify => made.into_iter().for_each(|m| folder.compare(m)),
        Action::Check => {}
    }
    folder
}

/// `f` of every item, the first on this thread and each other on a thread of its own, in
/// order. The index and feed of each language are made once every release is built, when
/// nothing else is left for the other cores to do: 1,000 releases list 2,000 entries in two
/// languages. An item whose thread cannot start is done here.
fn each_on_a_thread<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let Some((first, rest)) = items.split_first() else {
        return Vec::new();
    };
    std::thread::scope(|s| {
        let f = &f;
        let others: Vec<_> = rest
            .iter()
            .map(|item| {
                std::thread::Builder::new()
                    .name("index".into())
                    .spawn_scoped(s, move || f(item))
                    .map_err(|_| item)
            })
            .collect();
        let mut all = vec![f(first)];
        for other in others {
            all.push(match other {
                Ok(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(item) => f(item),
            });
        }
        all
    })
}

/// An index page or feed made in memory.
struct Made {
    path: PathBuf,
    /// Its name under the output folder, as the manifest records it.
    name: String,
    kind: &'static str,
    lang: Lang,
    bytes: Vec<u8>,
}

impl Made {
    fn output(&self, status: &'static str) -> FolderOutput {
        FolderOutput {
            path: self.path.clone(),
            shown: self.path.to_string_lossy().into_owned(),
            kind: self.kind,
            lang: self.lang.code(),
            sha256: manifest::sha256_hex(&self.bytes),
            bytes: self.bytes.len(),
            status,
        }
    }
}

impl Folder {
    /// Writes them all as one batch: if one cannot be written none is recorded (the next
    /// run makes them all again anyway).
    fn write(&mut self, made: Vec<Made>, run_key: &str) {
        let files: Vec<(&Path, &[u8])> = made
            .iter()
            .map(|m| (m.path.as_path(), m.bytes.as_slice()))
            .collect();
        if let Err((i, e)) = write_all_atomic(&files) {
            let message = format!("cannot write the {} page: {e}", made[i].kind);
            let hint = "check that the output folder is writable";
            let path = made[i].path.display().to_string();
            self.problems
                .push(Diagnostic::error(path, message).with_hint(hint));
            self.outputs.extend(made.iter().map(|m| m.output("failed")));
            return;
        }
        for m in made {
            let out = m.output("written");
            self.entries.push((
                m.name,
                Entry {
                    bytes: out.bytes as u64,
                    input: NO_INPUT.into(),
                    key: run_key.into(),
                    listing: None,
                    pages: None,
                    sha256: out.sha256.clone(),
                    warnings: Vec::new(),
                },
            ));
            self.outputs.push(out);
        }
    }

    fn compare(&mut self, made: Made) {
        let path = made.path.display().to_string();
        let what = match read::bounded(&made.path, Kind::Output) {
            Ok(disk) if disk == made.bytes => {
                self.outputs.push(made.output("identical"));
                return;
            }
            Ok(disk) => format!(
                "differs from a fresh build (on disk: {} bytes, SHA-256 {}; built: {} bytes, SHA-256 {})",
                disk.len(),
                manifest::sha256_hex(&disk),
                made.bytes.len(),
                manifest::sha256_hex(&made.bytes),
            ),
            Err(e) => format!("cannot be compared with a fresh build: {e}"),
        };
        self.problems.push(Diagnostic::error(path, what).with_hint(
            "rebuild the folder with `communique build --format …,html -o DIR`, or find out who changed it",
        ));
        self.outputs.push(made.output("differs"));
    }
}
