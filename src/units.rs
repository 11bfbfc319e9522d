//! Lengths. Layout works in PDF points; the brand speaks millimetres.

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
