//! Certificates over time — when one expires, when its holder is reminded, when credits earned
//! recertify them — and the gate rule "trained staff": whether enough of a partner's people hold
//! a valid certificate.
//!
//! # What is recertification?
//!
//! A certificate is valid for its course's `valid_days` from the day it is issued. If the course
//! names `recertification_credits`, a holder who earns that many credits from *other* courses
//! between the certificate's issue and its expiry is recertified without retaking the
//! assessment: a new certificate is issued whose period starts at the old one's expiry, so the
//! periods follow each other without gap or overlap, and credits count toward one period only.
//! A holder who lets a certificate expire gets a new one by completing the course again; that
//! period starts on the day the assessment is passed. [`Recertification`] holds the rule.
//!
//! # What is a staff requirement?
//!
//! A gate condition of a track: "at least N people with role R hold a valid certificate C", or,
//! without a number, "every person with role R assigned the course holds one" (then at least one
//! person must be assigned). [`staff_requirement_met`] answers it with the people short and a
//! sentence that says why.

use super::{CertificateStatus, JobRole, Tenths, CERTIFICATE_REMINDER_DAYS};
use crate::accounts::role::Role;
use crate::vocabulary::label_of;

const DAY_MS: i64 = 86_400_000;

/// When a certificate issued at `issued_ms` and valid `valid_days` expires.
pub fn expires_ms(issued_ms: i64, valid_days: u32) -> i64 {
    issued_ms.saturating_add(i64::from(valid_days).saturating_mul(DAY_MS))
}

/// When the certificate that renews one expiring at `old_expires_ms` expires: its period starts
/// at the old expiry.
pub fn renewed_expires_ms(old_expires_ms: i64, valid_days: u32) -> i64 {
    expires_ms(old_expires_ms, valid_days)
}

/// Whether credits earned since issue reach the course's recertification threshold. A course
/// without one (or with 0, which its check refuses) never recertifies by credits.
pub fn recertification_due(credits_since_issue: Tenths, needed: Option<Tenths>) -> bool {
    needed.is_some_and(|needed| needed > Tenths::ZERO && credits_since_issue >= needed)
}

/// Whether a valid certificate's holder should be reminded at `now_ms` that it expires: within
/// [`CERTIFICATE_REMINDER_DAYS`] before its expiry.
pub fn reminder_due(expires_ms: i64, now_ms: i64) -> bool {
    let from = expires_ms.saturating_sub(CERTIFICATE_REMINDER_DAYS.saturating_mul(DAY_MS));
    (from..expires_ms).contains(&now_ms)
}

/// A certificate's recertification by credits (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recertification {
    pub issued_ms: i64,
    pub expires_ms: i64,
    /// The course's `valid_days` (of the version the certificate was earned with).
    pub valid_days: u32,
    /// The course's `recertification_credits`; none: only completing the course again.
    pub credits_needed: Option<Tenths>,
}

impl Recertification {
    /// Whether a credit earned at `earned_ms` counts toward this certificate's renewal: it was
    /// earned in the certificate's period (from issue, up to but excluding expiry).
    pub fn counts(&self, earned_ms: i64) -> bool {
        (self.issued_ms..self.expires_ms).contains(&earned_ms)
    }

    /// Whether, at `now_ms`, the credits earned in the period (`credits_earned`, summed by the
    /// caller over completions that [`Recertification::counts`]) renew the certificate. A
    /// certificate that has expired, or was revoked, is not renewed.
    pub fn due(&self, credits_earned: Tenths, status: CertificateStatus) -> bool {
        status == CertificateStatus::Valid
            && recertification_due(credits_earned, self.credits_needed)
    }

    /// The credits still to earn; none when the course does not recertify by credits.
    pub fn credits_missing(&self, credits_earned: Tenths) -> Option<Tenths> {
        self.credits_needed
            .map(|needed| Tenths(needed.0.saturating_sub(credits_earned.0)))
    }

    /// The renewing certificate's period: from this one's expiry, for `valid_days`.
    pub fn renewed(&self) -> (i64, i64) {
        (
            self.expires_ms,
            renewed_expires_ms(self.expires_ms, self.valid_days),
        )
    }
}

/// "At least `at_least` people with `role` hold a valid certificate `certification`", or, when
/// `at_least` is none, "every person with `role` assigned the course holds one".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRequirement {
    /// Which certificate: the key of the course that grants it (or its title). It is named as
    /// written in the explanation, so a caller that wants "a valid Certified Implementation
    /// Specialist certificate" passes the title.
    pub certification: String,
    /// An account role or job role name (`nurse`, `partner_developer`); none: anyone.
    pub role: Option<String>,
    pub at_least: Option<u32>,
}

