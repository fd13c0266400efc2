#!/usr/bin/env python3
"""voc against DuckDB on the same files, same machine, same run (BENCHMARKS.md).

    pip install duckdb pyyaml
    cargo build --release --bins
    python3 benches/run.py --sizes 100000,1000000 [--runs 3]

For each size it generates the data once (target/bench/<n>/, `voc-gen bench`), then runs, in
alternation, `voc report` and the DuckDB peer (benches/duckdb_report.py) for the whole 8 weeks
and for one week, plus DuckDB's plain scan of every column (the parse floor). Wall time and
peak RSS come from /usr/bin/time; the table shows medians and ratios. A second table gives
what users receive: the HTML report's size and the mail's, as `voc send --eml` writes it
(the exact message), and whether the full report fits in it. Machines here are shared
and noisy: read the ratios, not a lone time.
"""

import argparse
import os
import statistics
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOC = os.path.join(REPO, "target", "release", "voc")
GEN = os.path.join(REPO, "target", "release", "voc-gen")
PEER = [sys.executable, os.path.join(REPO, "benches", "duckdb_report.py")]

CONFIG = """timezone: Asia/Seoul
output_dir: out
taxonomy: {taxonomy}
inputs:
  conversations:
    paths: [conversations.csv]
    columns:
      id: 상담ID
      created_at: 생성일시
      first_response_at: 첫응답일시
      text: [제목, 내용]
      channel: 채널
      product_id: 상품코드
      order_id: 주문번호
      customer_id: 고객ID
      tags: 태그
      segment: 고객등급
      ces: CES
      csat: 만족도
      nps: NPS
  sales:
    paths: [orders.csv]
    columns: {{ date: 주문일시, order_id: 주문번호, product_id: 상품코드, product_name: 상품명, category: 카테고리, quantity: 수량, revenue: 결제금액, customer_id: 고객ID }}
  returns:
    paths: [returns.csv]
    columns: {{ date: 반품일시, order_id: 주문번호, product_id: 상품코드, quantity: 수량 }}
email:
  smtp: {{ host: 127.0.0.1, port: 9 }}
  from: reports@example.com
  to: [ceo@example.com]
report:
  first_response_targets: {{ simple: 30m, revenue: 1m }}
  quality_gate: {{ max_rejected_share: 0.02, max_unclassified_share: 0.5 }}
"""

WORKLOADS = {
    "8 weeks": ["--from", "2026-09-21", "--to", "2026-11-15"],
    "1 week": ["--week", "2026-W46"],
}


def timed(cmd, cwd):
    """Wall seconds and peak RSS (MB) of one whole-process run."""
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode not in (0, 3):
        sys.exit(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")
    wall, rss = r.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss) / 1024


