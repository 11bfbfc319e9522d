//! Tables end to end: Markdown pipe tables in a release come back out of the PDF cell by
//! cell in reading order, a table longer than a page repeats its header on every page it
//! continues on, and a table in a parallel column stays inside that column.

mod common;

use common::{engine, pdftotext};
use communique::brand::Brand;
use communique::font::FontBook;
use communique::layout::{layout, Item, ShapeCache, StructRole};
use communique::{BuildOptions, LayoutMode};

/// A Dutch release whose one section is `text`.
fn release(text: &str) -> String {
    format!(
        "date = 2026-10-14\nlanguages = [\"nl\"]\n\n[nl]\ntitle = \"Cijfers\"\n\n\
         [[nl.sections]]\nheading = \"Tabel\"\ntext = '''\n{text}\n'''\n"
    )
}

fn build(source: &str, layout: LayoutMode) -> Vec<u8> {
    let opts = BuildOptions {
        layout,
        ..BuildOptions::default()
    };
    let out = engine().build("tabel.toml", source.as_bytes(), &opts);
    out.unwrap_or_else(|d| panic!("{d:#?}")).remove(0).pdf
}

/// Whitespace folded to single spaces, as cells that wrap come back on several lines.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn table_cells_read_back_in_reading_order() {
    let table = "| Gewest | Werklozen | Omschrijving |\n|---|---:|---|\n\
        | Vlaams Gewest | 118 400 | De noordelijke helft van het land, met de meeste inwoners en de laagste werkloosheid van de drie |\n\
        | Waals Gewest | 131 900 | Het zuiden |\n\
        | Brussels Hoofdstedelijk Gewest | 63 700 | De hoofdstad |";
    let text = flat(&pdftotext(&build(&release(table), LayoutMode::Sequential)));
    let cells = [
        "Gewest",
        "Werklozen",
        "Omschrijving",
        "Vlaams Gewest",
        "118 400",
        "De noordelijke helft",
        "laagste werkloosheid van de drie",
        "Waals Gewest",
        "131 900",
        "Het zuiden",
        "Brussels Hoofdstedelijk Gewest",
        "63 700",
        "De hoofdstad",
    ];
    let mut from = 0;
    for cell in cells {
        let at = text[from..]
            .find(cell)
            .unwrap_or_else(|| panic!("{cell:?} not found after byte {from} in:\n{text}"));
        from += at + cell.len();
    }
    assert!(!text.contains('|'), "no raw pipes: {text}");
}

#[test]
fn a_long_table_repeats_its_header_on_every_page_it_continues_on() {
    let mut table = String::from("| Gemeente | Inwoners |\n|---|---:|\n");
    for n in 1..=120 {
        table.push_str(&format!("| Gemeente nummer {n} | {} |\n", 1000 + n * 37));
    }
    let text = pdftotext(&build(&release(&table), LayoutMode::Sequential));
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    let with_rows: Vec<&&str> = pages
        .iter()
        .filter(|p| p.contains("Gemeente nummer"))
        .collect();
    assert!(with_rows.len() >= 3, "{} pages hold rows", with_rows.len());
    for (k, page) in with_rows.iter().enumerate() {
        let head = page
            .find("Inwoners")
            .unwrap_or_else(|| panic!("page {} of the table has no header:\n{page}", k + 1));
        let first_row = page.find("Gemeente nummer").unwrap();
        assert!(
            head < first_row,
            "header after the first row on page {}",
            k + 1
        );
    }
    // Every row once, in order.
    let flat = flat(&text);
    let mut from = 0;
    for n in 1..=120 {
        let row = format!("Gemeente nummer {n} ");
        from += flat[from..]
            .find(&row)
            .unwrap_or_else(|| panic!("row {n} missing or out of order"));
    }
}

/// In parallel, a long table in one language's column repeats its header on each page it
/// continues on, in that column, above the rows.
#[test]
fn a_long_table_in_a_parallel_column_repeats_its_header() {
    let mut table = String::from("| Gemeente | Inwoners |\n|---|---:|\n");
    for n in 1..=90 {
        table.push_str(&format!("| Gemeente nummer {n} | {} |\n", 1000 + n * 37));
    }
    let source = format!(
        "date = 2026-10-14\nlanguages = [\"nl\", \"fr\"]\n\n[nl]\ntitle = \"Cijfers\"\n\n\
         [[nl.sections]]\nheading = \"Tabel\"\ntext = '''\n{table}\n'''\n\n\
         [fr]\ntitle = \"Chiffres\"\n\n[[fr.sections]]\nheading = \"Tableau\"\n\
         text = \"Le tableau figure dans la version néerlandaise.\"\n"
    );
    let text = pdftotext(&build(&source, LayoutMode::Parallel));
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| p.contains("Gemeente nummer"))
        .collect();
    assert!(pages.len() >= 2, "{} pages hold rows", pages.len());
    for (k, page) in pages.iter().enumerate() {
        let head = page
            .find("Inwoners")
            .unwrap_or_else(|| panic!("page {} of the table has no header:\n{page}", k + 1));
        assert!(
            head < page.find("Gemeente nummer").unwrap(),
            "page {}",
            k + 1
        );
    }
}

