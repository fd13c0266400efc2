//! `<id>.html`: one self-contained page (inline CSS, inline SVG, no JavaScript, no network),
//! readable on a phone, printable on A4. Templates are compiled in and can be overridden by
//! files of the same name in `report.templates_dir`; autoescape is on (`.html` templates).

use anyhow::{Result, anyhow};
use minijinja::value::Serde;
use minijinja::{Environment, Value};

pub const REPORT: &str = include_str!("templates/report.html.j2");
pub const EMAIL: &str = include_str!("templates/email.html.j2");
pub const MARKDOWN: &str = include_str!("templates/summary.md.j2");
pub const INDEX: &str = include_str!("templates/index.html.j2");

/// The built-in templates with any overrides laid over them.
pub fn environment(overrides: &[(String, String)]) -> Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    for (name, text) in
        [("report.html.j2", REPORT), ("email.html.j2", EMAIL), ("summary.md.j2", MARKDOWN), ("index.html.j2", INDEX)]
    {
        env.add_template(name, text).map_err(|e| anyhow!("built-in template {name}: {e:#}"))?;
    }
    for (name, text) in overrides {
        env.add_template_owned(name.clone(), text.clone()).map_err(|e| anyhow!("template {name}: {e:#}"))?;
    }
    Ok(env)
}

/// A page through a template: a report's [`Page`](super::page::Page), or the folder's index.
pub fn render(env: &Environment, name: &str, page: &impl serde::Serialize) -> Result<Vec<u8>> {
    let tmpl = env.get_template(name).map_err(|e| anyhow!("template {name}: {e:#}"))?;
    let out =
        tmpl.render(minijinja::context! { page => Value::from(Serde(page)) }).map_err(|e| anyhow!("template {name}: {e:#}"))?;
    Ok(out.into_bytes())
}
