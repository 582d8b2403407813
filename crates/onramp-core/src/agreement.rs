//! Agreement templates: their kinds, the draft → published → retired lifecycle, and what a
//! signature must carry.

use std::fmt;
use std::str::FromStr;

use crate::lifecycle::UnknownName;

/// The kinds of agreement a program uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AgreementKind {
    Participation,
    DataSharing,
    AcceptableUse,
    CollaborationMou,
}

impl AgreementKind {
    pub const ALL: [AgreementKind; 4] = [
        AgreementKind::Participation,
        AgreementKind::DataSharing,
        AgreementKind::AcceptableUse,
        AgreementKind::CollaborationMou,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AgreementKind::Participation => "participation",
            AgreementKind::DataSharing => "data_sharing",
            AgreementKind::AcceptableUse => "acceptable_use",
            AgreementKind::CollaborationMou => "collaboration_mou",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgreementKind::Participation => "Participation (vendor) agreement",
            AgreementKind::DataSharing => "Data sharing agreement",
            AgreementKind::AcceptableUse => "Acceptable use of test environments",
            AgreementKind::CollaborationMou => "Collaboration MOU",
        }
    }
}

impl fmt::Display for AgreementKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for AgreementKind {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        AgreementKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text.trim())
            .ok_or_else(|| UnknownName {
                what: "agreement kind",
                text: text.to_owned(),
            })
    }
}

/// Where a template version is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TemplateState {
    Draft,
    Published,
    Retired,
}

impl TemplateState {
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateState::Draft => "draft",
            TemplateState::Published => "published",
            TemplateState::Retired => "retired",
        }
    }
}

impl FromStr for TemplateState {
    type Err = UnknownName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        [
            TemplateState::Draft,
            TemplateState::Published,
            TemplateState::Retired,
        ]
        .into_iter()
        .find(|state| state.as_str() == text)
        .ok_or_else(|| UnknownName {
            what: "template state",
            text: text.to_owned(),
        })
    }
}

/// Why a template or a signature is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgreementError {
    #[error("only a draft can be published")]
    NotDraft,
    #[error("only a published version can be retired")]
    NotPublished,
    #[error("only the published version can be signed")]
    NotSignable,
}

/// Publishing: draft → published.
pub fn publish(state: TemplateState) -> Result<TemplateState, AgreementError> {
    match state {
        TemplateState::Draft => Ok(TemplateState::Published),
        _ => Err(AgreementError::NotDraft),
    }
}

/// Retiring: published → retired.
pub fn retire(state: TemplateState) -> Result<TemplateState, AgreementError> {
    match state {
        TemplateState::Published => Ok(TemplateState::Retired),
        _ => Err(AgreementError::NotPublished),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_move_draft_published_retired_only() {
        assert_eq!(publish(TemplateState::Draft), Ok(TemplateState::Published));
        assert_eq!(
            publish(TemplateState::Published),
            Err(AgreementError::NotDraft)
        );
        assert_eq!(retire(TemplateState::Published), Ok(TemplateState::Retired));
        assert_eq!(
            retire(TemplateState::Draft),
            Err(AgreementError::NotPublished)
        );
        for kind in AgreementKind::ALL {
            assert_eq!(kind.as_str().parse(), Ok(kind));
        }
    }
}
