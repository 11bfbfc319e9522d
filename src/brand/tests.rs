//! Tests for the brand loader, the SVG reader and the path-data grammar.

use super::pathdata::{self, Seg, P};
use super::svg::{parse_paint, parse_transform};
use super::*;
use crate::geom::{FillRule, PathOp, Raster, RasterColor};
use std::sync::Arc;

// --- path data -------------------------------------------------------------------------

fn segs(d: &str) -> Vec<Seg> {
    pathdata::parse(d).unwrap_or_else(|e| panic!("{d:?}: {e:?}"))
}

fn close(a: P, b: P) -> bool {
    (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6
}

fn end(seg: &Seg) -> P {
    match *seg {
        Seg::Move(p) | Seg::Line(p) | Seg::Cubic(_, _, p) => p,
        Seg::Close => panic!("close has no end point"),
    }
}

/// A cubic's point at t = ½, to check that arcs stay on their circle.
fn cubic_mid(p0: P, seg: &Seg) -> P {
    let Seg::Cubic(c1, c2, p) = *seg else {
        panic!("not a cubic: {seg:?}")
    };
    let m = |a: f64, b: f64, c: f64, d: f64| (a + 3.0 * b + 3.0 * c + d) / 8.0;
    (m(p0.0, c1.0, c2.0, p.0), m(p0.1, c1.1, c2.1, p.1))
}

#[test]
fn absolute_lines_and_close() {
    assert_eq!(
        segs("M1 2 L3 4 H5 V6 Z"),
        [
            Seg::Move((1.0, 2.0)),
            Seg::Line((3.0, 4.0)),
            Seg::Line((5.0, 4.0)),
            Seg::Line((5.0, 6.0)),
            Seg::Close,
        ]
    );
}

#[test]
fn relative_commands_chain_from_the_current_point() {
    assert_eq!(
        segs("m1 1 l2 0 h1 v1 c1 0 1 1 0 1 z"),
        [
            Seg::Move((1.0, 1.0)),
            Seg::Line((3.0, 1.0)),
            Seg::Line((4.0, 1.0)),
            Seg::Line((4.0, 2.0)),
            Seg::Cubic((5.0, 2.0), (5.0, 3.0), (4.0, 3.0)),
            Seg::Close,
        ]
    );
}

#[test]
fn extra_pairs_after_moveto_are_linetos() {
    assert_eq!(
        segs("M0 0 10 0 10 10m5 5 1 1"),
        [
            Seg::Move((0.0, 0.0)),
            Seg::Line((10.0, 0.0)),
            Seg::Line((10.0, 10.0)),
            Seg::Move((15.0, 15.0)),
            Seg::Line((16.0, 16.0)),
        ]
    );
}

#[test]
fn drawing_after_close_restarts_at_the_subpath_start() {
    assert_eq!(
        segs("M1 1 L5 1 Z l0 4"),
        [
            Seg::Move((1.0, 1.0)),
            Seg::Line((5.0, 1.0)),
            Seg::Close,
            Seg::Move((1.0, 1.0)),
            Seg::Line((1.0, 5.0)),
        ]
    );
}

#[test]
fn smooth_cubic_reflects_the_previous_control_point() {
    let s = segs("M0 0 C1 1 2 1 3 0 S5 -1 6 0 s1 1 2 0");
    assert_eq!(s[2], Seg::Cubic((4.0, -1.0), (5.0, -1.0), (6.0, 0.0)));
    // Relative `s`: reflection of (5, -1) about (6, 0) is (7, 1).
    assert_eq!(s[3], Seg::Cubic((7.0, 1.0), (7.0, 1.0), (8.0, 0.0)));
    // Without a preceding cubic, S's first control point is the current point.
    let s = segs("M0 0 L3 0 S5 1 6 0");
    assert_eq!(s[2], Seg::Cubic((3.0, 0.0), (5.0, 1.0), (6.0, 0.0)));
}

#[test]
fn quadratics_are_raised_to_cubics() {
    let s = segs("M0 0 Q3 3 6 0 T12 0 t6 0");
    assert_eq!(s[1], Seg::Cubic((2.0, 2.0), (4.0, 2.0), (6.0, 0.0)));
    // T reflects (3, 3) about (6, 0) to (9, -3).
    assert_eq!(s[2], Seg::Cubic((8.0, -2.0), (10.0, -2.0), (12.0, 0.0)));
    // t reflects (9, -3) about (12, 0) to (15, 3).
    assert_eq!(s[3], Seg::Cubic((14.0, 2.0), (16.0, 2.0), (18.0, 0.0)));
    let s = segs("M0 0 q3 3 6 0");
    assert_eq!(s[1], Seg::Cubic((2.0, 2.0), (4.0, 2.0), (6.0, 0.0)));
}

#[test]
fn compact_numbers_split_at_signs_and_second_dots() {
    assert_eq!(
        segs("M1.5.5L-2-3e1.25-1E-1"),
        [
            Seg::Move((1.5, 0.5)),
            Seg::Line((-2.0, -30.0)),
            Seg::Line((0.25, -0.1)),
        ]
    );
    assert_eq!(segs("M+1,2,3,4")[1], Seg::Line((3.0, 4.0)));
}

#[test]
fn arc_flags_may_run_into_the_next_number() {
    let s = segs("M0 0a1 1 0 00.5.5");
    assert!(close(end(s.last().unwrap()), (0.5, 0.5)), "{s:?}");
}

#[test]
fn semicircle_arc_bulges_on_the_sweep_side() {
    // sweep=1 is clockwise on a y-down page: from the left end over the top.
    let s = segs("M0 0 A10 10 0 0 1 20 0");
    assert_eq!(s.len(), 3, "two quarter cubics: {s:?}");
    assert!(close(end(&s[1]), (10.0, -10.0)), "{s:?}");
    assert!(close(end(&s[2]), (20.0, 0.0)));
    let s = segs("M0 0 A10 10 0 0 0 20 0");
    assert!(close(end(&s[1]), (10.0, 10.0)), "{s:?}");
}

#[test]
fn arc_cubics_stay_on_the_circle() {
    let s = segs("M0 0 A10 10 0 1 0 10 10");
    assert_eq!(s.len(), 4, "270° in three quarter cubics: {s:?}");
    // Centre: the large arc from (0,0) to (10,10) with sweep 0 (counter-clockwise on the
    // page) runs 12 → 9 → 6 → 3 o'clock around (0, 10).
    let mut p0 = (0.0, 0.0);
    for seg in &s[1..] {
        let m = cubic_mid(p0, seg);
        let r = (m.0.powi(2) + (m.1 - 10.0).powi(2)).sqrt();
        assert!(
            (r - 10.0).abs() < 0.003,
            "midpoint {m:?} is {r} from the centre"
        );
        p0 = end(seg);
    }
    assert!(close(p0, (10.0, 10.0)));
}

#[test]
fn arc_radii_too_small_are_scaled_up() {
    let small = segs("M0 0 A1 1 0 0 1 20 0");
    let exact = segs("M0 0 A10 10 0 0 1 20 0");
    assert_eq!(small.len(), exact.len());
    for (a, b) in small.iter().zip(&exact) {
        assert!(close(end(a), end(b)), "{a:?} vs {b:?}");
    }
}

#[test]
fn rotated_elliptical_arc_ends_on_its_end_point() {
    let s = segs("M10 10 a20 10 30 1 1 15 5");
    assert!(close(end(s.last().unwrap()), (25.0, 15.0)), "{s:?}");
    assert!(s.len() >= 3, "a large arc needs several cubics: {s:?}");
}

#[test]
fn degenerate_arcs() {
    // A zero radius makes a straight line; an arc to the current point is dropped.
    assert_eq!(segs("M0 0 A0 5 0 0 1 4 4")[1], Seg::Line((4.0, 4.0)));
    assert_eq!(segs("M3 3 A5 5 0 0 1 3 3"), [Seg::Move((3.0, 3.0))]);
}

#[test]
fn path_syntax_errors_point_at_the_offending_byte() {
    let err = |d: &str| pathdata::parse(d).unwrap_err();
    let e = err("L1 2");
    assert_eq!(
        (e.offset, e.message.as_str()),
        (0, "path data must start with a moveto (M or m)")
    );
    let e = err("M1 2 X3 4");
    assert_eq!(e.offset, 5);
    assert!(e.message.contains("'X'"), "{}", e.message);
    let e = err("M1");
    assert_eq!((e.offset, e.message.as_str()), (2, "expected a number"));
    let e = err("M0 0 A1 1 0 2 1 1 1");
    assert_eq!(e.offset, 12);
    assert!(e.message.contains("arc flag"));
    assert_eq!(err("M0 0 L1 .").offset, 8);
}

// --- transforms and colours ------------------------------------------------------------

#[test]
fn transform_lists_apply_right_to_left() {
    let t = parse_transform("translate(10, 20) scale(2)").unwrap();
    assert_eq!(t.apply((1.0, 1.0)), (12.0, 22.0));
    let t = parse_transform("scale(2,3)translate(1)").unwrap();
    assert_eq!(t.apply((0.0, 1.0)), (2.0, 3.0));
    let t = parse_transform("matrix(1 0 0 1 5 6)").unwrap();
    assert_eq!(t.apply((1.0, 1.0)), (6.0, 7.0));
    let t = parse_transform("rotate(90)").unwrap();
    assert!(close(t.apply((1.0, 0.0)), (0.0, 1.0)));
    let t = parse_transform("rotate(180 5 5)").unwrap();
    assert!(close(t.apply((0.0, 0.0)), (10.0, 10.0)));
    let t = parse_transform("skewX(45)").unwrap();
    assert!(close(t.apply((0.0, 2.0)), (2.0, 2.0)));
    assert!(parse_transform("translate(1 2").is_err());
    assert!(parse_transform("spin(3)").is_err());
}

#[test]
fn colours() {
    assert_eq!(parse_color("#ff0000"), Some(Rgb(1.0, 0.0, 0.0)));
    assert_eq!(parse_color("#0f0"), Some(Rgb(0.0, 1.0, 0.0)));
    assert_eq!(parse_color("#12345"), None);
    assert_eq!(parse_color("ff0000"), None);
    assert_eq!(parse_color("#ggg"), None);
    assert_eq!(parse_color("#éé"), None);
    assert_eq!(parse_paint("navy"), parse_color("#000080"));
    assert_eq!(parse_paint("White"), Some(Rgb(1.0, 1.0, 1.0)));
    assert_eq!(parse_paint("rgb(255, 0, 0)"), Some(Rgb(1.0, 0.0, 0.0)));
    assert_eq!(parse_paint("rgb(0%,100%,0%)"), Some(Rgb(0.0, 1.0, 0.0)));
    assert_eq!(parse_paint("chartreuse-ish"), None);
}

// --- SVG logos -------------------------------------------------------------------------

fn svg(body: &str) -> String {
    format!("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 50\">\n{body}\n</svg>")
}

fn shapes(body: &str) -> Vec<(Vec<PathOp>, Rgb)> {
    shapes_with_rules(body)
        .into_iter()
        .map(|(path, fill, _)| (path, fill))
        .collect()
}

fn shapes_with_rules(body: &str) -> Vec<(Vec<PathOp>, Rgb, FillRule)> {
    match parse_logo("logo.svg", svg(body).as_bytes()) {
        Ok(Logo::Vector { shapes, .. }) => shapes,
        other => panic!("{other:?}"),
    }
}

/// Regression: `fill-rule="evenodd"` was ignored, so a ring whose hole is drawn in the
/// same direction as its outline came out as a filled square.
#[test]
fn fill_rule_is_read_and_inherited() {
    let rules = |body: &str| -> Vec<FillRule> {
        shapes_with_rules(body).into_iter().map(|s| s.2).collect()
    };
    let ring = "d=\"M0 0H10V10H0Z M3 3H7V7H3Z\"";
    assert_eq!(
        rules(&format!(
            "<path fill-rule=\"evenodd\" {ring}/><path {ring}/>"
        )),
        [FillRule::EvenOdd, FillRule::NonZero]
    );
    assert_eq!(
        rules(&format!("<g style=\"fill-rule: evenodd\"><path {ring}/><path fill-rule=\"nonzero\" {ring}/></g>")),
        [FillRule::EvenOdd, FillRule::NonZero]
    );
    let e = logo_error(&format!("<path fill-rule=\"odd\" {ring}/>"));
    assert!(e.message.contains("invalid fill-rule \"odd\""), "{e}");
    assert_eq!(e.line, 2);
}

fn logo_error(body: &str) -> Diagnostic {
    parse_logo("logo.svg", svg(body).as_bytes()).unwrap_err()
}

/// Regression: 40,000 nested `<g>` overflowed the stack in this reader, a million inside
/// roxmltree's tokenizer; both are now a located error, found before roxmltree reads them.
#[test]
fn groups_nested_past_the_limit_are_refused_where_they_pass_it() {
    let nested =
        |n: usize| "<g>".repeat(n) + "<rect width=\"1\" height=\"1\"/>" + &"</g>".repeat(n);
    assert_eq!(shapes(&nested(99)).len(), 1);
    for n in [100, 101, 1_000_000] {
        let e = logo_error(&nested(n));
        assert_eq!(e.message, "logo elements nested more than 100 deep", "{n}");
        // Line 2 holds the body; the 101st element below the root is the one past the limit.
        assert_eq!((e.line, e.column), (2, 301), "{n}");
        assert!(e.hint.as_deref().unwrap().contains("ungroup"));
    }
    // Empty elements, comments and declarations do not nest.
    let flat = "<rect/><!-- <g> --><![CDATA[<g>]]>".repeat(500) + &nested(99);
    assert_eq!(shapes(&flat).len(), 1);
}

/// Elements that entities expand to are out of sight of the text scan; the reader's own
/// count refuses them when they nest too deep.
#[test]
fn groups_nested_through_entities_are_counted_by_the_reader() {
    let deep = |n: usize| "<g>".repeat(n) + "<rect width='1' height='1'/>" + &"</g>".repeat(n);
    let src = format!(
        "<!DOCTYPE svg [<!ENTITY a \"{}\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 1 1\">{}&a;{}</svg>",
        deep(60),
        "<g>".repeat(60),
        "</g>".repeat(60)
    );
    let e = parse_logo("logo.svg", src.as_bytes()).unwrap_err();
    assert_eq!(e.message, "logo elements nested more than 100 deep");
}

/// Regression: roxmltree compares each attribute with the element's earlier ones, so an
/// element with 100,000 attributes took 20 s; past 256 it is refused before that.
#[test]
fn an_element_with_too_many_attributes_is_refused() {
    let attrs = |n: usize| -> String { (0..n).map(|i| format!(" a{i}='x>=y'")).collect() };
    let rect = |n: usize| format!("<rect width=\"1\" height=\"1\"{}/>", attrs(n));
    assert_eq!(shapes(&rect(254)).len(), 1);
    let e = logo_error(&rect(255));
    assert_eq!(e.message, "<rect> has more than 256 attributes in logo");
    assert_eq!((e.line, e.column), (2, 1));
    // `=` in text and attribute values is not counted.
    assert_eq!(
        shapes(&format!("<title>{}</title>{}", "=".repeat(300), rect(254))).len(),
        1
    );
}

fn pt(x: f32, y: f32) -> (Pt, Pt) {
    (Pt(x), Pt(y))
}

fn first_point(path: &[PathOp]) -> (Pt, Pt) {
    match path[0] {
        PathOp::Move(x, y) => (x, y),
        other => panic!("path starts with {other:?}"),
    }
}

#[test]
fn rect_and_its_rounded_corners() {
    let s = shapes(r#"<rect x="1" y="2" width="10" height="5"/>"#);
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].1, Rgb::BLACK, "SVG's default fill is black");
    assert_eq!(
        s[0].0,
        [
            PathOp::Move(Pt(1.0), Pt(2.0)),
            PathOp::Line(Pt(11.0), Pt(2.0)),
            PathOp::Line(Pt(11.0), Pt(7.0)),
            PathOp::Line(Pt(1.0), Pt(7.0)),
            PathOp::Close,
        ]
    );
    // rx alone also sets ry, and each is clamped to half its own side.
    let s = shapes(r#"<rect width="10" height="4" rx="3"/>"#);
    let cubics = s[0]
        .0
        .iter()
        .filter(|op| matches!(op, PathOp::Cubic(..)))
        .count();
    assert_eq!(cubics, 4);
    assert_eq!(first_point(&s[0].0), pt(3.0, 0.0), "rx stays 3");
    assert!(
        matches!(s[0].0[2], PathOp::Cubic(.., x, y) if (x, y) == pt(10.0, 2.0)),
        "ry clamped to 2: {:?}",
        s[0].0
    );
    assert!(shapes(r#"<rect width="0" height="4"/>"#).is_empty());
}

#[test]
fn circle_and_ellipse_are_four_cubics() {
    for body in [
        r#"<circle cx="50" cy="25" r="10"/>"#,
        r#"<ellipse cx="50" cy="25" rx="10" ry="10"/>"#,
    ] {
        let s = shapes(body);
        let ops = &s[0].0;
        assert_eq!(ops.len(), 6, "{ops:?}");
        assert_eq!(first_point(ops), pt(60.0, 25.0));
        assert!(matches!(ops[2], PathOp::Cubic(.., x, y) if (x, y) == pt(40.0, 25.0)));
        assert_eq!(ops[5], PathOp::Close);
    }
    assert!(shapes(r#"<circle r="0"/>"#).is_empty());
}

#[test]
fn polygon_closes_and_polyline_does_not() {
    let s = shapes(r#"<polygon points="0,0 10,0 5,8"/><polyline points="0 0, 1 1 2 0"/>"#);
    assert_eq!(s[0].0.len(), 4);
    assert_eq!(s[0].0[3], PathOp::Close);
    assert_eq!(s[1].0.len(), 3);
    assert!(!s[1].0.contains(&PathOp::Close));
}

#[test]
fn group_transforms_compose_and_fill_inherits() {
    let s = shapes(
        r##"<g fill="#f00" transform="translate(10 5)">
              <g transform="scale(2)"><rect x="1" y="1" width="1" height="1"/></g>
              <rect fill="blue" style="fill:#00ff00" width="1" height="1"/>
              <rect fill="none" width="1" height="1"/>
            </g>"##,
    );
    assert_eq!(s.len(), 2, "fill=none draws nothing");
    assert_eq!(s[0].1, Rgb(1.0, 0.0, 0.0));
    assert_eq!(first_point(&s[0].0), pt(12.0, 7.0));
    assert_eq!(s[1].1, Rgb(0.0, 1.0, 0.0), "style wins over the attribute");
    assert_eq!(first_point(&s[1].0), pt(10.0, 5.0));
}

#[test]
fn viewbox_origin_moves_to_the_top_left_corner() {
    let src = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="10 20 30 15"><rect x="10" y="20" width="5" height="5"/></svg>"#;
    let Ok(Logo::Vector {
        width,
        height,
        shapes,
    }) = parse_logo("l.svg", src.as_bytes())
    else {
        panic!()
    };
    assert_eq!((width, height), (30.0, 15.0));
    assert_eq!(first_point(&shapes[0].0), pt(0.0, 0.0));
}

#[test]
fn size_from_width_and_height_without_viewbox() {
    let src = r#"<svg width="40px" height="20"><path d="M0 0h4v4z"/></svg>"#;
    let Ok(Logo::Vector { width, height, .. }) = parse_logo("l.svg", src.as_bytes()) else {
        panic!()
    };
    assert_eq!((width, height), (40.0, 20.0));
    let e = parse_logo("l.svg", b"<svg width=\"40mm\" height=\"20mm\"/>").unwrap_err();
    assert!(e.message.contains("invalid length"), "{e}");
    let e = parse_logo("l.svg", b"<svg/>").unwrap_err();
    assert!(e.message.contains("no size"), "{e}");
}

#[test]
fn metadata_and_editor_elements_are_skipped() {
    let s = shapes(
        r#"<title>Logo</title><metadata/><defs/>
           <namedview xmlns="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"/>
           <rect width="1" height="1" display="none"/><rect width="1" height="1"/>"#,
    );
    assert_eq!(s.len(), 1);
}

#[test]
fn unsupported_element_is_named_with_its_position() {
    let e = logo_error("<g>\n  <text x=\"1\">FOD</text>\n</g>");
    assert_eq!(e.path, "logo.svg");
    assert_eq!((e.line, e.column), (3, 3));
    assert!(e.message.contains("<text>"), "{e}");
    assert!(e.hint.as_deref().unwrap().contains("convert text to paths"));
    let e = logo_error("<image href=\"x.png\" width=\"1\" height=\"1\"/>");
    assert!(e.message.contains("<image>"), "{e}");
}

#[test]
fn gradient_fill_names_the_gradient() {
    let e = logo_error(
        r##"<defs><linearGradient id="g"/></defs>
<rect fill="url(#g)" width="1" height="1"/>"##,
    );
    assert!(e.message.contains("<linearGradient>"), "{e}");
    assert_eq!((e.line, e.column), (3, 13));
}

#[test]
fn strokes_are_refused() {
    let e = logo_error(r#"<path d="M0 0L1 1" style="fill:none;stroke:#000"/>"#);
    assert!(e.message.contains("strokes are not supported"), "{e}");
    assert_eq!(
        (e.line, e.column),
        (2, 37),
        "points at the stroke declaration"
    );
    assert!(e.hint.unwrap().contains("Stroke to Path"));
}

#[test]
fn bad_fill_colour_is_located() {
    let e = logo_error(r##"<rect width="1" height="1" fill="#12"/>"##);
    assert!(e.message.contains("invalid fill colour \"#12\""), "{e}");
    assert_eq!((e.line, e.column), (2, 34));
}

#[test]
fn bad_path_data_is_located_inside_the_attribute() {
    let e = logo_error(r#"<path d="M0 0 L1 1 Q"/>"#);
    assert_eq!((e.line, e.column), (2, 21));
    assert!(e.message.contains("expected a number"), "{e}");
}

#[test]
fn xml_errors_carry_line_and_column() {
    let e = parse_logo("logo.svg", b"<svg viewBox=\"0 0 1 1\">\n<rect></svg>").unwrap_err();
    assert_eq!(e.path, "logo.svg");
    assert_eq!(e.line, 2);
    assert!(e.message.starts_with("failed to read SVG logo"), "{e}");
}

// --- PNG and other formats -------------------------------------------------------------

/// A PNG made by the `png` crate's encoder: `w` × `h` pixels of `color` at `depth` bits,
/// from `data` (rows of samples as PNG stores them).
fn png_file(w: u32, h: u32, color: png::ColorType, depth: png::BitDepth, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, w, h);
    enc.set_color(color);
    enc.set_depth(depth);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    out
}

/// `w` × `h` RGBA pixels `(i, 10, 20, alpha)`.
fn png_rgba(w: u32, h: u32, alpha: u8) -> Vec<u8> {
    let px: Vec<u8> = (0..w * h).flat_map(|i| [i as u8, 10, 20, alpha]).collect();
    png_file(w, h, png::ColorType::Rgba, png::BitDepth::Eight, &px)
}

fn raster(bytes: &[u8]) -> Arc<Raster> {
    match parse_logo("logo.png", bytes) {
        Ok(Logo::Png(image)) => image,
        other => panic!("expected a PNG logo, got {other:?}"),
    }
}

#[test]
fn png_is_decoded_with_its_alpha_apart() {
    let r = raster(&png_rgba(3, 2, 128));
    assert_eq!((r.width, r.height, r.color), (3, 2, RasterColor::Rgb));
    assert_eq!(r.samples.len(), 18);
    assert_eq!(&r.samples[3..6], &[1, 10, 20]);
    assert_eq!(r.alpha.as_deref(), Some(&[128; 6][..]));
    let logo = Logo::Png(r);
    assert!((logo.aspect() - 2.0 / 3.0).abs() < 1e-6);
}

#[test]
fn png_formats_become_8_bit_gray_or_rgb() {
    use png::{BitDepth, ColorType};
    // 16-bit gray keeps the high byte of each sample; no alpha channel, no alpha.
    let r = raster(&png_file(
        2,
        1,
        ColorType::Grayscale,
        BitDepth::Sixteen,
        &[0x12, 0x34, 0xff, 0x00],
    ));
    assert_eq!(
        (r.color, &r.samples[..], &r.alpha),
        (RasterColor::Gray, &[0x12, 0xff][..], &None)
    );
    // 1-bit gray is stretched to 0 and 255.
    let r = raster(&png_file(
        2,
        1,
        ColorType::Grayscale,
        BitDepth::One,
        &[0b0100_0000],
    ));
    assert_eq!(r.samples, [0, 255]);
    // A palette becomes RGB, its transparency an alpha channel.
    let mut palette = Vec::new();
    let mut enc = png::Encoder::new(&mut palette, 2, 1);
    enc.set_color(ColorType::Indexed);
    enc.set_palette(&[255, 0, 0, 0, 0, 255][..]);
    enc.set_trns(&[255, 0][..]);
    let mut writer = enc.write_header().unwrap();
    writer.write_image_data(&[1, 0]).unwrap();
    writer.finish().unwrap();
    let r = raster(&palette);
    assert_eq!(r.color, RasterColor::Rgb);
    assert_eq!(r.samples, [0, 0, 255, 255, 0, 0]);
    assert_eq!(r.alpha.as_deref(), Some(&[0, 255][..]));
}

/// Regression: a damaged PNG used to pass the brand (only its header was read) and then go
/// missing, without a word, from every document.
#[test]
fn damaged_pngs_are_refused() {
    let good = png_rgba(8, 8, 255);
    let idat = good.windows(4).position(|w| w == b"IDAT").unwrap();
    let mut bad_crc = good.clone();
    bad_crc[idat + 6] ^= 0x55;
    let cut_in_data = &good[..idat + 10];
    let no_end = &good[..good.len() - 12];
    for (why, bytes) in [
        ("a byte changed in the image data", &bad_crc[..]),
        ("cut inside the image data", cut_in_data),
        ("without IEND", no_end),
        ("only the signature", &good[..8]),
        ("cut inside IHDR", &good[..20]),
    ] {
        let e = parse_logo("logo.png", bytes).expect_err(why);
        assert!(
            e.message.starts_with("invalid PNG logo \"logo.png\" ("),
            "{why}: {e}"
        );
        assert!(e.hint.is_some(), "{why}");
    }
}

#[test]
fn other_formats_are_refused_by_name() {
    let e = parse_logo("logo.jpg", b"\xff\xd8\xff\xe0rest").unwrap_err();
    assert_eq!(
        e.message,
        "logo \"logo.jpg\" is a JPEG, which is not supported"
    );
    let e = parse_logo("logo.bin", b"\x00\xff\xfe").unwrap_err();
    assert!(e.message.contains("neither PNG nor SVG"), "{e}");
}

#[test]
fn damaged_png_is_an_error_at_the_brands_logo_key() {
    let src = format!("{ORG}[logo]\nfile = \"mark.png\"\nwidth_mm = 20\n");
    let mut png = png_rgba(4, 4, 255);
    let end = png.len();
    png[end - 20] ^= 0xff; // inside the image data: its CRC no longer matches
    let d = Brand::load("b.toml", &src, Some(&png)).unwrap_err();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].path, "b.toml");
    let line = src.lines().position(|l| l.starts_with("file =")).unwrap() + 1;
    assert_eq!((d[0].line, d[0].column), (line, 8), "{}", d[0]);
    assert!(
        d[0].message.contains("invalid PNG logo \"mark.png\""),
        "{}",
        d[0]
    );
    assert!(
        d[0].hint.as_deref().unwrap().contains("re-export"),
        "{}",
        d[0]
    );
    let jpeg = Brand::load("b.toml", &src, Some(b"\xff\xd8\xff\xe0")).unwrap_err();
    assert_eq!((jpeg[0].path.as_str(), jpeg[0].line), ("b.toml", line));
}

// --- brand files -----------------------------------------------------------------------

const KUSTWACHT: &str = include_str!("../../examples/brand-kustwacht/brand.toml");
const KUSTWACHT_LOGO: &[u8] = include_bytes!("../../examples/brand-kustwacht/logo.png");

#[test]
fn default_brand_loads() {
    let b = Brand::embedded();
    assert_eq!(
        b.name_lines(Lang::Fr),
        ["Service public fédéral", "Affaires numériques"]
    );
    assert_eq!(b.short_name(Lang::De), "FÖD Digitale Angelegenheiten");
    assert!(b
        .file
        .organisation
        .website
        .as_deref()
        .unwrap()
        .ends_with(".example"));
    let Some((Logo::Vector { shapes, .. }, _)) = &b.logo else {
        panic!("default logo is a vector logo")
    };
    assert_eq!(shapes.len(), 4);
    let (w, h) = b.logo_size().unwrap();
    assert!((w.0 - Pt::from_mm(22.0).0).abs() < 1e-3);
    assert!((h.0 - w.0 * 88.0 / 92.0).abs() < 1e-3);
}

#[test]
fn kustwacht_brand_loads() {
    assert_eq!(BrandFile::logo_path(KUSTWACHT).as_deref(), Some("logo.png"));
    let b = Brand::load("brand.toml", KUSTWACHT, Some(KUSTWACHT_LOGO)).unwrap();
    assert!(matches!(b.logo, Some((Logo::Png { .. }, _))));
    assert_ne!(b.primary, Brand::embedded().primary);
    assert_ne!(b.file.page.margin_left_mm, 25.0);
}

#[test]
fn brand_without_logo_needs_no_bytes() {
    let src = "[organisation]\nname.nl = [\"Dienst\"]\nshort.nl = \"D\"\n";
    let b = Brand::load("b.toml", src, None).unwrap();
    assert!(b.logo.is_none() && b.logo_size().is_none());
    assert_eq!(
        b.name_lines(Lang::Fr),
        ["Dienst"],
        "falls back to the first language"
    );
}

fn load_err(src: &str) -> Vec<Diagnostic> {
    Brand::load("b.toml", src, None).unwrap_err()
}

const ORG: &str = "[organisation]\nname.nl = [\"Dienst\"]\nshort.nl = \"D\"\n";

#[test]
fn unknown_key_suggests_the_nearest() {
    let d = load_err(&format!("{ORG}[colours]\nprimary = \"#000000\"\n"));
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].message, "unknown key \"colours\" in the brand file");
    assert_eq!(d[0].hint.as_deref(), Some("did you mean \"colors\"?"));
    assert_eq!(d[0].line, 4);
    let d = load_err(&format!("{ORG}[page]\nmargin_lef_mm = 20.0\n"));
    assert_eq!(d[0].message, "unknown key \"margin_lef_mm\" in [page]");
    assert_eq!(
        d[0].hint.as_deref(),
        Some("did you mean \"margin_left_mm\"?")
    );
    assert_eq!((d[0].line, d[0].column), (5, 1));
}

/// Regression: a release said "did you mean fr?" for `fe`, a brand had no hint for `es`;
/// both now ask `diag::suggest`.
#[test]
fn language_codes_get_the_releases_hint() {
    let d = load_err(&format!("{ORG}[typography.es]\n"));
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(
        d[0].message,
        "typography: expected a language code, found \"es\""
    );
    assert_eq!(d[0].hint.as_deref(), Some("did you mean \"en\"?"));
    assert_eq!((d[0].line, d[0].column), (4, 13));
    let d = load_err("[organisation]\nname.nl = [\"D\"]\nshort = { nl = \"D\", xx = \"D\" }\n");
    assert_eq!(
        d[0].message,
        "organisation.short: expected a language code, found \"xx\""
    );
    assert_eq!(
        d[0].hint.as_deref(),
        Some("the languages are: nl, fr, de, en")
    );
}

#[test]
fn unknown_keys_are_all_reported_at_once() {
    let d = load_err(&format!(
        "{ORG}kleur = 1\n[logo]\nfile = \"l.svg\"\nwidht_mm = 2\n[typography.fr]\nsmart = true\n"
    ));
    let got: Vec<String> = d.iter().map(Diagnostic::short).collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got[0].starts_with("b.toml:4:1: error: unknown key \"kleur\""),
        "{got:?}"
    );
    assert!(got[1].contains("\"widht_mm\" in [logo]"), "{got:?}");
    assert!(got[2].contains("\"smart\" in [typography.fr]"), "{got:?}");
}

#[test]
fn wrong_value_type_is_located_at_the_value() {
    let d = load_err(&format!("{ORG}[page]\nwidth_mm = \"wide\"\n"));
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].message.starts_with("failed to read brand ("),
        "{}",
        d[0]
    );
    assert_eq!((d[0].line, d[0].column), (5, 12), "{}", d[0]);
    let d = load_err("[logo]\nfile = \"l.svg\"\nwidth_mm = 2\n");
    assert!(d[0].message.contains("organisation"), "{}", d[0]);
}

/// The key lists the brand is checked against must name every field of [`BrandFile`]:
/// a brand that sets them all loads.
#[test]
fn a_brand_with_every_key_loads() {
    let src = format!(
        "{ORG}address.nl = [\"Straat 1\"]\nwebsite = \"x.example\"\n\
         [logo]\nfile = \"l.svg\"\nwidth_mm = 20\n\
         [colors]\nprimary = \"#000\"\naccent = \"#111\"\ntext = \"#222\"\nmuted = \"#333\"\n\
         [page]\nwidth_mm = 210.0\nheight_mm = 297.0\nmargin_top_mm = 20.0\nmargin_bottom_mm = 20.0\n\
         margin_left_mm = 20.0\nmargin_right_mm = 20.0\nfont_size_pt = 10.0\n\
         [typography.fr]\ndouble_quotes = [\"«\", \"»\"]\nsingle_quotes = [\"‹\", \"›\"]\n\
         smart_quotes = true\nfrench_spacing = true\n"
    );
    let logo = b"<svg viewBox='0 0 2 1'><rect width='2' height='1'/></svg>";
    let b = Brand::load("b.toml", &src, Some(logo)).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(b.typography(Lang::Fr).french_spacing, Some(true));
}

#[test]
fn toml_syntax_error_is_located() {
    let d = load_err("[organisation\nname = 1\n");
    assert_eq!(d[0].line, 1);
    assert!(d[0].message.starts_with("invalid TOML: "), "{}", d[0]);
}

#[test]
fn bad_colours_are_reported_together_at_their_values() {
    let d = load_err(&format!(
        "{ORG}[colors]\nprimary = \"blue\"\naccent  = \"#12345g\"\n"
    ));
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[0].message, "invalid colour \"blue\" for colors.primary");
    assert_eq!((d[0].line, d[0].column), (5, 11));
    assert_eq!((d[1].line, d[1].column), (6, 11));
}

