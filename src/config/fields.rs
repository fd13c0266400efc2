//! The canonical fields: every column voc can map, its name in the config, and the keys
//! each kind of input accepts, from one table.

use serde::{Deserialize, Serialize};

/// Declares [`Field`], its names in the config and the list of all of them, from one table.
macro_rules! canonical_fields {
    ($($v:ident => $n:literal),* $(,)?) => {
        /// Every canonical field an input can map (docs/config.md). Each input kind accepts a subset.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Field { $($v),* }

        impl Field {
            pub const ALL: &[Field] = &[$(Field::$v),*];

            pub fn name(self) -> &'static str {
                match self { $(Field::$v => $n),* }
            }
        }
    };
}

canonical_fields! {
    Id => "id",
    CreatedAt => "created_at",
    FirstResponseAt => "first_response_at",
    FirstResponseSeconds => "first_response_seconds",
    FirstResponseMinutes => "first_response_minutes",
    Text => "text",
    Channel => "channel",
    ProductId => "product_id",
    OrderId => "order_id",
    CustomerId => "customer_id",
    Tags => "tags",
    Segment => "segment",
    Ces => "ces",
    Csat => "csat",
    Nps => "nps",
    Category => "category",
    ConversationId => "conversation_id",
    MessageId => "message_id",
    ReplyTo => "reply_to",
    SentAt => "sent_at",
    Author => "author",
    Date => "date",
    LineId => "line_id",
    ProductName => "product_name",
    Quantity => "quantity",
    Revenue => "revenue",
    Status => "status",
    ResolvedAt => "resolved_at",
    ResolutionSeconds => "resolution_seconds",
    ResolutionMinutes => "resolution_minutes",
    Assignee => "assignee",
    AgentReplies => "agent_replies",
    Reopens => "reopens",
    AuthorId => "author_id",
    Url => "url",
    Bot => "bot",
}

impl Field {
    /// The field a config key names (`created_at` → [`Field::CreatedAt`]).
    pub fn named(name: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Fields whose several columns are joined with a newline; any other field joins with a
    /// space (so `created_at: [Date, Time]` reads "22-Apr-15 3:53:50 PM").
    pub fn joins_with_newline(self) -> bool {
        matches!(self, Field::Text)
    }
}

/// Declares the fields one input kind accepts, as a serde enum: a typo in `columns:` is then
/// an "unknown variant" error with its line and the list of valid names.
macro_rules! field_keys {
    ($name:ident { $($v:ident),* $(,)? }) => {
        #[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),* }
        impl From<$name> for Field {
            fn from(f: $name) -> Field { match f { $($name::$v => Field::$v),* } }
        }
    };
}

/// Conversations and messages accept the same conversation-level fields beside their own.
macro_rules! conversation_keys {
    (conversation: [$($c:ident),*], message: [$($m:ident),*], both: [$($b:ident),*] $(,)?) => {
        field_keys!(ConversationKey { $($c,)* $($b),* });
        field_keys!(MessageKey { $($m,)* $($b),* });
    };
}

conversation_keys! {
    conversation: [Id, CreatedAt, FirstResponseAt, FirstResponseSeconds, FirstResponseMinutes, ResolutionSeconds, ResolutionMinutes, AgentReplies, Reopens, Url, Bot],
    message: [ConversationId, MessageId, ReplyTo, SentAt, Author, AuthorId],
    both: [Text, Channel, ProductId, OrderId, CustomerId, Tags, Segment, Ces, Csat, Nps, Category, ResolvedAt, Assignee],
}
field_keys!(SalesKey { Date, OrderId, LineId, ProductId, ProductName, Category, Quantity, Revenue, Status, CustomerId });
field_keys!(ReturnsKey { Date, OrderId, LineId, ProductId, Quantity });
