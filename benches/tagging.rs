//! Tagging throughput on its own (BENCHMARKS.md): every conversation text of a `voc-gen bench`
//! file through the compiled taxonomy, on one core and on all, reported as MB/s of text.
//!
//!     cargo bench --bench tagging -- target/bench/1000000/conversations.csv [config/taxonomy.yaml]

use std::path::Path;
use std::time::Instant;

use rayon::prelude::*;
use voc::model::Fields;
use voc::taxonomy::{Scratch, compile};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(csv_path) = args.first() else {
        eprintln!("usage: cargo bench --bench tagging -- CONVERSATIONS.csv [TAXONOMY.yaml]");
        std::process::exit(2);
    };
    let tax_path = args.get(1).map(String::as_str).unwrap_or("config/taxonomy.yaml");
    let tax = compile::load(Path::new(tax_path)).expect("taxonomy");
    let mut rdr = csv::Reader::from_path(csv_path).expect("csv");
    let headers = rdr.headers().expect("header").clone();
    let col = |n: &str| headers.iter().position(|h| h == n).expect(n);
    let (title, body) = (col("제목"), col("내용"));
    let texts: Vec<String> = rdr.records().map(|r| r.expect("record")).map(|r| format!("{}\n{}", &r[title], &r[body])).collect();
    let mb = texts.iter().map(|t| t.len()).sum::<usize>() as f64 / 1e6;
    let fields = Fields::default();
    for round in 0..3 {
        let t = Instant::now();
        let mut s = Scratch::default();
        let mut tagged = 0usize;
        for text in &texts {
            tagged += tax.classify(text, &fields, None, &mut s).primary.is_some() as usize;
        }
        let one = t.elapsed().as_secs_f64();
        let t = Instant::now();
        let par: usize = texts
            .par_iter()
            .map_init(Scratch::default, |s, text| tax.classify(text, &fields, None, s).primary.is_some() as usize)
            .sum();
        let all = t.elapsed().as_secs_f64();
        assert_eq!(tagged, par);
        println!(
            "round {round}: {} texts, {mb:.1} MB: one core {:.2} s = {:.0} MB/s; {} threads {:.2} s = {:.0} MB/s ({:.1}% tagged)",
            texts.len(),
            one,
            mb / one,
            rayon::current_num_threads(),
            all,
            mb / all,
            100.0 * tagged as f64 / texts.len() as f64
        );
    }
}
