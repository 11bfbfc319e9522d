//! The manifest that makes `build -o DIR` incremental.
//!
//! `DIR/communique.manifest.json` records, per output (its path under DIR), the input it
//! came from, a *key* — the SHA-256 of everything the output depends on: tool version and
//! source (`build.rs`), options (the formats asked for among them), fonts, templates, brand
//! and logo, the `--brands` brands the input names (only those), and the input's bytes and
//! photos — and the SHA-256, size and (for a PDF) page count of the
//! file written; a web page's entry also holds what the folder's index and feed say of it,
//! so that a run that skips the release still lists it without making it again. Every output of every format has an entry of its own. A later run skips an input whose outputs all
//! have its current key and are on disk unchanged. The index pages and feeds of a folder
//! built with html (`index.<lang>.html`, `feed.<lang>.xml`) have entries too, with an empty
//! `input` (they list every release) and the run's key: every run makes them again.
//!
//! A run with `--shard K/N` writes `communique.manifest.K-of-N.json` instead, so that
//! machines sharing a folder never write the same file; every run reads all of them, and
//! `communique manifest merge DIR` folds them into the main one. The files are
//! deterministic JSON: sorted keys, no times, no machine paths.
//!
//! While a run builds, its checkpoints do not rewrite the manifest: they append the new
//! entries, one JSON line per input, to a journal beside it (`communique.manifest.json.journal`),
//! and the run's end folds the journal into the manifest (one atomic rewrite) and removes it.
//! A reader applies the journal's lines over the manifest, so a killed run's checkpoints
//! count; a line cut short by a kill is ignored (and cut off by the next append).

use super::discover::Input;
use super::read::{self, Kind};
use super::shard::{portable, Shard};
use super::shown;
use communique::channel::html::Listing;
use communique::channel::Format;
use communique::font::FACE_FILES;
use communique::{Assets, BuildOptions, Diagnostic};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

const MAIN: &str = "communique.manifest.json";
const PREFIX: &str = "communique.manifest.";
/// Bumped when the meaning of a key changes, so old manifests rebuild everything.
const FORMAT: u32 = 1;

/// What the manifest knows about one output. Fields in alphabetical order: the JSON's keys
/// are sorted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub bytes: u64,
    /// The input's path mirrored under the output folder.
    pub input: String,
    pub key: String,
    /// A web page's entry on the index and the feed (its links relative to the release's
    /// folder), for a folder build that finds the release up to date: the listing depends
    /// on nothing the key does not cover.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "sorted"
    )]
    pub listing: Option<Listing>,
    /// A PDF's page count; absent for the formats without pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    pub sha256: String,
    /// The warnings its build gave (overfull lines), shown again when it is skipped: a
    /// pipeline that only ever sees incremental runs still hears of them.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        serialize_with = "sorted"
    )]
    pub warnings: Vec<Diagnostic>,
}

/// Serialises `v` with its objects' keys sorted, through a JSON value (whose objects sort
/// their keys): for the structs of other modules inside an entry, a listing or a warning,
/// which declare their fields in the order that reads best. An entry's own fields are
/// declared in alphabetical order and serialised directly: the whole manifest through a
/// value cost a third of its fold (1,000 releases in four formats: 6,000 entries, 3.3 MB).
fn sorted<T: Serialize, S: serde::Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
    serde_json::to_value(v)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    /// Output path under the output folder (`/`-separated) → entry.
    pub outputs: BTreeMap<String, Entry>,
}

