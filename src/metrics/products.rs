//! 문의가 자주 발생하는 상품군 and 매출 상위 N 상품의 문의·반품 건수.

use rustc_hash::{FxHashMap, FxHashSet};
use serde::Serialize;

use super::stats::{Num, ratio};
use super::{Ctx, Slice};
use crate::model::Sym;

#[derive(Debug, Clone, Serialize)]
pub struct ProductGroup {
    /// The sales category; null collects conversations with no product (or no category).
    pub group: Option<String>,
    pub inquiries: u64,
    pub revenue: Option<Num>,
    pub per_revenue_unit: Option<f64>,
}

/// A sale line's category: its own, else its product's from the catalogue.
fn line_category(cx: &Ctx, l: &crate::model::SaleLine) -> Option<Sym> {
    l.category.or_else(|| l.product.and_then(|p| cx.tagged.sales.catalogue.get(&p)).and_then(|e| e.category))
}

/// Per category: conversations whose product is in it, revenue of its lines, and inquiries per
/// revenue unit. Sorted by inquiries, then revenue (both descending), then name; null last.
pub fn product_groups(cx: &Ctx, s: &Slice) -> Vec<ProductGroup> {
    let has_sales = cx.tagged.mapped.sales;
    let mut inquiries: FxHashMap<Option<Sym>, u64> = FxHashMap::default();
    for c in &s.convs {
        *inquiries.entry(c.category.get()).or_default() += 1;
    }
    let mut revenue: FxHashMap<Option<Sym>, f64> = FxHashMap::default();
    for l in &s.lines {
        if let Some(cat) = line_category(cx, l) {
            *revenue.entry(Some(cat)).or_default() += l.revenue;
        }
    }
    let keys: FxHashSet<Option<Sym>> = inquiries.keys().chain(revenue.keys()).copied().collect();
    let mut out: Vec<ProductGroup> = keys
        .into_iter()
        .map(|k| {
            let inq = inquiries.get(&k).copied().unwrap_or(0);
            let rev = if has_sales && k.is_some() { Some(revenue.get(&k).copied().unwrap_or(0.0)) } else { None };
            ProductGroup {
                group: k.map(|k| cx.name(k).to_string()),
                inquiries: inq,
                revenue: rev.map(Num),
                per_revenue_unit: rev.and_then(|r| ratio(inq as f64, r / cx.cfg.revenue_unit)),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.group.is_none(), std::cmp::Reverse(a.inquiries))
            .cmp(&(b.group.is_none(), std::cmp::Reverse(b.inquiries)))
            .then(b.revenue.map(|r| r.0).unwrap_or(0.0).total_cmp(&a.revenue.map(|r| r.0).unwrap_or(0.0)))
            .then(a.group.cmp(&b.group))
    });
    out
}

#[derive(Debug, Clone, Serialize)]
pub struct TopProduct {
    pub rank: u32,
    pub product_id: String,
    pub name: Option<String>,
    pub category: Option<String>,
    pub revenue: Num,
    pub units: Num,
    pub orders: Option<u64>,
    /// Conversations of the period linked to the product.
    pub inquiries: u64,
    /// Returned units in the period.
    /// Returned units; null without any source of returns.
    pub returns: Option<Num>,
    /// `returns / units`; null when no units were sold.
    pub return_rate: Option<f64>,
}

/// The `top_products` best sellers by revenue (ties: product id).
pub fn top_products(cx: &Ctx, s: &Slice) -> Vec<TopProduct> {
    // (revenue, units) per product
    let mut agg: FxHashMap<Sym, (f64, f64)> = FxHashMap::default();
    for l in &s.lines {
        if let Some(p) = l.product {
            let a = agg.entry(p).or_default();
            a.0 += l.revenue;
            a.1 += l.quantity;
        }
    }
    let mut ranked: Vec<(Sym, (f64, f64))> = agg.into_iter().collect();
    ranked.sort_by(|(pa, a), (pb, b)| b.0.total_cmp(&a.0).then_with(|| cx.name(*pa).cmp(cx.name(*pb))));
    ranked.truncate(cx.cfg.report.top_products);
    let wanted: FxHashMap<Sym, usize> = ranked.iter().enumerate().map(|(i, (p, _))| (*p, i)).collect();
    // distinct orders, for the ranked products only
    let mut lines: Vec<Vec<Sym>> = vec![Vec::new(); ranked.len()];
    for l in &s.lines {
        if let (Some(&i), Some(o)) = (l.product.and_then(|p| wanted.get(&p)), l.order) {
            lines[i].push(o);
        }
    }
    let orders: FxHashMap<Sym, u64> = ranked.iter().map(|(p, _)| *p).zip(super::sales::distinct(&lines)).collect();
    let mut inquiries: FxHashMap<Sym, u64> = FxHashMap::default();
    for c in &s.convs {
        if let Some(p) = c.product.get().filter(|p| wanted.contains_key(p)) {
            *inquiries.entry(p).or_default() += 1;
        }
    }
    let mut returns: FxHashMap<Sym, f64> = FxHashMap::default();
    for r in &s.returns {
        if let Some(p) = r.product.filter(|p| wanted.contains_key(p)) {
            *returns.entry(p).or_default() += r.quantity;
        }
    }
    let has_orders = cx.tagged.mapped.orders;
    let has_returns = cx.tagged.mapped.returns;
    ranked
        .into_iter()
        .enumerate()
        .map(|(i, (p, (revenue, units)))| {
            let entry = cx.tagged.sales.catalogue.get(&p);
            let ret = returns.get(&p).copied().unwrap_or(0.0);
            TopProduct {
                rank: i as u32 + 1,
                product_id: cx.name(p).to_string(),
                name: entry.and_then(|e| e.name).map(|n| cx.name(n).to_string()),
                category: entry.and_then(|e| e.category).map(|n| cx.name(n).to_string()),
                revenue: Num(revenue),
                units: Num(units),
                orders: has_orders.then(|| orders.get(&p).copied().unwrap_or(0)),
                inquiries: inquiries.get(&p).copied().unwrap_or(0),
                returns: has_returns.then_some(Num(ret)),
                return_rate: if has_returns { ratio(ret, units) } else { None },
            }
        })
        .collect()
}
