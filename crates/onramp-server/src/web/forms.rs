//! Forms: drawing a form's fields with their labels and errors ([`FormView`]), and what happens when
//! a submission is refused ([`Refusal`]): the same form comes back with the person's input kept, an
//! error summary at the top whose entries name each field and link to it, and each message beside
//! its field (`aria-invalid`, `aria-describedby`). Conflicts and domain refusals ("this organization
//! is not in a state where it can be reinstated") are shown on the form the same way.

use std::cell::RefCell;

use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};
use serde::Serialize;

use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::form_urlencoded_pairs;
use crate::web::layout::{csrf_input, page, respond};

/// A refused submission of one form: which form, what the person sent, what is wrong.
#[derive(Clone, Debug)]
pub struct Refusal {
    /// The form's id on its page (a page may hold several forms).
    pub form: &'static str,
    /// The submitted pairs, drawn back into the form.
    pub input: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
    pub status: StatusCode,
}

impl Refusal {
    /// Splits an error: what a person can put right on the form (invalid values, conflicts,
    /// a rule's refusal, a change someone else made meanwhile) becomes a refusal of `form`; any
    /// other error (not found, not allowed, …) is passed on for its error page.
    pub fn of(
        form: &'static str,
        input: &impl Serialize,
        error: AppError,
    ) -> Result<Self, AppError> {
        let status = error.status();
        let errors = match error {
            AppError::Validation { fields, detail } if fields.is_empty() => {
                vec![FieldError::new("", detail)]
            }
            AppError::Validation { fields, .. } => fields,
            AppError::Conflict(_) | AppError::StaleState(_) | AppError::Rule(..) => {
                vec![FieldError::new("", error.to_string())]
            }
            other => return Err(other),
        };
        Ok(Refusal::new(form, input, errors, status))
    }

    /// A refusal a handler decides itself (a wrong password, a rate limit).
    pub fn new(
        form: &'static str,
        input: &impl Serialize,
        errors: Vec<FieldError>,
        status: StatusCode,
    ) -> Self {
        let input = serde_urlencoded::to_string(input)
            .map(|encoded| form_urlencoded_pairs(encoded.as_bytes()))
            .unwrap_or_default();
        Refusal {
            form,
            input,
            errors,
            status,
        }
    }

    /// The same refusal with its errors' field names passed through `rename` (when the service
    /// names a field differently from the form's input).
    pub fn renamed(mut self, rename: impl Fn(&str) -> Option<&'static str>) -> Self {
        for error in &mut self.errors {
            if let Some(name) = rename(&error.field) {
                error.field = name.to_owned();
            }
        }
        self
    }
}

/// Draws a page again with a refused form (status 422, 409, … as the refusal says).
pub fn refused_page(refusal: &Refusal, markup: Markup) -> Response {
    let mut response = respond(markup);
    *response.status_mut() = refusal.status;
    response
}

/// A form handler's result: on success the response; on a refusal the page drawn by `render`
/// with the refusal; any other error passes on to its error page.
pub fn or_refused(
    result: Result<Response, AppError>,
    form: &'static str,
    input: &impl Serialize,
    render: impl FnOnce(&Refusal) -> Markup,
) -> PageResult<Response> {
    match result {
        Ok(response) => Ok(response),
        Err(error) => {
            let refusal = Refusal::of(form, input, error)?;
            Ok(refused_page(&refusal, render(&refusal)))
        }
    }
}

/// One form being drawn: its fields take their values from a refused submission of this form
/// when there is one, show their errors, and are remembered for the error summary.
pub struct FormView<'r> {
    /// Prefixes element ids with this (`collaboration-reason`) on pages with several forms.
    id_prefix: Option<String>,
    refusal: Option<&'r Refusal>,
    /// The fields drawn so far: name, element id and label.
    drawn: RefCell<Vec<(String, String, String)>>,
}

/// The kind of an input element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Email,
    Password,
    NewPassword,
    Url,
    Number,
    Date,
    Search,
}

impl Kind {
    fn attribute(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Email => "email",
            Kind::Password | Kind::NewPassword => "password",
            Kind::Url => "url",
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Search => "search",
        }
    }
}

