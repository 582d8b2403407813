//! UCUM units as FHIRPath needs them: parse a unit expression (`mg`, `kg/m2`, `mm[Hg]`,
//! `10*3/uL`, `/min`) into a factor times powers of the seven base units, so that quantities in
//! different units can be compared, added and converted.
//!
//! The table below holds the metric prefixes and the units met in clinical data: SI and derived
//! units, time (with the calendar-free `a`, `mo`), customary US/imperial lengths, masses and
//! volumes, pressure (`mm[Hg]`, `cm[H2O]`), and counts. Arbitrary units (`[IU]`, `[arb'U]`, any
//! other `[…]` atom) only compare with themselves. Celsius and Fahrenheit convert with their
//! offsets when they stand alone.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Length, mass, time, plane angle, temperature, charge, luminous intensity.
const BASE_UNITS: [&str; 7] = ["m", "g", "s", "rad", "K", "C", "cd"];

const PREFIXES: &[(&str, &str)] = &[
    ("Y", "1e24"),
    ("Z", "1e21"),
    ("E", "1e18"),
    ("P", "1e15"),
    ("T", "1e12"),
    ("G", "1e9"),
    ("M", "1e6"),
    ("k", "1e3"),
    ("h", "1e2"),
    ("da", "1e1"),
    ("d", "1e-1"),
    ("c", "1e-2"),
    ("m", "1e-3"),
    ("u", "1e-6"),
    ("μ", "1e-6"),
    ("n", "1e-9"),
    ("p", "1e-12"),
    ("f", "1e-15"),
    ("a", "1e-18"),
    ("z", "1e-21"),
    ("y", "1e-24"),
    ("Ki", "1024"),
    ("Mi", "1048576"),
    ("Gi", "1073741824"),
    ("Ti", "1099511627776"),
];

