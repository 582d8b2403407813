//! A syntax checker for SNOMED CT Expression Constraint Language (ECL 2.x), the value of a
//! `constraint` filter on SNOMED CT in a ValueSet: expression constraints with the hierarchy
//! operators (`<`, `<<`, `<!`, `<<!`, `>`, `>>`, `>!`, `>>!`, `!!>`, `!!<`), member-of (`^`),
//! wildcards, concept ids with an optional `|term|`, refinements (attributes, groups,
//! cardinalities, reverse flags, numeric, string and boolean values), `AND`/`OR`/`MINUS`/`,`,
//! dotted attributes, parentheses, and `{{ … }}` filters (skipped as balanced text). Only the
//! syntax: whether the concepts exist needs SNOMED CT itself.

/// `Ok` when `text` is a syntactically valid expression constraint.
pub(crate) fn check(text: &str) -> Result<(), String> {
    let mut parser = Parser {
        text: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    parser.expression_constraint()?;
    parser.spaces();
    if parser.at < parser.text.len() {
        return Err(parser.error());
    }
    Ok(())
}

struct Parser<'t> {
    text: &'t [u8],
    at: usize,
    depth: usize,
}

const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn error(&self) -> String {
        format!("parse error at character {}", self.at + 1)
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.at).copied()
    }

    fn rest(&self) -> &[u8] {
        self.text.get(self.at..).unwrap_or_default()
    }

    fn spaces(&mut self) {
        loop {
            while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
                self.at += 1;
            }
            // Comments: /* … */
            if self.rest().starts_with(b"/*") {
                match find(self.rest(), b"*/") {
                    Some(end) => self.at += end + 2,
                    None => self.at = self.text.len(),
                }
                continue;
            }
            break;
        }
    }

    fn eat(&mut self, token: &[u8]) -> bool {
        if self.rest().starts_with(token) {
            self.at += token.len();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &[u8]) -> Result<(), String> {
        self.spaces();
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.error())
        }
    }

    /// A case-insensitive keyword followed by a space or a parenthesis.
    fn keyword(&mut self, word: &str) -> bool {
        let rest = self.rest();
        let Some(head) = rest.get(..word.len()) else {
            return false;
        };
        let next = rest.get(word.len()).copied();
        if head.eq_ignore_ascii_case(word.as_bytes())
            && next.is_some_and(|b| b.is_ascii_whitespace() || b == b'(')
        {
            self.at += word.len();
            true
        } else {
            false
        }
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("the expression is nested too deeply".to_string());
        }
        Ok(())
    }

    /// `sub [: refinement] { (AND|OR|MINUS|,) sub | . attributeName }`
    fn expression_constraint(&mut self) -> Result<(), String> {
        self.enter()?;
        self.sub_expression()?;
        loop {
            self.spaces();
            if self.eat(b":") {
                self.spaces();
                self.refinement()?;
            } else if self.keyword("AND") || self.keyword("OR") || self.keyword("MINUS") {
                self.sub_expression()?;
            } else if self.peek() == Some(b',')
                || (self.peek() == Some(b'.') && self.rest().get(1) != Some(&b'.'))
            {
                // `,` is a conjunction; `.` a dotted attribute: both take a sub-expression.
                self.at += 1;
                self.sub_expression()?;
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// `[operator] [^] (focus | '(' expressionConstraint ')') {filter}`
    fn sub_expression(&mut self) -> Result<(), String> {
        self.spaces();
        for operator in [
            &b"<<!"[..],
            b"<<",
            b"<!",
            b"<",
            b">>!",
            b">>",
            b">!",
            b">",
            b"!!>",
            b"!!<",
        ] {
            if self.eat(operator) {
                break;
            }
        }
        self.spaces();
        if self.eat(b"^") {
            self.spaces();
            if self.peek() == Some(b'[') {
                self.skip_balanced(b'[', b']')?;
                self.spaces();
            }
        }
        match self.peek() {
            Some(b'*') => self.at += 1,
            Some(b'(') => {
                self.at += 1;
                self.expression_constraint()?;
                self.expect(b")")?;
            }
            Some(b) if b.is_ascii_digit() => self.concept_reference()?,
            _ => return Err(self.error()),
        }
        loop {
            self.spaces();
            if self.rest().starts_with(b"{{") {
                self.skip_filter()?;
            } else {
                return Ok(());
            }
        }
    }

    fn concept_reference(&mut self) -> Result<(), String> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        let digits = self.at - start;
        if !(6..=18).contains(&digits) {
            return Err(format!(
                "a concept id has 6 to 18 digits (at character {})",
                start + 1
            ));
        }
        let before_term = self.at;
        self.spaces();
        if self.eat(b"|") {
            match self.rest().iter().position(|b| *b == b'|') {
                Some(end) => self.at += end + 1,
                None => return Err("a term is not closed with '|'".to_string()),
            }
        } else {
            self.at = before_term;
        }
        Ok(())
    }

    /// `subRefinement { (AND|OR|,) subRefinement }`
    fn refinement(&mut self) -> Result<(), String> {
        self.enter()?;
        self.sub_refinement()?;
        loop {
            self.spaces();
            if self.keyword("AND") || self.keyword("OR") || self.eat(b",") {
                self.sub_refinement()?;
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn sub_refinement(&mut self) -> Result<(), String> {
        self.spaces();
        if self.peek() == Some(b'(') {
            let saved = self.at;
            self.at += 1;
            if self.refinement().is_ok() && self.expect(b")").is_ok() {
                return Ok(());
            }
            self.at = saved;
        }
        let saved = self.at;
        if self.peek() == Some(b'[') {
            self.cardinality()?;
            self.spaces();
        }
        if self.eat(b"{") {
            self.refinement()?;
            return self.expect(b"}");
        }
        self.at = saved;
        self.attribute()
    }

    /// `[cardinality] [R] name operator value`
    fn attribute(&mut self) -> Result<(), String> {
        self.spaces();
        if self.peek() == Some(b'[') {
            self.cardinality()?;
            self.spaces();
        }
        if self.peek() == Some(b'R') && self.rest().get(1).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
        self.sub_expression()?;
        self.spaces();
        let operator = [&b"!="[..], b"<=", b">=", b"=", b"<", b">"]
            .into_iter()
            .find(|operator| self.rest().starts_with(operator));
        let Some(operator) = operator else {
            return Err(self.error());
        };
        self.at += operator.len();
        self.spaces();
        match self.peek() {
            Some(b'#') => {
                self.at += 1;
                let start = self.at;
                if self.peek() == Some(b'-') || self.peek() == Some(b'+') {
                    self.at += 1;
                }
                while self.peek().is_some_and(|b| b.is_ascii_digit() || b == b'.') {
                    self.at += 1;
                }
                if self.at == start {
                    return Err(self.error());
                }
                Ok(())
            }
            Some(b'"') => {
                self.at += 1;
                match self.rest().iter().position(|b| *b == b'"') {
                    Some(end) => {
                        self.at += end + 1;
                        Ok(())
                    }
                    None => Err("a string is not closed".to_string()),
                }
            }
            _ if self.keyword_value("true") || self.keyword_value("false") => Ok(()),
            _ => self.sub_expression(),
        }
    }

    fn keyword_value(&mut self, word: &str) -> bool {
        let rest = self.rest();
        let matches = rest
            .get(..word.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(word.as_bytes()))
            && !rest
                .get(word.len())
                .is_some_and(|b| b.is_ascii_alphanumeric());
        if matches {
            self.at += word.len();
        }
        matches
    }

    /// `[min..max]` with numbers or `*`.
    fn cardinality(&mut self) -> Result<(), String> {
        self.expect(b"[")?;
        self.spaces();
        let digits = |parser: &mut Parser<'_>| {
            let start = parser.at;
            while parser.peek().is_some_and(|b| b.is_ascii_digit()) {
                parser.at += 1;
            }
            parser.at > start
        };
        if !digits(self) {
            return Err(self.error());
        }
        self.expect(b"..")?;
        self.spaces();
        if !self.eat(b"*") && !digits(self) {
            return Err(self.error());
        }
        self.expect(b"]")
    }

    fn skip_balanced(&mut self, open: u8, close: u8) -> Result<(), String> {
        let mut level = 0usize;
        while let Some(byte) = self.peek() {
            self.at += 1;
            if byte == open {
                level += 1;
            } else if byte == close {
                level = level.saturating_sub(1);
                if level == 0 {
                    return Ok(());
                }
            }
        }
        Err(format!("'{}' is not closed", char::from(open)))
    }

    /// `{{ … }}`, skipped as text.
    fn skip_filter(&mut self) -> Result<(), String> {
        match find(self.rest(), b"}}") {
            Some(end) => {
                self.at += end + 2;
                Ok(())
            }
            None => Err("a filter '{{' is not closed".to_string()),
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
