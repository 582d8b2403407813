//! Agreement templates: their kinds, the draft → published → retired lifecycle, and what a
//! signature must carry.

crate::vocabulary! {
    /// The kinds of agreement a program uses.
    pub enum AgreementKind as "agreement kind" {
        Participation = "participation" / "Participation (vendor) agreement",
        DataSharing = "data_sharing" / "Data sharing agreement",
        AcceptableUse = "acceptable_use" / "Acceptable use of test environments",
        CollaborationMou = "collaboration_mou" / "Collaboration MOU",
    }
}

crate::vocabulary! {
    /// Where a template version is.
    pub enum TemplateState as "template state" {
        Draft = "draft" / "Draft",
        Published = "published" / "Published",
        Retired = "retired" / "Retired",
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
