#!/usr/bin/env python3
"""Independent computation of voc's report metrics for the bundled fixtures.

Reads the raw fixture files itself (its own CSV parsing, validation, de-duplication, joins and
order -> product linkage), takes only the per-conversation tags from `voc tag` (tagging is
tested on its own), computes every metric of docs/metrics.md with DuckDB SQL, and compares the result
with voc's `<id>.json`: counts exactly, floats to 1e-9.

    python3 scripts/crosscheck.py --voc target/debug/voc --week 2026-W46 [--month 2026-10]

Exit 0 when every value agrees; otherwise the differing paths are printed and it exits 1.
Needs `pip install duckdb pyyaml`.
"""

import argparse
import csv
import datetime as dt
import glob
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from collections import defaultdict
from zoneinfo import ZoneInfo

import duckdb
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(REPO, "fixtures")
KST = ZoneInfo("Asia/Seoul")
NULLS = {"", "-", "N/A", "n/a", "#N/A", "null", "NULL", "None", "(null)", "없음"}


def ms(t):
    return int(t.timestamp() * 1000)


def parse_time(s):
    """The timestamp styles the fixtures use; None when unreadable."""
    s = s.strip()
    try:
        if "오전" in s or "오후" in s:
            d, ampm, hm = s.split()
            h, m = map(int, hm.split(":"))
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if ampm == "오후" else 0)
            base = dt.datetime.strptime(d, "%Y-%m-%d")
            return ms(base.replace(hour=h, minute=m, tzinfo=KST))
        if "T" in s and "+" in s:
            return ms(dt.datetime.fromisoformat(s))
        for f in ("%Y-%m-%d %H:%M:%S", "%Y.%m.%d %H:%M:%S", "%Y-%m-%d %H:%M"):
            try:
                return ms(dt.datetime.strptime(s, f).replace(tzinfo=KST))
            except ValueError:
                pass
    except ValueError:
        return None
    return None


def num(s):
    s = s.strip().replace(",", "")
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def load_conversations(pattern):
    """Valid, de-duplicated conversations of every file, and the accounting."""
    acc = dict(rows_read=0, rows_used=0, rows_rejected=0, duplicates=0, out_of_period=0, filtered=0)
    seen, convs = set(), []
    for path in sorted(glob.glob(os.path.join(REPO, pattern))):
        header, rows = read(path)
        ix = {h: i for i, h in enumerate(header)}
        for r in rows:
            acc["rows_read"] += 1
            while len(r) > len(header) and r[-1].strip() == "":
                r = r[:-1]
            if len(r) != len(header):
                acc["rows_rejected"] += 1
                continue
            g = lambda c: r[ix[c]].strip()
            val = lambda c: None if g(c) in NULLS else g(c)
            cid, created = val("상담ID"), val("생성일시")
            created = parse_time(created) if created else None
            resp_raw = val("첫응답일시")
            resp = parse_time(resp_raw) if resp_raw else None
            solved_raw = val("해결일시")
            solved = parse_time(solved_raw) if solved_raw else None
            scores = {}
            ok = cid is not None and created is not None and (resp_raw is None or resp is not None) and (solved_raw is None or solved is not None)
            counts = {}
            for col in ("답변수", "재오픈"):
                v = val(col)
                x = num(v) if v is not None else None
                if v is not None and (x is None or x < 0 or x != int(x) or x > 10000):
                    ok = False
                counts[col] = int(x) if x is not None else None
            for col, lo, hi in (("CES", 1, 7), ("만족도", 1, 5), ("NPS", 0, 10)):
                v = val(col)
                if v is None:
                    scores[col] = None
                else:
                    x = num(v)
                    if x is None or not lo <= x <= hi:
                        ok = False
                    scores[col] = x
            if not ok:
                acc["rows_rejected"] += 1
                continue
            if cid in seen:
                acc["duplicates"] += 1
                continue
            seen.add(cid)
            convs.append(dict(id=cid, created=created, resp=resp, channel=val("채널"), customer=val("고객ID"),
                              segment=val("고객등급"), product=val("상품코드"), order=val("주문번호"),
                              ces=scores["CES"], csat=scores["만족도"], nps=scores["NPS"],
                              solved=solved, agent=val("담당자"), replies=counts["답변수"], reopens=counts["재오픈"],
                              tags=val("태그"),
                              text="\n".join(x for x in (g("제목"), g("내용")) if x)))
    return convs, acc


def load_sales():
    catalogue = {}
    header, rows = read(os.path.join(FIX, "products.csv"))
    for code, _name, cat in rows:
        catalogue[code] = cat
    acc = dict(rows_read=0, rows_used=0, rows_rejected=0, duplicates=0, out_of_period=0, filtered=0)
    lines, keys = [], set()
    for path in sorted(glob.glob(os.path.join(FIX, "sales", "orders-*.csv"))):
        header, rows = read(path)
        ix = {h: i for i, h in enumerate(header)}
        for r in rows:
            acc["rows_read"] += 1
            g = lambda c: r[ix[c]].strip()
            if g("주문상태") == "취소":
                acc["filtered"] += 1
                continue
            date = parse_time(g("주문일시")) if g("주문일시") not in NULLS else None
            rev, qty = num(g("결제금액")), num(g("수량"))
            if date is None or rev is None or qty is None or qty < 0 or g("주문번호") in NULLS:
                acc["rows_rejected"] += 1
                continue
            # a line is its 라인번호 within its order: the same (order, line) again is a duplicate
            key = (g("주문번호"), g("라인번호"))
            if key in keys:
                acc["duplicates"] += 1
                continue
            keys.add(key)
            lines.append(dict(date=date, order=g("주문번호"), product=g("상품코드"), qty=qty, revenue=rev,
                              category=catalogue.get(g("상품코드")), customer=g("고객ID") or None))
    racc = dict(rows_read=0, rows_used=0, rows_rejected=0, duplicates=0, out_of_period=0, filtered=0)
    returns = []
    header, rows = read(os.path.join(FIX, "sales", "returns.csv"))
    for r in rows:
        racc["rows_read"] += 1
        date = parse_time(r[0]) if r[0].strip() not in NULLS else None
        qty = num(r[3])
        if date is None or qty is None or qty < 0:
            racc["rows_rejected"] += 1
            continue
        returns.append(dict(date=date, order=r[1], product=r[2], qty=qty))
    return lines, acc, returns, racc, catalogue


def unqualified(v):
    """voc's ids with their source qualifier (`mail:`) taken off, everywhere in a value."""
    if isinstance(v, str):
        head, sep, rest = v.partition(":")
        return rest if sep and head in SOURCES else v
    if isinstance(v, list):
        return [unqualified(x) for x in v]
    if isinstance(v, dict):
        return {k: unqualified(x) for k, x in v.items()}
    return v


