//! voc-gen: deterministic data for voc's fixtures and benchmarks.
//!
//! ```text
//! voc-gen fixtures [--out fixtures]          the committed sample shop (11 weeks)
//! voc-gen bench --conversations N --out DIR  N conversations and as many order lines
//! ```
//!
//! The same seed always writes the same bytes. The shop: a Korean fashion store selling shoes,
//! tops, bottoms, outerwear, bags and accessories; its CS team answers chats weekdays 10–19.

mod bench;
mod catalogue;
mod clock;
mod text;
mod world;
mod write;

use std::path::PathBuf;

use bench::*;
use catalogue::*;
use clock::*;
use text::*;
use world::*;
use write::*;

// ---------------------------------------------------------------------------------------------
// A small deterministic generator (SplitMix64): the output must not change with a crate version.

pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(crate) fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.f() * n as f64) as usize % n.max(1)
    }
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    pub(crate) fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    pub(crate) fn weighted(&mut self, w: &[f64]) -> usize {
        let total: f64 = w.iter().sum();
        let mut x = self.f() * total;
        for (i, v) in w.iter().enumerate() {
            if x < *v {
                return i;
            }
            x -= v;
        }
        w.len() - 1
    }
    pub(crate) fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.f().max(1e-12), self.f());
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    /// Log-normal with the given median and spread.
    pub(crate) fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    match args.first().map(String::as_str) {
        Some("fixtures") => fixtures(&PathBuf::from(flag("--out").unwrap_or_else(|| "fixtures".into()))),
        Some("bench") => {
            let n: usize = flag("--conversations").and_then(|v| v.parse().ok()).unwrap_or(100_000);
            bench(n, &PathBuf::from(flag("--out").unwrap_or_else(|| format!("target/bench/{n}"))));
        }
        _ => {
            eprintln!("usage: voc-gen fixtures [--out DIR] | voc-gen bench --conversations N [--out DIR]");
            std::process::exit(2);
        }
    }
}
