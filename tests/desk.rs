//! The helpdesk figures end to end (docs/metrics.md `resolution`, `backlog`, `agents`): the
//! traps helpdesk users report, on small exports written here.

use serde_json::Value;

use crate::util::{Workdir, repo};

fn config(inputs: &str) -> String {
    format!(
        "output_dir: out\ntaxonomy: {}/config/taxonomy.yaml\ninputs:\n{inputs}\nreport:\n  quality_gate: {{ max_rejected_share: 0.5, max_unclassified_share: 1.0 }}\n",
        repo().display()
    )
}

fn report(wd: &Workdir) -> Value {
    wd.report_w46("json,html").ok_but_short();
    serde_json::from_str(&wd.read("out/2026-W46.json")).unwrap()
}

#[test]
fn a_conversation_open_for_a_year_is_in_the_backlog_and_each_counts_once() {
    let wd = Workdir::new("desk_backlog");
    wd.write(
        "voc.yaml",
        config("  conversations:\n    paths: [conv.csv]\n    columns: { id: id, created_at: at, first_response_at: resp, text: body, resolved_at: solved, reopens: reopens, agent_replies: replies }"),
    );
    wd.write(
        "conv.csv",
        "id,at,resp,body,solved,reopens,replies\n\
         OLD1,2025-06-01 10:00,2025-06-01 11:00,배송 언제 와요,,0,1\n\
         OLD2,2025-06-02 10:00,2025-06-02 11:00,배송 언제 와요,2025-06-03 10:00,0,1\n\
         OLD3,2025-06-03 10:00,2025-06-03 11:00,환불 해주세요,2026-12-01 10:00,0,2\n\
         A,2026-11-09 10:00,2026-11-09 10:30,배송 언제 와요,2026-11-09 12:00,2,3\n\
         B,2026-11-10 10:00,2026-11-10 10:05,사이즈 문의,2026-11-10 11:00,0,1\n\
         C,2026-11-11 10:00,2026-11-11 10:05,사이즈 문의,2026-11-11 09:00,0,1\n\
         D,2026-11-15 20:00,,재입고 언제,,0,0\n",
    );
    let m = report(&wd);
    let b = &m["backlog"];
    // OLD1 never solved, OLD3 solved after the end, D open: three, whatever their age
    assert_eq!(b["open"], 3, "{b}");
    assert_eq!(b["by_age"]["gt_7d"], 2, "{b}");
    assert_eq!(b["by_age"]["lt_1d"], 1, "{b}");
    let all = &m["resolution"]["all"];
    // A (reopened twice, still one conversation) and B resolved; C before it was created: invalid
    assert_eq!(
        (all["resolved"].as_u64(), all["invalid"].as_u64(), all["unresolved"].as_u64()),
        (Some(2), Some(1), Some(1)),
        "{all}"
    );
    assert_eq!(all["mean_s"].as_f64(), Some((2.0 * 3600.0 + 3600.0) / 2.0), "the invalid one is not averaged");
    assert_eq!(m["reopen_share"].as_f64(), Some(0.5), "A counts once");
    assert_eq!(m["one_touch_share"].as_f64(), Some(0.5), "B was solved in one reply");
    assert!(m["agents"].is_null() && m["cost"].is_null(), "null when unmapped");
    assert!(wd.read("out/2026-W46.html").contains("id=\"desk\""));
}

#[test]
fn a_rating_goes_to_the_agent_who_answered_not_the_current_assignee() {
    let wd = Workdir::new("desk_agents");
    wd.write(
        "voc.yaml",
        config(
            "  conversations:\n    paths: [conv.csv]\n    columns: { id: id, created_at: at, text: body, assignee: owner, csat: csat, resolved_at: solved }\n  messages:\n    paths: [msgs.csv]\n    columns: { conversation_id: chat, sent_at: at, author: who, author_id: person, text: text }\n    author_values: { customer: [user], agent: [manager], bot: [bot] }",
        ),
    );
    // both chats now sit with 박팀장; 김상담 answered the first, 이상담 the second
    wd.write(
        "conv.csv",
        "id,at,body,owner,csat,solved\nX1,2026-11-09 10:00,배송 언제 와요,박팀장,1,2026-11-09 12:00\nX2,2026-11-15 10:00,사이즈 문의,박팀장,5,2026-11-15 11:00\nX3,2026-11-12 10:00,환불 문의,박팀장,3,\n",
    );
    wd.write(
        "msgs.csv",
        "chat,at,who,person,text\n\
         X1,2026-11-09 10:00,user,u1,배송 언제 와요\n\
         X1,2026-11-09 10:10,manager,김상담,확인하겠습니다\n\
         X1,2026-11-09 11:00,manager,박팀장,처리했습니다\n\
         X2,2026-11-15 10:00,user,u2,사이즈 문의\n\
         X2,2026-11-15 10:05,manager,이상담,안내드립니다\n\
         X3,2026-11-12 10:00,user,u3,환불 문의\n",
    );
    let m = report(&wd);
    let agents = m["agents"].as_array().unwrap();
    let of = |name: &str| agents.iter().find(|a| a["agent"] == name).unwrap_or_else(|| panic!("{name}: {agents:?}"));
    assert_eq!(of("김상담")["csat_mean"].as_f64(), Some(1.0));
    assert_eq!(of("이상담")["csat_mean"].as_f64(), Some(5.0));
    // nobody answered X3: it stays with its assignee
    assert_eq!(of("박팀장")["conversations"], 1);
    assert_eq!(of("김상담")["one_touch_share"].as_f64(), Some(0.0), "two agent messages");
    assert_eq!(of("이상담")["one_touch_share"].as_f64(), Some(1.0));
}
