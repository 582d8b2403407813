//! `onramp admin`: administration from the command line.

use std::io::BufRead;
use std::process::ExitCode;

use onramp_core::Role;
use onramp_server::accounts::services::users::{create_user, NewAccount};
use onramp_server::web::error::AppError;
use onramp_store::platform::audit::AuditContext;

use crate::settings::{CommonArgs, ServeArgs};

use super::runtime::{connect_for_writing, settings_or_exit};

#[derive(Debug, clap::Subcommand)]
pub enum AdminCommand {
    /// Create a user. Without --password-stdin a random password is generated and printed once.
    ///
    /// Example: onramp admin create-user --email ada@exchange.example --name "Ada Lovelace" --role program_admin
    CreateUser(CreateUserArgs),
    /// Print a new personal API token for an existing user (staff, partner admin or partner
    /// developer), for scripts. Shown once.
    ///
    /// Example: onramp admin create-token --email ada@exchange.example --name "nightly export" --days 30
    CreateToken(CreateTokenArgs),
}

#[derive(Debug, clap::Args)]
pub struct CreateTokenArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The email of the user the token acts as.
    #[arg(long)]
    email: String,
    /// What the token is for, as listed on the user's tokens page.
    #[arg(long)]
    name: String,
    /// Days until it expires (1 to 366); without it, it lives until revoked.
    #[arg(long)]
    days: Option<i64>,
}

#[derive(Debug, clap::Args)]
pub struct CreateUserArgs {
    #[command(flatten)]
    common: CommonArgs,
    /// The email the user signs in with.
    #[arg(long)]
    email: String,
    /// The user's name as people read it.
    #[arg(long)]
    name: String,
    /// program_admin, onboarding_coordinator, conformance_analyst, support_agent, trainer,
    /// partner_admin, partner_developer or partner_member.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// For partner roles: the organization's name (created when new).
    #[arg(long)]
    organization: Option<String>,
    /// Read the password from the first line of standard input.
    #[arg(long)]
    password_stdin: bool,
}

pub async fn run(command: AdminCommand) -> ExitCode {
    match command {
        AdminCommand::CreateUser(args) => create(args).await,
        AdminCommand::CreateToken(args) => create_token(args).await,
    }
}

async fn create_token(args: CreateTokenArgs) -> ExitCode {
    let settings = match settings_or_exit(&args.common, &ServeArgs::default()) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let email = match onramp_core::Email::parse(&args.email) {
        Ok(email) => email,
        Err(error) => {
            eprintln!("error: --email: {error}");
            return ExitCode::from(2);
        }
    };
    let store = match connect_for_writing(&settings).await {
        Ok(store) => store,
        Err(code) => return code,
    };
    if let Err(error) = store.migrate().await {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    let user = match onramp_store::accounts::users::find_by_email(store.pool(), &email).await {
        Ok(user) => user,
        Err(onramp_store::StoreError::NotFound) => {
            eprintln!("error: no user has the email {email}");
            return ExitCode::from(2);
        }
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    let created = onramp_server::accounts::services::tokens::create_for_user(
        &store,
        &AuditContext::cli(),
        &user,
        &args.name,
        args.days,
    )
    .await;
    match created {
        Ok(created) => {
            println!("{}", created.secret);
            eprintln!(
                "created API token \"{}\" for {} (id {}); shown once",
                created.token.name, user.email, created.token.id
            );
            ExitCode::SUCCESS
        }
        Err(AppError::Validation { fields, detail }) => {
            if fields.is_empty() {
                eprintln!("error: {detail}");
            }
            for field in fields {
                let flag = if field.field == "expires_in_days" {
                    "days"
                } else {
                    field.field.as_str()
                };
                eprintln!("error: --{flag}: {}", field.message);
            }
            ExitCode::from(2)
        }
        Err(AppError::Conflict(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

async fn create(args: CreateUserArgs) -> ExitCode {
    let settings = match settings_or_exit(&args.common, &ServeArgs::default()) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        if let Err(error) = std::io::stdin().lock().read_line(&mut line) {
            eprintln!("error: reading the password from standard input: {error}");
            return ExitCode::from(2);
        }
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (onramp_server::web::secret::random_token(15), true)
    };
    let store = match connect_for_writing(&settings).await {
        Ok(store) => store,
        Err(code) => return code,
    };
    if let Err(error) = store.migrate().await {
        eprintln!("error: {error}");
        return ExitCode::from(2);
    }
    let account = NewAccount {
        email: args.email,
        name: args.name,
        role: args.role,
        organization: args.organization,
        password: password.clone(),
    };
    match create_user(&store, &AuditContext::cli(), &account).await {
        Ok(user) => {
            println!(
                "created {} ({}), id {}",
                user.email,
                user.role.label(),
                user.id
            );
            if generated {
                println!("password: {password}");
                println!("(shown once; the user should change it after signing in)");
            }
            ExitCode::SUCCESS
        }
        Err(AppError::Validation { fields, detail }) => {
            if fields.is_empty() {
                eprintln!("error: {detail}");
            }
            for field in fields {
                eprintln!(
                    "error: --{}: {}",
                    field.field.replace('_', "-"),
                    field.message
                );
            }
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// A role as typed on the command line: its stored name, which the error lists.
fn parse_role(text: &str) -> Result<Role, String> {
    text.parse::<Role>()
        .map_err(|error| format!("{error}; type one of {}", error.expected))
}
