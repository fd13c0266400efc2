//! voc-gen: deterministic data for voc's fixtures and benchmarks.
//!
//! ```text
//! voc-gen fixtures [--out fixtures]          the committed sample shop (11 weeks)
//! voc-gen bench --conversations N --out DIR  N conversations and as many order lines
//! ```
//!
//! The same seed always writes the same bytes. The shop: a Korean fashion store selling shoes,
//! tops, bottoms, outerwear, bags and accessories; its CS team answers chats weekdays 10–19.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

// ---------------------------------------------------------------------------------------------
// A small deterministic generator (SplitMix64): the output must not change with a crate version.

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.f() * n as f64) as usize % n.max(1)
    }
    fn chance(&mut self, p: f64) -> bool {
        self.f() < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn weighted(&mut self, w: &[f64]) -> usize {
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
    fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.f().max(1e-12), self.f());
        (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
    }
    /// Log-normal with the given median and spread.
    fn lognormal(&mut self, median: f64, sigma: f64) -> f64 {
        median * (sigma * self.normal()).exp()
    }
}

// ---------------------------------------------------------------------------------------------
// The shop

struct Product {
    code: &'static str,
    name: &'static str,
    category: &'static str,
    price: u32,
    popularity: f64,
}

const PRODUCTS: &[Product] = &[
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
fn popularity(p: &Product, day: i64, bench: bool) -> f64 {
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

struct Line {
    at: NaiveDateTime,
    order: String,
    product: usize,
    qty: i32,
    revenue: i64,
    status: &'static str,
}

struct Ret {
    at: NaiveDateTime,
    order: String,
    product: usize,
    qty: i32,
}

// ---------------------------------------------------------------------------------------------
// Conversations

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum T {
    Before,
    After,
    Exchange,
    Return,
    Refund,
    Size,
    Stock,
    Defect,
    PayError,
    Receipt,
    Account,
    Promo,
    Other,
    None,
}

/// Base shares of the true reasons customers write.
const MIX: &[(T, f64)] = &[
    (T::Before, 17.0),
    (T::After, 13.0),
    (T::Exchange, 8.0),
    (T::Return, 6.0),
    (T::Refund, 5.0),
    (T::Size, 11.0),
    (T::Stock, 7.0),
    (T::Defect, 6.0),
    (T::PayError, 3.0),
    (T::Receipt, 2.5),
    (T::Account, 4.0),
    (T::Promo, 5.0),
    (T::Other, 2.0),
    (T::None, 10.5),
];

fn manual_names(t: T) -> &'static [&'static str] {
    match t {
        T::Before => &["배송/배송 전 문의", "배송 전 문의", "delivery.before"],
        T::After => &["배송/배송 후 문의", "배송 후 문의"],
        T::Exchange => &["교환", "교환문의", "교환·반품·환불/교환"],
        T::Return => &["반품", "반품요청"],
        T::Refund => &["환불", "환불문의"],
        T::Size => &["사이즈문의", "사이즈"],
        T::Stock => &["재입고문의", "재고·입고"],
        T::Defect => &["불량문의", "불량·AS"],
        T::PayError => &["결제/결제 오류", "결제 오류"],
        T::Receipt => &["영수증·결제수단"],
        T::Account => &["계정문의", "회원·계정"],
        T::Promo => &["쿠폰·이벤트"],
        T::Other => &["기타"],
        T::None => &[],
    }
}

fn title_and_body(t: T, r: &mut Rng, product: &str, order: Option<&str>) -> (String, String) {
    let ord = order.map(|o| format!("주문번호 {o} ")).unwrap_or_default();
    let pick = |r: &mut Rng, xs: &[&str]| xs[r.below(xs.len())].to_string();
    let (titles, bodies): (&[&str], Vec<String>) = match t {
        T::Before => (
            &["배송 문의", "출고 문의", "언제 와요?", "배송일 문의", ""],
            vec![
                format!("{ord}{product} 주문했는데 언제 출고되나요?"),
                "어제 주문했는데 배송 언제 시작하나요".into(),
                format!("{product} 금요일까지 받을 수 있을까요? 선물이라 빨리 받고 싶어요"),
                "배송언제와요? 주문한지 3일 됐어요".into(),
                format!("{ord}배송지 변경 가능할까요? 아직 발송 전이면 회사 주소로 부탁드려요"),
                "두 건 주문했는데 합배송 되나요".into(),
                format!("{product} 도착 예정일이 언제쯤인가요"),
            ],
        ),
        T::After => (
            &["배송 조회", "택배 문의", "상품 미수령", "송장 문의", ""],
            vec![
                "배송 완료로 뜨는데 물건을 못 받았어요".into(),
                format!("{ord}송장번호 조회가 안 돼요"),
                "택배 조회하면 이틀째 같은 곳에 있어요".into(),
                format!("{product} 2개 주문했는데 1개 누락됐어요"),
                "경비실에도 없고 택배가 안 왔어요".into(),
                format!("{ord}다른 상품이 왔어요. 주문한 건 {product}인데요"),
            ],
        ),
        T::Exchange => (
            &["교환 요청", "교환 문의", "사이즈 교환", ""],
            vec![
                format!("{product} 사이즈가 작아서 한 치수 큰 걸로 교환하고 싶어요"),
                format!("{ord}색상 교환 가능한가요?"),
                "사이즈 교환 신청했는데 언제 받을 수 있나요".into(),
                format!("{product} 교환 접수했어요. 회수는 언제 오나요"),
            ],
        ),
        T::Return => (
            &["반품 문의", "반품 요청", ""],
            vec![
                format!("{product} 단순 변심인데 반품 되나요?"),
                format!("{ord}반품 신청했는데 수거 기사님이 안 오셨어요"),
                "반품 배송비는 얼마인가요".into(),
                format!("{product} 반품하려고요. 포장 뜯었는데 가능한가요"),
            ],
        ),
        T::Refund => (
            &["환불 문의", "환불 요청", ""],
            vec![
                "반품 보냈는데 환불 언제 되나요?".into(),
                format!("{ord}카드 취소가 아직 안 됐어요"),
                "환불 금액이 결제 금액이랑 달라요".into(),
                "취소했는데 입금 언제 되나요".into(),
            ],
        ),
        T::Size => (
            &["사이즈 문의", "사이즈", "핏 문의", ""],
            vec![
                format!("{product} 평소 265mm 신는데 몇 사이즈 사면 될까요?"),
                format!("{product} 정사이즈인가요? 발볼이 넓은 편이에요"),
                format!("키 175에 70kg인데 {product} L 입으면 클까요?"),
                format!("{product} 실측 사이즈 알 수 있을까요? 총장이랑 어깨 너비요"),
                format!("{product} 250 신는데 반업 해야 하나요"),
                format!("{product} 작게 나오나요 크게 나오나요"),
                format!("허리 둘레 30인데 {product} M이면 맞을까요"),
            ],
        ),
        T::Stock => (
            &["재입고 문의", "재고 문의", "품절 문의", ""],
            vec![
                format!("{product} 블랙 270 품절인데 재입고 예정 있나요?"),
                format!("{product} M 사이즈 재고 언제 들어오나요"),
                format!("{product} 다시 판매 안 하나요?"),
                format!("{product} 재고 있나요? 바로 주문하려고요"),
            ],
        ),
        T::Defect => (
            &["불량 문의", "상품 하자", "AS 문의", ""],
            vec![
                format!("{product} 한 번 신었는데 밑창이 떨어졌어요"),
                format!("{ord}{product} 박음질이 풀려 있고 얼룩이 있어요"),
                format!("{product} 받았는데 구멍이 나 있어요. 불량 같아요"),
                format!("{product} 세탁 한 번에 보풀이 심하게 일어나요"),
                format!("{product} A/S 신청은 어떻게 하나요?"),
            ],
        ),
        T::PayError => (
            &["결제 오류", "결제 문의", ""],
            vec![
                "카드 결제가 안 돼요. 승인 거절이라고 떠요".into(),
                "결제 중 오류가 났는데 돈은 빠져나갔어요".into(),
                format!("{product} 주문하는데 결제 실패가 계속 떠요"),
                "두 번 결제된 것 같아요 확인 부탁드려요".into(),
            ],
        ),
        T::Receipt => (
            &["영수증", "결제 수단 문의", ""],
            vec![
                format!("{ord}현금영수증 발급 부탁드려요"),
                "무통장 입금 계좌 알려주세요".into(),
                "세금계산서 발행 가능한가요".into(),
            ],
        ),
        T::Account => (
            &["계정 문의", "로그인 문의", ""],
            vec![
                "비밀번호를 잊어버렸어요".into(),
                "로그인이 안 돼요 아이디 찾기 어떻게 하나요".into(),
                "회원 탈퇴는 어디서 하나요?".into(),
                "VIP 등급 기준이 궁금해요".into(),
                "적립금이 안 들어왔어요".into(),
            ],
        ),
        T::Promo => (
            &["쿠폰 문의", "이벤트 문의", ""],
            vec![
                "신규가입 쿠폰이 적용이 안 돼요".into(),
                "블랙프라이데이 세일 언제 해요?".into(),
                format!("{product} 이벤트 사은품 아직 남았나요"),
                "할인 코드 입력했는데 오류가 나요".into(),
            ],
        ),
        T::Other => (
            &["문의", "기타 문의", ""],
            vec![
                "선물 포장 되나요?".into(),
                "단체 주문 50벌 가능할까요".into(),
                "오프라인 매장도 있나요".into(),
                "입점 제휴 문의드립니다".into(),
            ],
        ),
        T::None => (
            &["문의", "문의드립니다", "확인 부탁드려요", ""],
            vec![
                "안녕하세요 문의드립니다".into(),
                "상담원 연결해주세요".into(),
                "확인 부탁드립니다".into(),
                format!("{ord}확인 좀 해주세요"),
                "답변 기다리고 있어요".into(),
                format!("{product} 관련해서 여쭤볼게 있어요"),
            ],
        ),
    };
    let title = pick(r, titles);
    let body = bodies[r.below(bodies.len())].clone();
    (title, body)
}

const RISK_LINES: &[&str] = &[
    "계속 이러시면 소비자원에 신고하겠습니다.",
    "1372에 민원 넣을 거예요.",
    "상담원 태도가 너무 불친절해요.",
    "지난번에 상담원이 잘못 안내해서 배송비를 냈어요. 보상해 주세요.",
    "택배 박스에 다른 사람 주소가 붙어 왔어요. 개인정보 유출 아닌가요?",
];

// ---------------------------------------------------------------------------------------------
// Times

/// When customers write: quiet at night, busy late morning, afternoon and evening.
const HOURLY: [f64; 24] =
    [1.2, 0.6, 0.3, 0.2, 0.2, 0.3, 0.8, 1.5, 2.5, 4.0, 6.0, 6.5, 5.0, 5.5, 6.0, 6.0, 5.5, 5.0, 4.5, 4.0, 4.5, 5.0, 4.0, 2.5];

fn time_in_day(r: &mut Rng, d: NaiveDate) -> NaiveDateTime {
    let h = r.weighted(&HOURLY) as u32;
    let secs = r.below(3600) as u32;
    d.and_time(NaiveTime::from_hms_opt(h, secs / 60, secs % 60).expect("valid"))
}

fn open_day(d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// The first moment at or after `t` inside the CS team's hours (10–19, weekdays).
fn next_open(t: NaiveDateTime, holidays: &[NaiveDate]) -> NaiveDateTime {
    let mut d = t.date();
    let open = NaiveTime::from_hms_opt(10, 0, 0).expect("valid");
    let close = NaiveTime::from_hms_opt(19, 0, 0).expect("valid");
    loop {
        if open_day(d, holidays) {
            if d == t.date() && t.time() >= open && t.time() < close {
                return t;
            }
            if d > t.date() || t.time() < open {
                return d.and_time(open);
            }
        }
        d = d.succ_opt().expect("date");
    }
}

fn holidays() -> Vec<NaiveDate> {
    ["2026-09-24", "2026-09-25", "2026-09-26", "2026-10-05", "2026-10-09"]
        .iter()
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Output

struct Conv {
    id: String,
    at: NaiveDateTime,
    response: Option<NaiveDateTime>,
    channel: &'static str,
    customer: String,
    segment: &'static str,
    product: Option<&'static str>,
    order: Option<String>,
    title: String,
    body: String,
    tags: String,
    ces: Option<u32>,
    csat: Option<u32>,
    nps: Option<u32>,
}

const CHANNELS: &[(&str, f64)] =
    &[("채널톡", 52.0), ("카카오톡", 26.0), ("이메일", 10.0), ("인스타그램", 6.0), ("네이버톡톡", 6.0)];

struct World {
    lines: Vec<Line>,
    returns: Vec<Ret>,
    convs: Vec<Conv>,
}

fn simulate(seed: u64, start: NaiveDate, days: i64, convs_per_day: f64, lines_per_day: f64, bench: bool) -> World {
    let mut r = Rng(seed);
    let hol = if bench { Vec::new() } else { holidays() };
    let end = start + Duration::days(days);
    let mut lines: Vec<Line> = Vec::new();
    let mut returns = Vec::new();
    let mut convs = Vec::new();
    // recent orders a conversation can be about: (order id, product index, time)
    let mut recent: Vec<(String, usize, NaiveDateTime)> = Vec::new();
    let ncustomers = ((convs_per_day * days as f64) / 2.2).max(50.0) as usize;
    let mut conv_seq = 0usize;
    for di in 0..days {
        let d = start + Duration::days(di);
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        // ---- sales
        let trend = if bench { 1.0 } else { 1.0 + 0.004 * di as f64 };
        let n_lines = (lines_per_day * trend * if weekend { 1.2 } else { 1.0 } * (0.9 + 0.2 * r.f())) as usize;
        let weights: Vec<f64> = PRODUCTS.iter().map(|p| popularity(p, di, bench)).collect();
        let mut made = 0;
        let mut order_no = 0;
        while made < n_lines {
            order_no += 1;
            let order = format!("O{}{:05}", d.format("%Y%m%d"), order_no);
            let at = time_in_day(&mut r, d);
            let n = 1 + r.weighted(&[70.0, 22.0, 8.0]);
            let cancelled = r.chance(0.02);
            let mut used = Vec::new();
            for _ in 0..n {
                let p = r.weighted(&weights);
                if used.contains(&p) {
                    continue;
                }
                used.push(p);
                let qty = if r.chance(0.86) { 1 } else { 2 };
                let mut revenue = PRODUCTS[p].price as i64 * qty as i64;
                if r.chance(0.12) {
                    revenue = revenue * 9 / 10 / 100 * 100;
                }
                let age = (end - d).num_days();
                let status = if cancelled {
                    "취소"
                } else if age > 4 {
                    "배송완료"
                } else if age > 1 {
                    "배송중"
                } else {
                    "결제완료"
                };
                if !cancelled {
                    let rate = if PRODUCTS[p].category == "신발" { 0.07 } else { 0.03 };
                    if r.chance(rate) {
                        let back = at + Duration::days(3 + r.below(9) as i64) + Duration::minutes(r.below(600) as i64);
                        if back.date() < end {
                            returns.push(Ret { at: back, order: order.clone(), product: p, qty: 1 });
                        }
                    }
                    recent.push((order.clone(), p, at));
                }
                lines.push(Line { at, order: order.clone(), product: p, qty, revenue, status });
                made += 1;
            }
        }
        // keep ~10 days of orders to talk about
        let horizon = d.and_time(NaiveTime::MIN) - Duration::days(10);
        recent.retain(|(_, _, t)| *t >= horizon);
        if bench {
            recent.sort_by_key(|x| x.2);
        }

        // ---- conversations
        let mut n = (convs_per_day * if weekend { 0.5 } else { 1.0 } * (0.9 + 0.2 * r.f())) as usize;
        let spike_day = !bench && d == NaiveDate::from_ymd_opt(2026, 11, 11).expect("date");
        if spike_day {
            n += 22;
        }
        let season = if bench { 0.0 } else { di as f64 / days as f64 };
        let mix: Vec<f64> = MIX
            .iter()
            .map(|(t, w)| match t {
                T::Size | T::Stock => w * (0.8 + 0.5 * season),
                _ => *w,
            })
            .collect();
        for k in 0..n {
            conv_seq += 1;
            let t = if spike_day && k < 22 { T::Defect } else { MIX[r.weighted(&mix)].0 };
            let at = time_in_day(&mut r, d);
            let about_order =
                matches!(t, T::Before | T::After | T::Exchange | T::Return | T::Refund | T::Defect | T::PayError | T::Receipt)
                    || (t == T::None && r.chance(0.3));
            let (mut product, mut order) = (None, None);
            if spike_day && k < 22 {
                product = Some(0);
            } else if about_order && recent_before(&recent, at, bench) > 0 {
                let (o, p, _) = if bench {
                    // `recent` is sorted by time in bench mode: pick among the first k
                    recent[r.below(recent_before(&recent, at, bench))].clone()
                } else {
                    let earlier: Vec<&(String, usize, NaiveDateTime)> = recent.iter().filter(|(_, _, t)| *t < at).collect();
                    (*r.pick(&earlier)).clone()
                };
                if r.chance(0.8) {
                    order = Some(o);
                }
                if order.is_none() || r.chance(0.6) {
                    product = Some(p);
                }
            } else if matches!(t, T::Size | T::Stock | T::Promo) || r.chance(0.25) {
                product = Some(r.weighted(&weights));
            }
            let pname = product.map_or("상품", |p| PRODUCTS[p].name);
            let (title, mut body) = title_and_body(t, &mut r, pname, order.as_deref());
            if spike_day && k < 22 {
                body = format!("{} 산 지 2주 만에 밑창이 떨어졌어요. 불량 아닌가요?", PRODUCTS[0].name);
                if k % 5 == 0 {
                    body.push_str(" 다른 분들도 그렇다는데 리콜 안 하나요?");
                }
                if k == 7 {
                    body.push_str(" 답 없으면 소비자원에 신고할게요.");
                }
            } else if r.chance(0.012) {
                body = format!("{body} {}", r.pick(RISK_LINES));
            }
            if r.chance(0.03) {
                let phone = format!("010-{:04}-{:04}", 1000 + r.below(9000), r.below(10000));
                let _ = write!(body, " 연락처 {phone} 로 전화 주세요");
            } else if r.chance(0.02) {
                let _ = write!(body, " 답장은 user{}@example.com 으로 주세요", r.below(900) + 100);
            }
            // customers: a few come back several times
            let cust = if r.chance(0.25) { r.below(ncustomers / 20 + 1) } else { r.below(ncustomers) };
            let customer = format!("U{:06}", 100000 + cust * 7 % 900000);
            let segment = if cust % 9 == 0 { "VIP" } else { "일반" };
            let channel = CHANNELS[r.weighted(&CHANNELS.iter().map(|c| c.1).collect::<Vec<_>>())].0;
            // first response
            let revenue_class = matches!(t, T::Size | T::Stock | T::PayError);
            let response = if r.chance(0.03) {
                None
            } else {
                let base = next_open(at, &hol);
                let median = if revenue_class { 240.0 } else { 540.0 };
                let delay = r.lognormal(median, 0.9).min(6.0 * 3600.0);
                Some(base + Duration::seconds(delay as i64 + 20))
            };
            let waited = response.map(|x| (x - at).num_minutes()).unwrap_or(10_000);
            let happy = if waited < 15 {
                1.0
            } else if waited < 120 {
                0.0
            } else {
                -1.0
            };
            let score = |r: &mut Rng, lo: i32, hi: i32, centre: f64| -> u32 {
                let v = (centre + happy * (hi - lo) as f64 * 0.15 + r.normal() * (hi - lo) as f64 * 0.18).round() as i32;
                v.clamp(lo, hi) as u32
            };
            let ces = r.chance(0.2).then(|| score(&mut r, 1, 7, 5.3));
            let csat = r.chance(0.25).then(|| score(&mut r, 1, 5, 3.9));
            let nps = r.chance(0.1).then(|| score(&mut r, 0, 10, 7.6));
            let names = manual_names(t);
            let tags = if !names.is_empty() && r.chance(0.35) {
                let v = r.pick(names).to_string();
                if r.chance(0.15) { format!("VIP응대, {v}") } else { v }
            } else if r.chance(0.03) {
                "확인중".to_string()
            } else {
                String::new()
            };
            convs.push(Conv {
                id: format!("CH-{}-{:05}", d.format("%y%m%d"), conv_seq),
                at,
                response,
                channel,
                customer,
                segment,
                product: product.map(|p| PRODUCTS[p].code),
                order,
                title,
                body,
                tags,
                ces,
                csat,
                nps,
            });
        }
    }
    convs.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    lines.sort_by(|a, b| a.at.cmp(&b.at).then(a.order.cmp(&b.order)));
    returns.sort_by(|a, b| a.at.cmp(&b.at).then(a.order.cmp(&b.order)));
    World { lines, returns, convs }
}

/// How many of the recent orders were placed before `at` (bench mode keeps them sorted).
fn recent_before(recent: &[(String, usize, NaiveDateTime)], at: NaiveDateTime, sorted: bool) -> usize {
    if sorted { recent.partition_point(|x| x.2 < at) } else { recent.iter().filter(|x| x.2 < at).count() }
}

fn korean_ampm(t: NaiveDateTime) -> String {
    let h = t.hour12();
    format!(
        "{} {} {}:{:02}",
        t.format("%Y-%m-%d"),
        if h.0 { "오후" } else { "오전" },
        h.1,
        t.format("%M").to_string().parse::<u32>().unwrap_or(0)
    )
}

use chrono::Timelike;

#[derive(Clone, Copy)]
enum Style {
    KoreanAmPm,
    Plain,
    IsoOffset,
}

fn ts(t: NaiveDateTime, s: Style) -> String {
    match s {
        Style::KoreanAmPm => korean_ampm(t),
        Style::Plain => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        Style::IsoOffset => t.format("%Y-%m-%dT%H:%M:%S+09:00").to_string(),
    }
}

const CONV_HEADER: [&str; 14] = [
    "상담ID",
    "생성일시",
    "첫응답일시",
    "채널",
    "고객ID",
    "고객등급",
    "상품코드",
    "주문번호",
    "제목",
    "내용",
    "태그",
    "CES",
    "만족도",
    "NPS",
];

fn conv_record(c: &Conv, s: Style) -> Vec<String> {
    let opt = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
    vec![
        c.id.clone(),
        ts(c.at, s),
        c.response.map(|r| ts(r, s)).unwrap_or_default(),
        c.channel.to_string(),
        c.customer.clone(),
        c.segment.to_string(),
        c.product.unwrap_or("").to_string(),
        c.order.clone().unwrap_or_default(),
        c.title.clone(),
        c.body.clone(),
        c.tags.clone(),
        opt(c.ces),
        opt(c.csat),
        opt(c.nps),
    ]
}

fn write_csv(path: &Path, header: &[&str], rows: impl IntoIterator<Item = Vec<String>>, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(b"\xEF\xBB\xBF");
    }
    {
        let mut w = csv::WriterBuilder::new().flexible(true).terminator(csv::Terminator::CRLF).from_writer(&mut out);
        w.write_record(header).expect("write");
        for r in rows {
            w.write_record(&r).expect("write");
        }
        w.flush().expect("flush");
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, &out).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
    out
}

fn month_of(t: NaiveDateTime) -> (i32, u32) {
    // the export covering 2026-08-31 is September's
    let d = if t.date() == NaiveDate::from_ymd_opt(2026, 8, 31).expect("date") { t.date() + Duration::days(1) } else { t.date() };
    (d.year(), d.month())
}

fn fixtures(out: &Path) {
    let start = NaiveDate::from_ymd_opt(2026, 8, 31).expect("date");
    let w = simulate(20261116, start, 77, 70.0, 300.0, false);

    // ---- products catalogue (UTF-8 with BOM, as Excel writes)
    write_csv(
        &out.join("products.csv"),
        &["상품코드", "상품명", "카테고리"],
        PRODUCTS.iter().map(|p| vec![p.code.to_string(), p.name.to_string(), p.category.to_string()]),
        true,
    );

    // ---- conversations, one export per month, each with its own timestamp style
    let months = [((2026, 9), Style::KoreanAmPm), ((2026, 10), Style::Plain), ((2026, 11), Style::IsoOffset)];
    for ((y, m), style) in months {
        let mut rows: Vec<Vec<String>> =
            w.convs.iter().filter(|c| month_of(c.at) == (y, m)).map(|c| conv_record(c, style)).collect();
        if (y, m) == (2026, 11) {
            plant_conversation_faults(&mut rows, &w, style);
        }
        let bytes = write_csv(&out.join(format!("cs/conversations-{y}-{m:02}.csv")), &CONV_HEADER, rows, m == 10);
        if m == 10 {
            // the CP949 twin Korean Excel would save (no BOM)
            let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
            let (enc, _, bad) = encoding_rs::EUC_KR.encode(text);
            assert!(!bad, "fixture text must be representable in CP949");
            let p = out.join("cs-cp949/conversations-2026-10.csv");
            std::fs::create_dir_all(p.parent().expect("dir")).expect("dir");
            std::fs::write(p, &enc).expect("write");
        }
    }

    // ---- order lines, one file per month
    let sales_header = ["주문일시", "주문번호", "상품코드", "상품명", "수량", "결제금액", "주문상태"];
    for (y, m) in [(2026, 9), (2026, 10), (2026, 11)] {
        let mut rows: Vec<Vec<String>> = w
            .lines
            .iter()
            .filter(|l| month_of(l.at) == (y, m))
            .map(|l| {
                let p = &PRODUCTS[l.product];
                vec![
                    l.at.format("%Y.%m.%d %H:%M:%S").to_string(),
                    l.order.clone(),
                    p.code.to_string(),
                    p.name.to_string(),
                    l.qty.to_string(),
                    format_won(l.revenue),
                    l.status.to_string(),
                ]
            })
            .collect();
        if (y, m) == (2026, 11) {
            plant_sales_faults(&mut rows);
        }
        write_csv(&out.join(format!("sales/orders-{y}-{m:02}.csv")), &sales_header, rows, false);
    }
    let mut rets: Vec<Vec<String>> = w
        .returns
        .iter()
        .map(|r| {
            vec![
                r.at.format("%Y-%m-%d %H:%M").to_string(),
                r.order.clone(),
                PRODUCTS[r.product].code.to_string(),
                r.qty.to_string(),
            ]
        })
        .collect();
    // a return with no date
    rets.insert(40, vec![String::new(), "O2026101900003".into(), "P-SH01".into(), "1".into()]);
    write_csv(&out.join("sales/returns.csv"), &["반품일시", "주문번호", "상품코드", "수량"], rets, false);

    // ---- the team's note for the sample week
    let note = "## 업계 동향\n\n- 11월 블랙프라이데이 기간, 경쟁사 다수가 **무료 반품**을 도입했습니다.\n- 한국소비자원이 운동화 밑창 분리 관련 피해 사례를 공지했습니다 (러닝화 문의 급증과 연결해 볼 것).\n\n## 다음 주 할 일\n\n1. 러닝화 에어라이트 불량 건 전수 회신, 품질팀 공유\n2. 사이즈 문의 자동응답(FAQ 봇) 초안 작성\n";
    std::fs::create_dir_all(out.join("notes")).expect("dir");
    std::fs::write(out.join("notes/2026-W46.md"), note).expect("write");
    println!(
        "wrote {} conversations, {} order lines, {} returns under {}",
        w.convs.len(),
        w.lines.len(),
        w.returns.len(),
        out.display()
    );
}

/// `₩`-less Korean admin style: `89,000`.
fn format_won(v: i64) -> String {
    let s = v.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if v < 0 { format!("-{out}") } else { out }
}

/// The bad rows every real export has, at fixed places, each with the reason voc must give.
fn plant_conversation_faults(rows: &mut Vec<Vec<String>>, w: &World, style: Style) {
    // the last five conversations of October exported again at the top of November's file
    let oct: Vec<&Conv> = w.convs.iter().filter(|c| month_of(c.at) == (2026, 10)).collect();
    for (i, c) in oct[oct.len() - 5..].iter().enumerate() {
        rows.insert(i, conv_record(c, Style::Plain));
    }
    let _ = style;
    let base = rows[100].clone();
    let mut bad = |at: usize, f: &dyn Fn(&mut Vec<String>)| {
        let mut r = base.clone();
        r[0] = format!("CH-BAD-{at:03}");
        f(&mut r);
        rows.insert(at, r);
    };
    bad(200, &|r| r[0] = String::new()); // missing id
    bad(300, &|r| r[1] = "2026-11-31 10:00:00".into()); // no such day
    bad(400, &|r| r[1] = "어제 오후".into()); // not a time
    bad(500, &|r| r[12] = "7".into()); // CSAT off its 1–5 scale
    bad(600, &|r| r[11] = "매우 쉬움".into()); // CES not a number
    bad(700, &|r| r[2] = "답변완료".into()); // first response not a time
    bad(800, &|r| r.push("추가 메모".into())); // an unquoted comma split a cell
    // three answers logged before the question (clock skew): kept, counted as invalid
    for at in [900, 901, 902] {
        let created = &rows[at][1].clone();
        rows[at][2] = created.clone();
        rows[at][1] = bump(created);
    }
}

/// A timestamp one minute later, in the same style (only used on ISO-offset rows).
fn bump(s: &str) -> String {
    match NaiveDateTime::parse_from_str(&s[..19], "%Y-%m-%dT%H:%M:%S") {
        Ok(t) => format!("{}{}", (t + Duration::minutes(1)).format("%Y-%m-%dT%H:%M:%S"), &s[19..]),
        Err(_) => s.to_string(),
    }
}

fn plant_sales_faults(rows: &mut Vec<Vec<String>>) {
    let base = rows[50].clone();
    let mut bad = |at: usize, f: &dyn Fn(&mut Vec<String>)| {
        let mut r = base.clone();
        f(&mut r);
        rows.insert(at, r);
    };
    bad(120, &|r| r[5] = "확인필요".into()); // revenue not a number
    bad(240, &|r| r[4] = "두개".into()); // quantity not a number
    bad(360, &|r| r[0] = "2026.11.05 25:10:00".into()); // hour 25
    bad(480, &|r| r[4] = "-1".into()); // a return written into the sales file
    bad(600, &|r| r[1] = String::new()); // no order id
}

// ---------------------------------------------------------------------------------------------
// Benchmark data: the same shop at scale, streamed to disk.

fn bench(n: usize, out: &Path) {
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
    sw.write_record(["주문일시", "주문번호", "상품코드", "상품명", "카테고리", "수량", "결제금액"]).expect("write");
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
    println!(
        "wrote {} conversations, {} order lines, {} returns under {}",
        w.convs.len(),
        w.lines.len(),
        w.returns.len(),
        out.display()
    );
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