impl<'r> FormView<'r> {
    /// The form `id`; `refusal` is the page's refused submission, if any (of this or another form).
    pub fn new(id: &'static str, refusal: Option<&'r Refusal>) -> Self {
        FormView {
            id_prefix: None,
            refusal: refusal.filter(|refusal| refusal.form == id),
            drawn: RefCell::new(Vec::new()),
        }
    }

    /// The same form, its element ids prefixed with its id (`decide-reason`), for a page that
    /// holds several forms with fields of the same name.
    pub fn prefixed(id: &'static str, refusal: Option<&'r Refusal>) -> Self {
        FormView {
            id_prefix: Some(id.to_owned()),
            ..FormView::new(id, refusal)
        }
    }

    /// One of several forms of the same kind on a page, one per item (a task's status form):
    /// element ids are prefixed with the form's id and the item's key (`status-<task>-reason`),
    /// and `refusal` — which the caller passes only to the item that was refused — applies to it.
    pub fn keyed(id: &'static str, key: &str, refusal: Option<&'r Refusal>) -> Self {
        FormView {
            id_prefix: Some(format!("{id}-{key}")),
            ..FormView::new(id, refusal)
        }
    }

    /// The element id of the field `name`.
    pub fn dom_id(&self, name: &str) -> String {
        match &self.id_prefix {
            Some(prefix) => format!("{prefix}-{name}"),
            None => name.to_owned(),
        }
    }

    /// A form that is never refused (a filter form, a page without a refusal).
    pub fn plain() -> Self {
        FormView {
            id_prefix: None,
            refusal: None,
            drawn: RefCell::new(Vec::new()),
        }
    }

    /// This form's errors.
    pub fn errors(&self) -> &[FieldError] {
        self.refusal
            .map_or(&[], |refusal| refusal.errors.as_slice())
    }

    /// Whether this form was refused.
    pub fn is_refused(&self) -> bool {
        self.refusal.is_some()
    }

    /// The value to show in `name`: what was submitted when the form was refused, else `default`.
    pub fn value<'a>(&'a self, name: &str, default: &'a str) -> &'a str {
        match self.refusal {
            Some(refusal) => refusal
                .input
                .iter()
                .find(|(key, _)| key == name)
                .map_or("", |(_, value)| value.as_str()),
            None => default,
        }
    }

    /// The error of `name` (or of a part of it: `identifiers[0]` belongs to `identifiers`).
    pub fn error(&self, name: &str) -> Option<&FieldError> {
        self.errors()
            .iter()
            .find(|error| belongs_to(&error.field, name))
    }

    /// Remembers a drawn field for the summary; returns its element id.
    fn remember(&self, name: &str, label: &str) -> String {
        let id = self.dom_id(name);
        self.drawn
            .borrow_mut()
            .push((name.to_owned(), id.clone(), label.to_owned()));
        id
    }

