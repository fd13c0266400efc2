#!/usr/bin/env python3
"""Channel Talk's download as it is made today (from 2026-01-30), read by voc through
`preset: channel_talk` and no other mapping, against an independent computation: the workbook
decrypted and read here (msoffcrypto, openpyxl), the figures computed in DuckDB.

    pip install duckdb pyyaml openpyxl msoffcrypto-tool
    python3 scripts/crosscheck_channel_talk.py --voc target/debug/voc [--xlsx FILE] [--week 2026-W46]

What is checked, as Channel Talk's statistics define them (docs.channel.io "지표별 상담 목록"): a
chat counts from `managedAt`; first response = firstAnsweredAt − firstOpenedAt (its median);
CSAT = profile.csat; the channel is the medium by name; tags and risks of the customers' own
words (scripts/tagger.py, an independent reading of the taxonomy), with internal notes
(`isPrivate`) neither the customer's words nor an answer — the script first makes sure the
notes hold risk words, so that leaving them out is what keeps the risks at what they are.
"""

import argparse
import datetime as dt
import io
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

import duckdb
import msoffcrypto
import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import crosscheck  # noqa: E402  (the periods, the taxonomy reader and the comparison)
import tagger  # noqa: E402

MEDIA = {"": "채널톡", "appKakao": "카카오톡", "appNaverTalk": "네이버톡톡", "appInstagramMessenger": "인스타그램",
         "appLine": "라인", "email": "이메일", "phoneNumber": "전화"}


def sheets(path, password):
    f = msoffcrypto.OfficeFile(open(path, "rb"))
    f.load_key(password=password)
    plain = io.BytesIO()
    f.decrypt(plain)
    wb = openpyxl.load_workbook(plain, read_only=True)
    out = {}
    for name in ("UserChat data", "Message data"):
        rows = list(wb[name].iter_rows(values_only=True))
        # the earlier download writes the message columns in camelCase (chatId), today's in
        # PascalCase (ChatId): keys as today's
        head = [str(h)[0].upper() + str(h)[1:] if name == "Message data" else str(h) for h in rows[0]]
        out[name] = [dict(zip(head, r)) for r in rows[1:]]
    return out


def utc(s):
    if not s:
        return None
    return int(dt.datetime.strptime(str(s), "%Y-%m-%dT%H:%M:%S.000Z").replace(tzinfo=dt.timezone.utc).timestamp() * 1000)


