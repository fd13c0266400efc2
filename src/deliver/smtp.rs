//! Mail: the parts render/mail.rs chose, assembled into a multipart message — a plain-text
//! summary and the e-mail HTML with every chart as an inline PNG referenced by `cid:` (Gmail and
//! Outlook render no SVG), and the full HTML report when it was chosen — sent over SMTP with
//! STARTTLS or implicit TLS and a password from the environment.

use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{Message, SmtpTransport, Transport};

use crate::config::{Config, Email};
use crate::error;
use crate::model::Mail;

fn email_cfg(cfg: &Config) -> Result<&Email> {
    cfg.email
        .as_ref()
        .ok_or_else(|| error::config(format!("{}: there is no `email:` block (smtp, from, to) to send with", cfg.path.display())))
}

/// The message, the same bytes for the same parts, config and clock (so that `voc send --eml`
/// previews exactly what is sent): its Date is `now`, and its Message-ID and part boundaries
/// come from `now` and a hash of the parts.
pub fn compose(cfg: &Config, mail: &Mail, now: chrono::DateTime<chrono::FixedOffset>) -> Result<Message> {
    let e = email_cfg(cfg)?;
    let parse = |who: &str, what: &str| -> Result<Mailbox> {
        who.parse::<Mailbox>()
            .map_err(|err| error::config(format!("{}: email.{what} `{who}` is not an address: {err}", cfg.path.display())))
    };
    let from = parse(&e.from, "from")?;
    let digest = {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        (&mail.period_id, &mail.html, &mail.images, &mail.text, &mail.report, &mail.subject).hash(&mut h);
        h.finish()
    };
    // a Message-ID of the sender's domain (spam filters penalise mail without one): another
    // report, or another clock, is another message
    let id = format!("<voc.{}.{}.{digest:016x}@{}>", mail.period_id, now.timestamp_micros(), from.email.domain());
    let boundary = |kind: &str| format!("voc-{kind}-{digest:016x}");
    let mut b = Message::builder().from(from).message_id(Some(id)).date(now.into()).subject(mail.subject.clone());
    for to in &e.to {
        b = b.to(parse(to, "to")?);
    }
    for cc in &e.cc {
        b = b.cc(parse(cc, "cc")?);
    }
    let html = String::from_utf8(mail.html.clone()).context("the e-mail HTML is not UTF-8")?;
    let mut related = MultiPart::related().boundary(boundary("related")).singlepart(SinglePart::html(html));
    for (id, png) in &mail.images {
        related = related.singlepart(
            Attachment::new_inline(format!("{id}@voc")).body(png.clone(), ContentType::parse("image/png").expect("valid")),
        );
    }
    let body = match &mail.text {
        Some(t) => MultiPart::alternative()
            .boundary(boundary("alternative"))
            .singlepart(SinglePart::plain(String::from_utf8_lossy(t).into_owned()))
            .multipart(related),
        None => related,
    };
    let msg = match &mail.report {
        Some(r) => b.multipart(
            MultiPart::mixed()
                .boundary(boundary("mixed"))
                .multipart(body)
                .singlepart(Attachment::new(format!("{}.html", mail.period_id)).body(r.clone(), ContentType::TEXT_HTML)),
        ),
        None => b.multipart(body),
    };
    msg.map_err(|err| anyhow!("cannot build the message: {err}"))
}

pub fn send(cfg: &Config, mail: &Mail, now: chrono::DateTime<chrono::FixedOffset>) -> Result<()> {
    let e = email_cfg(cfg)?;
    let msg = compose(cfg, mail, now)?;
    let tls_params = || -> Result<TlsParameters> {
        let mut p = TlsParameters::builder(e.host.clone());
        if let Some(ca) = &e.ca_file {
            let pem = std::fs::read(ca).with_context(|| format!("cannot read email.smtp.ca_file {}", ca.display()))?;
            p = p.add_root_certificate(
                Certificate::from_pem(&pem).map_err(|err| anyhow!("{}: not a PEM certificate: {err}", ca.display()))?,
            );
        }
        p.build().map_err(|err| anyhow!("TLS setup for {}: {err}", e.host))
    };
    let tls = if e.tls {
        Tls::Wrapper(tls_params()?)
    } else if e.starttls {
        Tls::Required(tls_params()?)
    } else {
        Tls::None
    };
    let mut t = SmtpTransport::builder_dangerous(e.host.clone()).port(e.port).tls(tls).timeout(Some(Duration::from_secs(30)));
    if let Some(user) = &e.username {
        let var = e.password_env.as_deref().ok_or_else(|| {
            error::config(format!(
                "{}: email.smtp.username is set but email.password_env names no environment variable",
                cfg.path.display()
            ))
        })?;
        let pass = std::env::var(var).map_err(|_| {
            error::usage(format!("the SMTP password is read from the environment variable {var}, which is not set"))
        })?;
        t = t.credentials(Credentials::new(user.clone(), pass));
    }
    t.build().send(&msg).map_err(|err| error::data(format!("sending to {}:{} failed: {err}", e.host, e.port)))?;
    Ok(())
}
