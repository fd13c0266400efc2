#!/usr/bin/env python3
"""Write tests/corpus/<case>/: small malformed inputs, each with the outcome voc must give.

    python3 tests/corpus/make.py

Each case folder holds its input files and `expect.json`:
  what, category       what the case is
  args                 voc's arguments (default: validate --json); `voc.yaml` is in the folder
  exit                 the exit code
  stderr               substrings stderr must contain
  accounting           {input: {field: value}} checked against `validate --json`
  rejects              [[row, column, reason substring], …] — the rejects file, in order
  files                {path: {"contains": […], "not_contains": […]}} after the run
  json                 {"file": path, "values": {"a.b.c": value}}
tests/corpus.rs runs every case: the exit code and messages as documented, rejected rows
quarantined, the row accounting balanced, never a panic.
"""

import json
import os
import shutil
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
HEAD = "상담ID,생성일시,첫응답일시,내용,만족도\n"
OK1 = "A1,2026-11-09 10:00:00,2026-11-09 10:05:00,배송 언제 와요,5\n"
OK2 = "A2,2026-11-10 11:00:00,,사이즈 문의,\n"

CONFIG = """timezone: Asia/Seoul
output_dir: out
taxonomy: {taxonomy}
inputs:
  conversations:
    paths: [{paths}]
{extra}    columns: {{ id: 상담ID, created_at: 생성일시, first_response_at: 첫응답일시, text: 내용, csat: 만족도 }}
{more}report:
  quality_gate: {{ max_rejected_share: 1.0, max_unclassified_share: 1.0 }}
"""

CASES = []


def case(name, category, what, files, exit=0, args=None, stderr=(), accounting=None, rejects=None, config=None,
         config_extra="", config_more="", paths="conv.csv", taxonomy="../../../config/taxonomy.yaml", file_checks=None, json_values=None):
    CASES.append(dict(name=name, category=category, what=what, files=files, exit=exit, args=args or ["validate", "--json"],
                      stderr=list(stderr), accounting=accounting, rejects=rejects,
                      config=config if config is not None else CONFIG.format(taxonomy=taxonomy, paths=paths, extra=config_extra, more=config_more),
                      file_checks=file_checks, json_values=json_values))


def acc(read, used=None, rejected=0, duplicates=0, out_of_period=0, filtered=0, key="conversations"):
    used = read - rejected - duplicates - out_of_period - filtered if used is None else used
    return {key: dict(rows_read=read, rows_used=used, rows_rejected=rejected, duplicates=duplicates, out_of_period=out_of_period, filtered=filtered)}


# ------------------------------------------------------------------------------------ files
case("empty-file", "file structure", "a 0-byte export", {"conv.csv": b""}, exit=1, stderr=["conv.csv: the file is empty"])
case("header-only", "file structure", "the header and no rows", {"conv.csv": HEAD}, accounting=acc(0))
case("bom-only", "file structure", "just a UTF-8 BOM", {"conv.csv": b"\xef\xbb\xbf"}, exit=1, stderr=["the file is empty"])
case("blank-lines", "file structure", "blank lines between rows are not rows", {"conv.csv": HEAD + "\n" + OK1 + "\n\n" + OK2}, accounting=acc(2))
case("crlf", "file structure", "Windows line endings", {"conv.csv": (HEAD + OK1 + OK2).replace("\n", "\r\n")}, accounting=acc(2))
case("mixed-line-endings", "file structure", "CRLF and LF in one file", {"conv.csv": HEAD.replace("\n", "\r\n") + OK1 + OK2.replace("\n", "\r\n")}, accounting=acc(2))
case("no-final-newline", "file structure", "the last row without a newline", {"conv.csv": HEAD + OK1 + OK2.rstrip("\n")}, accounting=acc(2))
case("ragged-more", "file structure", "a row with a stray delimiter", {"conv.csv": HEAD + OK1 + "A3,2026-11-09 10:00,,a,b,5,extra\n"},
     accounting=acc(2, rejected=1), rejects=[[2, "", "7 cells where the header has 5"]])
case("ragged-fewer", "file structure", "a row cut short", {"conv.csv": HEAD + OK1 + "A3,2026-11-09 10:00\n"},
     accounting=acc(2, rejected=1), rejects=[[2, "", "2 cells where the header has 5 (cells missing"]])