/// Where one person of the partner stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonStanding {
    pub name: String,
    /// The names of their account role and job role.
    pub roles: Vec<String>,
    /// Whether they are assigned the course that grants the certificate.
    pub assigned: bool,
    /// Whether they hold a valid certificate.
    pub certified: bool,
}

/// The answer to a staff requirement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shortfall {
    pub met: bool,
    /// People counted who hold a valid certificate.
    pub certified: u32,
    /// How many are required.
    pub required: u32,
    /// The names of the people counted who are not yet certified, sorted.
    pub missing: Vec<String>,
    /// A plain sentence saying where the requirement stands.
    pub explanation: String,
}

/// Whether a partner's people meet a staff requirement.
///
/// With `at_least = Some(n)`: the people counted are those with the role; `required` is `n`, met
/// when at least `n` of them are certified. With `None`: the people counted are those with the
/// role who are assigned the course; `required` is their number, met when there is at least one
/// and all are certified.
pub fn staff_requirement_met(
    requirement: &StaffRequirement,
    people: &[PersonStanding],
) -> Shortfall {
    let with_role: Vec<&PersonStanding> = people
        .iter()
        .filter(|person| {
            requirement
                .role
                .as_ref()
                .is_none_or(|role| person.roles.contains(role))
        })
        .collect();
    let counted: Vec<&PersonStanding> = match requirement.at_least {
        Some(_) => with_role.clone(),
        None => with_role.iter().copied().filter(|p| p.assigned).collect(),
    };
    let certified = count(counted.iter().filter(|p| p.certified).count());
    let mut missing: Vec<String> = counted
        .iter()
        .filter(|p| !p.certified)
        .map(|p| p.name.clone())
        .collect();
    missing.sort();
    let role_phrase = requirement
        .role
        .as_deref()
        .map(|role| format!(" with the role {}", role_label(role)))
        .unwrap_or_default();
    let certificate = &requirement.certification;
    let (met, required, explanation) = match requirement.at_least {
        Some(required) => {
            let met = certified >= required;
            let mut explanation = if met {
                format!(
                    "{certified} {}{role_phrase} {} a valid {certificate} certificate; {required} required.",
                    people_noun(certified),
                    hold(certified),
                )
            } else {
                format!(
                    "{certified} of {required} {}{role_phrase} {} a valid {certificate} certificate; {} more needed.",
                    people_noun(required),
                    hold(certified),
                    required - certified,
                )
            };
            let available = count(with_role.len());
            if available < required {
                explanation.push_str(&format!(
                    " Only {available} {}{role_phrase} {} listed.",
                    people_noun(available),
                    if available == 1 { "is" } else { "are" }
                ));
            }
            (met, required, explanation)
        }
        None => {
            let required = count(counted.len());
            if required == 0 {
                let explanation = format!(
                    "Nobody{role_phrase} is assigned the course for the {certificate} certificate."
                );
                (false, 0, explanation)
            } else {
                let met = certified == required;
                let mut explanation = format!(
                    "{certified} of {required} {}{role_phrase} assigned the course {} a valid {certificate} certificate",
                    people_noun(required),
                    hold(certified),
                );
                if !met {
                    explanation.push_str(&format!("; not yet: {}", missing.join(", ")));
                }
                explanation.push('.');
                (met, required, explanation)
            }
        }
    };
    Shortfall {
        met,
        certified,
        required,
        missing,
        explanation,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn people_noun(n: u32) -> &'static str {
    if n == 1 {
        "person"
    } else {
        "people"
    }
}

fn hold(n: u32) -> &'static str {
    if n == 1 {
        "holds"
    } else {
        "hold"
    }
}