SOURCES = set()


def voc_tags(voc, cfg):
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "tags.csv")
        subprocess.run([voc, "-q", "--config", cfg, "tag", "--out", out], check=True)
        with open(out, encoding="utf-8-sig", newline="") as f:
            return {unqualified(r["id"]): r for r in csv.DictReader(f)}


class Period:
    def __init__(self, kind, start, end, pid):
        self.kind, self.start, self.end, self.id = kind, start, end, pid

    @staticmethod
    def week(s):
        y, w = s.split("-W")
        start = dt.date.fromisocalendar(int(y), int(w), 1)
        return Period("week", start, start + dt.timedelta(days=6), s)

    @staticmethod
    def month(s):
        y, m = map(int, s.split("-"))
        start = dt.date(y, m, 1)
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return Period("month", start, nxt - dt.timedelta(days=1), s)

    def previous(self):
        if self.kind == "week":
            p = self.start - dt.timedelta(days=7)
            y, w, _ = p.isocalendar()
            return Period.week(f"{y}-W{w:02d}")
        p = self.start - dt.timedelta(days=1)
        return Period.month(f"{p.year}-{p.month:02d}")

    def bounds(self):
        a = dt.datetime.combine(self.start, dt.time(), KST)
        b = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), KST)
        return ms(a), ms(b)


def business_seconds(a, b, bh):
    """Seconds of business time between two instants (ms), walking local days."""
    if b <= a:
        return 0.0
    day = dt.datetime.fromtimestamp(a / 1000, KST).date()
    last = dt.datetime.fromtimestamp(b / 1000, KST).date()
    total = 0
    while day <= last:
        if day.strftime("%a").lower() in bh["days"] and str(day) not in bh["holidays"]:
            o = ms(dt.datetime.combine(day, dt.time.fromisoformat(bh["start"]), KST))
            c = ms(dt.datetime.combine(day, dt.time.fromisoformat(bh["end"]), KST))
            lo, hi = max(o, a), min(c, b)
            total += max(0, hi - lo)
        day += dt.timedelta(days=1)
    return total / 1000