case("trailing-empty-cells", "file structure", "spreadsheet-style trailing commas are fine", {"conv.csv": HEAD + OK1.rstrip("\n") + ",,,\n"}, accounting=acc(1))
case("unclosed-quote", "file structure", "an unclosed quote swallows the rest of the file into one bad row",
     {"conv.csv": HEAD + OK1 + 'A3,2026-11-09 10:00,,"never closed,5\nA4,2026-11-09 11:00,,x,5\n'},
     accounting=acc(2, rejected=1), rejects=[[2, "", "4 cells where the header has 5"]])
case("quote-inside-field", "file structure", "a bare quote inside an unquoted cell", {"conv.csv": HEAD + 'A1,2026-11-09 10:00,,24"모니터 문의,5\n'}, accounting=acc(1))
case("escaped-quotes", "file structure", "doubled quotes inside quotes", {"conv.csv": HEAD + 'A1,2026-11-09 10:00,,"그는 ""배송"" 언제냐고",5\n'}, accounting=acc(1))
case("newline-in-cell", "file structure", "a line break inside a quoted cell is one row", {"conv.csv": HEAD + 'A1,2026-11-09 10:00,,"첫 줄\n둘째 줄",5\n' + OK2}, accounting=acc(2))
case("one-megabyte-cell", "file structure", "a 1 MB message text", {"conv.csv": HEAD + "A1,2026-11-09 10:00,,\"" + "배송 " * 350000 + "\",5\n"}, accounting=acc(1))
case("ten-thousand-columns", "file structure", "10,000 unmapped columns beside the mapped ones",
     {"conv.csv": HEAD.rstrip("\n") + "".join(f",c{i}" for i in range(10000)) + "\n" + OK1.rstrip("\n") + "," * 10000 + "\n"}, accounting=acc(1))
case("duplicate-mapped-header", "file structure", "two columns named 생성일시", {"conv.csv": "상담ID,생성일시,생성일시,첫응답일시,내용,만족도\n"},
     exit=1, stderr=["column `생성일시` appears 2 times in the header (columns 2, 3)"])
case("duplicate-unmapped-header", "file structure", "duplicate headers voc does not read", {"conv.csv": HEAD.rstrip("\n") + ",메모,메모\n" + OK1.rstrip("\n") + ",a,b\n"}, accounting=acc(1))
case("missing-mapped-column", "file structure", "the export renamed a column", {"conv.csv": "상담ID,생성시각,첫응답일시,내용,만족도\n" + OK1},
     exit=1, stderr=["column `생성일시` (created_at) not found; row 1 looks like the header and has: 상담ID, 생성시각"])
case("header-case-and-spaces", "file structure", "headers match after trimming and case-folding",
     {"conv.csv": " 상담ID , 생성일시,첫응답일시 ,내용,만족도\n" + OK1}, accounting=acc(1))
case("wrong-delimiter", "file structure", "a semicolon file read as CSV", {"conv.csv": HEAD.replace(",", ";") + OK1.replace(",", ";")},
     exit=1, stderr=["another delimiter"], config_extra="    format: csv\n")
case("sniffed-delimiter", "file structure", "a semicolon .txt file: the delimiter is sniffed",
     {"conv.txt": HEAD.replace(",", ";") + OK1.replace(",", ";")}, paths="conv.txt", accounting=acc(1))
case("tsv", "file structure", "tab-separated", {"conv.tsv": HEAD.replace(",", "\t") + OK1.replace(",", "\t")}, paths="conv.tsv", accounting=acc(1))
case("bom-mid-file", "file structure", "two exports concatenated: the second BOM and header become a rejected row",
     {"conv.csv": b"\xef\xbb\xbf" + HEAD.encode() + OK1.encode() + b"\xef\xbb\xbf" + HEAD.encode() + OK2.encode()},
     accounting=acc(3, rejected=1), rejects=[[2, "생성일시", "`생성일시` is not a date/time"]])
case("nul-bytes", "file structure", "NUL bytes in a row", {"conv.csv": HEAD.encode() + OK1.encode() + b"A3,2026-11-09 10:00,,ab\x00cd,5\n"},
     accounting=acc(2, rejected=1), rejects=[[2, "", "NUL bytes"]])
case("binary-file", "file structure", "a PNG renamed to .csv", {"conv.csv": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4},
     exit=1, stderr=["not found"])

