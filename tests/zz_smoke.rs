use communique::brand::Brand;
use communique::font::FontBook;
use communique::lang::Lang;
use communique::markup::*;
#[test]
fn smoke() {
    let toml = "[organisation]\nname = { nl = [\"Federale Overheidsdienst\", \"Testzaken\"] }\nshort = { nl = \"FOD Test\" }\n";
    let brand = Brand::load("b", toml, None).unwrap();
    let fonts = FontBook::embedded();
    let il = |t: &str| Inline {
        text: t.into(),
        bold: false,
        italic: false,
        link: None,
        field: None,
    };
    let p = |role, class: &str, t: &str| {
        Block::Para(Para {
            role,
            class: class.into(),
            lang: Lang::Nl,
            inlines: vec![il(t)],
        })
    };
    let body = "De federale regering maakt in totaal twaalf miljoen euro vrij voor de stabilisatieprogramma’s van de Verenigde Naties in de bevrijde gebieden, waar honderdduizenden ontheemden nog altijd niet naar huis kunnen terugkeren. Daarnaast financiert België de ontmijning van landbouwgronden en woonwijken.";
    let mut blocks = vec![
        Block::Letterhead(vec![vec![Para { role: Role::P, class: "org".into(), lang: Lang::Nl, inlines: vec![il("Federale Overheidsdienst")] }]]),
        Block::Header(vec![il("FOD Test · Een titel")]),
        Block::Footer(vec![il("Persbericht · "), Inline { field: Some(Field::Page), ..il("") }, il("/"), Inline { field: Some(Field::Pages), ..il("") }]),
        p(Role::P, "kind", "Persbericht"), p(Role::P, "dateline", "Brussel, maandag 28 juni 2021"),
        p(Role::H1, "", "België verlengt zijn steun aan de wederopbouw van Irak en de strijd tegen Daesh"),
        p(Role::P, "lead", body),
        Block::Quote(Quote { lang: Lang::Nl, paras: vec![Para { role: Role::P, class: "".into(), lang: Lang::Nl, inlines: vec![il("“Daesh is territoriaal verslagen, maar de ideologie is niet verdwenen. Wie vandaag de steden helpt heropbouwen, voorkomt dat morgen een nieuwe generatie zich laat rekruteren.”")] }], by: Some(Para { role: Role::P, class: "by".into(), lang: Lang::Nl, inlines: vec![il("— Sophie Wilmès, vice-eersteminister")] }) }),
    ];
    for i in 0..14 {
        if i % 4 == 0 {
            blocks.push(p(Role::H2, "", &format!("Sectie {i}")));
        }
        blocks.push(p(Role::P, "", body));
    }
    blocks.push(Block::List(List {
        lang: Lang::Nl,
        items: vec![
            vec![Para {
                role: Role::P,
                class: "".into(),
                lang: Lang::Nl,
                inlines: vec![il(
                    "de heropbouw van basisvoorzieningen, met bijzondere aandacht voor onderwijs;"
                )]
            }];
            3
        ],
    }));
    blocks.push(Block::Row(vec![
        vec![p(Role::H2, "", "Links"), p(Role::P, "", body)],
        vec![p(Role::H2, "", "Rechts"), p(Role::P, "", body)],
    ]));
    let doc = Document {
        lang: Lang::Nl,
        blocks,
    };
    let tree = communique::layout::layout(&doc, &fonts, &brand, "smoke");
    let pdf = communique::pdf::write(
        &tree,
        &fonts,
        &communique::pdf::Meta {
            title: "t".into(),
            lang: "nl-BE".into(),
            ..Default::default()
        },
    );
    std::fs::write("/tmp/smoke.pdf", pdf).unwrap();
}
