//! Rendering agreements: Markdown to HTML (raw HTML in a template is shown as text, never run;
//! links and images only to `http`, `https` and `mailto` URLs), the signed document whose SHA-256
//! is recorded, and its PDF copy.

use maud::{html, PreEscaped, DOCTYPE};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

/// The template's Markdown as HTML. Raw HTML becomes text; a link or image whose URL is not
/// `http`, `https` or `mailto` (`javascript:`, `data:`, relative paths) keeps its text and loses
/// the link.
pub fn markdown_to_html(markdown: &str) -> String {
    render_markdown(markdown, 0)
}

/// The same HTML with every heading `levels` deeper (`#` becomes `h2` for 1), for showing a
/// document inside a page that has its own `h1`. Only what is shown changes: the signed copy is
/// [`markdown_to_html`]'s.
pub fn markdown_to_html_nested(markdown: &str, levels: usize) -> String {
    render_markdown(markdown, levels)
}

fn deeper(level: HeadingLevel, levels: usize) -> HeadingLevel {
    let index = (level as usize + levels).min(HeadingLevel::H6 as usize);
    HeadingLevel::try_from(index).unwrap_or(HeadingLevel::H6)
}

fn render_markdown(markdown: &str, levels: usize) -> String {
    // For each open link or image: whether it was dropped, so its end is dropped too.
    let mut dropped = Vec::new();
    let parser =
        Parser::new_ext(markdown, Options::ENABLE_TABLES).filter_map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Some(Event::Start(Tag::Heading {
                level: deeper(level, levels),
                id,
                classes,
                attrs,
            })),
            Event::End(TagEnd::Heading(level)) => {
                Some(Event::End(TagEnd::Heading(deeper(level, levels))))
            }
            Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
                let safe = is_safe_link(dest_url);
                dropped.push(!safe);
                safe.then_some(event)
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                let was_dropped = dropped.pop().unwrap_or(false);
                (!was_dropped).then_some(event)
            }
            other => Some(other),
        });
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, parser);
    out
}

/// Whether a link target may be rendered: an absolute `http`, `https` or `mailto` URL, read the
/// way a browser reads it (tabs and newlines inside `java\tscript:` do not hide the scheme).
fn is_safe_link(dest_url: &str) -> bool {
    url::Url::parse(dest_url.trim())
        .is_ok_and(|url| matches!(url.scheme(), "http" | "https" | "mailto"))
}

/// Who signs, for the signature block of the signed document.
#[derive(Clone, Debug)]
pub struct SignatureBlock<'a> {
    pub organization: &'a str,
    pub signer_name: &'a str,
    pub signer_title: &'a str,
    pub signed_at: &'a str,
}

/// The exact document a signer signs: title, version, the rendered text and the signature block.
/// Its bytes are what the HTML copy downloads and what the recorded SHA-256 covers.
pub fn signed_document(
    title: &str,
    kind_label: &str,
    version: i64,
    body_markdown: &str,
    block: &SignatureBlock<'_>,
) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { (title) " (version " (version) ")" }
            }
            body {
                h1 { (title) }
                p { (kind_label) ", version " (version) }
                (PreEscaped(markdown_to_html(body_markdown)))
                hr;
                p {
                    "Signed for " strong { (block.organization) } " by " strong { (block.signer_name) }
                    ", " (block.signer_title) ", on " (block.signed_at) "."
                }
            }
        }
    }
    .into_string()
}

/// SHA-256 of text, as lower-case hex.
pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Plain lines of a Markdown text, for the PDF: headings and paragraphs, list items with a dash.
fn plain_lines(markdown: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Item) => current.push_str("- "),
            Event::Text(text) | Event::Code(text) | Event::Html(text) | Event::InlineHtml(text) => {
                current.push_str(&text)
            }
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if !current.trim().is_empty() {
                    lines.push(std::mem::take(&mut current));
                }
                lines.push(String::new());
            }
            _ => {}
        }
    }
    if !current.trim().is_empty() {
        lines.push(current);
    }
    lines
}

/// Wraps `text` at `width` characters, on spaces.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push(line);
    out
}

/// Latin-1 bytes for the PDF's standard font; characters outside it become `?`.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\u{2013}' | '\u{2014}' => b'-',
            '\u{2018}' | '\u{2019}' => b'\'',
            '\u{201c}' | '\u{201d}' => b'"',
            c if (c as u32) < 256 => c as u8,
            _ => b'?',
        })
        .collect()
}

