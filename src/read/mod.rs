//! Read (docs/inputs.md): open every input, validate each row, account for every row, and
//! hand on canonical rows. The only stage that reads the user's files.
//!
//! [`open`] returns the inputs opened, not yet read; the pipeline decides the order and the
//! threads. Sales and returns are held (only the rows of the keep window, plus a product
//! catalogue and, when conversations carry order ids, an order → product index over *all*
//! sales rows). Conversations are streamed in batches, so their text is never held all at once.
//!
//! Order of the checks per row: excluded (`filtered`) → rejected → duplicate → out of period.

pub mod archive;
pub mod bundle;
pub mod conversations;
mod delimited;
pub mod extras;
pub mod gold;
pub mod input;
mod json;
mod mapping;
pub mod messages;
mod parquet;
pub mod parsed;
mod range;
mod record;
pub mod sales;
pub mod shape;
pub mod source;
pub mod timestamps;
pub mod values;
pub mod xlsx;

use anyhow::Result;

use crate::config::{Config, Field};
use crate::error;
use crate::model::{Mapped, Scope};
use conversations::ConversationSource;
use parsed::Linker;
use sales::SalesSource;

/// The read stage's value: the inputs opened, not yet read. Sales and conversations can be read one
/// after the other or at the same time (see src/pipeline.rs).
pub struct Frames {
    pub scope: Scope,
    pub sales: SalesSource,
    pub conversations: ConversationSource,
    pub mapped: Mapped,
}

pub fn open(cfg: &Config, scope: Scope) -> Result<Frames> {
    if cfg.inputs.conversations.is_empty() && cfg.inputs.messages.is_none() {
        return Err(error::config("the config has no conversations or messages input"));
    }
    // a field is mapped when some conversation source (or the messages) gives it
    let maps = |f: Field| cfg.inputs.conversations_map(f);
    let need_orders = maps(Field::OrderId) && cfg.inputs.sales.is_some();
    let sales_input = cfg.inputs.sales.as_ref();
    let mapped = Mapped {
        first_response: maps(Field::FirstResponseAt)
            || maps(Field::FirstResponseSeconds)
            || maps(Field::FirstResponseMinutes)
            || cfg.inputs.all_messages().next().is_some(),
        resolution: maps(Field::ResolvedAt) || maps(Field::ResolutionSeconds) || maps(Field::ResolutionMinutes),
        assignee: maps(Field::Assignee) || maps(Field::AuthorId),
        agent_replies: maps(Field::AgentReplies) || cfg.inputs.all_messages().next().is_some(),
        reopens: maps(Field::Reopens),
        channel: maps(Field::Channel),
        product: maps(Field::ProductId) || need_orders,
        customer: maps(Field::CustomerId),
        segment: maps(Field::Segment),
        ces: maps(Field::Ces),
        csat: maps(Field::Csat),
        nps: maps(Field::Nps),
        tags: maps(Field::Tags),
        sales: sales_input.is_some(),
        orders: sales_input.is_some_and(|s| s.maps(Field::OrderId)),
        // a returns input, or sales that say which lines are returns; the pipeline adds sales
        // whose lines turn out to hold negative quantities
        returns: cfg.inputs.returns.is_some() || sales_input.is_some_and(|s| !s.return_when.0.is_empty()),
        buyers: sales_input.is_some_and(|s| s.maps(Field::CustomerId)),
        bot: maps(Field::Bot) || cfg.inputs.all_messages().next().is_some(),
    };
    Ok(Frames {
        conversations: ConversationSource {
            conversations: cfg.inputs.conversations.clone(),
            messages: cfg.inputs.messages.clone(),
            tz: cfg.timezone,
            scope: scope.clone(),
            linker: Linker::new(),
            linked: None,
            asked: None,
        },
        sales: SalesSource {
            sales: cfg.inputs.sales.clone(),
            returns: cfg.inputs.returns.clone(),
            tz: cfg.timezone,
            scope: scope.clone(),
            need_orders,
        },
        scope,
        mapped,
    })
}
