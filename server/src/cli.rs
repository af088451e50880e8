//! The command line: `server [serve|migrate|seed|create-admin]`.
use crate::{admin, config::Config, db, router, seed, telemetry};
use anyhow::Context;
use clap::{Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "server",
    about = "IHREC Learn: the web server and its maintenance commands"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone)]
enum Command {
    /// Apply migrations, then serve the site (the default).
    Serve,
    /// Apply the database migrations and exit.
    Migrate,
    /// Apply migrations, then load the demo courses (idempotent).
    Seed,
    /// Create a platform admin (or promote an existing account) and print a one-time
    /// link, valid 30 minutes, where they choose their password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Shown in the interface; any name or pseudonym.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
}

pub fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let config = Config::from_env()?;
    telemetry::init(&config.log_filter);
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?
        .block_on(run(cli.command.unwrap_or(Command::Serve), config))
}

async fn run(command: Command, config: Config) -> anyhow::Result<()> {
    let pool = db::connect(&config).await?;
    db::migrate(&pool).await?;
    match command {
        Command::Migrate => Ok(()),
        Command::Seed => {
            let report = seed::demo_courses(&pool).await?;
            tracing::info!(
                courses = report.courses,
                lessons = report.lessons,
                "demo content seeded"
            );
            Ok(())
        }
        Command::Serve => router::serve(config, pool).await,
        Command::CreateAdmin { email, name } => {
            let link = admin::create(&pool, &config, &email, &name).await?;
            println!(
                "Platform admin {email} is ready. Choose a password within 30 minutes at:\n{link}"
            );
            Ok(())
        }
    }
}
