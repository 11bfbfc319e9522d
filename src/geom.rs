//! Geometry shared by every stage: lengths, colours and paths.
//!
//! The ground floor of the pipeline: the brand (which reads colours and SVG logos), layout
//! (which positions them) and pdf (which writes them) all use these types, and this module
//! uses none of theirs. Layout works in PDF points; the brand speaks millimetres.

use serde::Serialize;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

/// A length in PDF points (1/72 inch).
#[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Pt(pub f32);

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

impl Pt {
    pub const ZERO: Pt = Pt(0.0);

    pub fn from_mm(mm: f32) -> Pt {
        Pt(mm * PT_PER_MM)
    }

    pub fn max(self, other: Pt) -> Pt {
        Pt(self.0.max(other.0))
    }

    pub fn min(self, other: Pt) -> Pt {
        Pt(self.0.min(other.0))
    }
}

impl Add for Pt {
    type Output = Pt;
    fn add(self, o: Pt) -> Pt {
        Pt(self.0 + o.0)
    }
}

impl Sub for Pt {
    type Output = Pt;
    fn sub(self, o: Pt) -> Pt {
        Pt(self.0 - o.0)
    }
}

impl AddAssign for Pt {
    fn add_assign(&mut self, o: Pt) {
        self.0 += o.0;
    }
}

impl SubAssign for Pt {
    fn sub_assign(&mut self, o: Pt) {
        self.0 -= o.0;
    }
}

impl Neg for Pt {
    type Output = Pt;
    fn neg(self) -> Pt {
        Pt(-self.0)
    }
}

impl Mul<f32> for Pt {
    type Output = Pt;
    fn mul(self, k: f32) -> Pt {
        Pt(self.0 * k)
    }
}

/// An sRGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
}

/// One step of a filled outline (a logo's shapes): absolute coordinates, y down.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum PathOp {
    Move(Pt, Pt),
    Line(Pt, Pt),
    Cubic(Pt, Pt, Pt, Pt, Pt, Pt),
    Close,
}
