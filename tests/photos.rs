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
                    (
                        None,
                        Image::Raster(r) | Image::Png(communique::photo::Png { raster: r, .. }),
                    ) => format!(
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
    // The RGBA PNG keeps its transparency as a soft mask, the only one.
    let masked = images.iter().filter(|s| s.dict.get(b"SMask").is_ok());
    assert_eq!(masked.count(), 1);
    // 3 JPEGs + 3 PNGs + the RGBA PNG's mask (the brand's logo is an SVG: paths, no image).
    assert_eq!(images.len(), 7, "image XObjects");
}

/// The image XObjects of a PDF: (width, height, filter, has a soft mask).
fn images(pdf: &[u8]) -> Vec<(i64, i64, Option<String>, bool)> {
    let doc = Document::load_mem(pdf).unwrap();
    let mut v: Vec<_> = (doc.objects.values())
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| name_of(s.dict.get(b"Subtype").ok()).as_deref() == Some("Image"))
        .map(|s| {
            let int = |k: &[u8]| s.dict.get(k).unwrap().as_i64().unwrap();
            let filter = name_of(s.dict.get(b"Filter").ok());
            (
                int(b"Width"),
                int(b"Height"),
                filter,
                s.dict.get(b"SMask").is_ok(),
            )
        })
        .collect();
    v.sort();
    v
}

fn build_large(image_dpi: u32) -> Vec<u8> {
    let source = std::fs::read(common::root().join("tests/photos/large.toml")).unwrap();
    let opts = BuildOptions {
        image_dpi,
        ..BuildOptions::default()
    };
    let mut out = engine()
        .build("tests/photos/large.toml", &source, &opts)
        .unwrap();
    out.remove(0).pdf
}

/// The bug: a photo far larger than its place was embedded at full size (a camera's
/// 24-megapixel JPEG made a 10 MB PDF for a 16 cm wide picture). At 300 dpi (the default)
/// the 470-dpi JPEG is shrunk and re-encoded, the 250-dpi PNG kept; at 150 both shrink; at
/// 0 both stay as they are. Each in proportion, and the same bytes on every build.
#[test]
fn photos_far_larger_than_their_place_are_downsampled_to_the_dpi() {
    let jpeg = |w, h| (w, h, Some("DCTDecode".to_string()), false);
    let default = build_large(communique::engine::DEFAULT_IMAGE_DPI);
    let got = images(&default);
    // The JPEG, the PNG and the PNG's soft mask (its size is the PNG's).
    assert_eq!(got.len(), 3, "{got:?}");
    let png = got
        .iter()
        .find(|i| i.2.as_deref() != Some("DCTDecode"))
        .unwrap();
    assert_eq!((png.0, png.1), (1600, 1066), "{got:?}");
    let small = got
        .iter()
        .find(|i| i.2.as_deref() == Some("DCTDecode"))
        .unwrap();
    // A column of 160 mm or so at 300 dpi: about 1900 pixels, the height in proportion.
    assert!((1800..2000).contains(&small.0), "{got:?}");
    assert_eq!(*small, jpeg(small.0, small.1), "{got:?}");
    assert!(
        (small.1 * 3 - small.0 * 2).abs() <= 3,
        "in proportion: {got:?}"
    );
    assert_eq!(build_large(300), default, "a rebuild is byte-identical");

    let low = images(&build_large(150));
    assert!(low.iter().all(|i| (900..1000).contains(&i.0)), "{low:?}");
    assert!(
        low.iter().any(|i| i.3),
        "the shrunk PNG keeps its mask: {low:?}"
    );
    let full = build_large(0);
    let kept = images(&full);
    assert!(kept.contains(&jpeg(3000, 2000)), "{kept:?}");
    assert!(kept.iter().any(|i| (i.0, i.1) == (1600, 1066)), "{kept:?}");
    assert!(
        default.len() < full.len(),
        "{} ≥ {} bytes",
        default.len(),
        full.len()
    );
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

/// A photo that is missing or damaged fails its release alone, like any other fault in a
/// release's content: exit 1, its PDF not written, the other releases of the run built.
/// (Exit 2 is for what makes the whole run impossible: options, brand, templates, fonts.)
#[test]
fn a_missing_or_damaged_photo_fails_its_release_alone_with_exit_1() {
    let dir = common::temp_dir("photos-exit");
    photo_release(&dir);
    let release = std::fs::read_to_string(dir.join("persbericht-haven-foto.toml")).unwrap();
    let missing = release.replace("photos/haven.jpg", "photos/weg.jpg");
    std::fs::write(dir.join("missing.toml"), missing).unwrap();
    let damaged = release.replace("photos/haven.jpg", "photos/damaged.jpg");
    std::fs::write(dir.join("damaged.toml"), damaged).unwrap();
    std::fs::copy(
        common::root().join("tests/photos/files/damaged.jpg"),
        dir.join("photos/damaged.jpg"),
    )
    .unwrap();
    let o = common::run(&dir, &["build", ".", "-o", "out", "--json"]);
    let err = common::text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let report = json(&o);
    assert_eq!(
        (report["built"].as_u64(), report["failed"].as_u64()),
        (Some(1), Some(2)),
        "{report}"
    );
    assert!(dir.join("out/persbericht-haven-foto.pdf").exists());
    assert!(!dir.join("out/missing.pdf").exists());
    assert!(!dir.join("out/damaged.pdf").exists());
    let text = report.to_string();
    assert!(
        text.contains("photos/weg.jpg") && text.contains("photos/damaged.jpg"),
        "{text}"
    );
    assert!(text.contains("image data is damaged"), "{text}");
}