/// A job role's or account role's label; a name neither knows as it is.
fn role_label(name: &str) -> &str {
    let label = label_of::<JobRole>(name);
    if label == name {
        label_of::<Role>(name)
    } else {
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::training::certificate_status;

    const CIS: &str = "Certified Implementation Specialist";

    fn person(name: &str, roles: &[&str], assigned: bool, certified: bool) -> PersonStanding {
        PersonStanding {
            name: name.to_owned(),
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            assigned,
            certified,
        }
    }

    fn requirement(role: Option<&str>, at_least: Option<u32>) -> StaffRequirement {
        StaffRequirement {
            certification: CIS.to_owned(),
            role: role.map(str::to_owned),
            at_least,
        }
    }

    fn staff() -> Vec<PersonStanding> {
        vec![
            person("Cleo", &["partner_member", "nurse"], true, false),
            person("Ann", &["partner_member", "nurse"], true, true),
            person("Bea", &["partner_admin", "nurse"], false, true),
            person("Dev", &["partner_developer", "it_staff"], true, false),
        ]
    }

    #[test]
    fn a_certificate_expires_after_its_days_and_renews_from_its_expiry() {
        let issued = 1_000;
        let expires = expires_ms(issued, 365);
        assert_eq!(expires, 1_000 + 365 * DAY_MS);
        assert_eq!(
            certificate_status(issued, expires, false, expires - 1),
            CertificateStatus::Valid
        );
        assert_eq!(
            certificate_status(issued, expires, false, expires),
            CertificateStatus::Expired
        );
        assert_eq!(renewed_expires_ms(expires, 365), expires + 365 * DAY_MS);
        assert!(reminder_due(expires, expires - 30 * DAY_MS));
        assert!(!reminder_due(expires, expires - 31 * DAY_MS));
        assert!(!reminder_due(expires, expires));
    }

    #[test]
    fn credits_earned_in_the_period_recertify() {
        assert!(recertification_due(Tenths(120), Some(Tenths(120))));
        assert!(!recertification_due(Tenths(119), Some(Tenths(120))));
        assert!(!recertification_due(Tenths(500), None));
        assert!(!recertification_due(Tenths(500), Some(Tenths::ZERO)));
        let rule = Recertification {
            issued_ms: 0,
            expires_ms: 100,
            valid_days: 365,
            credits_needed: Some(Tenths(120)),
        };
        assert!(rule.counts(0) && rule.counts(99));
        assert!(!rule.counts(100) && !rule.counts(-1));
        assert!(rule.due(Tenths(120), CertificateStatus::Valid));
        assert!(!rule.due(Tenths(120), CertificateStatus::Expired));
        assert!(!rule.due(Tenths(120), CertificateStatus::Revoked));
        assert_eq!(rule.credits_missing(Tenths(45)), Some(Tenths(75)));
        assert_eq!(rule.credits_missing(Tenths(200)), Some(Tenths(0)));
        assert_eq!(rule.renewed(), (100, 100 + 365 * DAY_MS));
    }

    #[test]
    fn at_least_n_people_with_a_role_must_be_certified() {
        let short = staff_requirement_met(&requirement(Some("nurse"), Some(3)), &staff());
        assert!(!short.met);
        assert_eq!((short.certified, short.required), (2, 3));
        assert_eq!(short.missing, ["Cleo"]);
        assert_eq!(
            short.explanation,
            "2 of 3 people with the role Nurse hold a valid Certified Implementation Specialist \
             certificate; 1 more needed."
        );

        let met = staff_requirement_met(&requirement(Some("nurse"), Some(2)), &staff());
        assert!(met.met);
        assert_eq!(
            met.explanation,
            "2 people with the role Nurse hold a valid Certified Implementation Specialist \
             certificate; 2 required."
        );

        let too_few = staff_requirement_met(&requirement(Some("partner_admin"), Some(2)), &staff());
        assert!(!too_few.met);
        assert_eq!(
            too_few.explanation,
            "1 of 2 people with the role Partner admin holds a valid Certified Implementation \
             Specialist certificate; 1 more needed. Only 1 person with the role Partner admin is \
             listed."
        );

        let anyone = staff_requirement_met(&requirement(None, Some(1)), &staff());
        assert!(anyone.met);
        assert_eq!(anyone.missing, ["Cleo", "Dev"]);
    }

    #[test]
    fn without_a_number_everyone_assigned_must_be_certified() {
        let nurses = staff_requirement_met(&requirement(Some("nurse"), None), &staff());
        assert!(!nurses.met);
        assert_eq!(
            (nurses.certified, nurses.required),
            (1, 2),
            "Bea is not assigned"
        );
        assert_eq!(nurses.missing, ["Cleo"]);
        assert_eq!(
            nurses.explanation,
            "1 of 2 people with the role Nurse assigned the course holds a valid Certified \
             Implementation Specialist certificate; not yet: Cleo."
        );

        let mut trained = staff();
        for person in &mut trained {
            person.certified = true;
        }
        let everyone = staff_requirement_met(&requirement(None, None), &trained);
        assert!(everyone.met);
        assert_eq!((everyone.certified, everyone.required), (3, 3));
        assert!(everyone.missing.is_empty());

        let nobody = staff_requirement_met(&requirement(Some("physician"), None), &trained);
        assert!(!nobody.met);
        assert_eq!((nobody.certified, nobody.required), (0, 0));
        assert_eq!(
            nobody.explanation,
            "Nobody with the role Physician is assigned the course for the Certified \
             Implementation Specialist certificate."
        );
    }
}
