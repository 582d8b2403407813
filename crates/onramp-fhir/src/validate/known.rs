//! Known differences of R4 core from the specification's intent, kept as data: invariants whose
//! published expression is wrong and that the HL7 reference validator does not enforce as written.

/// Invariant keys not evaluated, each with the reason.
const SKIPPED: &[(&str, &str)] = &[(
    "txt-2",
    "R4 publishes txt-2 ('some non-whitespace content') with txt-1's expression `htmlChecks()`; the reference reports a disallowed element or attribute once, as txt-1",
)];

/// Invariants evaluated with a corrected expression: (key, published expression, corrected
/// expression, reason). Applied only when the published text is exactly the wrong one.
const CORRECTED: &[(&str, &str, &str, &str)] = &[
    (
        "que-12",
        "enableWhen.count() > 2 implies enableBehavior.exists()",
        "enableWhen.count() > 1 implies enableBehavior.exists()",
        "its human text (and R5) say 'more than one enableWhen'; R4 published `> 2`, which the reference does not follow",
    ),
];

/// Whether an invariant is skipped (see [`SKIPPED`]).
pub(crate) fn skipped_invariant(key: &str) -> bool {
    SKIPPED.iter().any(|(skipped, _)| *skipped == key)
}

/// The corrected expression of an invariant whose published one is wrong (see [`CORRECTED`]).
pub(crate) fn corrected_invariant(key: &str, published: &str) -> Option<&'static str> {
    CORRECTED
        .iter()
        .find(|(corrected_key, wrong, _, _)| *corrected_key == key && *wrong == published)
        .map(|(_, _, corrected, _)| *corrected)
}
