//! Sales and returns (docs/inputs.md): order lines and returned lines, with accounting.

use std::collections::HashSet;

use anyhow::Result;

use super::input::*;
use super::mapping::Row;
use super::timestamps::TimeParser;
use super::values;
use crate::config::{Field, Input, InputKind};
use crate::model::{Accounting, Hash, Interner, Lookups, OrderIndex, Reject, ReturnLine, SaleLine, Sales, SalesRead, Scope};

pub(crate) struct SalesState<'s> {
    pub(crate) scope: &'s Scope,
    pub(crate) tz: chrono_tz::Tz,
    pub(crate) interner: Interner,
    pub(crate) sales: Sales,
    pub(crate) orders: Option<OrderIndex>,
    pub(crate) line_ids: HashSet<Box<str>>,
    /// A valid sales line was a return (negative quantity, or `return_when`).
    pub(crate) returns_seen: bool,
}

/// A sales line parsed on a reading thread: its numbers, and line key, product, category,
/// product name and order as cells.
pub(crate) struct ParsedSale {
    date: i64,
    revenue: f64,
    quantity: f64,
    is_return: bool,
    cells: Cells<6>,
    /// The order's (most orders are new to the interner: their slots are fetched ahead).
    order_hash: Option<Hash>,
}

impl Lookups for ParsedSale {
    fn hashes(&self) -> impl Iterator<Item = Hash> {
        self.order_hash.into_iter()
    }
}

/// A line's identity (docs/trust.md): `line_id` within its order — (`order_id`, `line_id`)
/// when the order is mapped, so a per-order line number (Olist's `order_item_id`, 1..n in each
/// order) and a file-wide one both work. Duplicates are found only when a line id is mapped.
fn line_key(row: &Row) -> Option<Box<str>> {
    let lid = row.value(Field::LineId)?;
    Some(match row.value(Field::OrderId) {
        Some(order) => format!("{order}\u{1f}{lid}").into(),
        None => lid.as_ref().into(),
    })
}

pub(crate) fn read_sales(input: &Input, st: &mut SalesState, returns_configured: bool) -> Result<(Accounting, Vec<Reject>)> {
    let mut rd = InputReader::new(input);
    let times = TimeParser::new(st.tz, &input.timestamp_formats);
    let excel = TimeParser::new(st.tz, &input.timestamp_formats).with_excel(true);
    let (mut kept, mut dup) = (Accounting::default(), 0u64);
    // parsed on every core, taken in file order here (duplicates, interning, the index)
    let reject = |f: Field, reason: String| Ok(Err((Some(f), reason)));
    let parse = |row: &Row, is_return: bool| -> Result<Parsed<ParsedSale>> {
        let date_cell = row.value(Field::Date);
        let Some(date_cell) = date_cell else {
            return reject(Field::Date, "missing order date".into());
        };
        let parser = if row.excel { &excel } else { &times };
        let date = match parser.parse(&date_cell) {
            Ok(t) => t,
            Err(e) => return reject(Field::Date, e),
        };
        let revenue = match row.value(Field::Revenue) {
            None => return reject(Field::Revenue, "missing revenue".into()),
            Some(v) => match values::money(&v, input.numbers) {
                Ok(x) => x,
                Err(e) => return reject(Field::Revenue, format!("revenue {e}")),
            },
        };
        let quantity = match row.value(Field::Quantity) {
            None if row.get(Field::Quantity).is_some() => {
                return reject(Field::Quantity, "missing quantity".into());
            }
            None => 1.0,
            Some(v) => match values::number(&v) {
                Ok(x) => x,
                Err(e) => return reject(Field::Quantity, format!("quantity {e}")),
            },
        };
        if quantity < 0.0 && returns_configured {
            return reject(
                Field::Quantity,
                format!(
                    "negative quantity {quantity} on a sales line while a returns input is configured (returns belong there)"
                ),
            );
        }
        if revenue < 0.0 && quantity >= 0.0 && !is_return {
            return reject(Field::Revenue, format!("negative revenue {revenue} on a sale line (refunds belong to returns)"));
        }
        if row.get(Field::OrderId).is_some() && row.value(Field::OrderId).is_none() {
            return reject(Field::OrderId, "missing order id".into());
        }
        let (key, product, category) = (line_key(row), row.value(Field::ProductId), row.value(Field::Category));
        let (name, order, customer) = (row.value(Field::ProductName), row.value(Field::OrderId), row.value(Field::CustomerId));
        let cells = Cells::new([
            key.as_deref(),
            product.as_deref(),
            category.as_deref(),
            name.as_deref(),
            order.as_deref(),
            customer.as_deref(),
        ]);
        let order_hash = order.as_deref().map(Hash::of);
        Ok(Ok(ParsedSale { date, revenue, quantity, is_return, cells, order_hash }))
    };
    let take = |st: &mut SalesState, line: ParsedSale| -> Result<()> {
        let ParsedSale { date, revenue, quantity, is_return, cells, order_hash } = line;
        if let Some(key) = cells.get(0) {
            if !st.line_ids.insert(key.into()) {
                dup += 1;
                return Ok(());
            }
        }
        let negative = quantity < 0.0;
        let product = cells.get(1).map(|p| st.interner.intern(p));
        let category = cells.get(2).map(|c| st.interner.intern(c));
        if let Some(p) = product {
            let name = cells.get(3).map(|n| st.interner.intern(n));
            let entry = st.sales.catalogue.entry(p).or_default();
            if entry.name.is_none() {
                entry.name = name;
            }
            if entry.category.is_none() {
                entry.category = category;
            }
        }
        let order = cells.get(4).zip(order_hash).map(|(o, h)| st.interner.intern_hashed(o, h).0);
        if let (Some(idx), Some(o), Some(p)) = (st.orders.as_mut(), order, product) {
            if !negative && !is_return {
                idx.offer(o, p, revenue, &st.interner);
            }
        }
        kept.keep(date, st.scope.in_period(date));
        st.returns_seen |= negative || is_return;
        if st.scope.keeps_sale(date) {
            if negative || is_return {
                st.sales.returns.push(ReturnLine { date, order, product, quantity: quantity.abs() });
            } else {
                if let Some(c) = cells.get(5) {
                    st.sales.buyer_names.push(st.sales.lines.len(), c);
                }
                st.sales.lines.push(SaleLine { date, order, product, category, quantity, revenue, customer: None });
            }
        }
        Ok(())
    };
    // lines wait their turn while their orders' slots are fetched
    rd.run_ahead(parse, &mut *st, |st| &st.interner, take)?;
    Ok(rd.finish(kept, dup))
}

