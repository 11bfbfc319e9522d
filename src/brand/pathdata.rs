//! SVG path data: the `d` grammar of SVG 1.1 §8.3 and the number lists of `points`.
//!
//! Takes the attribute text, gives absolute [`Seg`]ments that only use move, line, cubic and
//! close, because that is all a PDF path can draw: quadratics are raised to cubics and
//! elliptical arcs are split into cubics of at most 90° each.

/// A point in SVG user units. `f64` while converting, so that long relative chains and arc
/// maths do not drift; the result is narrowed to `f32` once, at the end.
pub type P = (f64, f64);

/// One absolute path segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Seg {
    Move(P),
    Line(P),
    /// Control point 1, control point 2, end point.
    Cubic(P, P, P),
    Close,
}

/// A syntax error at byte `offset` of the attribute value.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// The magic constant for a quarter circle: the control arm length, as a fraction of the
/// radius, that makes a cubic deviate from the circle by less than 0.03 %.
pub const KAPPA: f64 = 0.552_284_749_831;

/// A cursor over attribute text that reads SVG numbers, including the compact forms
/// `1.5.5` (= 1.5, .5) and `1-2` (= 1, −2) that minifiers write.
pub struct Lexer<'a> {
    s: &'a [u8],
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    pub fn new(s: &'a str) -> Lexer<'a> {
        Lexer {
            s: s.as_bytes(),
            pos: 0,
        }
    }

    pub fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    pub fn at_end(&mut self) -> bool {
        self.skip_ws();
        self.pos >= self.s.len()
    }

    pub fn skip_ws(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Skips white space and at most one comma, the separator between arguments.
    pub fn skip_sep(&mut self) {
        self.skip_ws();
        if self.peek() == Some(b',') {
            self.pos += 1;
            self.skip_ws();
        }
    }

    /// Whether a number starts here (after white space).
    pub fn at_number(&mut self) -> bool {
        self.skip_ws();
        matches!(self.peek(), Some(b'0'..=b'9' | b'.' | b'-' | b'+'))
    }

    pub fn error(&self, message: impl Into<String>) -> SyntaxError {
        SyntaxError {
            offset: self.pos,
            message: message.into(),
        }
    }

    /// Reads one number, then the separator after it.
    pub fn number(&mut self) -> Result<f64, SyntaxError> {
        self.skip_ws();
        let start = self.pos;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        let int = self.digits();
        let mut frac = 0;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            frac = self.digits();
        }
        if int + frac == 0 {
            self.pos = start;
            return Err(self.error("expected a number"));
        }
        self.exponent();
        let text = std::str::from_utf8(&self.s[start..self.pos]).unwrap_or_default();
        let value: f64 = text.parse().map_err(|_| SyntaxError {
            offset: start,
            message: format!("invalid number {text:?}"),
        })?;
        if !value.is_finite() {
            return Err(SyntaxError {
                offset: start,
                message: format!("number {text:?} is out of range"),
            });
        }
        self.skip_sep();
        Ok(value)
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// An exponent counts only when digits follow, so `2em` stays the number 2 and a unit.
    fn exponent(&mut self) {
        if !matches!(self.peek(), Some(b'e' | b'E')) {
            return;
        }
        let save = self.pos;
        self.pos += 1;
        if matches!(self.peek(), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        if self.digits() == 0 {
            self.pos = save;
        }
    }

    /// An arc flag is a single `0` or `1`, which may run into what follows (`a1 1 0 00.5.5`).
    fn flag(&mut self) -> Result<bool, SyntaxError> {
        self.skip_ws();
        let flag = match self.peek() {
            Some(b'0') => false,
            Some(b'1') => true,
            _ => return Err(self.error("expected an arc flag (0 or 1)")),
        };
        self.pos += 1;
        self.skip_sep();
        Ok(flag)
    }

    fn pair(&mut self) -> Result<P, SyntaxError> {
        Ok((self.number()?, self.number()?))
    }

    /// The rest of the text as numbers (a `points` list, a `viewBox`).
    pub fn numbers(mut self) -> Result<Vec<f64>, SyntaxError> {
        let mut out = Vec::new();
        while !self.at_end() {
            out.push(self.number()?);
        }
        Ok(out)
    }
}

/// Parses a `d` attribute.
pub fn parse(d: &str) -> Result<Vec<Seg>, SyntaxError> {
    let mut lx = Lexer::new(d);
    let mut b = Builder::default();
    while !lx.at_end() {
        let c = lx.peek().unwrap_or_default();
        if !b"MmLlHhVvCcSsQqTtAaZz".contains(&c) {
            let found = d[lx.pos..].chars().next().unwrap_or_default();
            return Err(lx.error(format!("expected a path command, found {found:?}")));
        }
        if b.segs.is_empty() && !matches!(c, b'M' | b'm') {
            return Err(lx.error("path data must start with a moveto (M or m)"));
        }
        lx.pos += 1;
        b.command(c, &mut lx)?;
        // Further argument groups repeat the command; after a moveto they are linetos.
        let repeat = match c {
            b'M' => b'L',
            b'm' => b'l',
            other => other,
        };
        while !matches!(c, b'Z' | b'z') && lx.at_number() {
            b.command(repeat, &mut lx)?;
        }
    }
    Ok(b.segs)
}

/// The path being built, with the state the SVG grammar keeps between commands.
#[derive(Default)]
struct Builder {
    segs: Vec<Seg>,
    cur: P,
    /// Start of the current subpath, where `Z` returns to.
    start: P,
    /// Whether a subpath is open; a drawing command after `Z` starts a new one at `start`.
    open: bool,
    /// Second control point of the previous cubic, for `S` (None after other commands).
    last_cubic: Option<P>,
    /// Control point of the previous quadratic, for `T`.
    last_quad: Option<P>,
}

impl Builder {
    fn command(&mut self, c: u8, lx: &mut Lexer) -> Result<(), SyntaxError> {
        let rel = c.is_ascii_lowercase();
        let base = if rel { self.cur } else { (0.0, 0.0) };
        let abs = |p: P| (p.0 + base.0, p.1 + base.1);
        let (mut cubic, mut quad) = (None, None);
        match c.to_ascii_uppercase() {
            b'M' => {
                let p = abs(lx.pair()?);
                self.segs.push(Seg::Move(p));
                (self.cur, self.start, self.open) = (p, p, true);
            }
            b'L' => self.line(abs(lx.pair()?)),
            b'H' => self.line((lx.number()? + base.0, self.cur.1)),
            b'V' => self.line((self.cur.0, lx.number()? + base.1)),
            b'C' => {
                let (c1, c2, p) = (abs(lx.pair()?), abs(lx.pair()?), abs(lx.pair()?));
                cubic = Some(self.cubic(c1, c2, p));
            }
            b'S' => {
                let c1 = reflect(self.last_cubic, self.cur);
                let (c2, p) = (abs(lx.pair()?), abs(lx.pair()?));
                cubic = Some(self.cubic(c1, c2, p));
            }
            b'Q' => {
                let (q, p) = (abs(lx.pair()?), abs(lx.pair()?));
                quad = Some(self.quad(q, p));
            }
            b'T' => {
                let q = reflect(self.last_quad, self.cur);
                quad = Some(self.quad(q, abs(lx.pair()?)));
            }
            b'A' => {
                let (rx, ry, phi) = (lx.number()?, lx.number()?, lx.number()?);
                let (large, sweep) = (lx.flag()?, lx.flag()?);
                let p = abs(lx.pair()?);
                self.ensure_open();
                arc(self.cur, (rx, ry), phi, large, sweep, p, &mut self.segs);
                self.cur = p;
            }
            b'Z' => {
                if self.open {
                    self.segs.push(Seg::Close);
                }
                (self.cur, self.open) = (self.start, false);
            }
            _ => return Err(lx.error(format!("unknown path command {:?}", c as char))),
        }
        (self.last_cubic, self.last_quad) = (cubic, quad);
        Ok(())
    }

    fn ensure_open(&mut self) {
        if !self.open {
            self.segs.push(Seg::Move(self.cur));
            self.open = true;
        }
    }

    fn line(&mut self, p: P) {
        self.ensure_open();
        self.segs.push(Seg::Line(p));
        self.cur = p;
    }

    /// Draws a cubic and returns its second control point (for a following `S`).
    fn cubic(&mut self, c1: P, c2: P, p: P) -> P {
        self.ensure_open();
        self.segs.push(Seg::Cubic(c1, c2, p));
        self.cur = p;
        c2
    }

    /// Draws a quadratic as the equivalent cubic and returns its control point.
    fn quad(&mut self, q: P, p: P) -> P {
        let (c1, c2) = raise_quad(self.cur, q, p);
        self.cubic(c1, c2, p);
        q
    }
}

/// The reflection of the previous control point about the current point, or the current
/// point itself when the previous command was not of the same kind.
fn reflect(ctrl: Option<P>, cur: P) -> P {
    ctrl.map_or(cur, |c| (2.0 * cur.0 - c.0, 2.0 * cur.1 - c.1))
}

/// The cubic control points of the quadratic `p0 q p` (exact degree elevation).
pub fn raise_quad(p0: P, q: P, p: P) -> (P, P) {
    let third = |a: P, b: P| (a.0 + 2.0 / 3.0 * (b.0 - a.0), a.1 + 2.0 / 3.0 * (b.1 - a.1));
    (third(p0, q), third(p, q))
}

/// Appends the elliptical arc from `p0` to `p1` as cubics, following the endpoint-to-centre
/// conversion of SVG 1.1 appendix F.6.5, with out-of-range radii scaled up as F.6.6 says.
pub fn arc(
    p0: P,
    radii: (f64, f64),
    phi_deg: f64,
    large: bool,
    sweep: bool,
    p1: P,
    out: &mut Vec<Seg>,
) {
    if p0 == p1 {
        return; // F.6.2: an arc to the current point is omitted.
    }
    let (mut rx, mut ry) = (radii.0.abs(), radii.1.abs());
    if rx == 0.0 || ry == 0.0 {
        out.push(Seg::Line(p1));
        return;
    }
    let (sin, cos) = phi_deg.to_radians().sin_cos();
    let (dx, dy) = ((p0.0 - p1.0) / 2.0, (p0.1 - p1.1) / 2.0);
    let (x1, y1) = (cos * dx + sin * dy, -sin * dx + cos * dy);
    let lambda = (x1 * x1) / (rx * rx) + (y1 * y1) / (ry * ry);
    if lambda > 1.0 {
        (rx, ry) = (rx * lambda.sqrt(), ry * lambda.sqrt());
    }
    let num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1;
    let den = rx * rx * y1 * y1 + ry * ry * x1 * x1;
    let mut coef = (num / den).max(0.0).sqrt();
    if large == sweep {
        coef = -coef;
    }
    let (cxp, cyp) = (coef * rx * y1 / ry, -coef * ry * x1 / rx);
    let centre = (
        cos * cxp - sin * cyp + (p0.0 + p1.0) / 2.0,
        sin * cxp + cos * cyp + (p0.1 + p1.1) / 2.0,
    );
    let u = ((x1 - cxp) / rx, (y1 - cyp) / ry);
    let v = ((-x1 - cxp) / rx, (-y1 - cyp) / ry);
    let theta = angle((1.0, 0.0), u);
    let mut delta = angle(u, v);
    if !sweep && delta > 0.0 {
        delta -= std::f64::consts::TAU;
    } else if sweep && delta < 0.0 {
        delta += std::f64::consts::TAU;
    }
    let ellipse = Ellipse {
        centre,
        rx,
        ry,
        sin,
        cos,
    };
    ellipse.cubics(theta, delta, p1, out);
}

/// An ellipse rotated by the angle with the given sine and cosine.
struct Ellipse {
    centre: P,
    rx: f64,
    ry: f64,
    sin: f64,
    cos: f64,
}

impl Ellipse {
    fn point(&self, a: f64) -> P {
        let (x, y) = (self.rx * a.cos(), self.ry * a.sin());
        (
            self.centre.0 + x * self.cos - y * self.sin,
            self.centre.1 + x * self.sin + y * self.cos,
        )
    }

    fn tangent(&self, a: f64) -> P {
        let (x, y) = (-self.rx * a.sin(), self.ry * a.cos());
        (x * self.cos - y * self.sin, x * self.sin + y * self.cos)
    }

    /// Cubics for the sweep `theta .. theta + delta`, each at most a quarter turn, ending
    /// exactly on `end` so that rounding never opens a gap.
    fn cubics(&self, theta: f64, delta: f64, end: P, out: &mut Vec<Seg>) {
        let n = (delta.abs() / std::f64::consts::FRAC_PI_2 - 1e-9)
            .ceil()
            .max(1.0) as usize;
        let step = delta / n as f64;
        let k = 4.0 / 3.0 * (step / 4.0).tan();
        for i in 0..n {
            let (a1, a2) = (theta + step * i as f64, theta + step * (i + 1) as f64);
            let (p1, t1, p2, t2) = (
                self.point(a1),
                self.tangent(a1),
                self.point(a2),
                self.tangent(a2),
            );
            let c1 = (p1.0 + k * t1.0, p1.1 + k * t1.1);
            let c2 = (p2.0 - k * t2.0, p2.1 - k * t2.1);
            let p = if i + 1 == n { end } else { p2 };
            out.push(Seg::Cubic(c1, c2, p));
        }
    }
}

/// The signed angle from `u` to `v`.
fn angle(u: P, v: P) -> f64 {
    (u.0 * v.1 - u.1 * v.0).atan2(u.0 * v.0 + u.1 * v.1)
}

/// A closed ellipse (or circle) as four cubics, starting at 3 o'clock and running clockwise
/// on the page (y down), as SVG's `circle` and `ellipse` do.
pub fn ellipse(c: P, rx: f64, ry: f64) -> Vec<Seg> {
    let (kx, ky) = (rx * KAPPA, ry * KAPPA);
    let (x, y) = c;
    vec![
        Seg::Move((x + rx, y)),
        Seg::Cubic((x + rx, y + ky), (x + kx, y + ry), (x, y + ry)),
        Seg::Cubic((x - kx, y + ry), (x - rx, y + ky), (x - rx, y)),
        Seg::Cubic((x - rx, y - ky), (x - kx, y - ry), (x, y - ry)),
        Seg::Cubic((x + kx, y - ry), (x + rx, y - ky), (x + rx, y)),
        Seg::Close,
    ]
}

/// A rectangle with corners rounded by `rx` × `ry` (already clamped to half the sides).
pub fn rect(x: f64, y: f64, w: f64, h: f64, rx: f64, ry: f64) -> Vec<Seg> {
    if rx <= 0.0 || ry <= 0.0 {
        return vec![
            Seg::Move((x, y)),
            Seg::Line((x + w, y)),
            Seg::Line((x + w, y + h)),
            Seg::Line((x, y + h)),
            Seg::Close,
        ];
    }
    let (kx, ky) = (rx * (1.0 - KAPPA), ry * (1.0 - KAPPA));
    let (r, b) = (x + w, y + h);
    vec![
        Seg::Move((x + rx, y)),
        Seg::Line((r - rx, y)),
        Seg::Cubic((r - kx, y), (r, y + ky), (r, y + ry)),
        Seg::Line((r, b - ry)),
        Seg::Cubic((r, b - ky), (r - kx, b), (r - rx, b)),
        Seg::Line((x + rx, b)),
        Seg::Cubic((x + kx, b), (x, b - ky), (x, b - ry)),
        Seg::Line((x, y + ry)),
        Seg::Cubic((x, y + ky), (x + kx, y), (x + rx, y)),
        Seg::Close,
    ]
}
