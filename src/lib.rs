//! communique: a press release in TOML becomes a branded, bilingual PDF.
//!
//! The pipeline has one module per stage:
//! [`model`] (TOML → validated [`model::Release`]) →
//! [`template`] (Handlebars → markup text) →
//! [`markup`] (markup → [`markup::Document`] tree, with per-language typography) →
//! [`layout`] (shaping, hyphenation, Knuth–Plass line breaking, pagination → [`layout::PageTree`]) →
//! [`pdf`] (page tree → PDF bytes). Beside the PDF, [`channel`] names the other formats a
//! release is published in and holds their writers ([`Engine::render`] makes them all).
//!
//! Beneath them, [`geom`] holds what every stage shares (lengths in [`geom::Pt`], colours,
//! path outlines) and imports from none of them, so the brand reads colours and logos
//! without reaching up into layout.
//!
//! Each stage exports its entry point and the types it takes and gives ([`model::load`],
//! [`template::Templates`], [`markup::parse`], [`layout::layout`], [`pdf::write`]); how it
//! does its work stays inside. [`Engine`] runs them in order and owns what lives longer
//! than one document: the parsed fonts, templates and brand, and the caches.
//!
//! The library does no I/O of its own: fonts, templates and the brand arrive as bytes in
//! [`Assets`], release sources as `&[u8]`. The CLI (`main.rs`) reads and writes files.
#![forbid(unsafe_code)]

pub mod brand;
pub mod channel;
pub mod diag;
pub mod engine;
pub mod font;
pub mod geom;
pub mod lang;
pub mod layout;
pub mod markup;
pub mod model;
pub mod pdf;
pub mod photo;
pub mod project;
pub mod template;

pub use diag::{Diagnostic, Severity};
pub use engine::{
    Assets, BuildOptions, Engine, FileRefusal, Files, LayoutMode, NamedBrand, Output, Rendition,
};
pub use lang::Lang;