/// `(symbol, factor, definition)`: the unit is `factor` times the unit expression `definition`.
/// Atoms defined as `""` are arbitrary units (their own dimension).
const UNITS: &[(&str, &str, &str)] = &[
    ("1", "1", "1"),
    ("10*", "10", "1"),
    ("10^", "10", "1"),
    ("%", "0.01", "1"),
    ("[ppth]", "0.001", "1"),
    ("[ppm]", "0.000001", "1"),
    ("[ppb]", "0.000000001", "1"),
    ("[pptr]", "0.000000000001", "1"),
    ("[pi]", "3.141592653589793238462643383", "1"),
    ("mol", "602213670000000000000000", "1"),
    ("sr", "1", "rad2"),
    ("Hz", "1", "s-1"),
    ("N", "1", "kg.m/s2"),
    ("Pa", "1", "N/m2"),
    ("J", "1", "N.m"),
    ("W", "1", "J/s"),
    ("A", "1", "C/s"),
    ("V", "1", "J/C"),
    ("F", "1", "C/V"),
    ("Ohm", "1", "V/A"),
    ("S", "1", "Ohm-1"),
    ("Wb", "1", "V.s"),
    ("T", "1", "Wb/m2"),
    ("H", "1", "Wb/A"),
    ("lm", "1", "cd.sr"),
    ("lx", "1", "lm/m2"),
    ("Bq", "1", "s-1"),
    ("Gy", "1", "J/kg"),
    ("Sv", "1", "J/kg"),
    ("Cel", "1", "K"),
    ("gon", "0.9", "deg"),
    ("deg", "0.0174532925199432957692369077", "rad"),
    ("'", "1", "deg/60"),
    ("''", "1", "'/60"),
    ("l", "1", "dm3"),
    ("L", "1", "l"),
    ("ar", "100", "m2"),
    ("min", "60", "s"),
    ("h", "60", "min"),
    ("d", "24", "h"),
    ("a_t", "365.24219", "d"),
    ("a_j", "365.25", "d"),
    ("a_g", "365.2425", "d"),
    ("a", "1", "a_j"),
    ("wk", "7", "d"),
    ("mo_s", "29.53059", "d"),
    ("mo_j", "1", "a_j/12"),
    ("mo_g", "1", "a_g/12"),
    ("mo", "1", "mo_j"),
    ("t", "1000", "kg"),
    ("bar", "100000", "Pa"),
    ("atm", "101325", "Pa"),
    ("eV", "0.000000000000000000160217733", "J"),
    ("cal", "4.184", "J"),
    ("[Cal]", "1", "kcal"),
    ("cal_th", "4.184", "J"),
    ("cal_IT", "4.1868", "J"),
    ("m[Hg]", "133.322", "kPa"),
    ("m[H2O]", "9.80665", "kPa"),
    ("[in_i'Hg]", "1", "m[Hg].[in_i]/m"),
    ("[in_i]", "2.54", "cm"),
    ("[ft_i]", "12", "[in_i]"),
    ("[yd_i]", "3", "[ft_i]"),
    ("[mi_i]", "5280", "[ft_i]"),
    ("[nmi_i]", "1852", "m"),
    ("[mil_i]", "0.001", "[in_i]"),
    ("[sin_i]", "1", "[in_i]2"),
    ("[sft_i]", "1", "[ft_i]2"),
    ("[cin_i]", "1", "[in_i]3"),
    ("[cft_i]", "1", "[ft_i]3"),
    ("[gr]", "64.79891", "mg"),
    ("[lb_av]", "7000", "[gr]"),
    ("[oz_av]", "0.0625", "[lb_av]"),
    ("[dr_av]", "0.0625", "[oz_av]"),
    ("[ston_av]", "100", "[lb_av]"),
    ("[stone_av]", "14", "[lb_av]"),
    ("[oz_tr]", "480", "[gr]"),
    ("[lb_tr]", "12", "[oz_tr]"),
    ("[gal_us]", "231", "[in_i]3"),
    ("[qt_us]", "0.25", "[gal_us]"),
    ("[pt_us]", "0.5", "[qt_us]"),
    ("[cup_us]", "0.5", "[pt_us]"),
    ("[foz_us]", "0.0625", "[pt_us]"),
    ("[tbs_us]", "0.5", "[foz_us]"),
    ("[tsp_us]", "1", "[tbs_us]/3"),
    ("[gal_br]", "4.54609", "l"),
    ("[pt_br]", "0.125", "[gal_br]"),
    ("[foz_br]", "0.05", "[pt_br]"),
    ("[drp]", "0.05", "ml"),
    ("[tsp_m]", "5", "ml"),
    ("[tbs_m]", "15", "ml"),
    ("[cup_m]", "240", "ml"),
    ("[foz_m]", "30", "ml"),
    ("eq", "1", "mol"),
    ("osm", "1", "mol"),
    ("g%", "1", "g/dl"),
    ("kat", "1", "mol/s"),
    ("U", "1", "umol/min"),
    ("[iU]", "", ""),
    ("[IU]", "1", "[iU]"),
    ("[arb'U]", "", ""),
    ("[USP'U]", "", ""),
    ("[CFU]", "", ""),
    ("[PFU]", "", ""),
    ("[FFU]", "", ""),
    ("[BAU]", "", ""),
    ("[AU]", "", ""),
    ("[HPF]", "1", "1"),
    ("[LPF]", "100", "1"),
    ("[degF]", "5", "K/9"),
    ("[degR]", "5", "K/9"),
    ("[mesh_i]", "1", "/[in_i]"),
    ("[Ch]", "1", "mm/3"),
    ("[diop]", "1", "/m"),
    ("[hp'_X]", "", ""),
    ("[hp'_C]", "", ""),
    ("[kp'_X]", "", ""),
    ("[kp'_C]", "", ""),
    ("[pH]", "", ""),
    ("[mclg'U]", "", ""),
    ("[lcwt_av]", "112", "[lb_av]"),
    ("[scwt_av]", "100", "[lb_av]"),
    ("[car_m]", "0.2", "g"),
    ("[car_Au]", "1", "/24"),
    ("b", "100", "fm2"),
    ("Ao", "0.1", "nm"),
    ("[ly]", "9460730472580800", "m"),
    ("AU", "149597.870691", "Mm"),
    ("pc", "30856780000000000", "m"),
    ("[g]", "9.80665", "m/s2"),
    ("gf", "1", "g.[g]"),
    ("[lbf_av]", "1", "[lb_av].[g]"),
    ("dyn", "1", "g.cm/s2"),
    ("erg", "1", "dyn.cm"),
    ("P", "1", "dyn.s/cm2"),
    ("St", "1", "cm2/s"),
    ("Ci", "37000000000", "Bq"),
    ("R", "0.000258", "C/kg"),
    ("RAD", "100", "erg/g"),
    ("REM", "1", "RAD"),
    ("G", "0.0001", "T"),
    ("Mx", "0.00000001", "Wb"),
    ("[S]", "0.0000000000001", "s"),
    ("circ", "2", "[pi].rad"),
    ("sph", "4", "[pi].sr"),
    ("mho", "1", "S"),
    ("[bbl_us]", "42", "[gal_us]"),
    ("[bu_us]", "2150.42", "[in_i]3"),
    ("[pk_us]", "0.25", "[bu_us]"),
    ("[acr_us]", "4046.873", "m2"),
    ("[smi_us]", "1", "[mi_i]2"),
    ("[hd_i]", "4", "[in_i]"),
    ("[ft_us]", "1200", "m/3937"),
    ("[mi_us]", "5280", "[ft_us]"),
    ("[in_us]", "1", "[ft_us]/12"),
    ("[yd_us]", "3", "[ft_us]"),
];