def compute(con, tax, cfg, period, with_previous=True):
    rep = cfg["report"]
    a, b = period.bounds()
    q = lambda sql, *p: con.execute(sql, p).fetchall()
    one = lambda sql, *p: con.execute(sql, p).fetchone()
    pc = f"(SELECT * FROM conv WHERE created >= {a} AND created < {b})"
    pl = f"(SELECT * FROM lines WHERE date >= {a} AND date < {b})"
    pr = f"(SELECT * FROM rets WHERE date >= {a} AND date < {b})"
    unit = float(cfg["revenue_unit"])
    out = {}
    rev, orders, units = one(f"SELECT coalesce(sum(revenue), 0), count(DISTINCT \"order\"), coalesce(sum(qty), 0) FROM {pl}")
    out["sales"] = {"revenue": rev, "orders": orders, "units": units}
    total = one(f"SELECT count(*) FROM {pc}")[0]
    out["inquiries"] = {"total": total, "per_revenue_unit": total / (rev / unit) if rev else None,
                        "per_100_orders": 100 * total / orders if orders else None}
    # tags: a conversation counts for its tag and every ancestor
    counts = defaultdict(int)
    for (tag,) in q(f"SELECT tag FROM {pc} WHERE tag IS NOT NULL"):
        t = tag
        while t is not None:
            counts[t] += 1
            t = tax["parent"][t]
    out["tags"] = [{"id": t["id"], "path": t["path"], "name": t["name"], "level": t["level"], "class": t["class"],
                    "count": counts[t["id"]], "share": counts[t["id"]] / total if total else None} for t in tax["tags"]]
    # product groups
    inq = dict(q(f"SELECT category, count(*) FROM {pc} GROUP BY category"))
    crev = dict(q(f"SELECT category, sum(revenue) FROM {pl} WHERE category IS NOT NULL GROUP BY category"))
    groups = []
    for g in set(inq) | set(crev):
        r = crev.get(g, 0.0) if g is not None else None
        n = inq.get(g, 0)
        groups.append({"group": g, "inquiries": n, "revenue": r, "per_revenue_unit": (n / (r / unit) if r else None)})
    groups.sort(key=lambda x: (x["group"] is None, -x["inquiries"], -(x["revenue"] or 0), x["group"] or ""))
    out["product_groups"] = groups
    # top products
    top = q(f"""SELECT product, sum(revenue) r, sum(qty) u, count(DISTINCT "order") o FROM {pl}
               GROUP BY product ORDER BY r DESC, product LIMIT {rep['top_products']}""")
    names = dict(q("SELECT product, first(name) FROM catalogue GROUP BY product"))
    cats = dict(q("SELECT product, first(category) FROM catalogue GROUP BY product"))
    out["top_products"] = []
    for i, (p, r, u, o) in enumerate(top):
        n = one(f"SELECT count(*) FROM {pc} WHERE product = ?", p)[0]
        ret = one(f"SELECT coalesce(sum(qty), 0) FROM {pr} WHERE product = ?", p)[0]
        out["top_products"].append({"rank": i + 1, "product_id": p, "name": names.get(p), "category": cats.get(p),
                                    "revenue": r, "units": u, "orders": o, "inquiries": n, "returns": ret,
                                    "return_rate": ret / u if u else None})
    # risks
    out["risks"] = []
    for risk in tax["risks"]:
        ids = [x for (x,) in q(f"SELECT id FROM {pc} WHERE list_contains(risks, ?) ORDER BY created, id", risk["id"])]
        out["risks"].append({"id": risk["id"], "name": risk["name"], "count": len(ids), "conversation_ids": ids[:20]})
    # first response, wall clock and business hours
    targets = {k: parse_dur(v) for k, v in rep["first_response_targets"].items()}

    # later than report.max_response (default 30 days) is as implausible as before the question
    max_ms = parse_dur(rep.get("max_response", "30d")) * 1000
    data_end = one("SELECT max(created) FROM conv")[0]

    def fr_block(expr):
        block = {}
        for cls in ("simple", "revenue", "other", "unclassified", "all"):
            where = "" if cls == "all" else f"WHERE class = '{cls}'"
            rows = q(f"SELECT created, resp, id FROM {pc} {where}")
            delays, unans, inv = [], 0, 0
            t = targets.get(cls)
            buckets = dict.fromkeys(BUCKETS, 0)
            late = []
            for c, r, cid in rows:
                if r is None:
                    unans += 1
                    # unanswered is late once the target passed before the last conversation of the data
                    if t is not None and c + t * 1000 <= data_end:
                        late.append((c, cid))
                    buckets["unanswered"] += 1
                elif r < c or r - c > max_ms:
                    inv += 1
                    buckets["invalid"] += 1
                else:
                    d = expr(c, r)
                    delays.append(d)
                    buckets[bucket_of(d)] += 1
                    if t is not None and d > t:
                        late.append((c, cid))
            late.sort()
            stats = one("SELECT quantile_cont(x, 0.5), quantile_cont(x, 0.9), avg(x) FROM (SELECT unnest(?::DOUBLE[]) x)", delays) if delays else (None, None, None)
            block[cls] = {"conversations": len(rows), "answered": len(delays), "unanswered": unans, "invalid": inv,
                          "median_s": stats[0], "p90_s": stats[1], "mean_s": stats[2],
                          "within_target": (sum(1 for d in delays if d <= t) / len(delays)) if (t is not None and delays) else None,
                          "buckets": buckets, "late": len(late) if t is not None else None,
                          "late_ids": [x for _, x in late[:20]] if t is not None else None}
        return block

    out["first_response"] = fr_block(lambda c, r: (r - c) / 1000)
    bh = rep["business_hours"]
    bhc = {"days": [d[:3] for d in bh["days"]], "start": bh["start"], "end": bh["end"], "holidays": {str(h) for h in bh["holidays"]}}
    out["first_response_business"] = fr_block(lambda c, r: business_seconds(c, r, bhc))

    def breakdown(col, key):
        rows = q(f"""SELECT {col}, count(*) n,
                       quantile_cont(CASE WHEN resp >= created AND resp - created <= {max_ms} THEN (resp - created) / 1000.0 END, 0.5) m
                     FROM {pc} GROUP BY {col}""")
        rows.sort(key=lambda x: (x[0] is None, -x[1], x[0] or ""))
        return [{key: v, "count": n, "share": n / total, "first_response_median_s": m} for v, n, m in rows]

    out["channels"] = breakdown("channel", "channel")
    out["segments"] = breakdown("segment", "segment")
    distinct, rep_n = one(f"""SELECT count(*), count(*) FILTER (WHERE n >= 2)
                              FROM (SELECT customer, count(*) n FROM {pc} WHERE customer IS NOT NULL GROUP BY customer)""")
    rt = q(f"""SELECT tag, count(*) FROM {pc} WHERE customer IN
               (SELECT customer FROM {pc} WHERE customer IS NOT NULL GROUP BY customer HAVING count(*) >= 2)
               GROUP BY tag""")
    order = {t["id"]: i for i, t in enumerate(tax["tags"])}
    rt.sort(key=lambda x: (-x[1], x[0] is None, order.get(x[0], 0)))
    out["customers"] = {"distinct": distinct, "repeat_share": rep_n / distinct if distinct else None,
                        "repeat_tags": [{"tag": t, "count": n} for t, n in rt]}
    c = one(f"SELECT count(ces), avg(ces), avg(CASE WHEN ces >= 5 THEN 1.0 ELSE 0.0 END) FILTER (WHERE ces IS NOT NULL) FROM {pc}")
    s = one(f"SELECT count(csat), avg(csat), avg(CASE WHEN csat >= 4 THEN 1.0 ELSE 0.0 END) FILTER (WHERE csat IS NOT NULL) FROM {pc}")
    n = one(f"""SELECT count(nps), 100 * (avg(CASE WHEN nps >= 9 THEN 1.0 ELSE 0.0 END) FILTER (WHERE nps IS NOT NULL)
                                   - avg(CASE WHEN nps <= 6 THEN 1.0 ELSE 0.0 END) FILTER (WHERE nps IS NOT NULL)) FROM {pc}""")
    target = rep.get("ces_target")
    out["satisfaction"] = {
        "ces": {"responses": c[0], "mean": c[1], "share_5_7": c[2], "target": target,
                "target_met": (c[1] >= target) if (c[1] is not None and target is not None) else None},
        "csat": {"responses": s[0], "mean": s[1], "share_4_5": s[2]},
        "nps": {"responses": n[0], "score": n[1]},
        "by_tag": [{"tag": t, "conversations": k, "csat_responses": cr, "csat_mean": cm, "ces_responses": er, "ces_mean": em}
                   for t, k, cr, cm, er, em in sorted(q(f"SELECT l1, count(*), count(csat), avg(csat), count(ces), avg(ces) FROM {pc} GROUP BY l1"),
                                                      key=lambda x: (x[0] is None, -x[1], x[0] or ""))],
    }
    simple = [t["id"] for t in tax["tags"] if t["class"] == "simple"]
    auto = q(f"SELECT tag, count(*) n FROM {pc} WHERE tag IN (SELECT unnest(?::VARCHAR[])) GROUP BY tag", simple)
    auto.sort(key=lambda x: (-x[1], order[x[0]]))
    hm, dr = rep["handle_minutes"], rep["deflection_rate"]
    hourly = rep.get("agent_hourly_cost")
    out["automation"] = [{"tag": t, "count": k, "agent_hours": k * hm / 60, "hours_saved": k * hm / 60 * dr,
                          "cost_saved": k * hm / 60 * dr * hourly if hourly is not None else None} for t, k in auto]
    if with_previous:
        desk(out, q, one, pc, b, total, max_ms, hm, hourly, bhc)
        out["conversion"] = conversion(q, one, pc, cfg, targets, max_ms, data_end)
    if with_previous:
        out["daily"] = []
        d = period.start
        while d <= period.end:
            x, y = ms(dt.datetime.combine(d, dt.time(), KST)), ms(dt.datetime.combine(d + dt.timedelta(days=1), dt.time(), KST))
            i = one(f"SELECT count(*) FROM conv WHERE created >= {x} AND created < {y}")[0]
            r, o = one(f"SELECT coalesce(sum(revenue), 0), count(DISTINCT \"order\") FROM lines WHERE date >= {x} AND date < {y}")
            out["daily"].append({"date": str(d), "inquiries": i, "revenue": r, "orders": o})
            d += dt.timedelta(days=1)
    return out


BUCKETS = ("le_5m", "le_30m", "le_4h", "le_24h", "gt_24h", "unanswered", "invalid")


def bucket_of(d):
    for limit, name in ((300, "le_5m"), (1800, "le_30m"), (14400, "le_4h"), (86400, "le_24h")):
        if d <= limit:
            return name
    return "gt_24h"