#[test]
fn organisation_needs_a_name_and_a_short_name() {
    let d = load_err("[organisation]\nname = {}\nshort = { nl = \"\" }\n");
    assert_eq!(d.len(), 2, "{d:?}");
    assert!(d[0].message.contains("organisation.name"));
    assert_eq!((d[0].line, d[0].column), (2, 8));
    assert!(d[1].message.contains("organisation.short"));
}

#[test]
fn page_geometry_is_checked() {
    let d = load_err(&format!(
        "{ORG}[page]\nmargin_left_mm = 120.0\nmargin_right_mm = 100.0\n"
    ));
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].message.contains("no room for text across"), "{}", d[0]);
    assert_eq!(d[0].line, 5);
}

#[test]
fn logo_problems_name_the_logo_file() {
    let src = format!("{ORG}[logo]\nfile = \"mark.svg\"\nwidth_mm = 20\n");
    let d = Brand::load("b.toml", &src, None).unwrap_err();
    assert!(
        d[0].message.contains("\"mark.svg\" was not given"),
        "{:?}",
        d[0]
    );
    let d = Brand::load(
        "b.toml",
        &src,
        Some(b"<svg viewBox='0 0 1 1'><text/></svg>"),
    )
    .unwrap_err();
    assert_eq!(d[0].path, "mark.svg");
    assert_eq!((d[0].line, d[0].column), (1, 24));
}

