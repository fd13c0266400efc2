#!/usr/bin/env python3
"""The SQL peer of `voc report` (BENCHMARKS.md): the same job done in DuckDB, as an analyst
would — tagging as a CASE chain of contains() in priority order over the normalized text, then
every report metric for the period, the previous period's headline figures, and the trend voc's
report shows (the headline figures and level-1 tag counts of this period and the 11 before it, so
the peer tags those weeks too).

    python3 benches/duckdb_report.py DATA_DIR --from 2026-09-21 --to 2026-11-15 [--taxonomy config/taxonomy.yaml] [--trend-periods 12]
    python3 benches/duckdb_report.py DATA_DIR --scan        # the parse floor: read every column once

DATA_DIR holds conversations.csv, orders.csv and returns.csv from `voc-gen bench`. Prints one
JSON object (a few headline numbers, to check both engines did the same work).
"""

import argparse
import datetime as dt
import json
import os

import duckdb
import yaml


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def norm(kw, ignore_spaces):
    k = kw.strip().lower()
    return "".join(k.split()) if ignore_spaces else " ".join(k.split())


def rule_sql(m, ignore_spaces):
    """A taxonomy rule as a boolean SQL expression over `kt` (keyword text) and `rt` (regex text)."""
    if m is None:
        return None
    anys = [f"contains(kt, {sql_str(norm(str(k), ignore_spaces))})" for k in m.get("any", [])]
    regs = [f"regexp_matches(rt, {sql_str(str(r))})" for r in m.get("regex", [])]
    parts = []
    if anys or regs:
        parts.append("(" + " OR ".join(anys + regs) + ")")
    for k in m.get("all", []):
        parts.append(f"contains(kt, {sql_str(norm(str(k), ignore_spaces))})")
    nones = [f"contains(kt, {sql_str(norm(str(k), ignore_spaces))})" for k in m.get("none", [])]
    if nones:
        parts.append("NOT (" + " OR ".join(nones) + ")")
    return " AND ".join(parts) if parts else None


