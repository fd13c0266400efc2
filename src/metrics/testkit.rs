//! Small hand-made tables for the metric unit tests.

use std::path::Path;

use crate::model::Conv;
use crate::model::TagSource;
use crate::taxonomy::Taxonomy;

pub const TAXONOMY: &str = r#"
version: 1
tags:
  - id: delivery
    name: 배송
    class: simple
    children:
      - { id: delivery.before, name: 배송 전 문의, match: { any: [언제 와, 출고] } }
      - { id: delivery.after, name: 배송 후 문의, match: { any: [송장, 배송 조회], none: [반품] } }
  - { id: size, name: 사이즈, class: revenue, priority: 10, match: { any: [사이즈], regex: ["\\d{2,3}\\s*mm"] } }
  - { id: stock, name: 재고, class: revenue, match: { any: [재입고, 품절] } }
  - { id: other, name: 기타, match: { any: [기타문의] } }
risks:
  - { id: recall, name: 리콜, match: { any: [리콜] } }
  - { id: agency, name: 소비자원, match: { any: [소비자원, 1372] } }
"#;

pub fn taxonomy() -> Taxonomy {
    let raw = serde_yaml::from_str(TAXONOMY).unwrap();
    let (tax, problems) = crate::taxonomy::compile::compile(Path::new("test.yaml"), TAXONOMY, raw);
    assert!(problems.is_empty(), "{problems:?}");
    tax
}

/// The ids of [`conv`]: symbol `n` is `c{n:03}`.
pub fn names() -> crate::model::Interner {
    let mut i = crate::model::Interner::default();
    for n in 0..200 {
        i.intern(&format!("c{n:03}"));
    }
    i
}

/// A conversation created `n` seconds after the epoch with a primary tag (id `c{n:03}`).
pub fn conv(n: u32, tag: Option<u16>) -> Conv {
    Conv {
        id: n,
        created: n as i64 * 1000,
        tag,
        rule: tag.into(),
        source: if tag.is_some() { TagSource::Rule } else { TagSource::None },
        flags: crate::model::Flags::new(true, false),
        ..Conv::default()
    }
}

/// The same, answered after `secs` seconds (negative: before it was created).
pub fn answered(n: u32, tag: Option<u16>, secs: i64) -> Conv {
    Conv { response_at: Some(n as i64 * 1000 + secs * 1000).into(), ..conv(n, tag) }
}
