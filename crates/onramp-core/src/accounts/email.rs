//! Email addresses, parsed once at the edge and kept lower-cased so that lookups are exact.

use std::fmt;

/// A syntactically plausible email address, lower-cased. Whether it exists is proven by mail, not here.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Why a text is not an email address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("enter an email address")]
    Empty,
    #[error("an email address has at most 254 characters")]
    TooLong,
    #[error("an email address looks like name@example.org")]
    Malformed,
}

impl Email {
    pub fn parse(text: &str) -> Result<Email, EmailError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(EmailError::Empty);
        }
        if text.chars().count() > 254 {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(EmailError::Malformed)?;
        if !is_dot_atom(local) || local.len() > 64 || !is_host_name(domain) {
            return Err(EmailError::Malformed);
        }
        Ok(Email(text.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }
}

/// RFC 5322 `dot-atom`: runs of `atext` joined by single dots — the local parts every mailer
/// accepts (quoted local parts, which some mailers refuse, are not taken).
fn is_dot_atom(text: &str) -> bool {
    const SPECIALS: &str = "!#$%&'*+-/=?^_`{|}~";
    text.split('.').all(|atom| {
        !atom.is_empty()
            && atom
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || SPECIALS.contains(c))
    })
}

/// A DNS host name with at least two labels: letters, digits and inner hyphens, 1–63 characters
/// a label, 253 in all.
fn is_host_name(text: &str) -> bool {
    text.len() <= 253
        && text.contains('.')
        && text.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_addresses_mailers_take_are_accepted() {
        for text in [
            "ada.lovelace@example.org",
            "o'brien+onramp@mail.example.co.uk",
            "x_y-z=1@a-b.example",
        ] {
            assert!(Email::parse(text).is_ok(), "{text:?} was refused");
        }
    }

    #[test]
    fn an_address_is_trimmed_and_lower_cased() {
        let email = Email::parse("  Ada@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "ada@example.org");
        assert_eq!(email.domain(), "example.org");
    }

    #[test]
    fn malformed_addresses_are_rejected() {
        for text in [
            "",
            "ada",
            "ada@",
            "@example.org",
            "ada@example",
            "a da@example.org",
            "ada@exa mple.org",
            // What mailers refuse: dots at the ends or doubled, specials outside quotes, odd hosts.
            ".ada@example.org",
            "ada.@example.org",
            "ada..lovelace@example.org",
            "ada,lovelace@example.org",
            "ada(work)@example.org",
            "\"ada\"@example.org",
            "ada@-example.org",
            "ada@example-.org",
            "ada@example..org",
            "ada@exa_mple.org",
            "ada@[192.0.2.1]",
        ] {
            assert!(Email::parse(text).is_err(), "{text:?} was accepted");
        }
    }
}