pub(crate) fn read_returns(input: &Input, st: &mut SalesState) -> Result<(Accounting, Vec<Reject>)> {
    let mut rd = InputReader::new(input);
    let times = TimeParser::new(st.tz, &input.timestamp_formats);
    let excel = TimeParser::new(st.tz, &input.timestamp_formats).with_excel(true);
    let (mut kept, mut dup) = (Accounting::default(), 0u64);
    let mut line_ids: HashSet<Box<str>> = HashSet::new();
    rd.run(|row, _| {
        let Some(date_cell) = row.value(Field::Date) else {
            return Ok(Verdict::Reject { field: Some(Field::Date), reason: "missing return date".into() });
        };
        let parser = if row.excel { &excel } else { &times };
        let date = match parser.parse(&date_cell) {
            Ok(t) => t,
            Err(e) => {
                return Ok(Verdict::Reject { field: Some(Field::Date), reason: e });
            }
        };
        let quantity = match row.value(Field::Quantity) {
            None => 1.0,
            Some(v) => match values::number(&v) {
                Ok(x) if x >= 0.0 => x,
                Ok(x) => {
                    return Ok(Verdict::Reject {
                        field: Some(Field::Quantity),
                        reason: format!("negative returned quantity {x}"),
                    });
                }
                Err(e) => {
                    return Ok(Verdict::Reject { field: Some(Field::Quantity), reason: format!("quantity {e}") });
                }
            },
        };
        if let Some(key) = line_key(row) {
            if !line_ids.insert(key) {
                dup += 1;
                return Ok(Verdict::Valid);
            }
        }
        kept.keep(date, st.scope.in_period(date));
        if st.scope.keeps(date) {
            let order = row.value(Field::OrderId).map(|o| st.interner.intern(&o));
            let product = row.value(Field::ProductId).map(|p| st.interner.intern(&p));
            st.sales.returns.push(ReturnLine { date, order, product, quantity });
        }
        Ok(Verdict::Valid)
    })?;
    Ok(rd.finish(kept, dup))
}

/// The sales and returns inputs, not yet read.
pub struct SalesSource {
    pub(super) sales: Option<Input>,
    pub(super) returns: Option<Input>,
    pub(super) tz: chrono_tz::Tz,
    pub(super) scope: Scope,
    pub(super) need_orders: bool,
}

impl SalesSource {
    pub fn read(self) -> Result<SalesRead> {
        let mut st = SalesState {
            scope: &self.scope,
            tz: self.tz,
            interner: Interner::default(),
            sales: Sales::default(),
            orders: self.need_orders.then(OrderIndex::default),
            line_ids: HashSet::new(),
            returns_seen: false,
        };
        let mut accounting = Vec::new();
        let mut rejects = Vec::new();
        if let Some(s) = &self.sales {
            let (acc, rej) = read_sales(s, &mut st, self.returns.is_some())?;
            accounting.push((InputKind::Sales, acc));
            rejects.extend(rej);
        }
        if let Some(r) = &self.returns {
            let (acc, rej) = read_returns(r, &mut st)?;
            accounting.push((InputKind::Returns, acc));
            rejects.extend(rej);
        }
        Ok(SalesRead {
            sales: st.sales,
            orders: st.orders,
            interner: st.interner,
            accounting,
            rejects,
            returns_seen: st.returns_seen,
        })
    }
}
