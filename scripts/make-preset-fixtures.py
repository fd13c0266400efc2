#!/usr/bin/env python3
"""Write fixtures/presets/: small files that imitate the real exports the presets read.

    pip install openpyxl msoffcrypto-tool
    python3 scripts/make-preset-fixtures.py

- channel-talk.xlsx   Channel Talk data download as it is made since 2026-01-30: "UserChat data"
                      with managedAt, firstOpenedAt, firstAnsweredAt, firstClosedAt,
                      timeFromFirstOpenToFirstAnswer (seconds), mediumType/mediumName (every
                      medium), alfTriggered/workflowTriggered (ALF chats, some it closed alone),
                      replyCount, reopenCount, url, profile.csat; "Message data" with isPrivate
                      (internal notes, planted before answers and holding risk words); the
                      password `voc-fixture`
- channel-talk-2025.xlsx the download before 2026-01-30 (still made by the inbox search): sheets
                      "UserChat data", "Message data", "UserChatTag data"; ISO UTC chat times,
                      "YYYY-MM-DD HH:MM:SS" message times, "0h 3m 12s" durations, tags joined by
                      ", " with a/b paths; password-protected (Agile encryption)
- zendesk-tickets.csv Zendesk ticket export (space-separated tags, minutes to first reply)
- freshdesk-tickets.csv Freshdesk ticket export (title-case headers)
- smartstore-orders.xlsx Naver SmartStore order download: a title row above the header,
                      Excel serial dates, 반품 claims, cancelled lines; password-protected
- cafe24-orders.csv   Cafe24 order export from a template, CP949

The content is drawn from a seeded generator, so it is the same every run; the encrypted
files differ byte-wise from run to run (random salts) but decrypt to the same workbooks.
"""

import csv
import datetime as dt
import io
import os
import random

import msoffcrypto
from msoffcrypto.format.ooxml import OOXMLFile
import openpyxl

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fixtures", "presets")
PASSWORD = "voc-fixture"
KST = dt.timezone(dt.timedelta(hours=9))
START = dt.datetime(2026, 11, 9, 0, 0, tzinfo=KST)  # Monday of ISO week 46

R = random.Random(46)

TEXTS = [
    ("배송/배송 전 문의", "어제 주문했는데 언제 출고되나요?"),
    ("배송/배송 후 문의", "배송 완료로 뜨는데 물건을 못 받았어요"),
    ("사이즈", "평소 265mm 신는데 몇 사이즈 사면 될까요?"),
    ("재고·입고", "블랙 270 품절인데 재입고 예정 있나요?"),
    ("교환·반품·환불/환불", "반품 보냈는데 환불 언제 되나요?"),
    ("불량·AS", "한 번 신었는데 밑창이 떨어졌어요"),
    ("", "안녕하세요 문의드립니다"),
]
PRODUCTS = [("1001", "러닝화 에어라이트", 89000), ("1002", "캔버스 스니커즈", 59000), ("1003", "경량 패딩", 119000), ("1004", "울 머플러", 29000)]


def when(day, minute):
    return START + dt.timedelta(days=day, minutes=minute)


def encrypt(wb, path):
    plain = io.BytesIO()
    wb.save(plain)
    plain.seek(0)
    f = OOXMLFile(plain)
    with open(path, "wb") as out:
        f.encrypt(PASSWORD, out)