#[test]
fn columns_count_characters_not_bytes() {
    let e = logo_error("<title>Zeeë</title><text/>");
    assert_eq!((e.line, e.column), (2, 20));
}

/// Truncated and mangled input must come back as a diagnostic, never a panic.
#[test]
fn no_prefix_of_a_logo_or_path_panics() {
    let text = std::str::from_utf8(DEFAULT_LOGO).unwrap();
    for (i, _) in text.char_indices() {
        let _ = parse_logo("logo.svg", &text.as_bytes()[..i]);
    }
    let d = "M1.5.5a1 1 0 00.5.5Q3 3 6 0t12 0S5-1 6 0c1 1 2 1 3 0h1v1H0V0z";
    for i in 0..=d.len() {
        let _ = pathdata::parse(&d[..i]);
        let _ = pathdata::parse(&d[i..]);
        let _ = parse_transform(&d[i..]);
    }
}

/// Regression: a viewBox of 1e300 (infinite in the f32s of layout) or an aspect ratio of
/// 1:10⁶ was accepted and drew over the page; a shape out of f32's range became infinite
/// coordinates in the PDF.
#[test]
fn logo_geometry_must_be_finite_and_of_a_sane_aspect_ratio() {
    let logo = |view_box: &str, body: &str| {
        let src = format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{view_box}\">{body}</svg>"
        );
        parse_logo("l.svg", src.as_bytes())
    };
    let rect = "<rect width=\"1\" height=\"1\"/>";
    for (view_box, body, message) in [
        (
            "0 0 1e300 1e300",
            rect,
            "the viewBox's numbers are too large to draw",
        ),
        (
            "1e39 0 1 1",
            rect,
            "the viewBox's numbers are too large to draw",
        ),
        (
            "0 0 1 1e6",
            rect,
            "the logo is 1 × 1000000: more than 20 times as tall as it is wide",
        ),
        (
            "0 0 21 1",
            rect,
            "the logo is 21 × 1: more than 20 times as wide as it is tall",
        ),
        (
            "0 0 1 1",
            "<rect width=\"1e39\" height=\"1\"/>",
            "<rect> lies too far out to be drawn",
        ),
        (
            "0 0 1 1",
            "<g transform=\"scale(1e30)\"><rect width=\"1e30\" height=\"1\"/></g>",
            "<rect> lies too far out to be drawn",
        ),
    ] {
        let e = logo(view_box, body).expect_err(view_box);
        assert_eq!(e.message, message);
        assert!(e.line > 0 && e.hint.is_some(), "{e}");
    }
    for view_box in ["0 0 20 1", "0 0 1 20", "-5 -5 10 10"] {
        assert!(logo(view_box, rect).is_ok(), "{view_box}");
    }
    let wide = |w: u32, h: u32| {
        png_file(
            w,
            h,
            png::ColorType::Grayscale,
            png::BitDepth::Eight,
            &vec![0; (w * h) as usize],
        )
    };
    let e = parse_logo("l.png", &wide(21, 1)).unwrap_err();
    assert_eq!(
        e.message,
        "the logo is 21 × 1: more than 20 times as wide as it is tall pixels"
    );
    assert!(parse_logo("l.png", &wide(20, 1)).is_ok());
}

