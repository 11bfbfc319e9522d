//! Layout: a [`Document`] becomes a [`PageTree`] of positioned glyph runs, rules and images.
//!
//! `shape` (rustybuzz, with a per-word width cache) → `hyphenate` (hypher, per language) →
//! `linebreak` (Knuth–Plass on boxes, glue and penalties) → `paginate` (widows/orphans,
//! keep-with-next, letterhead, running header and footer).

pub mod hyphenate;
pub mod linebreak;
pub mod tree;

pub use tree::*;
