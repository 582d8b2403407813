//! The closed sets of the domain — roles, states, kinds — declared once each with [`vocabulary!`],
//! which writes what every one of them needs: the stored and wire name (`as_str`), the words
//! people read (`label`), every value in order (`ALL`), `Display` and `FromStr`.
//!
//! # What is a vocabulary?
//!
//! A Rust enum whose values are stored in the database and sent over the API as short snake_case
//! names and shown to people as labels. Parsing an unknown name is an [`UnknownName`] error that
//! says what was expected, so an API client or a form can show the choices.

/// A name that is not in a vocabulary.
///
/// Its message is for people, in labels (`choose a colour: Red or Deep blue`); the names that
/// would have parsed are in `expected` for API clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownName {
    /// What the vocabulary is called: `organization state`, `role`, …
    pub what: &'static str,
    /// The text that did not parse.
    pub text: String,
    /// The names that would have parsed, comma-separated.
    pub expected: String,
    /// Their labels, in the same order.
    pub labels: Vec<&'static str>,
}

impl std::fmt::Display for UnknownName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let article = if self.what.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        write!(f, "choose {article} {}", self.what)?;
        match self.labels.split_last() {
            Some((last, [])) => write!(f, ": {last}"),
            Some((last, rest)) => write!(f, ": {} or {last}", rest.join(", ")),
            None => Ok(()),
        }
    }
}

impl std::error::Error for UnknownName {}

/// What every vocabulary offers, for code generic over them (a form's select lists the choices
/// of any vocabulary).
pub trait Vocabulary: Copy + Sized + 'static {
    /// What the vocabulary is called, in messages: `organization state`, `role`, …
    const WHAT: &'static str;
    /// Every value, in declaration order.
    fn all() -> &'static [Self];
    /// The stored and wire name.
    fn name(self) -> &'static str;
    /// What people read.
    fn title(self) -> &'static str;
}

/// The label of a stored name of vocabulary `V` (`healthcare_organization` → `Healthcare
/// organization`); a name `V` does not know is returned as it is.
pub fn label_of<V: Vocabulary>(stored: &str) -> &str {
    V::all()
        .iter()
        .find(|value| value.name() == stored)
        .map_or(stored, |value| value.title())
}

/// The `(name, label)` pairs of every value of `V`, for a form's `<select>`.
pub fn choices<V: Vocabulary>() -> Vec<(&'static str, &'static str)> {
    V::all()
        .iter()
        .map(|value| (value.name(), value.title()))
        .collect()
}

/// Declares a vocabulary: an enum plus `ALL`, `as_str`, `label`, `Display` and `FromStr`
/// (`Err = UnknownName`; surrounding whitespace is ignored).
///
/// ```ignore
/// vocabulary! {
///     /// Where a template version is.
///     pub enum TemplateState as "agreement state" {
///         Draft = "draft" / "Draft",
///         Published = "published" / "Published",
///     }
/// }
/// ```
#[macro_export]
macro_rules! vocabulary {
    (@count) => { 0usize };
    (@count $head:ident $($tail:ident)*) => { 1usize + $crate::vocabulary!(@count $($tail)*) };
    (
        $(#[$meta:meta])*
        $visibility:vis enum $name:ident as $what:literal {
            $($(#[$variant_meta:meta])* $variant:ident = $text:literal / $label:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $visibility enum $name { $($(#[$variant_meta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; $crate::vocabulary!(@count $($variant)+)] = [$($name::$variant),+];

            /// The stored and wire name.
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// What people read.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl $crate::vocabulary::Vocabulary for $name {
            const WHAT: &'static str = $what;

            fn all() -> &'static [Self] {
                &$name::ALL
            }

            fn name(self) -> &'static str {
                self.as_str()
            }

            fn title(self) -> &'static str {
                self.label()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownName;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                let trimmed = text.trim();
                $name::ALL
                    .into_iter()
                    .find(|value| value.as_str() == trimmed)
                    .ok_or_else(|| $crate::vocabulary::UnknownName {
                        what: $what,
                        text: text.to_owned(),
                        expected: $name::ALL.map(|value| value.as_str()).join(", "),
                        labels: $name::ALL.map(|value| value.label()).to_vec(),
                    })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::vocabulary! {
        /// A test vocabulary.
        pub enum Colour as "colour" {
            Red = "red" / "Red",
            /// With a doc comment.
            DeepBlue = "deep_blue" / "Deep blue",
        }
    }

    #[test]
    fn a_vocabulary_round_trips_and_names_its_choices() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DeepBlue]);
        for colour in Colour::ALL {
            assert_eq!(colour.as_str().parse::<Colour>(), Ok(colour));
            assert_eq!(colour.to_string(), colour.as_str());
        }
        assert_eq!(" deep_blue ".parse::<Colour>(), Ok(Colour::DeepBlue));
        assert_eq!(Colour::DeepBlue.label(), "Deep blue");
        use super::Vocabulary;
        assert_eq!(<Colour as Vocabulary>::all(), &Colour::ALL);
        assert_eq!(Colour::WHAT, "colour");
        let error = "green".parse::<Colour>().unwrap_err();
        assert_eq!(error.to_string(), "choose a colour: Red or Deep blue");
        assert_eq!(error.expected, "red, deep_blue");
    }
}