/// A unit reduced to `factor × Π base^exponent`, with arbitrary units as extra dimensions.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Canonical {
    pub factor: Decimal,
    pub dimensions: [i32; 7],
    pub arbitrary: BTreeMap<String, i32>,
}

impl Canonical {
    fn unity() -> Canonical {
        Canonical {
            factor: Decimal::ONE,
            dimensions: [0; 7],
            arbitrary: BTreeMap::new(),
        }
    }

    pub fn same_dimensions(&self, other: &Canonical) -> bool {
        self.dimensions == other.dimensions && self.arbitrary == other.arbitrary
    }

    fn multiply(mut self, other: &Canonical, exponent: i32) -> Option<Canonical> {
        let mut factor = self.factor;
        let base = if exponent < 0 {
            Decimal::ONE.checked_div(other.factor)?
        } else {
            other.factor
        };
        for _ in 0..exponent.unsigned_abs() {
            factor = factor.checked_mul(base)?;
        }
        self.factor = factor;
        for (mine, theirs) in self.dimensions.iter_mut().zip(other.dimensions.iter()) {
            *mine += theirs * exponent;
        }
        for (name, power) in &other.arbitrary {
            let entry = self.arbitrary.entry(name.clone()).or_insert(0);
            *entry += power * exponent;
            if *entry == 0 {
                self.arbitrary.remove(name);
            }
        }
        Some(self)
    }
}

fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// Parses a UCUM unit expression; `None` for anything it does not know.
pub(crate) fn canonical(unit: &str) -> Option<Canonical> {
    canonical_at_depth(unit, 0)
}

fn canonical_at_depth(unit: &str, depth: usize) -> Option<Canonical> {
    if depth > 12 || unit.is_empty() {
        return None;
    }
    let mut parser = UnitParser {
        text: unit,
        offset: 0,
        depth,
    };
    let result = parser.main_term()?;
    (parser.offset == unit.len()).then_some(result)
}

struct UnitParser<'t> {
    text: &'t str,
    offset: usize,
    depth: usize,
}

impl UnitParser<'_> {
    fn peek(&self) -> Option<char> {
        self.text
            .get(self.offset..)
            .and_then(|rest| rest.chars().next())
    }

    fn main_term(&mut self) -> Option<Canonical> {
        if self.peek() == Some('/') {
            self.offset += 1;
            let term = self.term()?;
            return Canonical::unity().multiply(&term, -1);
        }
        self.term()
    }

    fn term(&mut self) -> Option<Canonical> {
        let mut result = self.component()?;
        loop {
            match self.peek() {
                Some('.') => {
                    self.offset += 1;
                    let next = self.component()?;
                    result = result.multiply(&next, 1)?;
                }
                Some('/') => {
                    self.offset += 1;
                    let next = self.component()?;
                    result = result.multiply(&next, -1)?;
                }
                _ => return Some(result),
            }
        }
    }

    fn component(&mut self) -> Option<Canonical> {
        match self.peek()? {
            '(' => {
                self.offset += 1;
                let inner = self.term()?;
                (self.peek() == Some(')')).then(|| self.offset += 1)?;
                Some(inner)
            }
            '{' => {
                self.annotation()?;
                Some(Canonical::unity())
            }
            _ => {
                let start = self.offset;
                let mut in_brackets = false;
                while let Some(character) = self.peek() {
                    match character {
                        '[' => in_brackets = true,
                        ']' => in_brackets = false,
                        '.' | '/' | '(' | ')' | '{' if !in_brackets => break,
                        _ => {}
                    }
                    self.offset += character.len_utf8();
                }
                let chunk = self.text.get(start..self.offset)?;
                let unit = simple_unit(chunk, self.depth)?;
                if self.peek() == Some('{') {
                    self.annotation()?;
                }
                Some(unit)
            }
        }
    }

    fn annotation(&mut self) -> Option<()> {
        let close = self.text.get(self.offset..)?.find('}')?;
        self.offset += close + 1;
        Some(())
    }
}

