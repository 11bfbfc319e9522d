//! Photos (`[[photos]]`) through the engine: `tests/photos/NAME.toml` must give exactly
//! `NAME.expected` (the photos as read, or the located errors); `BLESS=1` rewrites them.
//! The files are in `tests/photos/files/` (made by Pillow for these tests, CC0). And the
//! PDF: one image XObject per distinct photo, JPEGs as `DCTDecode`, each figure tagged
//! `Figure` with its `/Alt` in its language.

mod common;

use common::engine;
use communique::photo::Image;
use communique::BuildOptions;
use lopdf::{Document, Object};
use std::fmt::Write as _;
use std::path::Path;

fn case_path(case: &Path) -> String {
    // Relative to the crate (the tests' working folder): the engine's files are read next to
    // it, and the expected diagnostics do not depend on where the checkout is.
    let name = case.file_name().unwrap().to_string_lossy();
    format!("tests/photos/{name}")
}

fn outcome(case: &Path) -> String {
    let source = std::fs::read(case).unwrap();
    match engine().check(&case_path(case), &source) {
        Err(diags) => diags.iter().map(|d| d.short() + "\n").collect(),
        Ok(release) => {
            let mut s = String::new();
            for (i, p) in release.photos.iter().enumerate() {
                let image = p.image.as_ref().expect("a checked release has its images");
                let same = release.photos[..i]
                    .iter()
                    .position(|q| std::sync::Arc::ptr_eq(q.image.as_ref().unwrap(), image));
                let what = match (same, &**image) {
                    (Some(j), _) => format!("the image of photo {}", j + 1),
                    (None, Image::Jpeg(j)) => {
                        format!(
                            "JPEG {}x{} {:?}, {} bytes",
                            j.width,
                            j.height,
                            j.color,
                            j.data.len()
                        )
                    }
                    (None, Image::Raster(r)) => format!(
                        "PNG {}x{} {:?}, alpha {}",
                        r.width,
                        r.height,
                        r.color,
                        r.alpha.is_some()
                    ),
                };
                writeln!(s, "photo {} {:?}: {what}", i + 1, p.file.value).unwrap();
            }
            s
        }
    }
}

#[test]
fn photo_cases() {
    common::cases::run(&common::root().join("tests/photos"), outcome);
}

fn build(name: &str) -> Document {
    let source = std::fs::read(common::root().join("tests/photos").join(name)).unwrap();
    let path = format!("tests/photos/{name}");
    let mut out = engine()
        .build(&path, &source, &BuildOptions::default())
        .unwrap();
    Document::load_mem(&out.remove(0).pdf).unwrap()
}

fn name_of(o: Option<&Object>) -> Option<String> {
    o.and_then(|o| o.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

#[test]
fn each_distinct_photo_is_embedded_once_jpegs_as_they_are() {
    let doc = build("formats.toml");
    let images: Vec<&lopdf::Stream> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| name_of(s.dict.get(b"Subtype").ok()).as_deref() == Some("Image"))
        .collect();
    let filter = |s: &lopdf::Stream| name_of(s.dict.get(b"Filter").ok());
    let jpegs: Vec<_> = images
        .iter()
        .filter(|s| filter(s).as_deref() == Some("DCTDecode"))
        .collect();
    // Three JPEG files, the first named twice; the pass-through keeps every byte.
    assert_eq!(jpegs.len(), 3);
    let baseline = std::fs::read(common::root().join("tests/photos/files/baseline.jpg")).unwrap();
    assert!(jpegs.iter().any(|s| s.content == baseline));
    // The RGBA PNG is composited onto white like the logo: no soft mask.
    assert!(images.iter().all(|s| s.dict.get(b"SMask").is_err()));
    // 3 JPEGs + 3 PNGs (the brand's logo is an SVG: paths, no image).
    assert_eq!(images.len(), 6, "image XObjects");
}

#[test]
fn each_figure_has_its_alt_in_its_language() {
    let doc = build("formats.toml");
    let mut figures: Vec<(String, String)> = Vec::new();
    for o in doc.objects.values() {
        let Ok(d) = o.as_dict() else { continue };
        if name_of(d.get(b"S").ok()).as_deref() != Some("Figure") {
            continue;
        }
        let text = |k: &[u8]| {
            d.get(k)
                .ok()
                .and_then(|o| o.as_str().ok())
                .map(|s| {
                    lopdf::decode_text_string(&Object::string_literal(s.to_vec()))
                        .unwrap_or_default()
                })
                .unwrap_or_default()
        };
        figures.push((text(b"Lang"), text(b"Alt")));
    }
    figures.sort();
    assert_eq!(
        figures.len(),
        14,
        "seven photos in two languages: {figures:?}"
    );
    assert!(
        figures.contains(&("nl-BE".into(), "Een kleurverloop".into())),
        "{figures:?}"
    );
    assert!(
        figures.contains(&("fr-BE".into(), "Un dégradé".into())),
        "{figures:?}"
    );
}

/// A release folder with the example's photo release and its two pictures.
fn photo_release(dir: &Path) {
    let examples = common::root().join("examples");
    std::fs::create_dir_all(dir.join("photos")).unwrap();
    for f in [
        "persbericht-haven-foto.toml",
        "photos/haven.jpg",
        "photos/kaart.png",
    ] {
        std::fs::copy(examples.join(f), dir.join(f)).unwrap();
    }
}

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).expect("--json output")
}

/// Through the binary: a changed photo changes the manifest key, so the release is rebuilt
/// (the key held only the release's own bytes, and a new photo left the old PDF in place).
#[test]
fn a_changed_photo_rebuilds_its_release() {
    let dir = common::temp_dir("photos-incremental");
    photo_release(&dir);
    let build = || {
        let o = common::run(
            &dir,
            &[
                "build",
                "persbericht-haven-foto.toml",
                "-o",
                "out",
                "--json",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", common::text(&o.stderr));
        json(&o)
    };
    assert_eq!(build()["built"], 1);
    assert_eq!(build()["skipped"], 1);
    std::fs::copy(
        common::root().join("tests/photos/files/baseline.jpg"),
        dir.join("photos/haven.jpg"),
    )
    .unwrap();
    assert_eq!(build()["built"], 1, "a changed photo must rebuild");
}

/// A photo inside the folder by name but linked out of it is refused, named, and nothing is
/// written.
#[cfg(unix)]
#[test]
fn a_photo_linked_out_of_the_release_folder_is_refused() {
    let dir = common::temp_dir("photos-symlink");
    photo_release(&dir);
    let outside = common::temp_dir("photos-symlink-outside");
    std::fs::copy(dir.join("photos/haven.jpg"), outside.join("secret.jpg")).unwrap();
    std::fs::remove_file(dir.join("photos/haven.jpg")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.jpg"), dir.join("photos/haven.jpg")).unwrap();
    let o = common::run(&dir, &["build", "persbericht-haven-foto.toml"]);
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("outside the release's folder"), "{err}");
    assert!(err.contains("photos/haven.jpg"), "{err}");
    assert!(
        err.contains("persbericht-haven-foto.toml:"),
        "located: {err}"
    );
    assert!(!dir.join("persbericht-haven-foto.pdf").exists());
}