/// The format of an output, by its name's extension (`r.nl.txt` → txt). Only names this tool
/// gave reach here; an unknown extension is taken for a PDF, the one format older manifests
/// knew.
pub fn format_of(output: &str) -> Format {
    let ext = output.rsplit_once('.').map_or("", |(_, e)| e);
    Format::ALL
        .into_iter()
        .find(|f| f.name() == ext)
        .unwrap_or(Format::Pdf)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

include!(concat!(env!("OUT_DIR"), "/font_sha256.rs"));

/// The SHA-256 of each face of `assets`, in [`FACE_FILES`] order. The shipped faces'
/// (`shipped`: no `--fonts`) were computed when the binary was built ([`SHIPPED_FONT_SHA256`]):
/// hashing their 4.5 MB at every start cost more than the rest of start-up. Faces read with
/// `--fonts` are hashed here; the same bytes give the same digest either way.
pub fn font_digests(assets: &Assets, shipped: bool) -> [[u8; 32]; 8] {
    std::array::from_fn(|i| {
        let built = shipped
            .then(|| {
                SHIPPED_FONT_SHA256
                    .iter()
                    .find(|(n, _)| *n == FACE_FILES[i])
            })
            .flatten();
        match built {
            Some((_, digest)) => *digest,
            None => Sha256::digest(assets.fonts[i]).into(),
        }
    })
}

/// The part of every key that is the same for the whole run, and each named brand's own
/// part. Hashed once per process.
#[derive(Debug, Clone)]
pub struct RunKey {
    /// Tool, options, fonts, templates and the default brand: what every release uses.
    common: [u8; 32],
    /// Each `--brands` brand's file and logo, by name: a release's key takes only those it
    /// names, so that editing one brand rebuilds the releases that use it and no others.
    brands: BTreeMap<String, [u8; 32]>,
}

impl RunKey {
    /// The key of the whole run, every named brand included: for the outputs made from all
    /// of its releases (the index pages and feeds), which may show any of the brands.
    pub fn whole(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.common);
        for (name, digest) in &self.brands {
            h.update((name.len() as u64).to_le_bytes());
            h.update(name.as_bytes());
            h.update(digest);
        }
        hex(&h.finalize())
    }
}

/// The [`RunKey`] of a run: tool, options and assets (each face by its SHA-256, from
/// [`font_digests`]). Each field is length-prefixed so that no two different settings hash
/// alike; the brand's file name is left out (only its content matters).
pub fn run_key(assets: &Assets, fonts: &[[u8; 32]; 8], opts: &BuildOptions) -> RunKey {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    field(format!("communique {} manifest {FORMAT}", env!("CARGO_PKG_VERSION")).as_bytes());
    // The code itself: a build from changed source rebuilds everything once.
    field(&SOURCE_SHA256);
    // Every option, through `Debug`, so an option added later can't be forgotten here.
    field(format!("{opts:?}").as_bytes());
    for digest in fonts {
        field(digest);
    }
    for (name, source) in &assets.templates {
        field(name.as_bytes());
        field(source.as_bytes());
    }
    field(assets.brand.as_bytes());
    field(assets.logo.as_deref().unwrap_or(b"<no logo>"));
    let brands = assets
        .brands
        .iter()
        .map(|b| {
            let mut h = Sha256::new();
            for bytes in [
                b.source.as_bytes(),
                b.logo.as_deref().unwrap_or(b"<no logo>"),
            ] {
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(bytes);
            }
            (b.name.clone(), h.finalize().into())
        })
        .collect();
    RunKey {
        common: h.finalize().into(),
        brands,
    }
}

/// The key of one input's outputs: the run's key, the release, the brands it names (in its
/// order) and the files it names (its photos, in order), both from
/// [`files::key_parts`](super::files::key_parts), each length-prefixed, so that a changed
/// photo or brand rebuilds the release.
pub fn input_key(run: &RunKey, source: &[u8], brands: &[String], photos: &[Vec<u8>]) -> String {
    let mut h = Sha256::new();
    h.update(run.common);
    h.update((source.len() as u64).to_le_bytes());
    h.update(source);
    for name in brands {
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        // A name no brand has fails the build, which writes no entry; hash it all the same.
        h.update(run.brands.get(name).unwrap_or(&[0; 32]));
    }
    for photo in photos {
        h.update((photo.len() as u64).to_le_bytes());
        h.update(photo);
    }
    hex(&h.finalize())
}

/// The manifest file this run writes.
pub fn file_name(shard: Option<Shard>) -> String {
    match shard {
        Some(s) => format!("{PREFIX}{}.json", s.label()),
        None => MAIN.to_string(),
    }
}

/// Whether `name` is a manifest of ours: `communique.manifest.json`, or a shard's
/// `communique.manifest.K-of-N.json` (and no other `communique.manifest.*.json`, such as a
/// user's `communique.manifest.backup.json`).
pub fn is_manifest(name: &str) -> bool {
    if name == MAIN {
        return true;
    }
    let Some(label) = name
        .strip_prefix(PREFIX)
        .and_then(|r| r.strip_suffix(".json"))
    else {
        return false;
    };
    label
        .split_once("-of-")
        .and_then(|(k, n)| Shard::from_str(&format!("{k}/{n}")).ok())
        .is_some_and(|s| s.label() == label)
}

