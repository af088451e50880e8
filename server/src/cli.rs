//! The command line: `server [serve|migrate|seed|create-admin|keys]`.
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
    /// Apply migrations, then load the demo courses (idempotent); with `--scale`, also
    /// a generated platform of that size (see `server/seed/scale.sql`).
    Seed {
        /// s: 1,000 learners, 50 courses; m: 20,000 learners, 300 courses, 100 cities,
        /// 2,000,000 lesson completions; l: 200,000 learners, 20,000,000 completions.
        #[arg(long, value_enum)]
        scale: Option<seed::scale::Scale>,
        /// The generator's seed: the same seed gives the same data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Create a platform admin (or promote an existing account) and print a one-time
    /// link, valid 30 minutes, where they choose their password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Shown in the interface; any name or pseudonym.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// The certificate signing keys (stored in the database; see docs/certificates.md).
    Keys {
        #[command(subcommand)]
        action: KeysCommand,
    },
}

#[derive(Subcommand, Debug, Clone)]
enum KeysCommand {
    /// Make a new active key and retire the current one (it stays published, so the
    /// certificates it signed still verify). The first start makes a key by itself.
    Generate,
    /// List the keys: id, created, retired.
    List,
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
        Command::Seed { scale, seed } => {
            let report = seed::demo_courses(&pool).await?;
            tracing::info!(
                courses = report.courses,
                lessons = report.lessons,
                "demo content seeded"
            );
            if let Some(scale) = scale {
                match seed::scale::load(&pool, scale, seed).await? {
                    seed::scale::Outcome::Loaded(took) => {
                        println!("Scale {scale:?} loaded in {:.1} s", took.as_secs_f64())
                    }
                    seed::scale::Outcome::AlreadyThere => {
                        println!("Scale {scale:?} (seed {seed}) is already loaded")
                    }
                }
            }
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
        Command::Keys { action } => {
            use app::ssr::certificate::signing;
            if let KeysCommand::Generate = action {
                let kid = signing::rotate(&pool, None).await?;
                println!("New active signing key: {kid}");
            }
            for key in signing::published(&pool).await? {
                let state = match key.retired_at {
                    Some(at) => format!("retired {}", at.date()),
                    None => "active".to_owned(),
                };
                println!("{}\tcreated {}\t{state}", key.kid, key.created_at.date());
            }
            Ok(())
        }
    }
}
