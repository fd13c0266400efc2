//! The benchmark workload.

use std::io::Write as _;
use std::path::Path;

use chrono::NaiveDate;

use super::*;

// ---------------------------------------------------------------------------------------------
// Benchmark data: the same shop at scale, streamed to disk.

pub(crate) fn bench(n: usize, out: &Path) {
    let start = NaiveDate::from_ymd_opt(2026, 9, 21).expect("date");
    let days = 56; // 8 weeks
    let per_day = n as f64 / days as f64 / 0.857; // weekends are half as busy
    let w = simulate(20261117 ^ n as u64, start, days, per_day, per_day / 1.18, true);
    std::fs::create_dir_all(out).expect("dir");
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("conversations.csv")).expect("create"));
    let mut cw = csv::Writer::from_writer(&mut f);
    cw.write_record(CONV_HEADER).expect("write");
    for c in &w.convs {
        cw.write_record(conv_record(c, Style::Plain)).expect("write");
    }
    cw.flush().expect("flush");
    drop(cw);
    f.flush().expect("flush");
    let mut f = std::io::BufWriter::new(std::fs::File::create(out.join("orders.csv")).expect("create"));
    let mut sw = csv::Writer::from_writer(&mut f);
    sw.write_record(["주문일시", "주문번호", "상품코드", "상품명", "카테고리", "수량", "결제금액", "고객ID"]).expect("write");
    for l in &w.lines {
        let p = &PRODUCTS[l.product];
        sw.write_record([
            l.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            l.order.clone(),
            p.code.to_string(),
            p.name.to_string(),
            p.category.to_string(),
            l.qty.to_string(),
            l.revenue.to_string(),
            l.customer.clone(),
        ])
        .expect("write");
    }
    sw.flush().expect("flush");
    drop(sw);
    let mut rw = csv::Writer::from_path(out.join("returns.csv")).expect("create");
    rw.write_record(["반품일시", "주문번호", "상품코드", "수량"]).expect("write");
    for r in &w.returns {
        rw.write_record([
            r.at.format("%Y-%m-%d %H:%M:%S").to_string(),
            r.order.clone(),
            PRODUCTS[r.product].code.to_string(),
            r.qty.to_string(),
        ])
        .expect("write");
    }
    rw.flush().expect("flush");
    w.report(out);
}