/// An atom with optional prefix and exponent (`mg`, `m2`, `s-1`, `10*3`), or a plain number.
fn simple_unit(chunk: &str, depth: usize) -> Option<Canonical> {
    if chunk.is_empty() {
        return None;
    }
    if chunk.bytes().all(|byte| byte.is_ascii_digit()) {
        let mut unit = Canonical::unity();
        unit.factor = decimal(chunk)?;
        return Some(unit);
    }
    let digits_start = chunk
        .trim_end_matches(|character: char| character.is_ascii_digit())
        .len();
    let (mut symbol, mut exponent) = (chunk, 1i32);
    if digits_start < chunk.len() && !chunk.ends_with(']') {
        let mut split = digits_start;
        if chunk
            .get(..split)
            .is_some_and(|head| head.ends_with('-') || head.ends_with('+'))
        {
            split -= 1;
        }
        let power = chunk.get(split..)?.parse::<i32>().ok()?;
        if split > 0 {
            symbol = chunk.get(..split)?;
            exponent = power;
        }
    }
    let atom = atom(symbol, depth)?;
    Canonical::unity().multiply(&atom, exponent)
}

fn atom(symbol: &str, depth: usize) -> Option<Canonical> {
    if let Some(index) = BASE_UNITS.iter().position(|base| *base == symbol) {
        let mut unit = Canonical::unity();
        if let Some(dimension) = unit.dimensions.get_mut(index) {
            *dimension = 1;
        }
        return Some(unit);
    }
    if let Some((_, factor, definition)) = UNITS.iter().find(|(name, _, _)| *name == symbol) {
        if definition.is_empty() {
            let mut unit = Canonical::unity();
            unit.arbitrary.insert(symbol.to_string(), 1);
            return Some(unit);
        }
        let mut unit = if *definition == "1" {
            Canonical::unity()
        } else {
            canonical_at_depth(definition, depth + 1)?
        };
        unit.factor = unit.factor.checked_mul(decimal(factor)?)?;
        return Some(unit);
    }
    for (prefix, factor) in PREFIXES {
        if let Some(rest) = symbol.strip_prefix(prefix) {
            if rest.is_empty() {
                continue;
            }
            if let Some(mut unit) = atom_without_prefix(rest, depth) {
                unit.factor = unit.factor.checked_mul(decimal(factor)?)?;
                return Some(unit);
            }
        }
    }
    None
}

fn atom_without_prefix(symbol: &str, depth: usize) -> Option<Canonical> {
    let known = BASE_UNITS.contains(&symbol) || UNITS.iter().any(|(name, _, _)| *name == symbol);
    if known {
        atom(symbol, depth)
    } else {
        None
    }
}

/// Whether a unit is an offset scale that converts with more than a factor.
fn offset_of(unit: &str) -> Option<(Decimal, Decimal)> {
    // (factor to kelvin, offset in kelvin): K = value × factor + offset
    match unit {
        "Cel" => Some((Decimal::ONE, Decimal::new(27315, 2))),
        "[degF]" => Some((
            Decimal::new(5, 0) / Decimal::new(9, 0),
            Decimal::new(45967, 2) * Decimal::new(5, 0) / Decimal::new(9, 0),
        )),
        _ => None,
    }
}

/// `value` in unit `from` expressed in unit `to`, when the two measure the same thing.
pub(crate) fn convert(value: Decimal, from: &str, to: &str) -> Option<Decimal> {
    if from == to {
        return Some(value);
    }
    if offset_of(from).is_some() || offset_of(to).is_some() {
        let kelvin = match offset_of(from) {
            Some((factor, offset)) => value.checked_mul(factor)?.checked_add(offset)?,
            None => {
                let source = canonical(from)?;
                (source.dimensions == [0, 0, 0, 0, 1, 0, 0]).then_some(())?;
                value.checked_mul(source.factor)?
            }
        };
        return match offset_of(to) {
            Some((factor, offset)) => kelvin.checked_sub(offset)?.checked_div(factor),
            None => {
                let target = canonical(to)?;
                (target.dimensions == [0, 0, 0, 0, 1, 0, 0]).then_some(())?;
                kelvin.checked_div(target.factor)
            }
        };
    }
    let source = canonical(from)?;
    let target = canonical(to)?;
    if !source.same_dimensions(&target) {
        return None;
    }
    let result = value
        .checked_mul(source.factor)?
        .checked_div(target.factor)?;
    // Factors such as 1/µL carry rounding in their last digits; 24 significant digits is more
    // than any clinical value has.
    Some(result.round_sf(24).unwrap_or(result).normalize())
}

#[cfg(test)]
mod tests;
