//! Release loader cases as data files.
//!
//! `tests/model/bad/NAME.toml` must fail with exactly the diagnostics in
//! `NAME.expected` (one `Diagnostic::short()` line each); `tests/model/good/NAME.toml`
//! must load, and `NAME.expected` holds a summary of what was loaded.
//! `BLESS=1 cargo test --test model_cases` rewrites the expected files.

mod common;

use communique::model::{load, Release};
use communique::Lang;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/model")
        .join(kind)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

fn run(kind: &str, outcome: fn(&Path) -> String) {
    common::cases::run(&dir(kind), outcome);
}

fn load_case(case: &Path) -> Result<Release, Vec<communique::Diagnostic>> {
    let source = fs::read(case).expect("read case");
    load(&file_name(case), &source)
}

fn bad_outcome(case: &Path) -> String {
    match load_case(case) {
        Ok(_) => "loaded without errors\n".to_string(),
        Err(diags) => diags.iter().map(|d| d.short() + "\n").collect(),
    }
}

fn good_outcome(case: &Path) -> String {
    match load_case(case) {
        Ok(release) => summary(&release),
        Err(diags) => diags.iter().map(|d| d.short() + "\n").collect(),
    }
}

/// The loaded values a reader can check against the `.toml` at a glance.
fn summary(r: &Release) -> String {
    let mut s = String::new();
    let langs: Vec<&str> = r.languages.iter().map(|l| l.code()).collect();
    writeln!(s, "languages: {}", langs.join(", ")).unwrap();
    writeln!(s, "date: {:?} (unix {})", r.date, r.date.unix_seconds()).unwrap();
    if !r.brand.is_empty() {
        let names: Vec<&str> = r.brand.iter().map(|b| b.value.as_str()).collect();
        writeln!(s, "brand: {}", names.join(", ")).unwrap();
    }
    if let Some(u) = &r.update {
        writeln!(s, "update: {} replaces {:?}", u.number, u.replaces).unwrap();
    }
    if let Some(e) = &r.embargo {
        writeln!(s, "embargo: {e:?} (unix {})", e.unix_seconds()).unwrap();
    }
    for &lang in &r.languages {
        summarize_lang(&mut s, r, lang);
    }
    s
}

fn summarize_lang(s: &mut String, r: &Release, lang: Lang) {
    let t = r.text(lang);
    writeln!(s, "{lang}.title: {:?}", t.title.value).unwrap();
    if let Some(sub) = &t.subtitle {
        writeln!(s, "{lang}.subtitle: {:?}", sub.value).unwrap();
    }
    if let Some(notes) = &t.notes {
        writeln!(s, "{lang}.notes: {:?}", notes.value).unwrap();
    }
    writeln!(s, "{lang}.quotes: {}", t.quotes.len()).unwrap();
    writeln!(s, "{lang}.sections: {}", t.sections.len()).unwrap();
    if let Some(place) = &r.place {
        writeln!(s, "{lang}.place: {:?}", place.get(lang).value).unwrap();
    }
    if let Some(role) = r.speaker.as_ref().and_then(|sp| sp.role.as_ref()) {
        writeln!(s, "{lang}.speaker.role: {:?}", role.get(lang).value).unwrap();
    }
    for c in r.contacts.iter().filter(|c| c.speaks(lang)) {
        let text = |l: &Option<communique::model::Localized>| {
            l.as_ref().map(|l| l.get(lang).value.clone())
        };
        let value =
            |v: &Option<communique::model::Located<String>>| v.as_ref().map(|v| v.value.clone());
        writeln!(
            s,
            "{lang}.contact: {:?} {:?} {:?} {:?} {:?}",
            text(&c.name),
            text(&c.role),
            text(&c.organisation),
            value(&c.email),
            value(&c.phone)
        )
        .unwrap();
    }
    for p in &r.photos {
        let caption = p.caption.as_ref().map(|c| c.get(lang).value.clone());
        let credit = p.credit.as_ref().map(|c| c.value.clone());
        writeln!(
            s,
            "{lang}.photo: {:?} alt {:?} caption {:?} credit {:?}",
            p.file.value,
            p.alt.get(lang).value,
            caption,
            credit
        )
        .unwrap();
    }
}

#[test]
fn bad_releases_report_their_expected_diagnostics() {
    run("bad", bad_outcome);
}

#[test]
fn good_releases_load() {
    run("good", good_outcome);
}

/// Spans must select the text itself in the file, so later stages can point at a
/// character (e.g. one no shipped font covers).
#[test]
fn located_values_point_at_their_text_in_the_file() {
    let case = dir("good").join("full.toml");
    let source = fs::read_to_string(&case).unwrap();
    let r = load_case(&case).unwrap();
    let nl = r.text(Lang::Nl);
    assert_eq!(&source[nl.title.span.clone()], nl.title.value);
    let section = &nl.sections[0];
    assert!(source[section.text.span.clone()].starts_with("De steun gaat"));
    let quote_by = section.quotes[0].by.as_ref().unwrap();
    assert_eq!(&source[quote_by.span.clone()], "Jan Peeters");
}

#[test]
fn offset_date_times_keep_their_offset() {
    let r = load_case(&dir("good").join("offset-datetime.toml")).unwrap();
    // 10:00 at +02:00 and 08:30Z are 08:00 and 08:30 UTC on the same day.
    assert_eq!(
        r.embargo.unwrap().unix_seconds() - r.date.unix_seconds(),
        30 * 60
    );
    assert_eq!(r.date.time.unwrap().1, 120);
}

/// The loader must answer any input with diagnostics, never a panic: every prefix of
/// a full release cuts strings, tables and dates at every possible point.
#[test]
fn truncated_releases_never_panic() {
    let source = fs::read(dir("good").join("full.toml")).unwrap();
    for end in 0..source.len() {
        let _ = load("full.toml", &source[..end]);
    }
}