def conversion(q, one, pc, cfg, targets, max_ms, data_end):
    """Did the answer sell: per class, the period's conversations with a customer id whose customer
    has a (valid, deduplicated, unfiltered) sale line in (created, created + window]; pending while
    the window runs past the last sale line; per wall-clock first-response bucket; and what the
    conversations answered after the target would have sold at the within-target share."""
    sales_cols = cfg["inputs"].get("sales", {}).get("columns", {})
    conv_cfg = cfg["inputs"]["conversations"]
    conv_maps = any("customer_id" in s.get("columns", {}) for s in (conv_cfg if isinstance(conv_cfg, list) else [conv_cfg]))
    if "customer_id" not in sales_cols or not conv_maps:
        return None
    window = parse_dur(cfg["report"].get("conversion_window", "72h")) * 1000
    last = one("SELECT max(date) FROM lines")[0]
    revenue = dict(q("SELECT lid, revenue FROM lines"))
    rows = q(f"""SELECT c.id, c.class, c.created, c.resp, c.created + {window} > {last} AS pending,
                        list(l.lid ORDER BY l.lid) FILTER (WHERE l.lid IS NOT NULL) AS lids
                 FROM {pc} c LEFT JOIN lines l
                   ON l.customer = c.customer AND l.date > c.created AND l.date <= c.created + {window}
                 WHERE c.customer IS NOT NULL GROUP BY ALL""")

    def block(members):
        n = len(members)
        pend = sum(1 for m in members if m["pending"])
        conv = [m for m in members if not m["pending"] and m["lids"]]
        lids = {x for m in conv for x in m["lids"]}
        return {"conversations": n, "pending": pend, "converted": len(conv),
                "share": len(conv) / (n - pend) if n - pend else None, "revenue": sum(revenue[x] for x in lids)}

    # the ids must be the shop's: with 20 or more customers, at least 1 % of them among the buyers
    customers, matched = one(f"""SELECT count(DISTINCT customer), count(DISTINCT customer) FILTER (WHERE customer IN (SELECT customer FROM lines))
                                 FROM {pc} WHERE customer IS NOT NULL""")
    if customers >= 20 and matched < 0.01 * customers:
        return None
    people = []
    for cid, cls, created, resp, pending, lids in rows:
        if resp is None:
            d, b = None, "unanswered"
        elif resp < created or resp - created > max_ms:
            d, b = None, "invalid"
        else:
            d = (resp - created) / 1000
            b = bucket_of(d)
        people.append({"class": cls, "pending": pending, "lids": lids or [], "delay": d, "bucket": b, "created": created})
    # ids given per order: every customer who wrote and bought has one order, and none converted
    buyers_two = one(f"""SELECT count(*) FROM (SELECT customer FROM lines WHERE customer IN (SELECT customer FROM {pc})
                         GROUP BY customer HAVING count(DISTINCT "order") >= 2)""")[0]
    if matched >= 20 and buyers_two == 0 and not any(m["lids"] and not m["pending"] for m in people):
        return None
    out = {"window_s": window / 1000}
    for cls in ("simple", "revenue", "other", "unclassified", "all"):
        members = [m for m in people if cls == "all" or m["class"] == cls]
        entry = block(members)
        entry["by_first_response"] = {b: block([m for m in members if m["bucket"] == b]) for b in BUCKETS}
        t = targets.get(cls)
        missed = None
        if t is not None:
            fast = [m for m in members if m["delay"] is not None and m["delay"] <= t]
            slow = [m for m in members if (m["bucket"] == "unanswered" and m["created"] + t * 1000 <= data_end)
                    or (m["delay"] is not None and m["delay"] > t)]
            fb, sb = block(fast), block(slow)
            nf, ns = fb["conversations"] - fb["pending"], sb["conversations"] - sb["pending"]
            missed = {"fast": nf, "fast_share": fb["share"], "slow": ns, "slow_share": sb["share"], "conversions": None, "revenue": None}
            # an estimate only on 30 or more known conversations in each group
            if nf >= 30 and ns >= 30:
                conversions = ns * max(0.0, (fb["share"] or 0.0) - (sb["share"] or 0.0))
                per = fb["revenue"] / fb["converted"] if fb["converted"] else 0.0
                missed.update(conversions=conversions, revenue=conversions * per)
        entry["missed"] = missed
        out[cls] = entry
    return out


def parse_dur(s):
    s = str(s)
    total, numbuf = 0.0, ""
    for ch in s:
        if ch.isdigit() or ch == ".":
            numbuf += ch
        else:
            total += float(numbuf) * {"h": 3600, "m": 60, "s": 1, "d": 86400}[ch]
            numbuf = ""
    return total + (float(numbuf) if numbuf else 0)


