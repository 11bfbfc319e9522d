//! Channels: the renditions of a release besides the PDF, from the same model, templates and
//! typography.
//!
//! Each channel takes what the stages below it made (the validated release, its brand and the
//! markup stage's [`Document`](crate::markup::Document), with the typography already applied)
//! and gives bytes; like every stage it does no I/O.

pub mod html;