# ------------------------------------------------------------------------------------ encodings
text = HEAD + OK1 + OK2
case("utf16-le-bom", "encodings", "Excel's Unicode text (UTF-16 LE with BOM)", {"conv.csv": b"\xff\xfe" + text.encode("utf-16-le")}, accounting=acc(2))
case("utf16-le-no-bom", "encodings", "UTF-16 LE without a BOM", {"conv.csv": text.encode("utf-16-le")}, accounting=acc(2))
case("utf16-be-bom", "encodings", "UTF-16 BE with BOM", {"conv.csv": b"\xfe\xff" + text.encode("utf-16-be")}, accounting=acc(2))
case("cp949", "encodings", "what Korean Excel writes", {"conv.csv": text.encode("cp949")}, accounting=acc(2))
case("two-encodings", "encodings", "UTF-8 rows and CP949 rows in one file: each row read in its own",
     {"conv.csv": HEAD.encode() + OK1.encode() + OK2.encode("cp949")}, accounting=acc(2), stderr=["mixed encodings"])
case("neither-encoding", "encodings", "bytes that are neither UTF-8 nor CP949", {"conv.csv": HEAD.encode() + OK1.encode() + b"A3,2026-11-09 10:00,,\xff\xfe\xfd,5\n"},
     accounting=acc(2, rejected=1), rejects=[[2, "", "neither UTF-8 nor CP949"]])
case("utf8-declared-cp949-given", "encodings", "encoding: utf-8 on a CP949 file: every row is rejected with the hint to set cp949",
     {"conv.csv": text.encode("cp949")}, config_extra="    encoding: utf-8\n",
     accounting=acc(2, rejected=2), rejects=[[1, "", "set `encoding: cp949`"], [2, "", "set `encoding: cp949`"]])
case("cp949-declared-on-utf8", "encodings", "encoding: cp949 on a UTF-8 file with Korean", {"conv.csv": (HEAD + OK1).encode()}, config_extra="    encoding: cp949\n",
     exit=1, stderr=["not found"])

# ------------------------------------------------------------------------------------ values
case("dates-1900-2100", "values", "years 1900 and 2100 are read, and are outside the week",
     {"conv.csv": HEAD + "B1,1900-01-01 00:00,,x,\nB2,2100-12-31 23:59,,x,\n" + OK1}, args=["validate", "--json", "--week", "2026-W46"],
     accounting=acc(3, used=1, out_of_period=2))
case("mixed-offsets", "values", "Z, +09:00 and naive times in one column",
     {"conv.csv": HEAD + "A1,2026-11-09T01:00:00Z,,x,\nA2,2026-11-09T10:00:00+09:00,,x,\nA3,2026-11-09 10:00:00,,x,\nA4,2026-11-09T10:00:00.123+0900,,x,\n"}, accounting=acc(4))
case("impossible-dates", "values", "February 30th and month 13", {"conv.csv": HEAD + "A1,2026-02-30 10:00,,x,\nA2,2026-13-01,,x,\n" + OK1},
     accounting=acc(3, rejected=2), rejects=[[1, "생성일시", "2026-02 has no day 30"], [2, "생성일시", "has no month 13"]])
case("hour-24", "values", "24:00 is not a time of day", {"conv.csv": HEAD + "A1,2026-11-09 24:00,,x,\n"}, accounting=acc(1, rejected=1), rejects=[[1, "생성일시", "not a time of day (24:00)"]])
case("epochs", "values", "epoch seconds and milliseconds", {"conv.csv": HEAD + "A1,1762650000,,x,\nA2,1762650000123,,x,\n"}, accounting=acc(2))
case("korean-ampm", "values", "오전/오후 times", {"conv.csv": HEAD + "A1,2026-11-09 오후 3:12,2026-11-09 오후 3:20,x,\nA2,2026. 11. 9. 오전 9:05:00,,x,\n"}, accounting=acc(2))
case("response-before-creation", "values", "an answer logged before the question is kept and counted as invalid",
     {"conv.csv": HEAD + "A1,2026-11-09 10:00,2026-11-09 09:58,배송 언제,5\n" + OK1.replace("A1", "A2")},
     args=["report", "--from", "2026-11-09", "--to", "2026-11-09", "--format", "json"], json_values={"file": "out/2026-11-09_2026-11-09.json", "values": {"data_quality.invalid_first_response": 1, "first_response.all.invalid": 1, "first_response.all.answered": 1}})
