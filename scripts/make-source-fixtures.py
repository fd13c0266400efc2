#!/usr/bin/env python3
"""Write fixtures/sources/: October's conversations (fixtures/cs/conversations-2026-10.csv) as a
team gets them from three tools, each export shaped its own way (docs/config.md "Several sources"):

- chat.xlsx  채널톡 and 카카오톡 chats: an XLSX with the fixture's Korean headers and real date cells
- mail.csv   이메일 and 인스타그램: a CSV with English headers and ISO timestamps with offsets
- talk.csv   네이버톡톡: CP949, other Korean headers, dotted dates, and no channel column (the
             config sets it)

Together they hold exactly the rows of the October file, so a report over the three sources must
equal the report over that one file (tests/sources.rs).

    pip install openpyxl
    python3 scripts/make-source-fixtures.py
"""

import csv
import datetime as dt
import os

import openpyxl

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(REPO, "fixtures", "cs", "conversations-2026-10.csv")
OUT = os.path.join(REPO, "fixtures", "sources")

MAIL = ["id", "created_at", "first_response_at", "channel", "customer", "tier", "product", "order", "subject", "body",
        "tags", "ces", "csat", "nps", "solved_at", "assignee", "replies", "reopens"]
TALK = ["문의번호", "접수일시", "응대일시", "회원번호", "회원등급", "상품번호", "주문번호", "문의제목", "문의내용", "분류", "CES점수",
        "만족도점수", "추천점수", "완료일시", "상담원", "답변횟수", "재문의"]


def parse(s):
    return dt.datetime.strptime(s, "%Y-%m-%d %H:%M:%S") if s else None


def main():
    with open(SRC, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    head, body = rows[0], rows[1:]
    ix = {h: i for i, h in enumerate(head)}
    times = {"생성일시", "첫응답일시", "해결일시"}
    numbers = {"CES", "만족도", "NPS", "답변수", "재오픈"}
    os.makedirs(OUT, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "상담"
    ws.append(head)
    mail, talk = [], []
    for r in body:
        ch = r[ix["채널"]]
        if ch in ("채널톡", "카카오톡"):
            ws.append([parse(v) if h in times else (int(v) if h in numbers and v else (v or None)) for h, v in zip(head, r)])
        elif ch in ("이메일", "인스타그램"):
            iso = lambda v: v.replace(" ", "T") + "+09:00" if v else ""
            g = lambda h: r[ix[h]]
            mail.append([g("상담ID"), iso(g("생성일시")), iso(g("첫응답일시")), ch, g("고객ID"), g("고객등급"), g("상품코드"),
                         g("주문번호"), g("제목"), g("내용"), g("태그"), g("CES"), g("만족도"), g("NPS"), iso(g("해결일시")),
                         g("담당자"), g("답변수"), g("재오픈")])
        else:
            assert ch == "네이버톡톡", ch
            dots = lambda v: v.replace("-", ".") if v else ""
            g = lambda h: r[ix[h]]
            talk.append([g("상담ID"), dots(g("생성일시")), dots(g("첫응답일시")), g("고객ID"), g("고객등급"), g("상품코드"), g("주문번호"),
                         g("제목"), g("내용"), g("태그"), g("CES"), g("만족도"), g("NPS"), dots(g("해결일시")), g("담당자"),
                         g("답변수"), g("재오픈")])
    for row in ws.iter_rows(min_row=2):
        for c, h in zip(row, head):
            if h in times and c.value is not None:
                c.number_format = "yyyy-mm-dd hh:mm:ss"
    wb.save(os.path.join(OUT, "chat.xlsx"))
    with open(os.path.join(OUT, "mail.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(MAIL)
        w.writerows(mail)
    with open(os.path.join(OUT, "talk.csv"), "w", encoding="cp949", newline="") as f:
        w = csv.writer(f)
        w.writerow(TALK)
        w.writerows(talk)
    print(f"wrote {ws.max_row - 1} chats, {len(mail)} mails, {len(talk)} talk conversations under {OUT}")


if __name__ == "__main__":
    main()