/// Runs `f` holding the output folder's lock: runs that share a folder take turns to read,
/// merge and write its manifests, so that none loses another's entries. The lock is an
/// advisory `flock` on the folder itself (no lock file to leave behind), held for the few
/// milliseconds of one manifest update; a file system without locks gets no lock.
fn locked<T>(dir: &Path, f: impl FnOnce() -> T) -> T {
    let _ = std::fs::create_dir_all(dir);
    let lock = std::fs::File::open(dir).ok().filter(|d| d.lock().is_ok());
    let result = f();
    drop(lock);
    result
}

/// Reads one manifest with its journal applied: what the file says, and what the runs
/// since it was last written recorded.
pub fn load(path: &Path) -> Result<Manifest, String> {
    let mut m = load_file(path)?;
    let journal = read_journal(&journal_of(path))?;
    if !journal.is_empty() {
        m.format = FORMAT;
        apply(&mut m, &journal);
    }
    Ok(m)
}

/// Reads one manifest file alone; a missing file is an empty manifest, one of an older
/// format too.
fn load_file(path: &Path) -> Result<Manifest, String> {
    let text = match read::bounded(path, Kind::Manifest) {
        Ok(t) => t,
        Err(r) if r.not_found => return Ok(Manifest::default()),
        Err(r) => return Err(format!("{}: {r}", shown::path(path))),
    };
    let m: Manifest = serde_json::from_slice(&text).map_err(|e| {
        format!(
            "{}:{}:{}: not a communique manifest ({e})",
            super::shown::path(path),
            e.line(),
            e.column()
        )
    })?;
    Ok(if m.format == FORMAT {
        m
    } else {
        Manifest::default()
    })
}

/// The manifest files in `dir`, main one first, then the shards' in name order; a manifest
/// that only has a journal yet (a run killed before its first fold) counts too.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let manifest = name.strip_suffix(JOURNAL).unwrap_or(&name);
            is_manifest(manifest).then(|| dir.join(manifest))
        })
        .collect();
    v.sort_by_key(|p| (p.file_name() != Some(MAIN.as_ref()), p.clone()));
    v.dedup();
    v
}

/// Everything the manifests in `dir` say, per input: (output, entry) pairs.
pub type Known = BTreeMap<String, Vec<(String, Entry)>>;

pub fn load_all(dir: &Path) -> Result<Known, String> {
    let mut known = Known::new();
    for file in files(dir) {
        for (output, entry) in load(&file)?.outputs {
            known
                .entry(entry.input.clone())
                .or_default()
                .push((output, entry));
        }
    }
    Ok(known)
}

/// The entries of `input`'s outputs if they are all up to date: recorded with this `key`,
/// and on disk with the recorded SHA-256.
pub fn up_to_date(
    known: &Known,
    out: &Path,
    input: &Input,
    key: &str,
) -> Option<Vec<(String, Entry)>> {
    let candidates = known.get(&portable(&input.rel))?;
    let mut fresh: BTreeMap<&str, &Entry> = BTreeMap::new();
    for (output, entry) in candidates.iter().filter(|(_, e)| e.key == key) {
        if fresh.contains_key(output.as_str()) {
            continue;
        }
        let on_disk = read::bounded(&out.join(output), Kind::Output).ok()?;
        if sha256_hex(&on_disk) != entry.sha256 {
            return None;
        }
        fresh.insert(output, entry);
    }
    if fresh.is_empty() {
        return None;
    }
    Some(
        fresh
            .into_iter()
            .map(|(o, e)| (o.to_string(), e.clone()))
            .collect(),
    )
}

/// Writes the manifest deterministically (sorted keys, no times), atomically: the outputs
/// are a sorted map, an entry's fields are declared in alphabetical order, and the structs
/// inside an entry are serialised [`sorted`].
pub fn save(path: &Path, m: &Manifest) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(m).expect("manifest serialises");
    text.push('\n');
    super::write::write_atomic(path, text.as_bytes())
}

/// Updates this run's manifest file: the entries of the inputs built or found up to date
/// replace what the file said about those inputs; failed inputs keep their old entries (their
/// old PDFs are still on disk, and their key no longer matches).
pub fn update(path: &Path, done: &ByInput) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    locked(dir, || update_locked(path, done))
}