case("csat-out-of-scale", "values", "CSAT 7 on a 1–5 scale", {"conv.csv": HEAD + "A1,2026-11-09 10:00,,x,7\n"}, accounting=acc(1, rejected=1), rejects=[[1, "만족도", "CSAT 7 is outside its scale 1–5"]])
case("csat-text", "values", "CSAT as words", {"conv.csv": HEAD + "A1,2026-11-09 10:00,,x,매우만족\n"}, accounting=acc(1, rejected=1), rejects=[[1, "만족도", "CSAT `매우만족` is not a number"]])
case("null-markers", "values", "N/A, - and 없음 mean no value", {"conv.csv": HEAD + "A1,2026-11-09 10:00,N/A,x,-\nA2,2026-11-09 10:00,없음,x,#N/A\n"}, accounting=acc(2))
case("blank-id", "values", "an id of spaces is missing", {"conv.csv": HEAD + "   ,2026-11-09 10:00,,x,\n" + OK1}, accounting=acc(2, rejected=1), rejects=[[1, "상담ID", "missing conversation id"]])
case("duplicate-ids-in-file", "values", "the same id twice: the first is kept; 1 of 3 rows over the 5% duplicates gate",
     {"conv.csv": HEAD + OK1 + OK1 + OK2}, accounting=acc(3, duplicates=1), exit=3,
     stderr=["상담: 3행 중 1행이 앞의 행과 같은 (상담ID)입니다"])
case("duplicate-ids-across-files", "values", "an export downloaded twice: the duplicates gate asks a person to look",
     {"a.csv": HEAD + OK1 + OK2, "b.csv": HEAD + OK2 + "A9,2026-11-11 10:00,,x,\n"},
     paths="\"*.csv\"", accounting=acc(4, duplicates=1), exit=3, stderr=["4행 중 1행이 앞의 행과 같은 (상담ID)입니다"])
case("formula-injection", "values", "a spreadsheet formula as a conversation id is defused in the tag export",
     {"conv.csv": HEAD + '"=HYPERLINK(""http://evil.example"",""click"")",2026-11-09 10:00,,배송,\n'},
     args=["tag", "--out", "t.csv"], file_checks={"t.csv": {"contains": ["'=HYPERLINK"], "not_contains": ["\n=HYPERLINK", "\n\"=HYPERLINK"]}})
case("formula-in-rejects", "values", "a rejected row that starts with a formula is defused in the rejects file",
     {"conv.csv": HEAD + '"=cmd|\' /C calc\'!A0",not-a-date,,x,\n'}, accounting=acc(1, rejected=1), rejects=[[1, "생성일시", "not a date/time"]],
     file_checks={"out/validate.rejects.csv": {"contains": ["'=cmd"], "not_contains": [",=cmd", ",\"=cmd"]}})
case("html-payload", "values", "markup in customer text is escaped in the report",
     {"conv.csv": HEAD + 'A1,2026-11-09 10:00,,"리콜 <script>alert(1)</script> ""><img src=x onerror=alert(2)>",\n'},
     args=["report", "--from", "2026-11-09", "--to", "2026-11-09", "--format", "html"],
     file_checks={"out/2026-11-09_2026-11-09.html": {"contains": ["&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"], "not_contains": ["<script", "<img src=x"]}})
case("personal-data-in-rejects", "values", "e-mails and phone numbers in a rejected row are masked; unmapped columns are left out",
     {"conv.csv": "상담ID,생성일시,첫응답일시,내용,만족도,고객명,이메일\nA1,bad,,연락처 010-1234-5678 / kim@example.com,,김철수,kim@example.com\n"},
     accounting=acc(1, rejected=1), file_checks={"out/validate.rejects.csv": {"contains": ["***-****-****", "***@***"], "not_contains": ["010-1234-5678", "kim@example.com", "김철수"]}})