def channel_talk():
    wb = openpyxl.Workbook()
    chats = wb.active
    chats.title = "UserChat data"
    chats.append(["id", "userId", "state", "assigneeId", "tags", "contactMediumType", "firstOpenedAt", "openedAt",
                  "firstRepliedAtAfterOpen", "createdAt", "closedAt", "waitingTime", "replyCount"])
    msgs = wb.create_sheet("Message data")
    msgs.append(["chatId", "personType", "personId", "createdAt", "plainText"])
    tagsheet = wb.create_sheet("UserChatTag data")
    tagsheet.append(["chatId", "tag"])
    for n in range(40):
        path, text = TEXTS[n % len(TEXTS)]
        opened = when(n % 7, 600 + 13 * n).astimezone(dt.timezone.utc)
        wait = 60 + R.randrange(1800)
        replied = None if n % 11 == 5 else opened + dt.timedelta(seconds=wait)
        tags = path if n % 3 else ("VIP, " + path if path else "")
        iso = lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.000Z") if t else ""
        chat_id = f"6{n:03d}a1b2c3"
        medium = ["app", "web", "kakao", "instagram"][n % 4]
        # the chat's current assignee; every fifth chat was answered by another manager first
        assignee = ["m01", "m02"][n % 2]
        answered_by = "m03" if n % 5 == 0 else assignee
        closed = None if n % 13 == 7 else opened + dt.timedelta(hours=2 + n % 5)
        chats.append([chat_id, f"u{n % 17:04d}", "closed" if closed else "opened", assignee, tags, medium, iso(opened),
                      iso(opened), iso(replied), iso(opened - dt.timedelta(minutes=2)), iso(closed),
                      f"0h {wait // 60}m {wait % 60}s" if replied else "", 3])
        local = lambda t: t.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S")
        msgs.append([chat_id, "user", f"u{n % 17:04d}", local(opened), text])
        msgs.append([chat_id, "bot", "bot", local(opened + dt.timedelta(seconds=5)), "상담원을 연결해 드릴게요."])
        if replied:
            msgs.append([chat_id, "manager", answered_by, local(replied), "확인해 보겠습니다."])
        for t in [x for x in tags.split(", ") if x]:
            tagsheet.append([chat_id, t])
    encrypt(wb, os.path.join(OUT, "channel-talk-2025.xlsx"))


# mediumType, mediumName and the channel voc names it
MEDIA = [("native", "", "채널톡"), ("app", "appKakao", "카카오톡"), ("app", "appNaverTalk", "네이버톡톡"),
         ("app", "appInstagramMessenger", "인스타그램"), ("app", "appLine", "라인"), ("email", "email", "이메일"),
         ("phone", "phoneNumber", "전화")]


