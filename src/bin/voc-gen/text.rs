//! What customers write: inquiry types, their mix, titles and bodies, risk lines.

use super::*;

// ---------------------------------------------------------------------------------------------
// Conversations

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum T {
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
pub(crate) const MIX: &[(T, f64)] = &[
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

pub(crate) fn manual_names(t: T) -> &'static [&'static str] {
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

/// The titles and texts a conversation of type `t` is written with (`ord`: "주문번호 … " or "").
type Texts = (&'static [&'static str], Vec<String>);

pub(crate) fn title_and_body(t: T, r: &mut Rng, product: &str, order: Option<&str>) -> (String, String) {
    let ord = order.map(|o| format!("주문번호 {o} ")).unwrap_or_default();
    let pick = |r: &mut Rng, xs: &[&str]| xs[r.below(xs.len())].to_string();
    let (titles, bodies) = shipping_texts(t, &ord, product).unwrap_or_else(|| other_texts(t, &ord, product));
    let title = pick(r, titles);
    let body = bodies[r.below(bodies.len())].clone();
    (title, body)
}

/// Delivery, exchange, return and refund conversations.
fn shipping_texts(t: T, ord: &str, product: &str) -> Option<Texts> {
    Some(match t {
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
        _ => return None,
    })
}

/// Every other type.
fn other_texts(t: T, ord: &str, product: &str) -> Texts {
    match t {
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
        _ => (
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
    }
}

pub(crate) const RISK_LINES: &[&str] = &[
    "계속 이러시면 소비자원에 신고하겠습니다.",
    "1372에 민원 넣을 거예요.",
    "상담원 태도가 너무 불친절해요.",
    "지난번에 상담원이 잘못 안내해서 배송비를 냈어요. 보상해 주세요.",
    "택배 박스에 다른 사람 주소가 붙어 왔어요. 개인정보 유출 아닌가요?",
];
