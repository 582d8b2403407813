//! String manipulation (spec 5.6): positions and lengths count characters, not bytes. Regular
//! expressions run in single-line mode (`.` matches a newline); `matches` finds the pattern
//! anywhere, `matchesFull` needs it to match the whole string.

use std::borrow::Cow;

use base64::Engine as _;
use regex::{Regex, RegexBuilder};

use super::super::compile::CallExtra;
use super::super::error::{eval_error, EvalResult};
use super::super::eval::{Call, Evaluator};
use super::super::value::{Collection, Item};

/// Compiles a FHIRPath regular expression (and anchors it for `matchesFull`).
pub(crate) fn compile_regex(pattern: &str, full: bool) -> Result<Regex, String> {
    let pattern = if full {
        format!("^(?:{pattern})$")
    } else {
        pattern.to_string()
    };
    RegexBuilder::new(&pattern)
        .dot_matches_new_line(true)
        .size_limit(1 << 22)
        .build()
        .map_err(|error| format!("invalid regular expression: {error}"))
}

fn input_string<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
) -> EvalResult<Option<Cow<'a, str>>> {
    ev.single_string(input, &format!("the input of {}()", call.name))
}

/// A function of the input string alone (`upper()`, `lower()`, `trim()`).
fn map_input<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    map: impl FnOnce(&str) -> Item<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(input_string(ev, call, input)?
        .map(|input| map(&input))
        .into_iter()
        .collect())
}

fn string_arg<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    position: usize,
) -> EvalResult<Option<Cow<'a, str>>> {
    let value = ev.arg(call, position)?;
    ev.single_string(
        &value,
        &format!("argument {} of {}()", position + 1, call.name),
    )
}

fn integer_arg<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    position: usize,
) -> EvalResult<Option<i64>> {
    let value = ev.arg(call, position)?;
    ev.single_integer(
        &value,
        &format!("argument {} of {}()", position + 1, call.name),
    )
}

fn text<'a>(value: String) -> Collection<'a> {
    vec![Item::string(value)]
}

fn boolean<'a>(value: bool) -> Collection<'a> {
    vec![Item::Boolean(value)]
}

fn integer<'a>(value: usize) -> Collection<'a> {
    vec![Item::Integer(i64::try_from(value).unwrap_or(i64::MAX))]
}

/// The input string and one string argument, or `None` when either is empty.
fn with_arg<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
) -> EvalResult<Option<(Cow<'a, str>, Cow<'a, str>)>> {
    let Some(input) = input_string(ev, call, input)? else {
        return Ok(None);
    };
    Ok(string_arg(ev, call, 0)?.map(|argument| (input, argument)))
}

fn char_position(text: &str, byte_offset: usize) -> usize {
    text.get(..byte_offset)
        .map_or(0, |head| head.chars().count())
}

pub(crate) fn index_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, needle)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    Ok(match input.find(needle.as_ref()) {
        Some(offset) => integer(char_position(&input, offset)),
        None => vec![Item::Integer(-1)],
    })
}

pub(crate) fn last_index_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, needle)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    Ok(match input.rfind(needle.as_ref()) {
        Some(offset) => integer(char_position(&input, offset)),
        None => vec![Item::Integer(-1)],
    })
}

pub(crate) fn substring<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(input) = input_string(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let Some(start) = integer_arg(ev, call, 0)? else {
        return Ok(Vec::new());
    };
    let length = integer_arg(ev, call, 1)?;
    let count = input.chars().count();
    let Ok(start) = usize::try_from(start) else {
        return Ok(Vec::new());
    };
    if start >= count {
        return Ok(Vec::new());
    }
    let take = length.map_or(count, |length| usize::try_from(length.max(0)).unwrap_or(0));
    Ok(text(input.chars().skip(start).take(take).collect()))
}

/// `startsWith()`, `endsWith()`, `contains()`: a test of the input string against the argument.
fn string_test<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    test: fn(&str, &str) -> bool,
) -> EvalResult<Collection<'a>> {
    let Some((input, argument)) = with_arg(ev, call, input)? else {
        return Ok(Vec::new());
    };
    Ok(boolean(test(input.as_ref(), argument.as_ref())))
}

pub(crate) fn starts_with<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    string_test(ev, call, &input, |input, prefix| input.starts_with(prefix))
}

pub(crate) fn ends_with<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    string_test(ev, call, &input, |input, suffix| input.ends_with(suffix))
}

pub(crate) fn contains<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    string_test(ev, call, &input, |input, needle| input.contains(needle))
}

pub(crate) fn upper<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    map_input(ev, call, &input, |input| Item::string(input.to_uppercase()))
}

pub(crate) fn lower<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    map_input(ev, call, &input, |input| Item::string(input.to_lowercase()))
}

pub(crate) fn replace<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, pattern)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let Some(substitution) = string_arg(ev, call, 1)? else {
        return Ok(Vec::new());
    };
    Ok(text(input.replace(pattern.as_ref(), &substitution)))
}

