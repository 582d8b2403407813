//! Strings of the JSON reader: escapes (`\\n`, `\\uXXXX` with surrogate pairs) and the rule that
//! control characters must be escaped.

use super::reader::{Reader, Step};
use super::value::JsonIssueKind;

impl<'b> Reader<'b> {
    pub(super) fn string(&mut self) -> Step<String> {
        self.bump();
        let first = self.plain_run();
        if self.peek() == Some(b'"') {
            // No escapes (most strings): one allocation of the exact size.
            self.bump();
            return Ok(match std::str::from_utf8(first) {
                Ok(text) => text.to_owned(),
                Err(_) => String::from_utf8_lossy(first).into_owned(),
            });
        }
        let mut out: Vec<u8> = first.to_vec();
        loop {
            match self.peek() {
                Some(b'"') => {
                    self.bump();
                    break;
                }
                Some(b'\\') => {
                    self.bump();
                    self.escape(&mut out)?;
                    let run = self.plain_run();
                    out.extend_from_slice(run);
                }
                Some(_) => {
                    return self.fail(
                        JsonIssueKind::Syntax,
                        "A control character must be escaped inside a JSON string".to_string(),
                    )
                }
                None => return self.unexpected("the end of the string ('\"')"),
            }
        }
        Ok(String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// Reads up to the next `"`, `\\` or control character and returns the bytes read. Such a run
    /// holds no line break, so the column advances by its characters in one step.
    fn plain_run(&mut self) -> &'b [u8] {
        let bytes: &'b [u8] = self.bytes;
        let rest = bytes.get(self.offset..).unwrap_or_default();
        let len = rest
            .iter()
            .position(|&byte| byte == b'"' || byte == b'\\' || byte < 0x20)
            .unwrap_or(rest.len());
        let run = rest.get(..len).unwrap_or_default();
        let characters = run.iter().filter(|&&byte| byte & 0xC0 != 0x80).count();
        self.advance_plain(len, characters);
        run
    }

    fn escape(&mut self, out: &mut Vec<u8>) -> Step<()> {
        let simple = match self.peek() {
            Some(b'"') => Some(b'"'),
            Some(b'\\') => Some(b'\\'),
            Some(b'/') => Some(b'/'),
            Some(b'b') => Some(8),
            Some(b'f') => Some(12),
            Some(b'n') => Some(b'\n'),
            Some(b'r') => Some(b'\r'),
            Some(b't') => Some(b'\t'),
            Some(b'u') => None,
            _ => {
                return self.unexpected(
                    "a valid escape (\\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t, \\uXXXX)",
                )
            }
        };
        self.bump();
        if let Some(byte) = simple {
            out.push(byte);
            return Ok(());
        }
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if self.peek() == Some(b'\\') && self.bytes.get(self.offset + 1) == Some(&b'u') {
                self.bump();
                self.bump();
                let second = self.hex4()?;
                if (0xDC00..0xE000).contains(&second) {
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    0xFFFD
                }
            } else {
                0xFFFD
            }
        } else {
            first
        };
        let character = char::from_u32(code).unwrap_or('\u{FFFD}');
        let mut buffer = [0u8; 4];
        out.extend_from_slice(character.encode_utf8(&mut buffer).as_bytes());
        Ok(())
    }

    fn hex4(&mut self) -> Step<u32> {
        let mut code = 0u32;
        for _ in 0..4 {
            let digit = match self.peek().and_then(|b| (b as char).to_digit(16)) {
                Some(digit) => digit,
                None => return self.unexpected("four hexadecimal digits after \\u"),
            };
            self.bump();
            code = code * 16 + digit;
        }
        Ok(code)
    }
}
