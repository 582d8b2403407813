//! FHIRPath locations of the values the walk visits (`Patient.name[0].given`), built with one
//! exact allocation each: one is made for every value, so the formatting machinery is avoided.

/// `parent.name`, or `parent.name.ofType(Type)` for a choice element; built with one allocation
/// (a location is made for every value walked).
pub(crate) fn member_path(parent: &str, name: &str, choice_type: Option<&str>) -> String {
    let extra = choice_type.map_or(0, |t| t.len() + ".ofType()".len());
    let mut path = String::with_capacity(parent.len() + 1 + name.len() + extra);
    path.push_str(parent);
    path.push('.');
    path.push_str(name);
    if let Some(type_code) = choice_type {
        path.push_str(".ofType(");
        path.push_str(type_code);
        path.push(')');
    }
    path
}

/// `parent[position]`, built with one allocation.
pub(crate) fn indexed_path(parent: &str, position: usize) -> String {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut rest = position;
    loop {
        start -= 1;
        if let Some(digit) = digits.get_mut(start) {
            *digit = b'0' + u8::try_from(rest % 10).unwrap_or(0);
        }
        rest /= 10;
        if rest == 0 || start == 0 {
            break;
        }
    }
    let digits = std::str::from_utf8(digits.get(start..).unwrap_or_default()).unwrap_or("0");
    let mut path = String::with_capacity(parent.len() + digits.len() + 2);
    path.push_str(parent);
    path.push('[');
    path.push_str(digits);
    path.push(']');
    path
}

#[cfg(test)]
mod tests {
    use super::{indexed_path, member_path};

    #[test]
    fn locations_read_as_format_would_write_them() {
        for position in [0, 7, 10, 99, 123, usize::MAX] {
            assert_eq!(
                indexed_path("Patient.name", position),
                format!("Patient.name[{position}]")
            );
        }
        assert_eq!(member_path("Patient", "name", None), "Patient.name");
        assert_eq!(
            member_path("Observation", "value", Some("Quantity")),
            "Observation.value.ofType(Quantity)"
        );
    }
}