# ------------------------------------------------------------------------------------ sales
SALES = """  sales:
    paths: [sales.csv]
    columns: {{ date: 일시, order_id: 주문, product_id: 상품, quantity: 수량, revenue: 금액 }}
{returns}"""
RET = """  returns:
    paths: [ret.csv]
    columns: { date: 일시, product_id: 상품, quantity: 수량 }
"""
SH = "일시,주문,상품,수량,금액\n"
for name, what, row, reason, with_returns in [
    ("negative-money", "a negative revenue on a sale line", "2026-11-09,O1,P1,1,-500", "negative revenue -500", False),
    ("non-numeric-money", "revenue that is not a number", "2026-11-09,O1,P1,1,확인필요", "revenue `확인필요` is not a number", False),
    ("nan-money", "NaN revenue", "2026-11-09,O1,P1,1,NaN", "not a finite number", False),
    ("inf-money", "infinite revenue", "2026-11-09,O1,P1,1,-inf", "not a finite number", False),
    ("negative-quantity-with-returns", "a return written into the sales file while a returns file exists", "2026-11-09,O1,P1,-1,5000", "negative quantity -1", True),
    ("missing-order-id", "a sale without its order", "2026-11-09,,P1,1,5000", "missing order id", False),
    ("bad-sale-date", "an unreadable order date", "어제,O1,P1,1,5000", "`어제` is not a date/time", False),
]:
    case(name, "money and quantities", what, {"conv.csv": HEAD + OK1, "sales.csv": SH + "2026-11-09,O0,P1,1,\"1,000\"\n" + row + "\n", "ret.csv": SH.replace("주문,", "").replace(",금액", "") + "2026-11-10,P1,1\n"},
         config_more=SALES.format(returns=RET if with_returns else ""),
         accounting=acc(2, rejected=1, key="sales"), rejects=[[2, None, reason]])
case("money-formats", "money and quantities", "₩, commas, 원 and (parentheses) are read",
     {"conv.csv": HEAD + OK1, "sales.csv": SH + '2026-11-09,O1,P1,1,"₩12,000"\n2026-11-09,O2,P1,1,12000원\n2026-11-09,O3,P1,2,"24,000.00"\n'},
     config_more=SALES.format(returns=""), args=["report", "--from", "2026-11-09", "--to", "2026-11-09", "--format", "json"],
     json_values={"file": "out/2026-11-09_2026-11-09.json", "values": {"sales.revenue": 48000, "sales.units": 4, "sales.orders": 3}})
case("negative-quantity-is-a-return", "money and quantities", "without a returns file, a negative quantity is a return",
     {"conv.csv": HEAD + OK1 + OK2, "sales.csv": SH + "2026-11-09,O1,P1,2,20000\n2026-11-10,O1,P1,-1,-10000\n"}, config_more=SALES.format(returns=""),
     args=["report", "--from", "2026-11-09", "--to", "2026-11-10", "--format", "json"], json_values={"file": "out/2026-11-09_2026-11-10.json", "values": {"sales.units": 2, "top_products.0.returns": 1}})

# ------------------------------------------------------------------------------------ config
BASE_CFG = CONFIG.format(taxonomy="../../../config/taxonomy.yaml", paths="conv.csv", extra="", more="")
case("broken-yaml", "config and taxonomy", "a tab-indented, unbalanced YAML file", {"conv.csv": HEAD + OK1}, exit=2, stderr=["voc.yaml:3:"],
     config="timezone: Asia/Seoul\ninputs:\n\t conversations: [oops\n")
case("duplicate-yaml-keys", "config and taxonomy", "a key written twice", {"conv.csv": HEAD + OK1}, exit=2, stderr=["voc.yaml:2: duplicate field `timezone`"],
     config="timezone: Asia/Seoul\ntimezone: UTC\n" + BASE_CFG.split("\n", 1)[1])
BOMB = "".join(f"      b{i}: &a{i} [" + ", ".join((f"*a{i - 1}" if i else "x") for _ in range(10)) + "]\n" for i in range(9))
case("alias-bomb", "config and taxonomy", "a billion-laughs alias bomb (10^9 nodes) fails fast without expanding", {"conv.csv": HEAD + OK1}, exit=2, stderr=["voc.yaml"],
     config=BASE_CFG.replace("report:\n", "    exclude:\n" + BOMB + "      status: *a8\nreport:\n"))
case("unknown-config-key", "config and taxonomy", "a typo in a key", {"conv.csv": HEAD + OK1}, exit=2, stderr=["unknown field `timezon`"],
     config=BASE_CFG.replace("timezone:", "timezon:"))