#[test]
fn a_table_in_a_parallel_column_stays_inside_it() {
    let wide =
        "Een zeer lange omschrijving die in een smalle kolom op meerdere regels moet worden gezet";
    let markup = format!(
        "<doc lang=\"nl\"><row>\
         <cell lang=\"nl\"><table><tr><th>Begrip</th><th>Omschrijving</th><th align=\"right\">Aantal</th></tr>\
         <tr><td>Werkloosheidsgraad</td><td>{wide}</td><td align=\"right\">1 234 567</td></tr></table></cell>\
         <cell lang=\"fr\"><p>Texte.</p></cell></row></doc>"
    );
    let brand_toml = "[organisation]\nname = { nl = [\"Testdienst\"] }\nshort = { nl = \"TD\" }\n";
    let brand = Brand::load("brand.toml", brand_toml, None).unwrap();
    let doc = communique::markup::parse("t", &markup, &brand).unwrap();
    let tree = layout(&doc, &FontBook::embedded(), &ShapeCache::new(), &brand);
    let page = &brand.file.page;
    let mm = |v: f32| v * 72.0 / 25.4;
    let (left, right) = (
        mm(page.margin_left_mm),
        mm(page.width_mm - page.margin_right_mm),
    );
    // Two columns with the house gap between them: the left one ends before the middle.
    let middle = (left + right) / 2.0;
    let mut cells = 0;
    for item in tree.pages.iter().flat_map(|p| &p.items) {
        let Item::Text(run) = item else { continue };
        let Some(tag) = run.tag else { continue };
        if matches!(
            tree.structure[tag.elem].role,
            StructRole::TD | StructRole::TH
        ) {
            cells += 1;
            let right = run.x.0 + run.width().0;
            assert!(
                run.x.0 >= left - 0.01 && right <= middle,
                "{:?} from {} to {right} leaves the column ({}..{middle})",
                run.text(),
                run.x.0,
                left
            );
        }
    }
    assert!(cells >= 6, "{cells} cell runs");
    assert!(tree.overfull.is_empty(), "{:?}", tree.overfull);
}

/// Regression: the end of a table's header repeat stood after its last row, so when that
/// row ended a page, the next page (after the table) began with a header and no rows.
#[test]
fn no_page_shows_a_repeated_header_without_rows() {
    for rows in (30..110).step_by(2) {
        let mut text = municipalities(rows);
        text.push_str("\nEen afsluitende alinea na de tabel.\n");
        let pdf = pdftotext(&build(&release(&text), LayoutMode::Sequential));
        assert_no_header_without_rows(&pdf, rows);
    }
}

/// A two-column table of `rows` municipalities, in the release's markdown.
fn municipalities(rows: usize) -> String {
    let mut table = String::from("| Gemeente | Inwoners |\n|---|---:|\n");
    for n in 1..=rows {
        table.push_str(&format!("| Gemeente nummer {n} | {} |\n", 1000 + n * 37));
    }
    table
}

/// Every page of `pdf` (pdftotext) that shows [`municipalities`]' header shows a row too.
fn assert_no_header_without_rows(pdf: &str, rows: usize) {
    for (k, page) in pdf.split('\u{c}').enumerate() {
        if page.contains("Inwoners") {
            assert!(
                page.contains("Gemeente nummer"),
                "{rows} rows: page {} has the header and no row:\n{page}",
                k + 1
            );
        }
    }
}