/// Folds the journal and `done` into the manifest file, then removes the journal: a kill
/// between the two leaves a journal the manifest already holds, and applying it again
/// changes nothing.
fn update_locked(path: &Path, done: &ByInput) -> Result<(), String> {
    let mut m = load(path)?;
    m.format = FORMAT;
    apply(&mut m, done);
    save(path, &m).map_err(|e| format!("cannot write {}: {e}", super::shown::path(path)))?;
    remove_journal(path)
}

/// This run's entries by input: (output, entry) pairs.
type ByInput = BTreeMap<String, Vec<(String, Entry)>>;

/// The entries of the inputs in `done` replace what `m` said about those inputs.
fn apply(m: &mut Manifest, done: &ByInput) {
    m.outputs.retain(|_, e| !done.contains_key(&e.input));
    for (output, entry) in done.values().flatten() {
        m.outputs.insert(output.clone(), entry.clone());
    }
}

/// The journal beside a manifest file: `communique.manifest.json.journal`. Not a manifest
/// by [`is_manifest`]'s test (a user's tools that glob `*.json` do not see it either).
const JOURNAL: &str = ".journal";

fn journal_of(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(JOURNAL);
    path.with_file_name(name)
}

fn remove_journal(path: &Path) -> Result<(), String> {
    let journal = journal_of(path);
    match std::fs::remove_file(&journal) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!(
            "cannot remove {}: {e}",
            super::shown::path(&journal)
        )),
        _ => Ok(()),
    }
}

/// One line of a journal: an input's outputs, as a checkpoint found them.
#[derive(Serialize, Deserialize)]
struct Record {
    input: String,
    outputs: Vec<(String, Entry)>,
}

/// The journal's records, later lines over earlier ones; a missing journal has none. The
/// last line is taken only if it ends in a newline: one without was cut short by a kill.
fn read_journal(journal: &Path) -> Result<ByInput, String> {
    let text = match read::bounded(journal, Kind::Manifest) {
        Ok(t) => t,
        Err(r) if r.not_found => return Ok(ByInput::new()),
        Err(r) => return Err(format!("{}: {r}", shown::path(journal))),
    };
    let whole = text.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut done = ByInput::new();
    for (n, line) in text[..whole].split(|&b| b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let r: Record = serde_json::from_slice(line).map_err(|e| {
            format!(
                "{}:{}:{}: not a communique manifest journal ({e})",
                shown::path(journal),
                n + 1,
                e.column()
            )
        })?;
        done.insert(r.input, r.outputs);
    }
    Ok(done)
}

/// Appends `done`'s entries to the journal of the manifest file `path`, one line per input,
/// synced: a checkpoint costs the new entries' bytes, not the whole manifest's (3.3 MB for
/// 1,000 releases in four formats, rewritten at every checkpoint until session 10). The
/// outputs were synced before they reached `done`, so a line never speaks of a file that a
/// power cut could lose.
pub fn append(path: &Path, done: &ByInput) -> Result<(), String> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let journal = journal_of(path);
    let fail = |e: std::io::Error| format!("cannot write {}: {e}", shown::path(&journal));
    let mut text = Vec::new();
    for (input, outputs) in done {
        let record = Record {
            input: input.clone(),
            outputs: outputs.clone(),
        };
        serde_json::to_writer(&mut text, &record).expect("journal record serialises");
        text.push(b'\n');
    }
    locked(dir, || append_locked(&journal, &text)).map_err(fail)
}

fn append_locked(journal: &Path, text: &[u8]) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom, Write};
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(journal)?;
    let len = file.metadata()?.len();
    let mut last = [b'\n'];
    if len > 0 {
        // Only the last byte: reading the whole journal at every append would cost what
        // the journal saves.
        file.seek(SeekFrom::End(-1))?;
        file.read_exact(&mut last)?;
    }
    if last[0] != b'\n' {
        // A line cut short by a kill: cut it off, so this record starts a line of its own.
        let mut old = Vec::new();
        file.seek(SeekFrom::Start(0))?;
        file.read_to_end(&mut old)?;
        let whole = old.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        file.set_len(whole as u64)?;
    }
    file.write_all(text)?;
    file.sync_data()?;
    if len == 0 {
        // A new journal: its name must survive a power cut too.
        super::write::sync_dir(journal.parent().unwrap_or(Path::new(".")));
    }
    Ok(())
}