case("wrong-value-type", "config and taxonomy", "a word where a number belongs", {"conv.csv": HEAD + OK1}, exit=2, stderr=["voc.yaml:", "revenue_unit"],
     config=BASE_CFG.replace("output_dir: out", "output_dir: out\nrevenue_unit: lots"))
case("glob-matches-nothing", "config and taxonomy", "an input path that matches no file", {}, exit=2, stderr=["`conv.csv` matches no file"])
case("config-not-utf8", "config and taxonomy", "a config saved in CP949", {"conv.csv": HEAD + OK1}, exit=2, stderr=["cannot read config"],
     config=BASE_CFG.replace("output_dir: out", "output_dir: 보고서").encode("cp949"))
case("config-is-a-list", "config and taxonomy", "a YAML list instead of a mapping", {"conv.csv": HEAD + OK1}, exit=2, stderr=["voc.yaml"], config="- timezone: Asia/Seoul\n")
case("config-empty", "config and taxonomy", "an empty config file", {"conv.csv": HEAD + OK1}, exit=2, stderr=["voc.yaml"], config="")

TAX_HEAD = "version: 1\ntags:\n"
case("catastrophic-regex", "config and taxonomy", "a backtracking-bomb regex runs in linear time",
     {"conv.csv": HEAD + "A1,2026-11-09 10:00,," + "a" * 50000 + "b,\n", "tax.yaml": TAX_HEAD + '  - { id: t, match: { regex: ["(a+)+$", "(a|aa)*c"] } }\n'},
     taxonomy="tax.yaml", args=["tag", "--out", "t.csv"], file_checks={"t.csv": {"contains": ["A1"]}})
case("ten-thousand-keywords", "config and taxonomy", "a taxonomy of 10,000 keywords",
     {"conv.csv": HEAD + "A1,2026-11-09 10:00,,키워드09999호 문의,\n",
      "tax.yaml": TAX_HEAD + "".join(f"  - {{ id: t{i}, match: {{ any: [" + ", ".join(f"키워드{i * 100 + j:05d}호" for j in range(100)) + "] } }\n" for i in range(100))},
     taxonomy="tax.yaml", args=["tag", "--out", "t.csv"], file_checks={"t.csv": {"contains": ["t99"]}})
case("taxonomy-duplicate-ids", "config and taxonomy", "two tags with one id", {"conv.csv": HEAD + OK1, "tax.yaml": TAX_HEAD + "  - { id: a, match: { any: [x] } }\n  - { id: a, match: { any: [y] } }\n"},
     taxonomy="tax.yaml", args=["taxonomy", "check"], exit=2, stderr=["tax.yaml:4: duplicate tag id `a` (first at line 3)"])
case("taxonomy-empty", "config and taxonomy", "an empty taxonomy file", {"conv.csv": HEAD + OK1, "tax.yaml": ""}, taxonomy="tax.yaml", args=["taxonomy", "check"], exit=2, stderr=["tax.yaml"])
deep = TAX_HEAD
for i in range(60):
    deep += "  " * (2 * i + 1) + f"- id: d{i}\n" + "  " * (2 * i + 2) + f"match: {{ any: [깊이{i}] }}\n" + ("  " * (2 * i + 2) + "children:\n" if i < 59 else "")
case("taxonomy-deep", "config and taxonomy", "a hierarchy 60 levels deep", {"conv.csv": HEAD + "A1,2026-11-09 10:00,,깊이59 깊이3,\n", "tax.yaml": deep},
     taxonomy="tax.yaml", args=["tag", "--out", "t.csv"], file_checks={"t.csv": {"contains": ["A1,2026-11-09T10:00:00+09:00,,,d59"]}})
case("taxonomy-huge-regex", "config and taxonomy", "a regex too large to compile", {"conv.csv": HEAD + OK1, "tax.yaml": TAX_HEAD + '  - { id: a, match: { regex: ["(\\\\w{1000}){1000}"] } }\n'},
     taxonomy="tax.yaml", args=["taxonomy", "check"], exit=2, stderr=["invalid regex"])
case("taxonomy-unknown-class", "config and taxonomy", "a class other than the three", {"conv.csv": HEAD + OK1, "tax.yaml": TAX_HEAD + "  - { id: a, class: vip, match: { any: [x] } }\n"},
     taxonomy="tax.yaml", args=["taxonomy", "check"], exit=2, stderr=["unknown variant `vip`"])