/// Regression: in parallel, a table that ended its column's part of a row at a page's foot
/// lost its end (the row's rest past the page held only that entry and was dropped), so
/// the next page began with the table's header rows and no row under them (statistiek in
/// parallel, page 2). A second section follows the table, so the row ends with the table.
#[test]
fn no_parallel_page_shows_a_repeated_header_without_rows() {
    for rows in 20..=40 {
        let table = municipalities(rows);
        let source = format!(
            "date = 2026-10-14\nlanguages = [\"nl\", \"fr\"]\n\n[nl]\ntitle = \"Cijfers\"\n\n\
             [[nl.sections]]\nheading = \"Tabel\"\ntext = '''\n{table}\n'''\n\n\
             [[nl.sections]]\nheading = \"Methode\"\ntext = \"De cijfers komen uit de enquête naar de arbeidskrachten, een \
             steekproef van ongeveer twaalfduizend huishoudens per kwartaal.\"\n\n\
             [fr]\ntitle = \"Chiffres\"\n\n[[fr.sections]]\nheading = \"Tableau\"\n\
             text = \"Le tableau figure dans la version néerlandaise.\"\n\n\
             [[fr.sections]]\nheading = \"Méthode\"\ntext = \"Les chiffres proviennent de l’enquête sur les forces de travail, un \
             échantillon d’environ douze mille ménages par trimestre.\"\n"
        );
        let pdf = pdftotext(&build(&source, LayoutMode::Parallel));
        assert_no_header_without_rows(&pdf, rows);
    }
}

/// The stress corpus' contact table in a parallel column: five columns whose unbreakable
/// pieces (a Greek name, a glued phone number, address pieces, a glued figure) do not fit
/// side by side in 76 mm. Scaling every column down cut "Πιε|ρρακάκης", "+32 475 | 98 76
/// 54" and "14 200 | 000" inside their cells; the table is set stacked instead: a record
/// per row, each value after its column's label, a URL broken only after its separators.
#[test]
fn a_table_too_wide_for_its_column_is_stacked_with_labels() {
    let url = "https://www.crisiscentrum.be/incidentmeldingen/formulier";
    let row = format!(
        "<tr><td>Πιερρακάκης</td><td>+32 475 98 76 54</td><td>{url}</td>\
         <td>crisispersdienst@crisiscentrum.example</td><td align=\"right\">14 200 000</td></tr>"
    );
    let markup = format!(
        "<doc lang=\"nl\"><row>\
         <cell lang=\"nl\"><table><tr><th>Naam</th><th>Telefoon</th><th>Website</th>\
         <th>E-mail</th><th align=\"right\">Bedrag</th></tr>{row}{row}</table></cell>\
         <cell lang=\"fr\"><p>Texte.</p></cell></row></doc>"
    );
    let brand_toml = "[organisation]\nname = { nl = [\"Testdienst\"] }\nshort = { nl = \"TD\" }\n";
    let brand = Brand::load("brand.toml", brand_toml, None).unwrap();
    let doc = communique::markup::parse("t", &markup, &brand).unwrap();
    let tree = layout(&doc, &FontBook::embedded(), &ShapeCache::new(), &brand);
    assert!(tree.overfull.is_empty(), "{:?}", tree.overfull);
    // Each cell's lines: its runs by baseline, in order.
    let mut lines: std::collections::BTreeMap<(usize, i64), String> = Default::default();
    for item in tree.pages.iter().flat_map(|p| &p.items) {
        let Item::Text(run) = item else { continue };
        let Some(tag) = run.tag else { continue };
        let line = lines
            .entry((tag.elem, (run.y.0 * 10.0) as i64))
            .or_default();
        line.push_str(&run.text());
    }
    let role = |e: usize| tree.structure[e].role;
    let norm = |t: &str| {
        t.replace(['\u{a0}', '\u{202f}'], " ")
            .trim_end_matches('\u{ad}')
            .to_string()
    };
    let cell_lines = |want: StructRole| -> Vec<(usize, String)> {
        lines
            .iter()
            .filter(|((e, _), _)| role(*e) == want)
            .map(|((e, _), t)| (*e, norm(t)))
            .collect()
    };
    let values = cell_lines(StructRole::TD);
    // Names and glued figures whole on one line each; the URL in pieces that end at a
    // separator, joined back to the URL.
    for whole in ["Πιερρακάκης", "+32 475 98 76 54", "14 200 000"] {
        let n = values.iter().filter(|(_, t)| t.trim() == whole).count();
        assert_eq!(n, 2, "{whole:?} whole in both records: {values:?}");
    }
    let url_elems: std::collections::BTreeSet<usize> = values
        .iter()
        .filter(|(_, t)| t.starts_with("https://"))
        .map(|(e, _)| *e)
        .collect();
    assert_eq!(url_elems.len(), 2, "{values:?}");
    for e in url_elems {
        let pieces: Vec<&String> = values
            .iter()
            .filter(|(v, _)| *v == e)
            .map(|(_, t)| t)
            .collect();
        for piece in &pieces[..pieces.len() - 1] {
            assert!(piece.ends_with(['/', '.']), "{piece:?} of {pieces:?}");
        }
        let joined: String = pieces.iter().map(|p| p.as_str()).collect();
        assert_eq!(joined, url);
    }
    // A record per row (`TBody`), a row per field (`TR`): its label a `TH`, its value a `TD`.
    let labels = cell_lines(StructRole::TH);
    for label in ["Naam", "Telefoon", "Website", "E-mail", "Bedrag"] {
        let n = labels.iter().filter(|(_, t)| t == label).count();
        assert_eq!(n, 2, "label {label:?} once per record: {labels:?}");
    }
    let parent = |e: usize| tree.structure[e].parent.expect("a cell has a row");
    for (e, _) in labels.iter().chain(&values) {
        assert_eq!(role(parent(*e)), StructRole::TR);
        assert_eq!(role(parent(parent(*e))), StructRole::TBody);
    }
    let bodies = (0..tree.structure.len())
        .filter(|&e| role(e) == StructRole::TBody)
        .count();
    assert_eq!(bodies, 2);
}