/// What `manifest merge` did.
pub struct Merged {
    pub files: usize,
    pub outputs: usize,
    /// Outputs whose entries disagreed and none matched the PDF on disk: left out, so the
    /// next build rebuilds them.
    pub dropped: Vec<String>,
}

/// Folds every manifest in `dir`, with its journal, into the main one and removes the
/// shards' files and the journals.
pub fn merge(dir: &Path) -> Result<Merged, String> {
    locked(dir, || merge_locked(dir))
}

fn merge_locked(dir: &Path) -> Result<Merged, String> {
    let files = files(dir);
    let mut all: BTreeMap<String, Vec<Entry>> = BTreeMap::new();
    for file in &files {
        for (output, entry) in load(file)?.outputs {
            let v = all.entry(output).or_default();
            if !v.contains(&entry) {
                v.push(entry);
            }
        }
    }
    let mut merged = Manifest {
        format: FORMAT,
        outputs: BTreeMap::new(),
    };
    let mut dropped = Vec::new();
    for (output, entries) in all {
        let chosen = match entries.len() {
            1 => entries.into_iter().next(),
            _ => {
                let disk = read::bounded(&dir.join(&output), Kind::Output)
                    .ok()
                    .map(|b| sha256_hex(&b));
                entries
                    .into_iter()
                    .find(|e| Some(&e.sha256) == disk.as_ref())
            }
        };
        match chosen {
            Some(e) => {
                merged.outputs.insert(output, e);
            }
            None => dropped.push(output),
        }
    }
    let main = dir.join(MAIN);
    save(&main, &merged).map_err(|e| format!("cannot write {}: {e}", super::shown::path(&main)))?;
    for file in &files {
        remove_journal(file)?;
    }
    for file in files.iter().filter(|f| **f != main) {
        match std::fs::remove_file(file) {
            // A shard that had only a journal (its run was killed).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            r => r.map_err(|e| format!("cannot remove {}: {e}", super::shown::path(file)))?,
        }
    }
    Ok(Merged {
        files: files.len(),
        outputs: merged.outputs.len(),
        dropped,
    })
}

/// This run's entries so far: appended to the manifest's journal every
/// [`Checkpoint::EVERY`] inputs, and folded into the manifest at the end. A run that is
/// killed keeps the work its journal recorded. An entry arrives only once its outputs are
/// in place.
pub struct Checkpoint {
    /// The manifest file this run writes; `None` when it writes none.
    file: Option<PathBuf>,
    /// The entries not in the journal yet.
    pending: ByInput,
    /// Whether this run appended to the journal: its end folds it in, even with nothing
    /// pending.
    journaled: bool,
}

impl Checkpoint {
    /// A kill loses at most this many inputs' work. An append costs its own lines and one
    /// `fdatasync`, whatever the manifest's size (a rewrite cost the whole manifest: hence
    /// 50 until session 10).
    const EVERY: usize = 20;

    pub fn new(file: Option<PathBuf>) -> Checkpoint {
        Checkpoint {
            file,
            pending: ByInput::new(),
            journaled: false,
        }
    }

    /// Records one input's outputs (input → (output, entry)).
    pub fn add(&mut self, done: Option<&(String, Vec<(String, Entry)>)>) {
        if let Some((input, entries)) = done {
            self.pending.insert(input.clone(), entries.clone());
        }
        if self.pending.len() >= Self::EVERY {
            if let Some(file) = &self.file {
                // A failed append keeps its entries pending: the final fold writes them,
                // or reports why it cannot.
                if append(file, &self.pending).is_ok() {
                    self.pending.clear();
                    self.journaled = true;
                }
            }
        }
    }