def flatten(tags, parent=None, level=1, cls=None, out=None):
    out = [] if out is None else out
    for t in tags:
        c = t.get("class", cls) or "other"
        out.append({"id": t["id"], "parent": parent, "level": level, "class": c, "priority": t.get("priority", 0), "match": t.get("match"), "order": len(out)})
        flatten(t.get("children", []), t["id"], level + 1, c, out)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("--from", dest="start")
    ap.add_argument("--to", dest="end")
    ap.add_argument("--taxonomy", default=os.path.join(os.path.dirname(__file__), "..", "config", "taxonomy.yaml"))
    ap.add_argument("--scan", action="store_true")
    ap.add_argument("--trend-periods", type=int, default=12, help="periods in the trend, as voc's report.trend_periods")
    a = ap.parse_args()
    con = duckdb.connect()
    conv = os.path.join(a.data, "conversations.csv")
    orders = os.path.join(a.data, "orders.csv")
    rets = os.path.join(a.data, "returns.csv")
    if a.scan:
        cols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{conv}', all_varchar=true)").fetchall()]
        ocols = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{orders}', all_varchar=true)").fetchall()]
        q1 = "SELECT count(*), " + ", ".join(f'sum(length("{c}"))' for c in cols) + f" FROM read_csv('{conv}', all_varchar=true)"
        q2 = "SELECT count(*), " + ", ".join(f'sum(length("{c}"))' for c in ocols) + f" FROM read_csv('{orders}', all_varchar=true)"
        print(json.dumps({"conversations": con.execute(q1).fetchone()[0], "order_lines": con.execute(q2).fetchone()[0]}))
        return

    tax = yaml.safe_load(open(a.taxonomy, encoding="utf-8"))
    ignore = (tax.get("normalize") or {}).get("ignore_spaces", True)
    tags = flatten(tax["tags"])
    ranked = sorted([t for t in tags if t["match"]], key=lambda t: (-t["priority"], -t["level"], t["order"]))
    case = "CASE " + " ".join(f"WHEN {rule_sql(t['match'], ignore)} THEN {sql_str(t['id'])}" for t in ranked) + " END"
    risks = [(r["id"], rule_sql(r["match"], ignore)) for r in tax.get("risks", [])]
    space = "''" if ignore else "' '"

    start = dt.date.fromisoformat(a.start)
    end = dt.date.fromisoformat(a.end)
    days = (end - start).days + 1
    pstart = start - dt.timedelta(days=days)
    # the trend: this period and the ones before it, each as long as it (as voc's report shows)
    tstart = start - dt.timedelta(days=days * (a.trend_periods - 1))
    con.execute("SET TimeZone = 'Asia/Seoul'")
    lo, hi = f"TIMESTAMPTZ '{start} 00:00:00+09'", f"TIMESTAMPTZ '{end + dt.timedelta(days=1)} 00:00:00+09'"
    plo = f"TIMESTAMPTZ '{min(pstart, tstart)} 00:00:00+09'"
    tlo = f"TIMESTAMPTZ '{tstart} 00:00:00+09'"
    con.execute(f"""
        CREATE TEMP TABLE c AS
        SELECT 상담ID AS id,
               (생성일시 || '+09')::TIMESTAMPTZ AS created,
               (첫응답일시 || '+09')::TIMESTAMPTZ AS responded,
               채널 AS channel, 고객ID AS customer, 고객등급 AS segment, 상품코드 AS product, 주문번호 AS ord,
               TRY_CAST(CES AS DOUBLE) AS ces, TRY_CAST(만족도 AS DOUBLE) AS csat, TRY_CAST(NPS AS DOUBLE) AS nps,
               lower(regexp_replace(coalesce(제목, '') || chr(10) || coalesce(내용, ''), '\\s+', {space}, 'g')) AS kt,
               lower(regexp_replace(coalesce(제목, '') || chr(10) || coalesce(내용, ''), '\\s+', ' ', 'g')) AS rt
        FROM read_csv('{conv}', all_varchar=true)
        WHERE (생성일시 || '+09')::TIMESTAMPTZ >= {plo} AND (생성일시 || '+09')::TIMESTAMPTZ < {hi}
    """)
    con.execute(f"CREATE TEMP TABLE t AS SELECT *, {case} AS tag, " + ", ".join(f"({r}) AS risk_{i}" for i, (_, r) in enumerate(risks)) + " FROM c")
    con.execute("CREATE TEMP TABLE tax (id VARCHAR, parent VARCHAR, class VARCHAR, ord INTEGER)")
    con.executemany("INSERT INTO tax VALUES (?, ?, ?, ?)", [(t["id"], t["parent"], t["class"], t["order"]) for t in tags])
    con.execute(f"""CREATE TEMP TABLE s AS SELECT (주문일시 || '+09')::TIMESTAMPTZ AS date, 주문번호 AS ord, 상품코드 AS product,
                    상품명 AS name, 카테고리 AS category, 수량::DOUBLE AS qty, 결제금액::DOUBLE AS revenue,
                    고객ID AS customer, row_number() OVER () AS lid
                    FROM read_csv('{orders}', all_varchar=true)""")
    con.execute(f"CREATE TEMP TABLE r AS SELECT (반품일시 || '+09')::TIMESTAMPTZ AS date, 상품코드 AS product, 수량::DOUBLE AS qty FROM read_csv('{rets}', all_varchar=true)")

    cur = f"(SELECT t.*, coalesce(x.class, 'unclassified') AS class FROM t LEFT JOIN tax x ON t.tag = x.id WHERE created >= {lo} AND created < {hi})"
    prev = f"(SELECT * FROM t WHERE created >= {plo} AND created < {lo})"
    out = {}
    q = lambda sql: con.execute(sql).fetchall()
    out["sales"] = q(f"SELECT sum(revenue), count(DISTINCT ord), sum(qty) FROM s WHERE date >= {lo} AND date < {hi}")[0]
    total = q(f"SELECT count(*) FROM {cur}")[0][0]
    out["inquiries"] = total
    out["prev_inquiries"] = q(f"SELECT count(*) FROM {prev}")[0][0]
    out["tags"] = q(f"""WITH RECURSIVE up(id, anc) AS (SELECT id, id FROM tax UNION ALL SELECT up.id, tax.parent FROM up JOIN tax ON up.anc = tax.id WHERE tax.parent IS NOT NULL)
                       SELECT up.anc, count(*) FROM {cur} cc JOIN up ON cc.tag = up.id GROUP BY up.anc ORDER BY 1""")
    out["product_groups"] = q(f"""SELECT category, count(*) FROM {cur} cc LEFT JOIN (SELECT DISTINCT product, category FROM s) p USING (product) GROUP BY category""")
    out["group_revenue"] = q(f"SELECT category, sum(revenue) FROM s WHERE date >= {lo} AND date < {hi} GROUP BY category")
    out["top_products"] = q(f"""WITH top AS (SELECT product, sum(revenue) rev, sum(qty) units, count(DISTINCT ord) orders FROM s WHERE date >= {lo} AND date < {hi}
                                 GROUP BY product ORDER BY rev DESC, product LIMIT 10)
                               SELECT top.*, (SELECT count(*) FROM {cur} cc WHERE cc.product = top.product),
                                      (SELECT coalesce(sum(qty), 0) FROM r WHERE r.product = top.product AND date >= {lo} AND date < {hi})
                               FROM top ORDER BY rev DESC""")
    out["risks"] = [q(f"SELECT count(*), list(id ORDER BY created, id)[1:20] FROM {cur} WHERE risk_{i}")[0] for i in range(len(risks))]
    out["first_response"] = q(f"""SELECT class, count(*), count(*) FILTER (WHERE responded >= created), count(*) FILTER (WHERE responded IS NULL),
                                  quantile_cont(epoch(responded - created), [0.5, 0.9]) FILTER (WHERE responded >= created),
                                  avg(epoch(responded - created)) FILTER (WHERE responded >= created)
                                  FROM {cur} GROUP BY ROLLUP (class)""")
    out["channels"] = q(f"SELECT channel, count(*), quantile_cont(epoch(responded - created), 0.5) FILTER (WHERE responded >= created) FROM {cur} GROUP BY channel")
    out["segments"] = q(f"SELECT segment, count(*), quantile_cont(epoch(responded - created), 0.5) FILTER (WHERE responded >= created) FROM {cur} GROUP BY segment")
    out["customers"] = q(f"SELECT count(*), count(*) FILTER (WHERE n >= 2) FROM (SELECT customer, count(*) n FROM {cur} WHERE customer IS NOT NULL GROUP BY customer)")
    out["satisfaction"] = q(f"""SELECT count(ces), avg(ces), count(csat), avg(csat), count(nps),
                                100 * (avg(CASE WHEN nps >= 9 THEN 1.0 WHEN nps IS NOT NULL THEN 0.0 END) - avg(CASE WHEN nps <= 6 THEN 1.0 WHEN nps IS NOT NULL THEN 0.0 END))
                                FROM {cur}""")
    # did the answer sell: each conversation with a customer against that customer's lines of the
    # next 72 h (pending past the last line), by class and first-response bucket, each line's
    # revenue once per group (as voc's `conversion`)
    con.execute(f"""CREATE TEMP TABLE conv_m AS
        WITH cc AS (SELECT id, class, created, customer,
                           created + INTERVAL 72 HOUR > (SELECT max(date) FROM s) AS pending,
                           CASE WHEN responded IS NULL THEN 'unanswered' WHEN responded < created THEN 'invalid'
                                WHEN epoch(responded - created) <= 300 THEN 'le_5m' WHEN epoch(responded - created) <= 1800 THEN 'le_30m'
                                WHEN epoch(responded - created) <= 14400 THEN 'le_4h' WHEN epoch(responded - created) <= 86400 THEN 'le_24h'
                                ELSE 'gt_24h' END AS bucket
                    FROM {cur} WHERE customer IS NOT NULL)
        SELECT cc.id, cc.class, cc.bucket, cc.pending, list(s.lid) FILTER (WHERE s.lid IS NOT NULL AND NOT cc.pending) AS lids
        FROM cc LEFT JOIN s ON s.customer = cc.customer AND s.date > cc.created AND s.date <= cc.created + INTERVAL 72 HOUR
        GROUP BY ALL""")
    out["conversion"] = q("""SELECT class, bucket, count(*), count(*) FILTER (WHERE pending), count(*) FILTER (WHERE len(lids) > 0)
                             FROM conv_m GROUP BY ROLLUP (class, bucket)""")
    out["conversion_revenue"] = q("""SELECT class, bucket, sum(revenue) FROM (SELECT DISTINCT m.class, m.bucket, l.lid, s.revenue
                                     FROM conv_m m, unnest(m.lids) AS l(lid) JOIN s ON s.lid = l.lid) GROUP BY ROLLUP (class, bucket)""")
    out["daily"] = q(f"SELECT created::DATE, count(*) FROM {cur} GROUP BY 1 ORDER BY 1")
    # the trend, period by period: the headline figures and the level-1 tag counts
    bucket = lambda col: f"(datediff('day', {tlo}::DATE, ({col})::DATE) // {days})"
    tt = f"(SELECT t.*, coalesce(x.class, 'unclassified') AS class, {bucket('created')} AS p FROM t LEFT JOIN tax x ON t.tag = x.id WHERE created >= {tlo} AND created < {hi})"
    out["trend"] = q(f"""SELECT p, count(*), count(*) FILTER (WHERE tag IS NULL),
                                quantile_cont(epoch(responded - created), 0.5) FILTER (WHERE responded >= created AND class = 'simple'),
                                quantile_cont(epoch(responded - created), 0.5) FILTER (WHERE responded >= created AND class = 'revenue'),
                                avg(csat) FROM {tt} GROUP BY p ORDER BY p""")
    out["trend_sales"] = q(f"SELECT {bucket('date')} AS p, sum(revenue), count(DISTINCT ord) FROM s WHERE date >= {tlo} AND date < {hi} GROUP BY p ORDER BY p")
    out["trend_tags"] = q(f"""WITH RECURSIVE up(id, anc) AS (SELECT id, id FROM tax UNION ALL SELECT up.id, tax.parent FROM up JOIN tax ON up.anc = tax.id WHERE tax.parent IS NOT NULL)
                             SELECT tt.p, up.anc, count(*) FROM {tt} tt JOIN up ON tt.tag = up.id JOIN tax ON tax.id = up.anc AND tax.parent IS NULL
                             GROUP BY ALL ORDER BY 1, 2""")
    print(json.dumps({"inquiries": total, "revenue": out["sales"][0], "orders": out["sales"][1], "unclassified": sum(1 for _ in [0]) and q(f"SELECT count(*) FROM {cur} WHERE tag IS NULL")[0][0]}))


if __name__ == "__main__":
    main()