def desk(out, q, one, pc, b, total, max_ms, hm, hourly, bhc):
    """The helpdesk figures of the period (resolution, one-touch, reopens, backlog, agents,
    cost): one row per conversation; a resolution before the question or later than
    max_response is invalid (counted, not averaged)."""
    ok_res = f"solved IS NOT NULL AND solved >= created AND solved - created <= {max_ms}"
    res = {}
    for cls in ("simple", "revenue", "other", "unclassified", "all"):
        where = "TRUE" if cls == "all" else f"class = '{cls}'"
        r = one(f"""SELECT count(*) FILTER (WHERE {ok_res}), count(*) FILTER (WHERE solved IS NULL),
                           count(*) FILTER (WHERE solved IS NOT NULL AND NOT ({ok_res})),
                           quantile_cont((solved - created) / 1000.0, 0.5) FILTER (WHERE {ok_res}),
                           quantile_cont((solved - created) / 1000.0, 0.9) FILTER (WHERE {ok_res}),
                           avg((solved - created) / 1000.0) FILTER (WHERE {ok_res}) FROM {pc} WHERE {where}""")
        res[cls] = dict(zip(("resolved", "unresolved", "invalid", "median_s", "p90_s", "mean_s"), r))
    out["resolution"] = res
    # the same in business hours
    resb = {}
    for cls in ("simple", "revenue", "other", "unclassified", "all"):
        where = "TRUE" if cls == "all" else f"class = '{cls}'"
        rows = q(f"SELECT created, solved FROM {pc} WHERE {where}")
        done = sorted(business_seconds(c, r, bhc) for c, r in rows if r is not None and c <= r and r - c <= max_ms)
        st = one("SELECT quantile_cont(x, 0.5), quantile_cont(x, 0.9), avg(x) FROM (SELECT unnest(?::DOUBLE[]) x)", done) if done else (None, None, None)
        resb[cls] = {"resolved": len(done), "unresolved": sum(1 for _, r in rows if r is None),
                     "invalid": sum(1 for c, r in rows if r is not None and not (c <= r and r - c <= max_ms)),
                     "median_s": st[0], "p90_s": st[1], "mean_s": st[2]}
    out["resolution_business"] = resb
    n_res, one_touch, reopened = one(f"SELECT count(*), count(*) FILTER (WHERE replies = 1), count(*) FILTER (WHERE reopens >= 1) FROM {pc} WHERE {ok_res}")
    out["one_touch_share"] = one_touch / n_res if n_res else None
    out["reopen_share"] = reopened / n_res if n_res else None
    # the backlog at the end: created before it, not resolved before it, over every row read
    day = 86_400_000
    open_q = f"(SELECT * FROM conv WHERE created < {b} AND (solved IS NULL OR solved >= {b}))"
    o = one(f"""SELECT count(*), count(*) FILTER (WHERE {b} - created < {day}),
                       count(*) FILTER (WHERE {b} - created >= {day} AND {b} - created < {3 * day}),
                       count(*) FILTER (WHERE {b} - created >= {3 * day} AND {b} - created < {7 * day}),
                       count(*) FILTER (WHERE {b} - created >= {7 * day}) FROM {open_q}""")
    by_tag = q(f"SELECT l1, count(*) FROM {open_q} GROUP BY l1")
    by_tag.sort(key=lambda x: (x[0] is None, -x[1], x[0] or ""))
    out["backlog"] = {"open": o[0], "by_age": {"lt_1d": o[1], "d1_3": o[2], "d3_7": o[3], "gt_7d": o[4]},
                      "by_tag": [{"tag": t, "open": n} for t, n in by_tag]}
    agents = q(f"""SELECT agent, count(*),
                          count(*) FILTER (WHERE resp IS NOT NULL AND resp >= created AND resp - created <= {max_ms}),
                          quantile_cont((resp - created) / 1000.0, 0.5) FILTER (WHERE resp IS NOT NULL AND resp >= created AND resp - created <= {max_ms}),
                          quantile_cont((solved - created) / 1000.0, 0.5) FILTER (WHERE {ok_res}),
                          count(*) FILTER (WHERE {ok_res}), count(*) FILTER (WHERE {ok_res} AND replies = 1),
                          avg(csat) FROM {pc} GROUP BY agent""")
    agents.sort(key=lambda x: (x[0] is None, -x[1], x[0] or ""))
    out["agents"] = [{"agent": a_, "conversations": n, "answered": ans, "first_response_median_s": frm, "resolution_median_s": rm,
                      "one_touch_share": ot / nr if nr else None, "csat_mean": cs} for a_, n, ans, frm, rm, nr, ot, cs in agents]
    if hourly is not None:
        each = hm / 60 * hourly
        ct = q(f"SELECT l1, count(*) FROM {pc} GROUP BY l1")
        ct.sort(key=lambda x: (x[0] is None, -x[1], x[0] or ""))
        out["cost"] = {"total": total * each, "by_tag": [{"tag": t, "cost": n * each} for t, n in ct]}
    else:
        out["cost"] = None


def spikes(con, tax, cfg, period):
    rep = cfg["report"]
    first = con.execute("SELECT min(created) FROM conv").fetchone()[0]
    first_day = dt.datetime.fromtimestamp(first / 1000, KST).date()
    base_start = max(period.start - dt.timedelta(days=rep["spike"]["baseline_days"]), first_day)
    nbase = (period.start - base_start).days
    out = []
    if nbase <= 0:
        return out
    days = [base_start + dt.timedelta(days=i) for i in range(nbase + (period.end - period.start).days + 1)]
    grid = defaultdict(int)
    for created, tag in con.execute("SELECT created, tag FROM conv WHERE tag IS NOT NULL").fetchall():
        day = dt.datetime.fromtimestamp(created / 1000, KST).date()
        t = tag
        while t is not None:
            grid[(t, day)] += 1
            t = tax["parent"][t]
    for d in days[nbase:]:
        for t in tax["tags"]:
            m = sum(grid[(t["id"], x)] for x in days[:nbase]) / nbase
            cnt = grid[(t["id"], d)]
            if cnt >= rep["spike"]["min_count"] and cnt > m + 3 * math.sqrt(m):
                out.append({"kind": "spike", "tag": t["id"], "date": str(d), "count": cnt, "baseline": m})
    return out


def top_tag(tax, t):
    """The level-1 ancestor of tag `t` (itself at level 1; None stays None)."""
    while t is not None and tax["parent"].get(t):
        t = tax["parent"][t]
    return t


def load_taxonomy(path):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    tags, parent, risks, fields, keywords = [], {}, [], {}, {}

    def words(m):
        return {str(k) for role in ("any", "all") for k in (m or {}).get(role, [])}

    def walk(t, par, path, level, cls):
        name = str(t.get("name", t["id"]))
        keywords[t["id"]] = words(t.get("match"))
        p = f"{path}/{name}" if path else name
        c = t.get("class", cls) or "other"
        tags.append({"id": t["id"], "path": p, "name": name, "level": level, "class": c})
        if (t.get("match") or {}).get("fields"):
            fields[t["id"]] = {k: {str(v).strip().lower() for v in vs} for k, vs in t["match"]["fields"].items()}
        parent[t["id"]] = par
        for ch in t.get("children", []):
            walk(ch, t["id"], p, level + 1, c)

    for t in doc["tags"]:
        walk(t, None, "", 1, None)
    for r in doc.get("risks", []):
        risks.append({"id": r["id"], "name": r.get("name", r["id"])})
        keywords[r["id"]] = words(r.get("match"))
    return {"tags": tags, "parent": parent, "risks": risks, "fields": fields, "keywords": keywords,
            "normalize": doc.get("normalize", {})}


# voc's masks (src/mask.rs); word boundaries are ASCII ones, as Korean runs into numbers
B, E = r"(?<![A-Za-z0-9_])", r"(?![A-Za-z0-9_])"
MASKS = [
    (re.compile(B + r"\d{6}\s?[-–]?\s?[1-8]\d{6}" + E), "******-*******"),
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"), "***@***"),
    (re.compile(r"(?:\+82[\s\-.]?|" + B + r")0?(?:1[016789]|2|[3-6][1-5]|70)[\s\-.)]?\d{3,4}[\s\-.]?\d{4}" + E), "***-****-****"),
]


