//! The shape of codes of the large external code systems the packages do not hold: a SNOMED CT
//! concept id (digits, a partition that names a concept, the Verhoeff check digit) and a LOINC code
//! (`12345-6`, parts `LP…-n`, answers `LA…-n`). Their content cannot be checked offline, but a code
//! of the wrong shape cannot be in them.

pub(crate) const SNOMED: &str = "http://snomed.info/sct";
pub(crate) const LOINC: &str = "http://loinc.org";

/// Why `code` cannot be a code of `system` (only SNOMED CT and LOINC are known); `None` when it
/// can, or when the system is another one.
pub(crate) fn impossible_code(system: &str, code: &str) -> Option<&'static str> {
    match system {
        SNOMED if is_snomed_expression(code) => None,
        SNOMED => (!is_concept_id(code)).then_some("not a valid SNOMED CT concept id"),
        LOINC => (!is_loinc_code(code)).then_some("not a valid LOINC code"),
        _ => None,
    }
}

/// Post-coordinated expressions (`123:456=789`, `<< 123`) are not single concept ids.
fn is_snomed_expression(code: &str) -> bool {
    code.contains([':', '=', '|', '{', '}', '(', ')', '+', '<', '>', ' '])
}

/// A SNOMED CT identifier of a concept: 6 to 18 digits without a leading zero, partition `00` or
/// `10`, and a valid Verhoeff check digit.
pub(crate) fn is_concept_id(code: &str) -> bool {
    let bytes = code.as_bytes();
    if !(6..=18).contains(&bytes.len())
        || !bytes.iter().all(u8::is_ascii_digit)
        || bytes.first() == Some(&b'0')
    {
        return false;
    }
    let partition = bytes
        .len()
        .checked_sub(3)
        .and_then(|start| bytes.get(start..start + 2));
    matches!(partition, Some(b"00") | Some(b"10")) && verhoeff_ok(bytes)
}

const VERHOEFF_D: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];

const VERHOEFF_P: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

fn verhoeff_ok(digits: &[u8]) -> bool {
    let mut check = 0u8;
    for (position, digit) in digits.iter().rev().enumerate() {
        let value = digit.wrapping_sub(b'0');
        let permuted = VERHOEFF_P
            .get(position % 8)
            .and_then(|row| row.get(usize::from(value)))
            .copied()
            .unwrap_or(0);
        check = VERHOEFF_D
            .get(usize::from(check))
            .and_then(|row| row.get(usize::from(permuted)))
            .copied()
            .unwrap_or(0);
    }
    check == 0
}

/// `digits-checkdigit`, optionally after a two-letter part prefix (`LP`, `LA`, `LL`, `LG`).
fn is_loinc_code(code: &str) -> bool {
    let body = match code.get(..2) {
        Some(prefix)
            if prefix.starts_with('L') && prefix.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            code.get(2..).unwrap_or_default()
        }
        _ => code,
    };
    let Some((number, check)) = body.split_once('-') else {
        return false;
    };
    !number.is_empty()
        && number.len() <= 10
        && number.bytes().all(|b| b.is_ascii_digit())
        && check.len() == 1
        && check.bytes().all(|b| b.is_ascii_digit())
}
