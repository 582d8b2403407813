//! Tiers — public, registered, collaborative — computed from an organization's conditions, with the
//! checklist of what is still missing and the capabilities each tier unlocks.
//!
//! # What is a tier?
//!
//! A tier is never set by hand: it follows from conditions. *Registered* needs the organization
//! verified (active) and the current participation agreement signed; *collaborative* needs
//! registered, the current collaboration MOU signed, and staff approval. When a condition lapses
//! (an agreement superseded and not re-signed by its deadline) the computed tier drops.

crate::vocabulary! {
    /// The access tiers, lowest first. `label` is the default display name: deployments may
    /// rename tiers (`ServerConfig::tier_names`).
    pub enum Tier as "tier" {
        Public = "public" / "Public",
        Registered = "registered" / "Registered",
        Collaborative = "collaborative" / "Collaborative",
    }
}

impl Tier {
    /// The default description (deployments may replace it).
    pub fn default_description(self) -> &'static str {
        match self {
            Tier::Public => "Anyone: the published implementation guide and public documentation.",
            Tier::Registered => "Verified organizations that signed the participation agreement: a sandbox and restricted documents.",
            Tier::Collaborative => "Registered partners under a collaboration MOU, approved by program staff: pre-release material and a direct support channel.",
        }
    }

    /// What this tier unlocks (each includes the tiers below).
    pub fn capabilities(self) -> Vec<Capability> {
        Capability::ALL
            .into_iter()
            .filter(|capability| capability.minimum_tier() <= self)
            .collect()
    }

    pub fn allows(self, capability: Capability) -> bool {
        capability.minimum_tier() <= self
    }
}

crate::vocabulary! {
    /// What later features check before they let a partner in.
    pub enum Capability as "capability" {
        PublicDocuments = "public_documents" / "Public documentation",
        SandboxAccess = "sandbox_access" / "Sandbox access",
        RestrictedDocuments = "restricted_documents" / "Restricted documents",
        PreReleaseMaterial = "pre_release_material" / "Pre-release material",
        DirectSupportChannel = "direct_support_channel" / "A direct support channel",
    }
}

impl Capability {
    pub fn minimum_tier(self) -> Tier {
        match self {
            Capability::PublicDocuments => Tier::Public,
            Capability::SandboxAccess | Capability::RestrictedDocuments => Tier::Registered,
            Capability::PreReleaseMaterial | Capability::DirectSupportChannel => {
                Tier::Collaborative
            }
        }
    }
}

/// The facts a tier is computed from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TierConditions {
    /// The organization is active (verified and not suspended).
    pub verified: bool,
    /// A current participation agreement is signed (or its re-signing deadline has not passed).
    pub participation_signed: bool,
    /// A current collaboration MOU is signed (or its re-signing deadline has not passed).
    pub mou_signed: bool,
    /// Staff approved the organization for the collaborative tier.
    pub collaborative_approved: bool,
}

/// The tier these conditions give.
pub fn compute_tier(conditions: &TierConditions) -> Tier {
    let registered = conditions.verified && conditions.participation_signed;
    if registered && conditions.mou_signed && conditions.collaborative_approved {
        Tier::Collaborative
    } else if registered {
        Tier::Registered
    } else {
        Tier::Public
    }
}

/// One line of the checklist a partner sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistItem {
    /// The tier this condition leads to.
    pub tier: Tier,
    pub key: &'static str,
    pub label: &'static str,
    pub met: bool,
}

/// Every condition of every tier above public, met or not, in order.
pub fn checklist(conditions: &TierConditions) -> Vec<ChecklistItem> {
    let item = |tier, key, label, met| ChecklistItem {
        tier,
        key,
        label,
        met,
    };
    vec![
        item(
            Tier::Registered,
            "verified",
            "Your organization is verified by the program",
            conditions.verified,
        ),
        item(
            Tier::Registered,
            "participation_signed",
            "The participation agreement is signed",
            conditions.participation_signed,
        ),
        item(
            Tier::Collaborative,
            "mou_signed",
            "The collaboration MOU is signed",
            conditions.mou_signed,
        ),
        item(
            Tier::Collaborative,
            "collaborative_approved",
            "Program staff approved collaboration",
            conditions.collaborative_approved,
        ),
    ]
}

/// Whether a signature of an older version still counts: it does until the deadline the newer
/// version set for re-signing (none: the old signature lapses at once).
pub fn superseded_signature_counts(resign_by: Option<i64>, now: i64) -> bool {
    resign_by.is_some_and(|deadline| now < deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conditions(
        verified: bool,
        participation: bool,
        mou: bool,
        approved: bool,
    ) -> TierConditions {
        TierConditions {
            verified,
            participation_signed: participation,
            mou_signed: mou,
            collaborative_approved: approved,
        }
    }

    #[test]
    fn each_tier_needs_all_of_its_conditions_and_those_below() {
        let cases = [
            (conditions(false, false, false, false), Tier::Public),
            (conditions(true, false, false, false), Tier::Public),
            (conditions(false, true, true, true), Tier::Public),
            (conditions(true, true, false, false), Tier::Registered),
            (conditions(true, true, true, false), Tier::Registered),
            (conditions(true, true, false, true), Tier::Registered),
            (conditions(true, true, true, true), Tier::Collaborative),
        ];
        for (given, expected) in cases {
            assert_eq!(compute_tier(&given), expected, "{given:?}");
        }
    }

    #[test]
    fn the_checklist_shows_what_is_missing() {
        let items = checklist(&conditions(true, false, false, false));
        let missing: Vec<&str> = items.iter().filter(|i| !i.met).map(|i| i.key).collect();
        assert_eq!(
            missing,
            [
                "participation_signed",
                "mou_signed",
                "collaborative_approved"
            ]
        );
    }

    #[test]
    fn capabilities_accumulate_up_the_tiers() {
        assert_eq!(Tier::Public.capabilities(), [Capability::PublicDocuments]);
        assert!(Tier::Registered.allows(Capability::SandboxAccess));
        assert!(!Tier::Registered.allows(Capability::DirectSupportChannel));
        assert_eq!(Tier::Collaborative.capabilities().len(), 5);
    }

    #[test]
    fn a_superseded_signature_counts_until_its_deadline() {
        assert!(superseded_signature_counts(Some(100), 99));
        assert!(!superseded_signature_counts(Some(100), 100));
        assert!(!superseded_signature_counts(None, 0));
    }
}