def voices(convs, tags, tax, period):
    """The customers' own words: for the five level-1 tags with the most conversations of the
    period (ties: taxonomy order), then each risk with any, the three conversations whose
    normalized text contains the most distinct keywords of that tag's subtree (or the risk;
    ties: newest, then id; a text repeated, once), masked, then cut between words within 200
    characters with "…"."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import tagger
    norm = tax["normalize"]
    # a keyword is each of its forms (a stem's inflections, whole Latin words: scripts/tagger.py)
    forms_of = lambda ks: {f for k in ks for f in tagger.forms(norm, k)}

    level_one = lambda t: top_tag(tax, t)
    a, b = period.bounds()
    in_period = [c for c in convs if a <= c["created"] < b]
    subtree = defaultdict(set)
    for t in tax["tags"]:
        subtree[level_one(t["id"])] |= forms_of(tax["keywords"][t["id"]])
    groups = defaultdict(list)
    for c in in_period:
        t = tags[c["id"]]
        if t["primary_tag"]:
            groups[("tag", level_one(t["primary_tag"]))].append(c)
        for r in (x for x in t["risks"].split(";") if x):
            groups[("risk", r)].append(c)
    order = [t["id"] for t in tax["tags"] if t["level"] == 1]
    top = sorted((k for k in groups if k[0] == "tag"), key=lambda k: (-len(groups[k]), order.index(k[1])))[:5]
    keys = top + [("risk", r["id"]) for r in tax["risks"] if ("risk", r["id"]) in groups]
    out = []
    for kind, key in keys:
        words = subtree[key] if kind == "tag" else forms_of(tax["keywords"][key])

        def hits(c):
            kw, breaks = tagger.normalize(c["text"], norm)
            return sum(1 for f in words if f[0] and tagger.occurrences(kw.encode(), breaks, f))

        scored = sorted(groups[(kind, key)], key=lambda c: (-hits(c), -c["created"], c["id"]))
        # each text once (the same words, whatever the spacing): the best-placed copy
        unique, seen = [], set()
        for c in scored:
            words_of = tuple(c["text"].split())
            if words_of not in seen:
                seen.add(words_of)
                unique.append(c)
        for c in unique[:3]:
            text = c["text"]
            for rx, repl in MASKS:
                text = rx.sub(repl, text)
            out.append({"tag": key, "kind": kind, "conversation_id": c["id"],
                        "created_at": dt.datetime.fromtimestamp(c["created"] / 1000, KST).isoformat(),
                        "channel": c["channel"], "text": cut(text, 200)})
    return out


def cut(text, n):
    """Cut at the last white space within n characters that keeps more than half of them (at n
    when a word runs over half), ended with "…"; the whole text when it is not longer."""
    if len(text) <= n:
        return text
    head = text[:n]
    spaces = [i for i, ch in enumerate(head) if ch.isspace() and i >= n // 2]
    at = spaces[-1] if spaces else n
    return text[:at].rstrip() + "…"


def compare(exp, act, path, errors):
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            errors.append(f"{path}: expected an object, voc has {act!r}")
            return
        for k, v in exp.items():
            if k not in act:
                errors.append(f"{path}.{k}: missing in voc's JSON")
            else:
                compare(v, act[k], f"{path}.{k}", errors)
    elif isinstance(exp, list):
        if not isinstance(act, list) or len(exp) != len(act):
            errors.append(f"{path}: expected {len(exp)} items, voc has {len(act) if isinstance(act, list) else act!r}")
            return
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, f"{path}[{i}]", errors)
    elif isinstance(exp, float) or isinstance(act, float):
        if exp is None or act is None or not math.isclose(float(exp), float(act), rel_tol=1e-9, abs_tol=1e-9):
            errors.append(f"{path}: expected {exp!r}, voc has {act!r}")
    elif exp != act:
        errors.append(f"{path}: expected {exp!r}, voc has {act!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--voc", default=os.path.join(REPO, "target", "debug", "voc"))
    ap.add_argument("--config", default=os.path.join(REPO, "config", "voc.yaml"))
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--week")
    g.add_argument("--month")
    ap.add_argument("--conversations", default="fixtures/cs/conversations-*.csv",
                    help="the conversation files to compute from (relative to the repository): with a config of "
                         "several sources, the one file they were split from")
    args = ap.parse_args()
    period = Period.week(args.week) if args.week else Period.month(args.month)
    cfg = yaml.safe_load(open(args.config, encoding="utf-8"))
    conv_cfg = cfg["inputs"]["conversations"]
    SOURCES.update(s["name"] for s in conv_cfg) if isinstance(conv_cfg, list) else None
    tax = load_taxonomy(os.path.join(os.path.dirname(args.config), cfg["taxonomy"]))

    convs, cacc = load_conversations(args.conversations)
    lines, sacc, rets, racc, catalogue = load_sales()
    tags = voc_tags(args.voc, args.config)
    # order -> product: the line with the highest revenue, ties the smallest product id
    best = {}
    for l in lines:
        o = l["order"]
        if o not in best or (l["revenue"], -0) > (best[o]["revenue"], 0) or (l["revenue"] == best[o]["revenue"] and l["product"] < best[o]["product"]):
            best[o] = l
    con = duckdb.connect()
    con.execute("""CREATE TABLE conv (id VARCHAR, created BIGINT, resp BIGINT, channel VARCHAR, customer VARCHAR, segment VARCHAR,
                   product VARCHAR, category VARCHAR, ces DOUBLE, csat DOUBLE, nps DOUBLE, tag VARCHAR, class VARCHAR, risks VARCHAR[],
                   solved BIGINT, agent VARCHAR, replies INTEGER, reopens INTEGER, l1 VARCHAR, no_text BOOLEAN)""")
    rows = []
    for c in convs:
        t = tags[c["id"]]
        product = c["product"] or (best[c["order"]]["product"] if c["order"] in best else None)
        rows.append((c["id"], c["created"], c["resp"], c["channel"], c["customer"], c["segment"], product,
                     catalogue.get(product) if product else None, c["ces"], c["csat"], c["nps"],
                     t["primary_tag"] or None, t["class"], [r for r in t["risks"].split(";") if r],
                     c["solved"], c["agent"], c["replies"], c["reopens"], top_tag(tax, t["primary_tag"] or None),
                     c["text"].strip() == ""))
    con.executemany("INSERT INTO conv VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    field_errors = check_fields_rules(tax, rows, tags)
    field_errors += check_tags(os.path.join(os.path.dirname(args.config), cfg["taxonomy"]), convs, rows, tags)
    con.execute("CREATE TABLE lines (lid INTEGER, date BIGINT, \"order\" VARCHAR, product VARCHAR, qty DOUBLE, revenue DOUBLE, category VARCHAR, customer VARCHAR)")
    con.executemany("INSERT INTO lines VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [(i, l["date"], l["order"], l["product"], l["qty"], l["revenue"], l["category"], l["customer"]) for i, l in enumerate(lines)])
    con.execute("CREATE TABLE rets (date BIGINT, \"order\" VARCHAR, product VARCHAR, qty DOUBLE)")
    con.executemany("INSERT INTO rets VALUES (?, ?, ?, ?)", [(r["date"], r["order"], r["product"], r["qty"]) for r in rets])
    names = {}
    for path in sorted(glob.glob(os.path.join(FIX, "sales", "orders-*.csv"))):
        header, rs = read(path)
        for r in rs:
            if len(r) >= 4 and r[2].strip():
                names.setdefault(r[2].strip(), r[3].strip())
    con.execute("CREATE TABLE catalogue (product VARCHAR, name VARCHAR, category VARCHAR)")
    con.executemany("INSERT INTO catalogue VALUES (?, ?, ?)", [(p, names.get(p), c) for p, c in catalogue.items()])

    expected = compute(con, tax, cfg, period)
    prev = period.previous()
    expected_prev = compute(con, tax, cfg, prev, with_previous=False)
    a, b = period.bounds()
    iso = lambda t: dt.datetime.fromtimestamp(t / 1000, KST).isoformat() if t is not None else None
    spans = {}
    for name, acc, rowsq in (("conversations", cacc, "SELECT created FROM conv"), ("sales", sacc, "SELECT date FROM lines"),
                             ("returns", racc, "SELECT date FROM rets")):
        times = [x for (x,) in con.execute(rowsq).fetchall()]
        acc["rows_used"] = sum(1 for t in times if a <= t < b)
        acc["out_of_period"] = len(times) - acc["rows_used"]
        # the data's span: the earliest and latest valid, de-duplicated row, in the config's zone
        acc["first"], acc["last"] = iso(min(times, default=None)), iso(max(times, default=None))
        spans[name] = (min(times, default=None), max(times, default=None))
    # sales and returns count the rows voc used as the lines it keeps (the fixtures' sales have no
    # line ids, so no duplicates)
    max_response_ms = parse_dur(cfg["report"].get("max_response", "30d")) * 1000
    # a conversation without text is no tagging miss: counted apart, out of the unclassified share
    pc = con.execute(f"SELECT count(*) FILTER (WHERE NOT no_text), count(*) FILTER (WHERE tag IS NULL AND NOT no_text), count(*) FILTER (WHERE resp < created OR resp - created > {max_response_ms}), count(*) FILTER (WHERE product IS NULL), count(*) FILTER (WHERE no_text) FROM conv WHERE created >= {a} AND created < {b}").fetchone()
    cacc["no_text"] = pc[4]
    expected["data_quality"] = {"conversations": cacc, "sales": sacc, "returns": racc,
                                "unclassified_share": pc[1] / pc[0], "invalid_first_response": pc[2], "without_product": pc[3]}
    expected["alerts_spikes"] = spikes(con, tax, cfg, period)
    # the gates (trust rules): data span, rejected share, duplicates, unclassified share
    gate = cfg["report"].get("quality_gate", {})
    gates = []
    day_ms = lambda d: ms(dt.datetime.combine(d, dt.time(), KST))
    def covered(name, p):
        first, last = spans[name]
        return first is not None and first < day_ms(p.start + dt.timedelta(days=1)) and last >= day_ms(p.end)

    for name, acc in (("conversations", cacc), ("sales", sacc)):
        if not covered(name, period):
            gates.append({"kind": "data_span", "count": acc["rows_read"]})
    for acc in (cacc, sacc, racc):
        if acc["rows_read"] and acc["rows_rejected"] / acc["rows_read"] > gate.get("max_rejected_share", 0.02):
            gates.append({"kind": "gate", "count": acc["rows_rejected"]})
        valid = acc["rows_read"] - acc["rows_rejected"] - acc["filtered"]
        if valid and acc["duplicates"] / valid > gate.get("max_duplicate_share", 0.05):
            gates.append({"kind": "duplicates", "count": acc["duplicates"]})
    if pc[0] and pc[1] / pc[0] > gate.get("max_unclassified_share", 0.30):
        gates.append({"kind": "coverage", "count": pc[1]})
    expected["alerts_gates"] = gates
    # when customers write: local weekday (Monday first) × hour, with each cell's median reply
    counts = [[0] * 24 for _ in range(7)]
    cell_delays = [[[] for _ in range(24)] for _ in range(7)]
    max_reply_ms = parse_dur(cfg["report"].get("max_response", "30d")) * 1000
    for created, resp in con.execute(f"SELECT created, resp FROM conv WHERE created >= {a} AND created < {b}").fetchall():
        t = dt.datetime.fromtimestamp(created / 1000, KST)
        counts[t.weekday()][t.hour] += 1
        if resp is not None and created <= resp and resp - created <= max_reply_ms:
            cell_delays[t.weekday()][t.hour].append((resp - created) / 1000)
    median = lambda v: (con.execute("SELECT quantile_cont(x, 0.5) FROM (SELECT unnest(?::DOUBLE[]) x)", [v]).fetchone()[0] if v else None)
    expected["heatmap"] = {"counts": counts, "first_response_median_s": [[median(v) for v in row] for row in cell_delays]}
    expected["voices"] = voices(convs, tags, tax, period)
    # the mis-tag review: the period's conversations an agent tagged (with a tag that names one),
    # against what the rules alone pick (voc tag's rule_tag)
    manual = [(c, tags[c["id"]]) for c in convs if a <= c["created"] < b and tags[c["id"]]["tag_source"] == "manual"]
    pairs = defaultdict(list)
    for c, t in manual:
        if t["rule_tag"] != t["primary_tag"]:
            pairs[(t["primary_tag"], t["rule_tag"] or None)].append((c["created"], c["id"]))
    dis = [{"manual": m, "rule": r, "count": len(v), "conversation_ids": [i for _, i in sorted(v)[:10]]} for (m, r), v in pairs.items()]
    dis.sort(key=lambda d: (-d["count"], d["manual"], d["rule"] is None, d["rule"] or ""))
    agree = sum(1 for _, t in manual if t["rule_tag"] == t["primary_tag"])
    expected["tag_review"] = {"manual": len(manual), "agree": agree, "agreement": agree / len(manual) if manual else None,
                              "disagreements": dis}
    # the trend: every period computed as its own report would, the current one last
    trend_n = int(cfg["report"].get("trend_periods", 12))
    trend_periods = [period]
    while len(trend_periods) < trend_n:
        trend_periods.append(trend_periods[-1].previous())
    expected["trend"] = []
    for p in reversed(trend_periods):
        e = compute(con, tax, cfg, p, with_previous=False)
        pa, pb = p.bounds()
        unclassified = con.execute(f"SELECT count(*) FROM conv WHERE created >= {pa} AND created < {pb} AND tag IS NULL AND NOT no_text").fetchone()[0]
        expected["trend"].append({
            "id": p.id, "start": str(p.start), "end": str(p.end),
            "covered": all(covered(n, p) for n in ("conversations", "sales")),
            "inquiries": e["inquiries"]["total"], "revenue": e["sales"]["revenue"], "orders": e["sales"]["orders"],
            "per_revenue_unit": e["inquiries"]["per_revenue_unit"], "per_100_orders": e["inquiries"]["per_100_orders"],
            "unclassified": unclassified,
            "first_response_median_s": {k: e["first_response"][k]["median_s"] for k in ("simple", "revenue")},
            "csat_mean": e["satisfaction"]["csat"]["mean"],
            "tags": {t["id"]: t["count"] for t in e["tags"] if t["level"] == 1},
        })
    change = lambda c, p: (c - p) / p if (c is not None and p) else None
    # a change only between two periods the data covers
    like_with_like = all(covered(n, p) for n in ("conversations", "sales") for p in (period, prev))
    expected["previous"] = dict(expected_prev, change=None if not like_with_like else {
        "revenue": change(expected["sales"]["revenue"], expected_prev["sales"]["revenue"]),
        "orders": change(expected["sales"]["orders"], expected_prev["sales"]["orders"]),
        "units": change(expected["sales"]["units"], expected_prev["sales"]["units"]),
        "inquiries": change(expected["inquiries"]["total"], expected_prev["inquiries"]["total"]),
        "per_revenue_unit": change(expected["inquiries"]["per_revenue_unit"], expected_prev["inquiries"]["per_revenue_unit"]),
        "per_100_orders": change(expected["inquiries"]["per_100_orders"], expected_prev["inquiries"]["per_100_orders"]),
        "first_response_median_s": change(expected["first_response"]["all"]["median_s"], expected_prev["first_response"]["all"]["median_s"]),
        "csat_mean": change(expected["satisfaction"]["csat"]["mean"], expected_prev["satisfaction"]["csat"]["mean"]),
        "ces_mean": change(expected["satisfaction"]["ces"]["mean"], expected_prev["satisfaction"]["ces"]["mean"]),
    })

    with tempfile.TemporaryDirectory() as d:
        flag = ["--week", args.week] if args.week else ["--month", args.month]
        r = subprocess.run([args.voc, "-q", "--config", args.config, "report", *flag, "--format", "json", "--out", d,
                            "--now", "2026-12-01T00:00:00+09:00"])
        if r.returncode not in (0, 3):
            sys.exit(f"voc report failed with exit {r.returncode}")
        actual = unqualified(json.load(open(os.path.join(d, f"{period.id}.json"), encoding="utf-8")))
        # each source's own accounting is the voc side's alone (its sum is checked as conversations)
        actual["data_quality"].pop("conversation_sources", None)
    actual["alerts_spikes"] = [{k: a[k] for k in ("kind", "tag", "date", "count", "baseline")} for a in actual["alerts"] if a["kind"] == "spike"]
    actual["alerts_gates"] = [{"kind": a["kind"], "count": a["count"]} for a in actual["alerts"]
                              if a["kind"] in ("data_span", "gate", "duplicates", "coverage")]
    errors = list(field_errors)
    compare(expected, actual, "$", errors)
    checked = count_leaves(expected)
    if errors:
        print(f"{len(errors)} of {checked} values differ:")
        for e in errors[:80]:
            print("  " + e)
        sys.exit(1)
    print(f"{period.id}: all {checked} values agree (counts exactly, floats to 1e-9)")


def check_tags(path, convs, rows, tags):
    """Every conversation's primary tag, the rules' own pick and its risks, found here from the
    taxonomy by scripts/tagger.py (an independent reading of docs/taxonomy.md: stems, whole
    words, except phrases …), against what `voc tag` says."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import tagger
    t = tagger.Taxonomy(path)
    errors, used = [], defaultdict(int)
    category = {r[0]: r[7] for r in rows}
    for c in convs:
        fields = {"channel": c["channel"], "segment": c["segment"], "category": category.get(c["id"])}
        primary, rule, risks = t.classify(c["text"], fields, c["tags"])
        v = tags[c["id"]]
        got = (v["primary_tag"] or None, v["rule_tag"] or None, sorted(x for x in v["risks"].split(";") if x))
        if got != (primary, rule, sorted(risks)):
            errors.append(f"{c['id']}: voc tags it {got}, the taxonomy says {(primary, rule, sorted(risks))}: {c['text'][:60]!r}")
        # how much of the taxonomy's new matching the fixtures exercise
        kw, breaks = tagger.normalize(c["text"], t.norm)
        kb = kw.encode()
        for tag in t.tags:
            r = tag["rule"] or {}
            for role in ("any", "except"):
                for g in r.get(role, []):
                    if any(tagger.occurrences(kb, breaks, f) for f in g):
                        if len(g) > 1:
                            used["stem " + role] += 1
                        if any(f[1] or f[2] for f in g):
                            used["whole word"] += 1
                        if role == "except":
                            used["except"] += 1
    print("tags: " + ", ".join(f"{k} {n}" for k, n in sorted(used.items())) + f"; {len(convs)} conversations agree" if not errors else "")
    for k in ("stem any", "except", "whole word"):
        if used[k] == 0:
            errors.append(f"no conversation hits a {k}: the check of the taxonomy's matching would prove nothing")
    return errors