def channel_talk_2026():
    """40 chats of week 46 in today's download. Every fourth is an ALF chat: ALF answers first;
    one in three of those ALF closes alone (no manager ever answers), the others are handed to a
    manager. Chat n % 9 == 4 gets an internal note before its answer, naming risk words."""
    r = random.Random(2026)
    wb = openpyxl.Workbook()
    chats = wb.active
    chats.title = "UserChat data"
    head = ["id", "managedAt", "title", "description", "summarizedMessage", "tags", "userId", "assigneeId",
            "firstAssigneeId", "mediumType", "mediumName", "state", "workflowTriggered", "alfTriggered", "replyCount",
            "reopenCount", "createdAt", "firstAskedAt", "firstAlfStartedAt", "firstAlfEndedAt", "firstOpenedAt",
            "firstAnsweredAt", "firstClosedAt", "closedAt", "timeToFirstAnswer", "timeFromFirstOpenToFirstAnswer", "url",
            "profile.csat", "profile.csatComment"]
    chats.append(head)
    msgs = wb.create_sheet("Message data")
    msgs.append(["ChatId", "PersonType", "PersonId", "CreatedAt", "PlainText", "isPrivate"])
    iso = lambda t: t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z") if t else ""
    local = lambda t: t.astimezone(KST).strftime("%Y-%m-%d %H:%M:%S")
    for n in range(40):
        path, text = TEXTS[n % len(TEXTS)]
        asked = when(n % 7, 540 + 17 * n)
        alf = n % 4 == 1
        contained = alf and n % 3 == 0
        # ALF talks first; the chat opens to managers when it hands over (or at once without ALF)
        alf_start, alf_end = (asked, asked + dt.timedelta(seconds=40 + n)) if alf else (None, None)
        opened = None if contained else (alf_end or asked) + dt.timedelta(seconds=5)
        wait = 30 + r.randrange(2400)
        answered = None if contained or n % 10 == 7 else opened + dt.timedelta(seconds=wait)
        closed = None if n % 13 == 6 else (answered or alf_end or asked) + dt.timedelta(minutes=20 + n)
        reopen = 1 if n % 8 == 3 and closed else 0
        medium = MEDIA[n % len(MEDIA)]
        user = f"u{n % 17:04d}"
        chat_id = f"7{n:03d}c2d3e4"
        manager = ["m01", "m02", "m03"][n % 3]
        tags = path if n % 3 else ""
        csat = (5 - (wait // 600)) if answered and n % 2 == 0 else (3 if contained and n % 2 == 0 else "")
        chats.append([chat_id, iso(asked), f"문의 {n}", "", text[:20], tags, user, "" if contained else manager,
                      "" if contained else manager, medium[0], medium[1], "closed" if closed else "opened",
                      "TRUE" if n % 5 == 0 else "FALSE", "TRUE" if alf else "FALSE", 0 if contained else 1 + n % 3, reopen,
                      iso(asked - dt.timedelta(seconds=3)), iso(asked), iso(alf_start), iso(alf_end), iso(opened),
                      iso(answered), iso(closed), iso(closed) if not reopen else iso(closed + dt.timedelta(hours=1)),
                      (answered - asked).total_seconds() if answered else "", (answered - opened).total_seconds() if answered else "",
                      f"https://desk.channel.io/#/channels/1234/user_chats/{chat_id}", csat, "친절했어요" if csat == 5 else ""])
        msgs.append([chat_id, "user", user, local(asked), text, "FALSE"])
        if alf:
            msgs.append([chat_id, "bot", "alf", local(alf_start + dt.timedelta(seconds=10)), "ALF가 답변드릴게요. 주문번호를 알려주세요.", "FALSE"])
        if n % 9 == 4 and opened:
            # an internal note: neither the customer's words nor an answer
            msgs.append([chat_id, "manager", manager, local(opened + dt.timedelta(seconds=2)),
                         "내부 메모: 이 고객 소비자원 신고한다고 함, 리콜 건인지 확인", "TRUE"])
        if answered:
            msgs.append([chat_id, "manager", manager, local(answered), "확인해 보겠습니다.", "FALSE"])
    encrypt(wb, os.path.join(OUT, "channel-talk.xlsx"))


def zendesk():
    head = ["Id", "Requester", "Requester id", "Requester external id", "Requester email", "Requester domain", "Submitter",
            "Assignee", "Group", "Subject", "Tags", "Status", "Priority", "Via", "Ticket type", "Created at", "Updated at",
            "Assigned at", "Organization", "Due date", "Initially assigned at", "Solved at", "Resolution time",
            "Satisfaction Score", "Group stations", "Assignee stations", "Reopens", "Replies", "First reply time in minutes",
            "First reply time in minutes within business hours", "First resolution time in minutes",
            "First resolution time in minutes within business hours", "Full resolution time in minutes",
            "Full resolution time in minutes within business hours", "Agent wait time in minutes",
            "Requester wait time in minutes", "On hold time in minutes"]
    zen_tags = ["배송문의 vip", "사이즈문의", "재입고문의", "환불문의", "불량문의", ""]
    with open(os.path.join(OUT, "zendesk-tickets.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for n in range(30):
            _, text = TEXTS[n % len(TEXTS)]
            created = when(n % 7, 540 + 17 * n)
            first = "" if n % 9 == 4 else str(5 + R.randrange(240))
            row = {h: "" for h in head}
            row.update({"Id": str(1000 + n), "Requester": f"고객{n}", "Requester id": str(377000 + n % 13),
                        "Requester email": f"c{n}@example.com", "Subject": text, "Tags": zen_tags[n % len(zen_tags)],
                        "Status": "Solved", "Priority": "Normal", "Via": ["Web form", "Email", "Chat"][n % 3],
                        "Created at": created.strftime("%Y-%m-%d %H:%M:%S"), "First reply time in minutes": first,
                        "Satisfaction Score": ["Good", "Bad", "Offered", "Not Offered"][n % 4],
                        "Solved at": "" if n % 5 == 2 else (created + dt.timedelta(minutes=30 + n * 37 % 600)).strftime("%Y-%m-%d %H:%M:%S"),
                        "Assignee": "" if n % 10 == 7 else ["김상담", "이상담", "박상담"][n % 3],
                        "Replies": str(1 + n % 3), "Reopens": "1" if n % 6 == 0 else "0"})
            w.writerow([row[h] for h in head])


def freshdesk():
    head = ["Ticket ID", "Subject", "Status", "Priority", "Source", "Type", "Agent", "Group", "Created Time", "Due by Time",
            "Resolved Time", "Closed Time", "Last Update Time", "Initial Response Time", "Time Tracked",
            "First Response Time (in Hrs)", "Resolution Time (in Hrs)", "Agent interactions", "Customer interactions",
            "Resolution Status", "First Response Status", "Tags", "Survey Results", "Product", "Contact ID"]
    with open(os.path.join(OUT, "freshdesk-tickets.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(head)
        for n in range(30):
            _, text = TEXTS[(n + 2) % len(TEXTS)]
            created = when(n % 7, 600 + 11 * n)
            resp = None if n % 8 == 3 else created + dt.timedelta(minutes=3 + R.randrange(300))
            row = {h: "" for h in head}
            row.update({"Ticket ID": str(50 + n), "Subject": text, "Status": "Closed", "Priority": "Medium",
                        "Source": ["Email", "Portal", "Chat", "Phone"][n % 4], "Type": "Question",
                        "Created Time": created.strftime("%Y-%m-%d %H:%M:%S"),
                        "Initial Response Time": resp.strftime("%Y-%m-%d %H:%M:%S") if resp else "",
                        "First Response Time (in Hrs)": f"{(resp - created).total_seconds() / 3600:.2f}" if resp else "",
                        "Tags": "", "Product": "스니커즈" if n % 2 else "아우터", "Contact ID": str(8800 + n % 9),
                        # Freshdesk's classic survey: three smileys, or no answer
                        "Survey Results": ["Awesome", "Just Okay", "Not Good", ""][n % 4],
                        "Resolved Time": "" if n % 7 == 6 else (created + dt.timedelta(minutes=20 + n * 53 % 900)).strftime("%Y-%m-%d %H:%M:%S"),
                        "Agent": ["최상담", "정상담"][n % 2]})
            w.writerow([row[h] for h in head])


def excel_serial(t):
    naive = t.astimezone(KST).replace(tzinfo=None)
    return (naive - dt.datetime(1899, 12, 30)).total_seconds() / 86400


def smartstore():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "주문조회"
    ws.append(["스마트스토어 주문조회 (2026.11.09 ~ 2026.11.15)"])
    ws.append([])
    ws.append(["상품주문번호", "주문번호", "주문일시", "결제일", "주문상태", "클레임상태", "상품번호", "상품명", "옵션정보", "수량",
               "최종 상품별 총 주문금액", "구매자명", "구매자연락처"])
    line = 0
    for n in range(36):
        order = f"20261109{n:06d}"
        placed = when(n % 7, 480 + 23 * n)
        for k in range(1 + n % 2):
            line += 1
            pid, name, price = PRODUCTS[(n + k) % len(PRODUCTS)]
            qty = 1 + (n + k) % 2
            status, claim = "배송완료", ""
            if n % 12 == 7:
                status, claim = "반품완료", "반품완료"
            elif n % 15 == 3:
                status, claim = "취소완료", "취소완료"
            ws.append([f"2026110{line:08d}", order, placed.replace(tzinfo=None), round(excel_serial(placed + dt.timedelta(minutes=1)), 6),
                       status, claim, pid, name, "색상: 블랙 / 사이즈: 270" if pid == "1001" else "", qty, price * qty, f"구매자{n}",
                       f"010-{1000 + n:04d}-{2000 + n:04d}"])
    for row in ws.iter_rows(min_row=4, min_col=3, max_col=3):
        for c in row:
            c.number_format = "yyyy-mm-dd hh:mm:ss"
    encrypt(wb, os.path.join(OUT, "smartstore-orders.xlsx"))


def cafe24():
    head = ["주문번호", "품목별 주문번호", "주문일시", "상품코드", "상품번호", "주문상품명", "수량", "상품구매금액(KRW)", "주문상태"]
    rows = []
    for n in range(30):
        pid, name, price = PRODUCTS[n % len(PRODUCTS)]
        status = "배송완료"
        if n % 10 == 4:
            status = "반품완료"
        elif n % 13 == 6:
            status = "입금전취소"
        placed = when(n % 7, 500 + 19 * n)
        rows.append([f"20261109-{n:07d}", f"20261109-{n:07d}-01", placed.strftime("%Y-%m-%d %H:%M:%S"), f"P0000{pid}",
                     pid, name, "1", f"{price:,}", status])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(head)
    w.writerows(rows)
    with open(os.path.join(OUT, "cafe24-orders.csv"), "wb") as f:
        f.write(buf.getvalue().encode("cp949"))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    channel_talk()
    zendesk()
    freshdesk()
    smartstore()
    cafe24()
    channel_talk_2026()
    print("wrote", sorted(os.listdir(OUT)))