def output_sizes(n, name, period, d):
    """The HTML report and the whole mail (`voc send --eml`: the message as it would be sent)."""
    out = os.path.join(d, "sizes", name.replace(" ", "-"))
    r = subprocess.run([VOC, "-q", "--config", "voc.yaml", "report", *period, "--format", "html,email,md", "--out", out,
                        "--now", "2026-11-16T09:00:00+09:00"], cwd=d, capture_output=True, text=True)
    if r.returncode not in (0, 3):
        sys.exit(f"voc report failed ({r.returncode}):\n{r.stderr}")
    stem = next(f[:-len(".email.html")] for f in sorted(os.listdir(out)) if f.endswith(".email.html"))
    eml = os.path.join(out, "mail.eml")
    subprocess.run([VOC, "-q", "--config", "voc.yaml", "send", os.path.join(out, stem), "--eml", eml,
                    "--now", "2026-11-16T09:00:00+09:00"], cwd=d, check=True)
    html, mail = os.path.getsize(os.path.join(out, f"{stem}.html")), os.path.getsize(eml)
    attached = b'filename="' + stem.encode() + b'.html"' in open(eml, "rb").read()
    return f"| {n:,} | {name} | {html / 1000:.0f} KB | {mail / 1000:.0f} KB | {'yes' if attached else 'no'} |"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--before", help="another voc binary (an earlier commit's) to run in the same alternation")
    ap.add_argument("--taxonomy", default=os.path.join(REPO, "config", "taxonomy.yaml"),
                    help="the taxonomy both binaries read (with --before: one the earlier binary can read)")
    a = ap.parse_args()
    for b in (VOC, GEN):
        if not os.path.exists(b):
            sys.exit(f"{b} missing: cargo build --release --bins")
    rows, before_rows = [], []
    sizes = ["| conversations | workload | HTML report | mail as sent | full report attached |", "|---|---|---|---|---|"]
    for n in [int(s) for s in a.sizes.split(",")]:
        d = os.path.join(REPO, "target", "bench", str(n))
        if not os.path.exists(os.path.join(d, "conversations.csv")):
            subprocess.run([GEN, "bench", "--conversations", str(n), "--out", d], check=True)
        with open(os.path.join(d, "voc.yaml"), "w", encoding="utf-8") as f:
            f.write(CONFIG.format(repo=REPO, taxonomy=os.path.abspath(a.taxonomy)))
        mb = (os.path.getsize(os.path.join(d, "conversations.csv")) + os.path.getsize(os.path.join(d, "orders.csv"))) / 1e6
        res = {}
        for i in range(a.runs):
            for name, period in WORKLOADS.items():
                report = ["-q", "--config", "voc.yaml", "report", *period, "--format", "json,html", "--now", "2026-11-16T09:00:00+09:00"]
                jobs = [("voc", [VOC, *report])] + ([("before", [a.before, *report])] if a.before else []) + [
                        ("duckdb", PEER + [d, "--taxonomy", a.taxonomy, *(["--from", "2026-09-21", "--to", "2026-11-15"] if name == "8 weeks" else ["--from", "2026-11-09", "--to", "2026-11-15"])])]
                if i % 2:
                    jobs.reverse()
                for who, cmd in jobs:
                    res.setdefault((name, who), []).append(timed(cmd, d))
            res.setdefault(("scan", "duckdb"), []).append(timed(PEER + [d, "--taxonomy", a.taxonomy, "--scan"], d))
        med = {k: (statistics.median(w for w, _ in v), statistics.median(m for _, m in v)) for k, v in res.items()}
        floor = med[("scan", "duckdb")][0]
        for name in WORKLOADS:
            vw, vm = med[(name, "voc")]
            dw, dm = med[(name, "duckdb")]
            rows.append(f"| {n:,} ({mb:.0f} MB) | {name} | {vw:.2f} s | {vm:.0f} MB | {dw:.2f} s | {dm:.0f} MB | {dw / vw:.2f}× | {vw / floor:.2f}× | {vm / dm:.2f} |")
            if a.before:
                bw, bm = med[(name, "before")]
                before_rows.append(f"| {n:,} | {name} | {bw:.2f} s | {bm:.0f} MB | {vw:.2f} s | {vm:.0f} MB | {vw / bw:.2f} | {vm / bm:.2f} |")
        rows.append(f"| {n:,} ({mb:.0f} MB) | DuckDB scan (parse floor) | | | {floor:.2f} s | {med[('scan', 'duckdb')][1]:.0f} MB | | | |")
        for name, period in WORKLOADS.items():
            sizes.append(output_sizes(n, name, period, d))
    print(f"median of {a.runs} alternating runs; 2 cores")
    print("| conversations | workload | voc wall | voc peak | DuckDB wall | DuckDB peak | voc speed-up | voc ÷ parse floor | memory voc ÷ DuckDB |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    if a.before:
        print()
        print("| conversations | workload | before wall | before peak | after wall | after peak | after ÷ before (time) | after ÷ before (memory) |")
        print("|---|---|---|---|---|---|---|---|")
        print("\n".join(before_rows))
    print()
    print("\n".join(sizes))


if __name__ == "__main__":
    main()