def check_fields_rules(tax, rows, tags):
    """A tag whose rule tests `fields` may win by rule only where the conversation's own channel,
    segment and category (found here independently: the category through the product, the
    product through the order) are among the listed values; each such tag must win somewhere."""
    errors, won = [], defaultdict(int)
    for (cid, _c, _r, channel, _cu, segment, _p, category, *_rest) in rows:
        tag = tags[cid]["primary_tag"]
        if tag not in tax["fields"] or tags[cid]["tag_source"] != "rule":
            continue
        have = {"channel": channel, "segment": segment, "category": category}
        for k, allowed in tax["fields"][tag].items():
            v = (have[k] or "").strip().lower()
            if v not in allowed:
                errors.append(f"{cid}: tagged {tag} by rule, but its {k} is {have[k]!r}, not one of {sorted(allowed)}")
        won[tag] += 1
    for tag in tax["fields"]:
        if won[tag] == 0:
            errors.append(f"the fields rule of {tag} never won: the check would prove nothing")
    if tax["fields"]:
        print("fields rules: " + ", ".join(f"{t} {won[t]}" for t in sorted(tax["fields"])))
    return errors


def count_leaves(x):
    if isinstance(x, dict):
        return sum(count_leaves(v) for v in x.values())
    if isinstance(x, list):
        return sum(count_leaves(v) for v in x)
    return 1


if __name__ == "__main__":
    main()