/// A PNG whose header declares more than 4096 × 4096 pixels is refused from its header,
/// before its image data is read or a buffer allocated: 12000 × 12000 white pixels (445 KB
/// compressed) were decoded to 430 MB, and 100000 × 100000 asked for 30 GB.
#[test]
fn png_logos_past_the_pixel_limit_are_refused_from_their_header() {
    let header = |w: u32, h: u32| {
        let mut bytes = png_file(1, 1, png::ColorType::Rgb, png::BitDepth::Eight, &[0, 0, 0]);
        bytes[16..20].copy_from_slice(&w.to_be_bytes());
        bytes[20..24].copy_from_slice(&h.to_be_bytes());
        let crc = crc32(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        bytes
    };
    let e = parse_logo("big.png", &header(100_000, 100_000)).unwrap_err();
    assert_eq!(
        e.message,
        "PNG logo \"big.png\" is 100000 × 100000 pixels, more than the 16 million a logo may have"
    );
    assert!(e.hint.as_deref().unwrap().contains("scale the logo down"));
    let e = parse_logo("big.png", &header(4097, 4096)).unwrap_err();
    assert!(e.message.contains("4097 × 4096 pixels"), "{e}");
    // At the limit the header passes and the (missing) image data is what fails.
    let e = parse_logo("big.png", &header(4096, 4096)).unwrap_err();
    assert!(e.message.starts_with("invalid PNG logo"), "{e}");
}

/// CRC-32 as PNG chunks use it (ISO 3309), to patch a header in the tests.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A logo that passes its own checks can still be too tall at the brand's width: the
/// letterhead would push the text off the first page. A quarter of the page is the bound.
#[test]
fn a_logo_taller_than_a_quarter_of_the_page_is_refused_at_its_width() {
    let src = |width: f32| format!("{ORG}[logo]\nfile = \"mark.svg\"\nwidth_mm = {width}\n");
    let tall = b"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 10'><rect width='1' height='10'/></svg>";
    // The default page is 297 mm high: 74.25 mm is the most a logo may be.
    assert!(Brand::load("b.toml", &src(7.4), Some(tall)).is_ok());
    let d = Brand::load("b.toml", &src(8.0), Some(tall)).unwrap_err();
    assert_eq!(
        d[0].message,
        "the logo would be 80 mm tall at logo.width_mm = 8, more than a quarter of the page's height (297 mm)"
    );
    assert_eq!((d[0].path.as_str(), d[0].line), ("b.toml", 6));
}