def local(s):
    return int(dt.datetime.strptime(str(s), "%Y-%m-%d %H:%M:%S").replace(tzinfo=crosscheck.KST).timestamp() * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--voc", default=os.path.join(REPO, "target", "debug", "voc"))
    ap.add_argument("--xlsx", default=os.path.join(REPO, "fixtures", "presets", "channel-talk.xlsx"))
    ap.add_argument("--password", default="voc-fixture")
    ap.add_argument("--week", default="2026-W46")
    a = ap.parse_args()
    a.xlsx = os.path.abspath(a.xlsx)
    period = crosscheck.Period.week(a.week)
    lo, hi = period.bounds()
    taxonomy_path = os.path.join(REPO, "config", "taxonomy.yaml")
    tax = crosscheck.load_taxonomy(taxonomy_path)
    rules = tagger.Taxonomy(taxonomy_path)
    book = sheets(a.xlsx, a.password)

    # the customers' words of each chat: their messages, never an internal note
    words, notes, bot_wrote = defaultdict(list), [], set()
    for m in sorted(book["Message data"], key=lambda m: (str(m["ChatId"]), local(m["CreatedAt"]))):
        private = str(m.get("IsPrivate", "")).strip().lower() in ("true", "1")
        if private:
            notes.append(str(m["PlainText"]))
        elif m["PersonType"] == "user":
            words[str(m["ChatId"])].append(str(m["PlainText"]).strip())
        elif m["PersonType"] == "bot":
            bot_wrote.add(str(m["ChatId"]))
    errors = []
    if "managedAt" in book["UserChat data"][0] and (not notes or not all(rules.classify(n)[2] for n in notes)):
        errors.append("the fixture's internal notes must hold risk words (else leaving them out proves nothing)")

    con = duckdb.connect()
    con.execute("""CREATE TABLE chat (id VARCHAR, managed BIGINT, opened BIGINT, answered BIGINT, channel VARCHAR,
                   csat DOUBLE, tag VARCHAR, risks VARCHAR[], bot BOOLEAN, closed BIGINT, l1 VARCHAR)""")
    rows = []
    today = "managedAt" in book["UserChat data"][0]
    for c in book["UserChat data"]:
        text = "\n".join(words.get(str(c["id"]), []))
        primary, _rule, risks = rules.classify(text, {}, c["tags"] or "", sep=", ")
        if today:
            # a chat counts from managedAt; first response firstAnsweredAt − firstOpenedAt; a bot
            # took part: ALF or a workflow (Channel Talk says so), or a bot wrote in the chat
            csat = c["profile.csat"]
            bot = str(c["alfTriggered"]).upper() == "TRUE" or str(c["workflowTriggered"]).upper() == "TRUE" or str(c["id"]) in bot_wrote
            times = (utc(c["managedAt"]), utc(c["firstOpenedAt"]), utc(c["firstAnsweredAt"]), utc(c["firstClosedAt"]))
            channel = MEDIA[c["mediumName"] or ""]
        else:
            # the earlier download: from openedAt, first response firstRepliedAtAfterOpen − openedAt,
            # the medium as written, no rating; a bot took part when it wrote
            csat, bot = None, str(c["id"]) in bot_wrote
            times = (utc(c["openedAt"]), utc(c["openedAt"]), utc(c["firstRepliedAtAfterOpen"]), utc(c["closedAt"]))
            channel = c["contactMediumType"]
        rows.append((str(c["id"]), times[0], times[1], times[2], channel, float(csat) if csat not in (None, "") else None,
                     primary, risks, bot, times[3], crosscheck.top_tag(tax, primary)))
    con.executemany("INSERT INTO chat VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    pc = f"(SELECT * FROM chat WHERE managed >= {lo} AND managed < {hi})"
    one = lambda sql: con.execute(sql).fetchone()
    q = lambda sql: con.execute(sql).fetchall()
    total = one(f"SELECT count(*) FROM {pc}")[0]
    answered, median = one(f"""SELECT count(*) FILTER (WHERE answered IS NOT NULL),
                                      quantile_cont((answered - opened) / 1000.0, 0.5) FROM {pc} WHERE answered IS NOT NULL""")
    csat = one(f"SELECT count(csat), avg(csat), avg(CASE WHEN csat >= 4 THEN 1.0 ELSE 0.0 END) FILTER (WHERE csat IS NOT NULL) FROM {pc}")
    channels = q(f"SELECT channel, count(*) FROM {pc} GROUP BY channel")
    channels.sort(key=lambda x: (-x[1], x[0]))
    counts = defaultdict(int)
    for (tag,) in q(f"SELECT tag FROM {pc} WHERE tag IS NOT NULL"):
        while tag is not None:
            counts[tag] += 1
            tag = tax["parent"][tag]
    # the bot: engaged; contained = no agent ever answered, and closed; handed off = an agent answered
    e, k, h = one(f"""SELECT count(*), count(*) FILTER (WHERE answered IS NULL AND closed IS NOT NULL),
                             count(*) FILTER (WHERE answered IS NOT NULL) FROM {pc} WHERE bot""")
    by_tag = q(f"""SELECT l1, count(*), count(*) FILTER (WHERE answered IS NULL AND closed IS NOT NULL) FROM {pc} WHERE bot GROUP BY l1""")
    by_tag.sort(key=lambda x: (x[0] is None, -x[1], x[0] or ""))
    expected = {
        "inquiries": {"total": total},
        "first_response": {"all": {"conversations": total, "answered": answered, "unanswered": total - answered, "median_s": median}},
        # the earlier download has no rating: null, not zero
        "satisfaction": {"csat": {"responses": csat[0], "mean": csat[1], "share_4_5": csat[2]} if today else None},
        "channels": [{"channel": ch, "count": n} for ch, n in channels],
        "tags": [{"id": t["id"], "count": counts[t["id"]]} for t in tax["tags"]],
        "risks": [{"id": r["id"], "count": one(f"SELECT count(*) FROM {pc} WHERE list_contains(risks, '{r['id']}')")[0]}
                  for r in tax["risks"]],
        "data_quality": {"messages": {"filtered": len(notes)}},
        "bot": {"engaged": e, "contained": k, "handed_off": h, "contained_share": k / e if e else None,
                "by_tag": [{"tag": t, "engaged": n, "contained": c, "contained_share": c / n} for t, n, c in by_tag]},
    }

    with tempfile.TemporaryDirectory() as d:
        cfg = os.path.join(d, "voc.yaml")
        with open(cfg, "w", encoding="utf-8") as f:
            f.write(f"timezone: Asia/Seoul\ntaxonomy: {taxonomy_path}\noutput_dir: {d}/out\ninputs:\n"
                    f"  conversations: {{ preset: channel_talk, paths: [{a.xlsx}] }}\n"
                    f"  messages: {{ preset: channel_talk, paths: [{a.xlsx}] }}\n"
                    "report:\n  quality_gate: { max_rejected_share: 0.02, max_unclassified_share: 0.9 }\n")
        env = dict(os.environ, CHANNEL_TALK_PASSWORD=a.password)
        run = subprocess.run([a.voc, "-q", "--config", cfg, "report", "--week", a.week, "--format", "json",
                              "--now", "2026-11-16T09:00:00+09:00"], env=env, capture_output=True, text=True)
        if run.returncode not in (0, 3):
            sys.exit(f"voc failed ({run.returncode}): {run.stderr}")
        actual = json.load(open(os.path.join(d, "out", f"{a.week}.json"), encoding="utf-8"))
    # voc's tags and risks carry more keys: compare the ones computed here
    actual["tags"] = [{"id": t["id"], "count": t["count"]} for t in actual["tags"]]
    actual["risks"] = [{"id": r["id"], "count": r["count"]} for r in actual["risks"]]
    actual["channels"] = [{"channel": c["channel"], "count": c["count"]} for c in actual["channels"]]
    crosscheck.compare(expected, actual, "$", errors)
    if errors:
        print("\n".join(errors))
        sys.exit(1)
    print(f"{a.week}: Channel Talk's {'2026' if today else 'earlier'} download — {total} chats, first-response median {median:.0f} s, "
          f"{csat[0]} CSAT, {len(channels)} channels, {e} with the bot ({k} closed by it), {len(notes)} internal notes left out: all agree")


if __name__ == "__main__":
    main()