    /// A labelled input with its error.
    pub fn input(
        &self,
        label: &str,
        name: &str,
        kind: Kind,
        value: &str,
        autocomplete: &str,
    ) -> Markup {
        let id = self.remember(name, label);
        let error = self.error(name);
        let error_id = format!("{id}-error");
        let value = match kind {
            Kind::Password | Kind::NewPassword => "",
            _ => self.value(name, value),
        };
        html! {
            div.field.invalid[error.is_some()] {
                label for=(id) { (label) }
                @if let Some(error) = error { p.field-error id=(error_id) { span.visually-hidden { "Error: " } (error.message) } }
                input type=(kind.attribute()) id=(id) name=(name) value=(value) autocomplete=(autocomplete)
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| error_id.as_str())];
            }
        }
    }

    /// A text input that browsers should not fill in.
    pub fn text(&self, label: &str, name: &str, value: &str) -> Markup {
        self.input(label, name, Kind::Text, value, "off")
    }

    /// A `<select>` of `(value, label)` options, with an empty first choice.
    pub fn select(
        &self,
        label: &str,
        name: &str,
        options: &[(&str, &str)],
        selected: &str,
    ) -> Markup {
        self.select_with(label, name, options, selected, Some("—"))
    }

    /// A `<select>` whose first option is `empty` (`None`: no empty choice).
    pub fn select_with(
        &self,
        label: &str,
        name: &str,
        options: &[(&str, &str)],
        selected: &str,
        empty: Option<&str>,
    ) -> Markup {
        let id = self.remember(name, label);
        let error = self.error(name);
        let error_id = format!("{id}-error");
        let selected = self.value(name, selected);
        html! {
            div.field.invalid[error.is_some()] {
                label for=(id) { (label) }
                @if let Some(error) = error { p.field-error id=(error_id) { span.visually-hidden { "Error: " } (error.message) } }
                select id=(id) name=(name)
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| error_id.as_str())] {
                    @if let Some(empty) = empty { option value="" { (empty) } }
                    @for (value, text) in options {
                        option value=(value) selected[*value == selected] { (text) }
                    }
                }
            }
        }
    }

    /// A textarea with its label and error.
    pub fn textarea(&self, label: &str, name: &str, value: &str) -> Markup {
        let id = self.remember(name, label);
        let error = self.error(name);
        let error_id = format!("{id}-error");
        let value = self.value(name, value);
        html! {
            div.field.invalid[error.is_some()] {
                label for=(id) { (label) }
                @if let Some(error) = error { p.field-error id=(error_id) { span.visually-hidden { "Error: " } (error.message) } }
                textarea id=(id) name=(name) rows="4"
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| error_id.as_str())] { (value) }
            }
        }
    }

    /// A checkbox next to its label, sending `value` when ticked.
    pub fn checkbox(&self, label: &str, name: &str, value: &str, checked: bool) -> Markup {
        let id = self.remember(name, label);
        let error = self.error(name);
        let error_id = format!("{id}-error");
        let checked = match self.refusal {
            Some(refusal) => refusal.input.iter().any(|(key, _)| key == name),
            None => checked,
        };
        html! {
            div.field.check.invalid[error.is_some()] {
                @if let Some(error) = error { p.field-error id=(error_id) { span.visually-hidden { "Error: " } (error.message) } }
                input type="checkbox" id=(id) name=(name) value=(value) checked[checked]
                    aria-invalid=[error.map(|_| "true")]
                    aria-describedby=[error.map(|_| error_id.as_str())];
                label for=(id) { (label) }
            }
        }
    }

    /// The error summary: drawn after the fields (so it knows their labels) and placed above
    /// them. Each entry names its field and links to it; errors of no field are said as they are.
    pub fn summary(&self) -> Markup {
        let errors = self.errors();
        let drawn = self.drawn.borrow();
        html! {
            @if !errors.is_empty() {
                div.alert.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                    h2 #error-summary-title { "There is a problem" }
                    ul {
                        @for error in errors {
                            @match drawn.iter().find(|(name, _, _)| belongs_to(&error.field, name)) {
                                Some((_, id, label)) => li { a href={ "#" (id) } { (label) ": " (error.message) } },
                                None => li { (error.message) },
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The error summary of a filter form whose fields are links or buttons rather than inputs (a
/// query string that asked for something the list cannot show).
pub fn refusal_summary(errors: &[FieldError]) -> Markup {
    let refusal = Refusal::new(
        "filters",
        &(),
        errors.to_vec(),
        StatusCode::UNPROCESSABLE_ENTITY,
    );
    FormView::new("filters", Some(&refusal)).summary()
}

/// What a confirmation page asks before an irreversible or destructive action.
pub struct Confirmation<'a> {
    /// The page's heading: `Suspend Lakeside Health?`
    pub title: &'a str,
    /// What will happen, in a sentence or two.
    pub consequence: &'a str,
    /// Where the confirmed form posts.
    pub action: &'a str,
    /// The fields to send again (the reason already given, the decision, …).
    pub hidden: &'a [(&'a str, &'a str)],
    /// A reason to ask for when the rule needs one and none was given: its label.
    pub reason: Option<&'a str>,
    /// The confirming button's words: `Suspend the organization`.
    pub confirm: &'a str,
    /// Where "Cancel" goes.
    pub cancel: &'a str,
}

/// The name of the field a confirmed form carries.
pub const CONFIRMED_FIELD: &str = "confirmed";

/// Whether a submitted form carries the confirmation.
pub fn confirmed(value: Option<&str>) -> bool {
    value == Some("yes")
}

/// The confirmation step as a whole page, without JavaScript: what will happen, the same form again
/// with the confirmation field (and the reason, where the rule needs one), and a way back.
pub fn confirmation_page(actor: &Actor, confirmation: &Confirmation<'_>) -> Markup {
    let fields = html! {
        @for (name, value) in confirmation.hidden {
            @if Some(*name) != confirmation.reason.map(|_| "reason") {
                input type="hidden" name=(name) value=(value);
            }
        }
        @if let Some(label) = confirmation.reason {
            (FormView::plain().textarea(label, "reason", confirmation.hidden.iter().find(|(name, _)| *name == "reason").map_or("", |(_, value)| *value)))
        }
        input type="hidden" name=(CONFIRMED_FIELD) value="yes";
    };
    page(
        Some(actor),
        confirmation.title,
        html! {
            div.card.narrow.confirmation {
                h1 { (confirmation.title) }
                p { (confirmation.consequence) }
                form method="post" action=(confirmation.action) {
                    (csrf_input(actor))
                    (fields)
                    button.danger type="submit" { (confirmation.confirm) }
                    " "
                    a.button.secondary href=(confirmation.cancel) { "Cancel" }
                }
            }
        },
    )
}

/// Whether an error about `field` belongs to the input `name`.
fn belongs_to(field: &str, name: &str) -> bool {
    !name.is_empty()
        && field
            .strip_prefix(name)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[', '/']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal() -> Refusal {
        Refusal {
            form: "apply",
            input: vec![
                ("legal_name".to_owned(), "Lakeside <Health>".to_owned()),
                ("password".to_owned(), "hunter2hunter2".to_owned()),
                ("opt_in".to_owned(), "yes".to_owned()),
            ],
            errors: vec![
                FieldError::new("country", "use two letters, like US"),
                FieldError::new("identifiers[0].value", "the NPI check digit is wrong"),
                FieldError::new(
                    "",
                    "this organization is not in a state where it can be reinstated",
                ),
            ],
            status: StatusCode::UNPROCESSABLE_ENTITY,
        }
    }

    #[test]
    fn a_refused_form_keeps_the_input_but_never_a_password() {
        let refusal = refusal();
        let form = FormView::new("apply", Some(&refusal));
        let name = form.text("Legal name", "legal_name", "").into_string();
        assert!(
            name.contains(r#"value="Lakeside &lt;Health&gt;""#),
            "{name}"
        );
        let password = form
            .input(
                "Password",
                "password",
                Kind::Password,
                "x",
                "current-password",
            )
            .into_string();
        assert!(password.contains(r#"value="""#), "{password}");
        assert!(form
            .checkbox("List us", "opt_in", "yes", false)
            .into_string()
            .contains("checked"));
        assert!(!form
            .checkbox("Other", "other", "yes", true)
            .into_string()
            .contains("checked"));
    }

    #[test]
    fn another_forms_refusal_leaves_this_form_alone() {
        let refusal = refusal();
        let form = FormView::new("invite", Some(&refusal));
        assert!(form
            .text("Legal name", "legal_name", "kept")
            .into_string()
            .contains(r#"value="kept""#));
        assert_eq!(form.summary().into_string(), "");
    }

    #[test]
    fn the_summary_names_and_links_each_field_and_the_field_says_it_too() {
        let refusal = refusal();
        let form = FormView::new("apply", Some(&refusal));
        let country = form.text("Country", "country", "").into_string();
        let identifiers = form.text("Identifier", "identifiers", "").into_string();
        assert!(country.contains(r#"aria-invalid="true""#), "{country}");
        assert!(
            country.contains(r#"aria-describedby="country-error""#),
            "{country}"
        );
        assert!(country.contains("use two letters"), "{country}");
        assert!(identifiers.contains("check digit"), "{identifiers}");
        let summary = form.summary().into_string();
        assert!(
            summary.contains(r##"<a href="#country">Country: use two letters, like US</a>"##),
            "{summary}"
        );
        assert!(
            summary.contains(
                r##"<a href="#identifiers">Identifier: the NPI check digit is wrong</a>"##
            ),
            "{summary}"
        );
        assert!(
            summary.contains("<li>this organization is not in a state"),
            "{summary}"
        );
    }

    #[test]
    fn conflicts_become_refusals_and_other_errors_pass_on() {
        let input = [("reason", "late")];
        let refusal =
            Refusal::of("decide", &input, AppError::Conflict("not now".to_owned())).unwrap();
        assert_eq!(refusal.status, StatusCode::CONFLICT);
        assert_eq!(refusal.input, [("reason".to_owned(), "late".to_owned())]);
        assert!(Refusal::of("decide", &input, AppError::NotFound("organization")).is_err());
    }
}
