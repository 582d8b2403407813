//! The kinds of verification evidence a dossier collects, and what counts toward a decision.

crate::vocabulary! {
    /// What a piece of evidence is.
    pub enum EvidenceKind as "evidence kind" {
        /// The organization published its DNS TXT token on its web domain.
        DnsTxt = "dns_txt" / "DNS TXT record",
        /// The contact's email address is on the organization's web domain.
        EmailDomain = "email_domain" / "Email domain",
        /// A reviewer checked an identifier (NPI, TIN, CLIA, …) against its registry.
        Identifier = "identifier" / "Identifier check",
        /// A reviewer read an uploaded document.
        Document = "document" / "Document review",
        /// The partner's answer to a request for more information: context, neither passed nor
        /// failed, never counted toward approval.
        PartnerAnswer = "partner_answer" / "Answer from the partner",
    }
}

impl EvidenceKind {
    /// Whether a result of this kind counts toward a decision (passed or failed).
    pub fn is_check(self) -> bool {
        self != EvidenceKind::PartnerAnswer
    }
}