# ------------------------------------------------------------------------------------ joins
JOIN = "    join: [{ paths: [crm.csv], on: { customer_id: 회원 }, columns: { segment: 등급 } }]\n"
JH = "상담ID,생성일시,첫응답일시,내용,만족도,회원\n"
case("join-duplicate-key", "joins", "a CRM list with a customer twice would multiply rows", {"conv.csv": JH + "A1,2026-11-09 10:00,,x,,m1\n", "crm.csv": "회원,등급\nm1,VIP\nm1,일반\n"},
     config=CONFIG.format(taxonomy="../../../config/taxonomy.yaml", paths="conv.csv", extra="", more="").replace("csat: 만족도 }", "csat: 만족도, customer_id: 회원 }\n" + JOIN),
     exit=2, stderr=["join key `m1`"])
case("join-missing-column", "joins", "the join file lacks the key column", {"conv.csv": JH + "A1,2026-11-09 10:00,,x,,m1\n", "crm.csv": "회원번호,등급\nm1,VIP\n"},
     config=CONFIG.format(taxonomy="../../../config/taxonomy.yaml", paths="conv.csv", extra="", more="").replace("csat: 만족도 }", "csat: 만족도, customer_id: 회원 }\n" + JOIN),
     exit=1, stderr=["crm.csv: column `회원` (join key for customer_id) not found"])
case("join-ragged", "joins", "a damaged row in a join file stops the run", {"conv.csv": JH + "A1,2026-11-09 10:00,,x,,m1\n", "crm.csv": "회원,등급\nm1,VIP,extra,cells\n"},
     config=CONFIG.format(taxonomy="../../../config/taxonomy.yaml", paths="conv.csv", extra="", more="").replace("csat: 만족도 }", "csat: 만족도, customer_id: 회원 }\n" + JOIN),
     exit=1, stderr=["a join file must be clean"])

# ------------------------------------------------------------------------------------ other formats
case("corrupt-xlsx", "formats", "a truncated XLSX", {"conv.xlsx": b"PK\x03\x04" + b"\x00" * 40}, paths="conv.xlsx", exit=1, stderr=["conv.xlsx: not a readable spreadsheet"])
case("xlsx-not-encrypted-password", "formats", "an OLE file claiming to be XLSX without EncryptionInfo", {"conv.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504},
     paths="conv.xlsx", exit=1, stderr=["conv.xlsx"])
case("jsonl-broken-line", "formats", "one line of a JSON Lines file is not JSON",
     {"conv.jsonl": '{"상담ID":"A1","생성일시":"2026-11-09 10:00","첫응답일시":"","내용":"x","만족도":""}\n{"상담ID": oops}\n{"상담ID":"A3","생성일시":"2026-11-09 11:00","첫응답일시":"","내용":"y","만족도":5}\n'},
     paths="conv.jsonl", accounting=acc(3, rejected=1), rejects=[[2, "", "not valid JSON"]])
case("json-not-records", "formats", "a JSON file with no array of records", {"conv.json": '{"count": 3}'}, paths="conv.json", exit=1, stderr=["holds no array of records"])
case("corrupt-parquet", "formats", "a file that is not Parquet", {"conv.parquet": b"PAR1" + b"\x00" * 30}, paths="conv.parquet", exit=1, stderr=["conv.parquet: not a readable Parquet file"])


def write():
    for d in os.listdir(HERE):
        p = os.path.join(HERE, d)
        if os.path.isdir(p):
            shutil.rmtree(p)
    names = set()
    for i, c in enumerate(CASES, 1):
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        d = os.path.join(HERE, f"{i:02d}-{c['name']}")
        os.makedirs(d)
        files = dict(c["files"])
        files["voc.yaml"] = c["config"]
        for name, content in files.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(content.encode() if isinstance(content, str) else content)
        expect = {k: c[k] for k in ("category", "what", "args", "exit", "stderr") if c[k] is not None}
        for k, out in (("accounting", "accounting"), ("rejects", "rejects"), ("file_checks", "files"), ("json_values", "json")):
            if c[k] is not None:
                expect[out] = c[k]
        with open(os.path.join(d, "expect.json"), "w", encoding="utf-8") as f:
            json.dump(expect, f, ensure_ascii=False, indent=1)
    print(f"{len(CASES)} cases")


if __name__ == "__main__":
    write()
