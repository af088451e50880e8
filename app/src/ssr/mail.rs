//! Outgoing mail. [`Mailer`] has two transports: SMTP (lettre) for deployments, and the
//! development default that writes each message to the `outbox` table and the log.
use crate::error::AppError;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
    message::{Mailbox, header::ContentType},
};
use sqlx::PgPool;
use std::{future::Future, pin::Pin};

#[derive(Clone, Debug)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
}

pub type Sending<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;

pub trait Mailer: Send + Sync {
    /// Hands the message over for delivery. Transports that talk to the network
    /// return at once and deliver in the background, so a request's timing never
    /// depends on (or reveals) the mail server.
    fn send(&self, email: Email) -> Sending<'_>;
}

/// Development and test mail: the `outbox` table plus an `info` log line.
pub struct OutboxMailer {
    pub pool: PgPool,
}

impl Mailer for OutboxMailer {
    fn send(&self, email: Email) -> Sending<'_> {
        Box::pin(async move {
            tracing::info!(to = %email.to, subject = %email.subject, "mail written to the outbox:\n{}", email.body);
            sqlx::query("insert into outbox (to_address, subject, body) values ($1, $2, $3)")
                .bind(&email.to)
                .bind(&email.subject)
                .bind(&email.body)
                .execute(&self.pool)
                .await?;
            Ok(())
        })
    }
}

pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// `url` as lettre reads it, e.g. `smtps://user:password@smtp.example.org:465`.
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|err| format!("SMTP_URL: {err}"))?
            .build();
        let from = from.parse().map_err(|err| format!("MAIL_FROM: {err}"))?;
        Ok(SmtpMailer { transport, from })
    }
}

impl Mailer for SmtpMailer {
    fn send(&self, email: Email) -> Sending<'_> {
        Box::pin(async move {
            let to: Mailbox = email.to.parse().map_err(|_| AppError::Internal)?;
            let message = lettre::Message::builder()
                .from(self.from.clone())
                .to(to)
                .subject(email.subject)
                .header(ContentType::TEXT_PLAIN)
                .body(email.body)
                .map_err(|err| {
                    tracing::error!(error = %err, "building a message failed");
                    AppError::Internal
                })?;
            let transport = self.transport.clone();
            tokio::spawn(async move {
                if let Err(err) = transport.send(message).await {
                    tracing::error!(error = %err, "sending mail failed");
                }
            });
            Ok(())
        })
    }
}
