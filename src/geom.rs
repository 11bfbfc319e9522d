//! Geometry shared by every stage: lengths, colours, paths and decoded raster images.
//!
//! The ground floor of the pipeline: the brand (which reads colours and logos), layout
//! (which positions them) and pdf (which writes them) all use these types, and this module
//! uses none of theirs. Layout works in PDF points; the brand speaks millimetres.

use serde::Serialize;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Sub, SubAssign};

/// A length in PDF points (1/72 inch).
#[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd, Serialize)]
pub struct Pt(pub f32);

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

impl Pt {
    pub const ZERO: Pt = Pt(0.0);

    pub const fn from_mm(mm: f32) -> Pt {
        Pt(mm * PT_PER_MM)
    }

    pub fn abs(self) -> Pt {
        Pt(self.0.abs())
    }

    /// Rounded to whole points (leadings are set on whole points).
    pub fn round(self) -> Pt {
        Pt(self.0.round())
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

impl MulAssign<f32> for Pt {
    fn mul_assign(&mut self, k: f32) {
        self.0 *= k;
    }
}

impl Div<f32> for Pt {
    type Output = Pt;
    fn div(self, k: f32) -> Pt {
        Pt(self.0 / k)
    }
}

/// The ratio of two lengths.
impl Div for Pt {
    type Output = f32;
    fn div(self, o: Pt) -> f32 {
        self.0 / o.0
    }
}

/// An sRGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
}

/// Which parts of a path with several subpaths are inside it (SVG's `fill-rule`, PDF's `f`
/// and `f*`): a hole drawn in the same direction as its outline stays a hole only with
/// [`FillRule::EvenOdd`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FillRule {
    /// Inside where the outline winds around the point a non-zero number of times.
    #[default]
    NonZero,
    /// Inside where a ray from the point crosses the outline an odd number of times.
    EvenOdd,
}

/// One step of a filled outline (a logo's shapes): absolute coordinates, y down.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub enum PathOp {
    Move(Pt, Pt),
    Line(Pt, Pt),
    Cubic(Pt, Pt, Pt, Pt, Pt, Pt),
    Close,
}

/// A decoded raster image (the brand's PNG logo): 8-bit samples, row by row, top row first,
/// with the colour and the alpha channel apart — the way PDF takes them (an image XObject's
/// samples, and alpha as a separate `/SMask` image or composited away).
#[derive(Debug, Clone, PartialEq)]
pub struct Raster {
    pub width: u32,
    pub height: u32,
    pub color: RasterColor,
    /// `width × height × color.channels()` colour samples.
    pub samples: Vec<u8>,
    /// One alpha sample per pixel (0 transparent, 255 opaque); `None` if the image has no
    /// alpha channel.
    pub alpha: Option<Vec<u8>>,
}

/// The colour samples of a [`Raster`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RasterColor {
    /// One sample per pixel (PDF's `DeviceGray`).
    Gray,
    /// Red, green and blue per pixel (PDF's `DeviceRGB`).
    Rgb,
}

impl RasterColor {
    /// Colour samples per pixel.
    pub fn channels(self) -> usize {
        match self {
            RasterColor::Gray => 1,
            RasterColor::Rgb => 3,
        }
    }
}
