//! Outgoing mail: SMTP when configured, otherwise `.eml` files under `<data-dir>/mail/`, so that
//! password resets work in development without a mail server.

use std::path::PathBuf;

use lettre::message::{header::ContentType, Mailbox};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::{SmtpConfig, SmtpSecurity};

/// Where messages go.
#[derive(Clone)]
pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Files {
        transport: AsyncFileTransport<Tokio1Executor>,
        directory: PathBuf,
        from: Mailbox,
    },
}

/// Why a message was not sent. The outbox's mail job retries it.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("recipient address: {0}")]
    Recipient(String),
    #[error("building a message: {0}")]
    Message(String),
    #[error("sending mail: {0}")]
    Transport(String),
}

/// Why the mailer could not be built.
#[derive(Debug, thiserror::Error)]
pub enum MailConfigError {
    #[error("mail_from `{0}` is not a mailbox like `Onramp <onramp@example.org>`")]
    From(String),
    #[error("smtp: {0}")]
    Smtp(String),
    #[error("cannot create the mail directory {path}: {source}")]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Mailer {
    pub fn new(
        smtp: Option<&SmtpConfig>,
        from: &str,
        data_dir: &std::path::Path,
    ) -> Result<Mailer, MailConfigError> {
        let from: Mailbox = from
            .parse()
            .map_err(|_| MailConfigError::From(from.to_owned()))?;
        match smtp {
            Some(smtp) => {
                let builder = match smtp.security {
                    SmtpSecurity::StartTls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&smtp.host)
                            .map_err(|error| MailConfigError::Smtp(error.to_string()))?
                    }
                    SmtpSecurity::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&smtp.host)
                        .map_err(|error| MailConfigError::Smtp(error.to_string()))?,
                    SmtpSecurity::None => {
                        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&smtp.host)
                    }
                };
                let mut builder = builder.port(smtp.port);
                if let (Some(username), Some(password)) = (&smtp.username, &smtp.password) {
                    builder =
                        builder.credentials(Credentials::new(username.clone(), password.clone()));
                }
                Ok(Mailer::Smtp {
                    transport: builder.build(),
                    from,
                })
            }
            None => {
                let directory = data_dir.join("mail");
                std::fs::create_dir_all(&directory).map_err(|source| {
                    MailConfigError::Directory {
                        path: directory.clone(),
                        source,
                    }
                })?;
                Ok(Mailer::Files {
                    transport: AsyncFileTransport::new(&directory),
                    directory,
                    from,
                })
            }
        }
    }

    /// Sends a plain-text message. Failure is an internal error: the caller's change still stands,
    /// and the user can ask again.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> Result<(), MailError> {
        let (from, to_mailbox) = match self {
            Mailer::Smtp { from, .. } | Mailer::Files { from, .. } => (
                from.clone(),
                to.parse::<Mailbox>()
                    .map_err(|error| MailError::Recipient(error.to_string()))?,
            ),
        };
        let message = Message::builder()
            .from(from)
            .to(to_mailbox)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)
            .map_err(|error| MailError::Message(error.to_string()))?;
        match self {
            Mailer::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| MailError::Transport(error.to_string())),
            Mailer::Files { transport, .. } => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|error| MailError::Transport(error.to_string())),
        }
    }

    /// Where development mail is written, if that is where it goes.
    pub fn directory(&self) -> Option<&std::path::Path> {
        match self {
            Mailer::Files { directory, .. } => Some(directory),
            Mailer::Smtp { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use lettre::message::Mailbox;
    use onramp_core::Email;

    /// Every address the forms accept is one the mailer takes: the applicant is never told a mail
    /// is on its way to an address the mailer then refuses.
    #[test]
    fn what_the_forms_accept_the_mailer_takes() {
        let candidates = [
            "ada@example.org",
            "Ada.Lovelace+onramp@Mail.Example.CO.UK",
            "o'brien@example.org",
            "x_y-z=1@a-b.example",
            "a!#$%&*/=?^`{|}~@example.org",
            "ada..lovelace@example.org",
            ".ada@example.org",
            "ada.@example.org",
            "ada,lovelace@example.org",
            "ada(work)@example.org",
            "ada lovelace@example.org",
            "ada@exa_mple.org",
            "ada@-example.org",
            "ada@example..org",
            "\"ada\"@example.org",
            "ada@[192.0.2.1]",
            "ada;drop@example.org",
            "ada<x>@example.org",
            "ada\\@example.org",
        ];
        let mut n_accepted = 0;
        for text in candidates {
            if let Ok(email) = Email::parse(text) {
                n_accepted += 1;
                assert!(
                    email.as_str().parse::<Mailbox>().is_ok(),
                    "the form takes {text:?} but the mailer refuses it"
                );
            }
        }
        assert_eq!(n_accepted, 5);
    }
}