/// Regression (issue 12): statistiek's header "Werkloosheidsgraad (%)" was set
/// "Werk-/loos-/heids-/graad" in a parallel column, the header word given only its widest
/// hyphenated piece. Now a header word keeps its width, or breaks once, before the body's
/// columns are squeezed: no header cell ends two lines in a row with a hyphen. (A name at a
/// body cell's start, kept whole, is guarded by the stress corpus's contact tables.)
#[test]
fn a_header_word_in_a_narrow_table_breaks_once_at_most() {
    let markup = "<doc lang=\"nl\"><row><cell lang=\"nl\"><table>\
        <tr><th>Gewest</th><th align=\"right\">Werklozen</th>\
        <th align=\"right\">Werkloosheidsgraad (%)</th>\
        <th align=\"right\">Verschil met 2025 (procentpunt)</th></tr>\
        <tr><td>Vlaams Gewest</td><td align=\"right\">118 400</td><td align=\"right\">3,6</td><td align=\"right\">–0,1</td></tr>\
        <tr><td>Waals Gewest</td><td align=\"right\">131 900</td><td align=\"right\">7,8</td><td align=\"right\">–0,4</td></tr>\
        <tr><td>Brussels Hoofdstedelijk Gewest</td><td align=\"right\">63 700</td><td align=\"right\">11,2</td><td align=\"right\">–0,9</td></tr>\
        </table></cell><cell lang=\"fr\"><p>Texte.</p></cell></row></doc>";
    let brand_toml = "[organisation]\nname = { nl = [\"Testdienst\"] }\nshort = { nl = \"TD\" }\n";
    let brand = Brand::load("brand.toml", brand_toml, None).unwrap();
    let doc = communique::markup::parse("t", markup, &brand).unwrap();
    let tree = layout(&doc, &FontBook::embedded(), &ShapeCache::new(), &brand);
    // Each cell's lines, top to bottom: whether each ends with a drawn hyphen.
    let mut cells: std::collections::BTreeMap<usize, Vec<(f32, String)>> = Default::default();
    for item in tree.pages.iter().flat_map(|p| &p.items) {
        let Item::Text(run) = item else { continue };
        let Some(tag) = run.tag else { continue };
        let role = tree.structure[tag.elem].role;
        if matches!(role, StructRole::TH | StructRole::TD) {
            cells
                .entry(tag.elem)
                .or_default()
                .push((run.y.0, run.text()));
        }
    }
    let mut hyphens = 0;
    for (elem, lines) in &mut cells {
        lines.sort_by(|a, b| a.0.total_cmp(&b.0));
        let ends: Vec<bool> = lines
            .iter()
            .map(|(_, t)| t.trim_end().ends_with('\u{ad}'))
            .collect();
        hyphens += ends.iter().filter(|&&e| e).count();
        let th = matches!(tree.structure[*elem].role, StructRole::TH);
        assert!(
            !(th && ends.windows(2).any(|w| w[0] && w[1])),
            "a hyphen ladder in a header cell: {lines:?}"
        );
    }
    // The table is too narrow for its header words whole: the check is not vacuous.
    assert!(hyphens >= 1, "{cells:?}");
    assert!(tree.overfull.is_empty(), "{:?}", tree.overfull);
}
