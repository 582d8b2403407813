//! Training and certification (docs/training.md): courses of modules with hours and
//! continuing-education credits, assessments drawn at random from question banks, certificates
//! with expiry, live sessions, and the gate rule that a track may require trained staff.
//!
//! # Overview
//!
//! - [`course`]: the course document a trainer writes — read from JSON (errors with line and
//!   column), checked as a whole (every problem at once, with its path), compared between
//!   versions as sentences.
//! - [`assessment`]: drawing an attempt's questions and choice order from a seed, checking the
//!   answers a learner sends, and scoring them (partial credit, trainer grading).
//! - [`certification`]: when a certificate expires, recertification by credits, and whether a
//!   partner's staff meet a "trained staff" requirement.
//!
//! # What is a tenth?
//!
//! Hours and credits are written as numbers with at most one decimal (`1.5`) and kept as whole
//! tenths ([`Tenths`]), so sums and comparisons are exact.

use std::fmt;

use serde::de::Visitor as _;
use serde::{Deserialize, Serialize};

pub mod assessment;
pub mod certification;
pub mod course;

crate::vocabulary! {
    /// What a person does at a partner; a partner admin gives each person one, and curricula are
    /// assigned by it.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum JobRole as "job role" {
        ImplementationSpecialist = "implementation_specialist" / "Implementation specialist",
        VendorIntegrator = "vendor_integrator" / "Vendor integrator",
        Clinician = "clinician" / "Clinician",
        Physician = "physician" / "Physician",
        Nurse = "nurse" / "Nurse",
        ItStaff = "it_staff" / "IT staff",
        Trainer = "trainer" / "Trainer",
        Other = "other" / "Other",
    }
}

crate::vocabulary! {
    /// What kind of question an assessment asks.
    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum QuestionKind as "question kind" {
        /// Exactly one correct choice; all the points or none.
        SingleChoice = "single_choice" / "Single choice",
        /// At least one correct choice; partial credit.
        MultipleChoice = "multiple_choice" / "Multiple choice",
        /// All the points or none.
        TrueFalse = "true_false" / "True or false",
        /// Answered in words; a trainer gives 0 to `points`.
        ShortAnswer = "short_answer" / "Short answer (graded by a trainer)",
    }
}

crate::vocabulary! {
    /// Where an attempt at an assessment is.
    pub enum AttemptState as "attempt state" {
        InProgress = "in_progress" / "In progress",
        /// Submitted; a short answer waits for a trainer.
        AwaitingGrading = "awaiting_grading" / "Awaiting grading",
        Passed = "passed" / "Passed",
        Failed = "failed" / "Failed",
        /// Submitted after the time limit, or never submitted.
        Expired = "expired" / "Time ran out",
    }
}

crate::vocabulary! {
    /// Where a training certificate stands on a given day.
    pub enum CertificateStatus as "certificate status" {
        Valid = "valid" / "Valid",
        Expired = "expired" / "Expired",
        Revoked = "revoked" / "Revoked",
    }
}

crate::vocabulary! {
    /// What a live session is.
    pub enum SessionKind as "session kind" {
        Workshop = "workshop" / "Workshop",
        Webinar = "webinar" / "Webinar",
        OfficeHours = "office_hours" / "Office hours",
    }
}

crate::vocabulary! {
    /// How a learner completed a module.
    pub enum ModuleCompletion as "completion" {
        /// Read the module's Markdown body.
        Read = "read" / "Read",
        /// Attested to having completed the module's external material.
        Attested = "attested" / "Attested",
        /// Attended a live session that covers the module.
        Attended = "attended" / "Attended a live session",
    }
}

/// How long a certificate is valid unless the course says otherwise, in days.
pub const DEFAULT_CERTIFICATE_DAYS: u32 = 365;

/// How many attempts at an assessment a learner has unless the course says otherwise.
pub const DEFAULT_ATTEMPT_LIMIT: u32 = 3;

/// How long before expiry a certificate's holder is reminded, in days.
pub const CERTIFICATE_REMINDER_DAYS: i64 = 30;

/// A certificate's status at `now_ms`: revoked wins; expired from `expires_ms` on (a certificate
/// that expires when it is issued, or before, is never valid).
pub fn certificate_status(
    issued_ms: i64,
    expires_ms: i64,
    revoked: bool,
    now_ms: i64,
) -> CertificateStatus {
    if revoked {
        CertificateStatus::Revoked
    } else if now_ms >= expires_ms || expires_ms <= issued_ms {
        CertificateStatus::Expired
    } else {
        CertificateStatus::Valid
    }
}

/// Hours or credits in tenths: `Tenths(15)` is 1.5. Written in documents as a JSON number from 0
/// to 10000 with at most one decimal.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tenths(pub u32);

/// The largest number of hours or credits a document may give (in whole units).
const TENTHS_MAX_UNITS: u32 = 10_000;

/// What a document must give for hours and credits (also serde's "expected …").
pub(crate) const TENTHS_EXPECTED: &str = "a number from 0 to 10000 with at most one decimal";

impl Tenths {
    pub const ZERO: Tenths = Tenths(0);

    /// The tenths of a number as written: `None` when it is negative, not finite, has more than
    /// one decimal (as its shortest decimal form shows: `2.3` has one, `2.35` two) or is above
    /// 10000.
    pub fn from_number(value: f64) -> Option<Tenths> {
        if !value.is_finite() || value < 0.0 || value > f64::from(TENTHS_MAX_UNITS) {
            return None;
        }
        // Rust prints a float in its shortest form that reads back as the same float, so the
        // digits after the point are the ones the author wrote (give or take trailing zeros,
        // which it drops).
        let written = value.to_string();
        let decimals = written
            .split_once('.')
            .map_or(0, |(_, fraction)| fraction.len());
        if decimals > 1 {
            return None;
        }
        // At most 100000 and a whole number of tenths, so the cast is exact.
        Some(Tenths((value * 10.0).round() as u32))
    }