/// The compiled pattern: prepared at compile time for literals, else compiled now.
fn regex_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
) -> EvalResult<Option<Cow<'a, Regex>>> {
    if let CallExtra::Regex(regex) = call.extra {
        return Ok(Some(Cow::Borrowed(regex.as_ref())));
    }
    let Some(pattern) = string_arg(ev, call, 0)? else {
        return Ok(None);
    };
    compile_regex(&pattern, call.name == "matchesFull")
        .map(|regex| Some(Cow::Owned(regex)))
        .map_err(|message| eval_error!("{message}"))
}

pub(crate) fn matches<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(input) = input_string(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let Some(regex) = regex_of(ev, call)? else {
        return Ok(Vec::new());
    };
    Ok(boolean(regex.is_match(&input)))
}

pub(crate) fn replace_matches<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(input) = input_string(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let Some(regex) = regex_of(ev, call)? else {
        return Ok(Vec::new());
    };
    let Some(substitution) = string_arg(ev, call, 1)? else {
        return Ok(Vec::new());
    };
    if regex.as_str().is_empty() {
        return Ok(text(input.into_owned()));
    }
    Ok(text(
        regex
            .replace_all(&input, substitution.as_ref())
            .into_owned(),
    ))
}

pub(crate) fn length<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(input_string(ev, call, &input)?
        .map(|input| integer(input.chars().count()))
        .unwrap_or_default())
}

pub(crate) fn to_chars<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(input) = input_string(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    Ok(input
        .chars()
        .map(|character| Item::string(character.to_string()))
        .collect())
}

pub(crate) fn trim<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    map_input(ev, call, &input, |input| Item::string(input.trim()))
}

pub(crate) fn split<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, separator)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    if separator.is_empty() {
        return Ok(input
            .chars()
            .map(|character| Item::string(character.to_string()))
            .collect());
    }
    Ok(input.split(separator.as_ref()).map(Item::string).collect())
}

pub(crate) fn join<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let separator = string_arg(ev, call, 0)?.unwrap_or_default();
    let mut parts = Vec::with_capacity(input.len());
    for item in &input {
        match ev.primitive(item) {
            Some(Item::String(part)) => parts.push(part),
            None if ev.has_no_value(item) => {}
            _ => {
                return Err(eval_error!(
                    "join() expects strings, not {}",
                    ev.describe(item)
                ))
            }
        }
    }
    Ok(text(parts.join(separator.as_ref())))
}

pub(crate) fn encode<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, format)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let bytes = input.as_bytes();
    Ok(match format.as_ref() {
        "base64" => text(base64::engine::general_purpose::STANDARD.encode(bytes)),
        "urlbase64" => text(base64::engine::general_purpose::URL_SAFE.encode(bytes)),
        "hex" => text(bytes.iter().map(|byte| format!("{byte:02x}")).collect()),
        _ => Vec::new(),
    })
}

pub(crate) fn decode<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, format)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let bytes = match format.as_ref() {
        "base64" => base64::engine::general_purpose::STANDARD
            .decode(input.as_bytes())
            .ok(),
        "urlbase64" => base64::engine::general_purpose::URL_SAFE
            .decode(input.as_bytes())
            .ok(),
        "hex" => decode_hex(&input),
        _ => None,
    };
    Ok(bytes
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .map(Item::string)
        .into_iter()
        .collect())
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|start| {
            text.get(start..start + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

pub(crate) fn escape<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, format)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let mut escaped = String::with_capacity(input.len());
    match format.as_ref() {
        "html" => {
            for character in input.chars() {
                match character {
                    '<' => escaped.push_str("&lt;"),
                    '>' => escaped.push_str("&gt;"),
                    '&' => escaped.push_str("&amp;"),
                    '"' => escaped.push_str("&quot;"),
                    '\'' => escaped.push_str("&#39;"),
                    other => escaped.push(other),
                }
            }
        }
        "json" => {
            for character in input.chars() {
                match character {
                    '"' => escaped.push_str("\\\""),
                    '\\' => escaped.push_str("\\\\"),
                    '\n' => escaped.push_str("\\n"),
                    '\r' => escaped.push_str("\\r"),
                    '\t' => escaped.push_str("\\t"),
                    other => escaped.push(other),
                }
            }
        }
        _ => return Ok(Vec::new()),
    }
    Ok(text(escaped))
}

pub(crate) fn unescape<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some((input, format)) = with_arg(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    Ok(match format.as_ref() {
        "html" => text(
            input
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        ),
        "json" => {
            let mut unescaped = String::with_capacity(input.len());
            let mut characters = input.chars();
            while let Some(character) = characters.next() {
                if character != '\\' {
                    unescaped.push(character);
                    continue;
                }
                match characters.next() {
                    Some('n') => unescaped.push('\n'),
                    Some('r') => unescaped.push('\r'),
                    Some('t') => unescaped.push('\t'),
                    Some(other) => unescaped.push(other),
                    None => unescaped.push('\\'),
                }
            }
            text(unescaped)
        }
        _ => Vec::new(),
    })
}