    /// Folds the journal and what is pending into the manifest.
    pub fn save(&mut self) -> Result<(), String> {
        match &self.file {
            Some(file) if !self.pending.is_empty() || self.journaled || !file.exists() => {
                update(file, &self.pending)?;
                self.pending.clear();
                self.journaled = false;
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_font_digests_are_those_of_the_embedded_faces() {
        let assets = Assets::embedded();
        let computed = font_digests(&assets, false);
        for (i, data) in assets.fonts.iter().enumerate() {
            assert_eq!(computed[i], <[u8; 32]>::from(Sha256::digest(data)));
        }
        assert_eq!(font_digests(&assets, true), computed);
        assert!(FACE_FILES
            .iter()
            .all(|f| SHIPPED_FONT_SHA256.iter().any(|(n, _)| n == f)));
    }

    fn entry(input: &str, sha: &str) -> Entry {
        Entry {
            bytes: 3,
            input: input.into(),
            key: "k".into(),
            listing: None,
            pages: Some(1),
            sha256: sha.into(),
            warnings: Vec::new(),
        }
    }

    /// The manifest is written directly, not through a JSON value: its text must still be
    /// the value's, whose objects sort their keys at every depth (so a listing's and a
    /// warning's fields too, which their structs declare in another order).
    #[test]
    fn a_manifest_is_written_with_its_keys_sorted_at_every_depth() {
        let listing = Listing {
            lang: communique::Lang::Fr,
            kind: "Communiqué de presse".into(),
            title: "Titre".into(),
            lead: Some("Chapeau".into()),
            datetime: "2026-12-07".into(),
            date_text: "lundi 7 décembre 2026".into(),
            updated: "2026-12-07T00:00:00Z".into(),
            published: None,
            sort_key: 1,
            href: "r.fr.html".into(),
            pdf_href: "r.pdf".into(),
            id: "tag:example.org,2026-12-07:r.fr.html".into(),
            brands: vec!["b".into()],
            organisation: "SPF".into(),
        };
        let warning = Diagnostic::error("r.toml", "overfull line")
            .with_hint("rephrase")
            .warning()
            .at_line(3, 4);
        let m = Manifest {
            format: FORMAT,
            outputs: BTreeMap::from([
                (
                    "r.fr.html".into(),
                    Entry {
                        listing: Some(listing),
                        pages: None,
                        ..entry("r.toml", "aa")
                    },
                ),
                (
                    "r.pdf".into(),
                    Entry {
                        warnings: vec![warning],
                        ..entry("r.toml", "bb")
                    },
                ),
            ]),
        };
        let direct = serde_json::to_string_pretty(&m).unwrap();
        let value = serde_json::to_value(&m).unwrap();
        assert_eq!(direct, serde_json::to_string_pretty(&value).unwrap());
        assert!(
            direct.contains("\"listing\": {\n        \"brands\""),
            "{direct}"
        );
        let back: Manifest = serde_json::from_str(&direct).unwrap();
        assert_eq!(back.outputs, m.outputs);
    }

    fn write(dir: &Path, name: &str, outputs: &[(&str, Entry)]) {
        let m = Manifest {
            format: FORMAT,
            outputs: outputs
                .iter()
                .map(|(o, e)| (o.to_string(), e.clone()))
                .collect(),
        };
        save(&dir.join(name), &m).unwrap();
    }

    #[test]
    fn only_our_own_manifest_names_count() {
        for ours in [
            "communique.manifest.json",
            "communique.manifest.2-of-4.json",
        ] {
            assert!(is_manifest(ours), "{ours}");
        }
        for theirs in [
            "communique.manifest.backup.json",
            "communique.manifest.old.json",
            "communique.manifest.02-of-4.json",
            "communique.manifest.5-of-4.json",
            "communique.manifest.1-of-2.json.bak",
        ] {
            assert!(!is_manifest(theirs), "{theirs}");
        }
    }

    #[test]
    fn merge_keeps_agreeing_entries_and_the_one_that_matches_the_disk() {
        let dir = std::env::temp_dir().join(format!("communique-merge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("b.pdf"), b"new").unwrap();
        let b_new = entry("b.toml", &sha256_hex(b"new"));
        write(
            &dir,
            "communique.manifest.json",
            &[
                ("a.pdf", entry("a.toml", "aa")),
                ("b.pdf", entry("b.toml", "old")),
                ("c.pdf", entry("c.toml", "c1")),
            ],
        );
        write(
            &dir,
            "communique.manifest.1-of-2.json",
            &[("a.pdf", entry("a.toml", "aa")), ("b.pdf", b_new.clone())],
        );
        write(
            &dir,
            "communique.manifest.2-of-2.json",
            &[("c.pdf", entry("c.toml", "c2"))],
        );
        // A user's backup: neither read nor removed.
        write(
            &dir,
            "communique.manifest.backup.json",
            &[("d.pdf", entry("d.toml", "d"))],
        );
        let merged = merge(&dir).unwrap();
        assert_eq!((merged.files, merged.outputs), (3, 2));
        // c.pdf: two stories, no file to tell which is true: rebuilt next time.
        assert_eq!(merged.dropped, ["c.pdf"]);
        let m = load(&dir.join(MAIN)).unwrap();
        assert_eq!(m.outputs["a.pdf"], entry("a.toml", "aa"));
        assert_eq!(m.outputs["b.pdf"], b_new);
        assert_eq!(files(&dir), [dir.join(MAIN)], "shard manifests left");
        assert!(dir.join("communique.manifest.backup.json").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }

    fn one(input: &str, output: &str, sha: &str) -> ByInput {
        ByInput::from([(
            input.to_string(),
            vec![(output.to_string(), entry(input, sha))],
        )])
    }

    /// A checkpoint's journal counts for every reader until the run's end folds it into the
    /// manifest; a line cut short by a kill is ignored, and the next append cuts it off.
    #[test]
    fn a_journal_counts_until_folded_and_a_torn_line_is_ignored() {
        let dir = std::env::temp_dir().join(format!("communique-journal-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let main = dir.join(MAIN);
        let journal = journal_of(&main);
        write(&dir, MAIN, &[("a.pdf", entry("a.toml", "a1"))]);
        append(&main, &one("a.toml", "a.pdf", "a2")).unwrap();
        append(&main, &one("b.toml", "b.pdf", "b1")).unwrap();
        // A kill in the middle of the next append.
        let whole = std::fs::read(&journal).unwrap();
        let mut torn = whole.clone();
        torn.extend_from_slice(br#"{"input":"c.toml","outputs":[["c.pdf",{"by"#);
        std::fs::write(&journal, &torn).unwrap();
        let m = load(&main).unwrap();
        assert_eq!(m.outputs.keys().collect::<Vec<_>>(), ["a.pdf", "b.pdf"]);
        assert_eq!(
            m.outputs["a.pdf"].sha256, "a2",
            "the journal's later entry wins"
        );
        assert_eq!(load_file(&main).unwrap().outputs.len(), 1);
        append(&main, &one("c.toml", "c.pdf", "c1")).unwrap();
        let text = std::fs::read(&journal).unwrap();
        assert!(text.starts_with(&whole) && text.ends_with(b"\n"));
        assert_eq!(text.split(|&b| b == b'\n').count(), 4, "torn line kept");
        assert_eq!(load(&main).unwrap().outputs.len(), 3);
        // The fold: everything in the manifest file, the journal gone.
        update(&main, &one("d.toml", "d.pdf", "d1")).unwrap();
        assert!(!journal.exists());
        let m = load_file(&main).unwrap();
        let shas: Vec<&str> = m.outputs.values().map(|e| e.sha256.as_str()).collect();
        assert_eq!(shas, ["a2", "b1", "c1", "d1"]);
        // A line that is whole but no record is an error, located.
        std::fs::write(&journal, b"{\"input\":\"x\"}\n").unwrap();
        let e = load(&main).unwrap_err();
        assert!(e.contains(".journal:1:"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A shard's run killed before its first fold leaves only a journal: the next run reads
    /// it, and `manifest merge` folds it in and removes it.
    #[test]
    fn a_manifest_that_is_only_a_journal_is_read_and_merged() {
        let dir = std::env::temp_dir().join(format!("communique-jmerge-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        write(&dir, MAIN, &[("a.pdf", entry("a.toml", "a1"))]);
        let shard = dir.join("communique.manifest.1-of-2.json");
        append(&shard, &one("b.toml", "b.pdf", "b1")).unwrap();
        assert!(!shard.exists());
        assert_eq!(files(&dir), [dir.join(MAIN), shard.clone()]);
        let known = load_all(&dir).unwrap();
        assert_eq!(
            known["b.toml"],
            [("b.pdf".to_string(), entry("b.toml", "b1"))]
        );
        let merged = merge(&dir).unwrap();
        assert_eq!((merged.files, merged.outputs), (2, 2));
        assert_eq!(files(&dir), [dir.join(MAIN)]);
        assert!(!journal_of(&shard).exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