    /// The value as a float (for display arithmetic only; sums stay in tenths).
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 10.0
    }
}

impl std::ops::Add for Tenths {
    type Output = Tenths;

    /// Saturating: a sum never wraps.
    fn add(self, other: Tenths) -> Tenths {
        Tenths(self.0.saturating_add(other.0))
    }
}

impl std::iter::Sum for Tenths {
    fn sum<I: Iterator<Item = Tenths>>(iter: I) -> Tenths {
        iter.fold(Tenths::ZERO, |total, value| total + value)
    }
}

impl fmt::Display for Tenths {
    /// `1.5`, `2`, `0.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (units, tenth) = (self.0 / 10, self.0 % 10);
        if tenth == 0 {
            write!(f, "{units}")
        } else {
            write!(f, "{units}.{tenth}")
        }
    }
}

impl Serialize for Tenths {
    /// A JSON number: `2` when whole, `1.5` otherwise.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.is_multiple_of(10) {
            serializer.serialize_u32(self.0 / 10)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Tenths {
    /// Read through `serde_json::Number`, so that it reads the same whether or not another crate
    /// of the build turned on serde_json's `arbitrary_precision` (which hands numbers to
    /// `deserialize_any` as maps).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Tenths, D::Error> {
        let number = serde_json::Number::deserialize(deserializer)?;
        if let Some(value) = number.as_u64() {
            return TenthsVisitor.visit_u64(value);
        }
        if let Some(value) = number.as_i64() {
            return TenthsVisitor.visit_i64(value);
        }
        match number.as_f64() {
            Some(value) => TenthsVisitor.visit_f64(value),
            None => Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Other("a number out of range"),
                &TenthsVisitor,
            )),
        }
    }
}

struct TenthsVisitor;

impl serde::de::Visitor<'_> for TenthsVisitor {
    type Value = Tenths;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(TENTHS_EXPECTED)
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Tenths, E> {
        u32::try_from(value)
            .ok()
            .filter(|units| *units <= TENTHS_MAX_UNITS)
            .map(|units| Tenths(units * 10))
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Unsigned(value), &self))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Tenths, E> {
        match u64::try_from(value) {
            Ok(value) => self.visit_u64(value),
            Err(_) => Err(E::invalid_value(
                serde::de::Unexpected::Signed(value),
                &self,
            )),
        }
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Tenths, E> {
        Tenths::from_number(value)
            .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Float(value), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_certificate_is_valid_until_it_expires_or_is_revoked() {
        assert_eq!(
            certificate_status(0, 100, false, 99),
            CertificateStatus::Valid
        );
        assert_eq!(
            certificate_status(0, 100, false, 100),
            CertificateStatus::Expired
        );
        assert_eq!(
            certificate_status(0, 100, true, 50),
            CertificateStatus::Revoked
        );
        assert_eq!(
            certificate_status(0, 100, true, 150),
            CertificateStatus::Revoked
        );
        assert_eq!(
            certificate_status(100, 100, false, 0),
            CertificateStatus::Expired
        );
    }

    #[test]
    fn tenths_read_numbers_with_at_most_one_decimal() {
        assert_eq!(Tenths::from_number(1.5), Some(Tenths(15)));
        assert_eq!(Tenths::from_number(2.0), Some(Tenths(20)));
        assert_eq!(Tenths::from_number(2.3), Some(Tenths(23)));
        assert_eq!(Tenths::from_number(0.1), Some(Tenths(1)));
        assert_eq!(Tenths::from_number(0.0), Some(Tenths(0)));
        assert_eq!(Tenths::from_number(10000.0), Some(Tenths(100_000)));
        assert_eq!(Tenths::from_number(1.25), None);
        assert_eq!(Tenths::from_number(-0.5), None);
        assert_eq!(Tenths::from_number(10000.1), None);
        assert_eq!(Tenths::from_number(f64::NAN), None);
        assert_eq!(Tenths::from_number(f64::INFINITY), None);
    }

    #[test]
    fn tenths_print_and_serialize_as_numbers() -> Result<(), serde_json::Error> {
        assert_eq!(Tenths(15).to_string(), "1.5");
        assert_eq!(Tenths(20).to_string(), "2");
        assert_eq!(Tenths(5).to_string(), "0.5");
        assert_eq!(serde_json::to_string(&Tenths(15))?, "1.5");
        assert_eq!(serde_json::to_string(&Tenths(20))?, "2");
        assert_eq!(serde_json::from_str::<Tenths>("1.5")?, Tenths(15));
        assert_eq!(serde_json::from_str::<Tenths>("12")?, Tenths(120));
        assert!(serde_json::from_str::<Tenths>("\"2\"").is_err());
        for bad in ["1.25", "-1", "10001"] {
            let error = serde_json::from_str::<Tenths>(bad)
                .err()
                .map(|e| e.to_string());
            assert!(
                error
                    .as_deref()
                    .is_some_and(|e| e.contains(TENTHS_EXPECTED)),
                "{bad}: {error:?}"
            );
        }
        assert_eq!(
            [Tenths(15), Tenths(5)].into_iter().sum::<Tenths>(),
            Tenths(20)
        );
        Ok(())
    }

    #[test]
    fn job_roles_and_question_kinds_are_snake_case_on_the_wire() -> Result<(), serde_json::Error> {
        for role in JobRole::ALL {
            assert_eq!(
                serde_json::to_string(&role)?,
                format!("\"{}\"", role.as_str())
            );
        }
        for kind in QuestionKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind)?,
                format!("\"{}\"", kind.as_str())
            );
        }
        Ok(())
    }
}