/// The signed copy as a PDF: the text, the signature block, and the SHA-256 of the HTML copy.
pub fn signed_pdf(
    title: &str,
    version: i64,
    body_markdown: &str,
    block: &SignatureBlock<'_>,
    text_sha256: &str,
) -> Vec<u8> {
    let mut lines: Vec<(f32, String)> = vec![
        (16.0, format!("{title} (version {version})")),
        (11.0, String::new()),
    ];
    for line in plain_lines(body_markdown) {
        for wrapped in wrap(&line, 90) {
            lines.push((10.0, wrapped));
        }
    }
    lines.push((10.0, String::new()));
    for text in [
        format!(
            "Signed for {} by {}, {}, on {}.",
            block.organization, block.signer_name, block.signer_title, block.signed_at
        ),
        format!("SHA-256 of the signed HTML copy: {text_sha256}"),
    ] {
        for wrapped in wrap(&text, 90) {
            lines.push((10.0, wrapped));
        }
    }
    text_pdf(&lines)
}

/// A plain PDF of lines of text (size, text; Helvetica, Latin-1), sixty lines a page.
pub fn text_pdf(lines: &[(f32, String)]) -> Vec<u8> {
    use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
    let lines_per_page = 60;
    let pages: Vec<&[(f32, String)]> = lines.chunks(lines_per_page).collect();

    let mut pdf = Pdf::new();
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let font_id = Ref::new(3);
    let font_name = Name(b"F1");
    let mut next_id = 4;
    let mut page_ids = Vec::new();
    for lines_on_page in &pages {
        let page_id = Ref::new(next_id);
        let content_id = Ref::new(next_id + 1);
        next_id += 2;
        page_ids.push(page_id);
        let mut page = pdf.page(page_id);
        page.media_box(Rect::new(0.0, 0.0, 595.0, 842.0));
        page.parent(tree_id);
        page.contents(content_id);
        page.resources().fonts().pair(font_name, font_id);
        page.finish();
        let mut content = Content::new();
        let mut y = 800.0;
        for (size, text) in lines_on_page.iter() {
            content.begin_text();
            content.set_font(font_name, *size);
            content.next_line(50.0, y);
            content.show(Str(&latin1(text)));
            content.end_text();
            y -= size * 1.3;
        }
        pdf.stream(content_id, &content.finish());
    }
    pdf.catalog(catalog_id).pages(tree_id);
    pdf.pages(tree_id)
        .kids(page_ids.iter().copied())
        .count(i32::try_from(page_ids.len()).unwrap_or(i32::MAX));
    pdf.type1_font(font_id)
        .base_font(Name(b"Helvetica"))
        .encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_shown_in_a_page_has_its_headings_one_level_down_and_the_signed_copy_not() {
        let markdown = "# Terms\n\n## Data\n\n###### Last";
        assert_eq!(
            markdown_to_html_nested(markdown, 1),
            "<h2>Terms</h2>\n<h3>Data</h3>\n<h6>Last</h6>\n"
        );
        assert!(markdown_to_html(markdown).starts_with("<h1>Terms</h1>"));
    }

    #[test]
    fn only_http_https_and_mailto_links_are_rendered() {
        let html = markdown_to_html(
            "[a](https://example.org/terms) [b](mailto:legal@example.org) [c](javascript:alert(1)) \
             [d](JAVASCRIPT:alert(1)) [e](java\tscript:alert(1)) <javascript:alert(2)> \
             ![f](data:image/svg+xml;base64,PHN2Zz4=) [g](/relative) [h](http://example.org)",
        );
        assert!(
            html.contains(r#"<a href="https://example.org/terms">a</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="mailto:legal@example.org">b</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<a href="http://example.org">h</a>"#),
            "{html}"
        );
        assert!(
            !html.to_lowercase().contains("javascript:alert(1)\""),
            "{html}"
        );
        assert!(!html.contains("href=\"java"), "{html}");
        assert!(!html.contains("href=\"JAVA"), "{html}");
        assert!(!html.contains("src=\"data:"), "{html}");
        assert!(!html.contains("href=\"/relative"), "{html}");
        // The text of a dropped link stays readable.
        assert!(html.contains("</a> c d "), "{html}");
        assert!(html.contains(" f g <a"), "{html}");
    }

    #[test]
    fn raw_html_in_a_template_is_shown_as_text() {
        let html = markdown_to_html("# Terms\n\n<script>alert(1)</script>\n\nPlain *text*.");
        assert!(html.contains("<h1>Terms</h1>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("<em>text</em>"));
    }

    #[test]
    fn a_pdf_has_a_header_and_the_hash() {
        let block = SignatureBlock {
            organization: "Lakeside",
            signer_name: "Ada",
            signer_title: "CIO",
            signed_at: "2026-11-22 10:00 UTC",
        };
        let pdf = signed_pdf(
            "Agreement",
            1,
            "Some **terms**.\n\n- one\n- two",
            &block,
            "abc123",
        );
        assert!(pdf.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("abc123"));
    }
}
