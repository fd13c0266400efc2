//! The shop's products, order lines and returns.

use chrono::NaiveDateTime;

// ---------------------------------------------------------------------------------------------
// The shop

pub(crate) struct Product {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) category: &'static str,
    pub(crate) price: u32,
    pub(crate) popularity: f64,
}

pub(crate) const PRODUCTS: &[Product] = &[
    Product { code: "P-SH01", name: "러닝화 에어라이트", category: "신발", price: 89000, popularity: 9.0 },
    Product { code: "P-SH02", name: "캔버스 스니커즈", category: "신발", price: 59000, popularity: 7.0 },
    Product { code: "P-SH03", name: "첼시 부츠", category: "신발", price: 129000, popularity: 4.0 },
    Product { code: "P-SH04", name: "슬립온 로퍼", category: "신발", price: 79000, popularity: 3.0 },
    Product { code: "P-TP01", name: "오버핏 맨투맨", category: "상의", price: 39000, popularity: 8.0 },
    Product { code: "P-TP02", name: "옥스포드 셔츠", category: "상의", price: 45000, popularity: 5.0 },
    Product { code: "P-TP03", name: "기모 후드티", category: "상의", price: 49000, popularity: 6.0 },
    Product { code: "P-TP04", name: "니트 가디건", category: "상의", price: 59000, popularity: 4.0 },
    Product { code: "P-BT01", name: "와이드 데님", category: "하의", price: 55000, popularity: 6.0 },
    Product { code: "P-BT02", name: "조거 팬츠", category: "하의", price: 35000, popularity: 5.0 },
    Product { code: "P-BT03", name: "세미와이드 슬랙스", category: "하의", price: 49000, popularity: 4.0 },
    Product { code: "P-OT01", name: "경량 패딩", category: "아우터", price: 119000, popularity: 3.0 },
    Product { code: "P-OT02", name: "울 블렌드 코트", category: "아우터", price: 229000, popularity: 2.0 },
    Product { code: "P-OT03", name: "바람막이 자켓", category: "아우터", price: 79000, popularity: 3.0 },
    Product { code: "P-BG01", name: "캔버스 백팩", category: "가방", price: 69000, popularity: 3.0 },
    Product { code: "P-BG02", name: "미니 크로스백", category: "가방", price: 39000, popularity: 3.0 },
    Product { code: "P-AC01", name: "울 머플러", category: "액세서리", price: 29000, popularity: 2.0 },
    Product { code: "P-AC02", name: "코튼 볼캡", category: "액세서리", price: 25000, popularity: 3.0 },
    Product { code: "P-AC03", name: "데일리 양말 5팩", category: "액세서리", price: 12000, popularity: 5.0 },
];

/// Outerwear and knits sell more as autumn goes on (day 0 = 2026-08-31).
pub(crate) fn popularity(p: &Product, day: i64, bench: bool) -> f64 {
    if bench {
        return p.popularity;
    }
    let season = day as f64 / 77.0;
    match p.category {
        "아우터" => p.popularity * (0.4 + 2.2 * season),
        "상의" if p.name.contains("니트") || p.name.contains("기모") => p.popularity * (0.7 + 0.8 * season),
        _ => p.popularity,
    }
}

pub(crate) struct Line {
    pub(crate) at: NaiveDateTime,
    pub(crate) order: String,
    pub(crate) product: usize,
    pub(crate) qty: i32,
    pub(crate) revenue: i64,
    pub(crate) status: &'static str,
    /// Who ordered (set by [`super::world`]'s buyers pass, after the simulation).
    pub(crate) customer: String,
}

pub(crate) struct Ret {
    pub(crate) at: NaiveDateTime,
    pub(crate) order: String,
    pub(crate) product: usize,
    pub(crate) qty: i32,
}
