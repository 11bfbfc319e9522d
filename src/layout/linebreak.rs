//! PLACEHOLDER (greedy) until the Knuth–Plass breaker lands.
pub const INFINITE: f32 = 10000.0;
#[derive(Debug, Clone, Copy)]
pub enum Item {
    Box {
        width: f32,
    },
    Glue {
        width: f32,
        stretch: f32,
        shrink: f32,
    },
    Penalty {
        width: f32,
        cost: f32,
        flagged: bool,
    },
}
#[derive(Debug, Clone, Default)]
pub struct Params {}
#[derive(Debug, Clone)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    pub ratio: f32,
    pub overfull: bool,
    pub hyphenated: bool,
}
pub fn ragged_space(w: f32, _size: f32) -> Vec<(Item, bool)> {
    vec![(
        Item::Glue {
            width: w,
            stretch: 0.0,
            shrink: 0.0,
        },
        true,
    )]
}
pub fn break_lines(items: &[Item], width: &dyn Fn(usize) -> f32, _p: &Params) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut x = 0.0;
    let mut last_break: Option<usize> = None;
    let mut i = 0;
    while i < items.len() {
        let w = width(lines.len());
        match items[i] {
            Item::Box { width } => {
                x += width;
                if x > w {
                    if let Some(b) = last_break {
                        lines.push(Line {
                            start,
                            end: b,
                            ratio: 0.0,
                            overfull: false,
                            hyphenated: false,
                        });
                        start = b + 1;
                        i = start;
                        x = 0.0;
                        last_break = None;
                        continue;
                    }
                }
            }
            Item::Glue { width, .. } => {
                last_break = Some(i);
                x += width;
            }
            Item::Penalty { cost, .. } => {
                if cost <= -INFINITE {
                    lines.push(Line {
                        start,
                        end: i,
                        ratio: 0.0,
                        overfull: false,
                        hyphenated: false,
                    });
                    start = i + 1;
                    x = 0.0;
                    last_break = None;
                }
            }
        }
        i += 1;
    }
    lines
}
