#!/usr/bin/env python3
"""Open an HTML report in headless Chromium at phone and desktop widths and check it.

    python3 scripts/html_check.py reports/2026-W46.html [--shots DIR]

For each width (390 and 1280 CSS px) it checks that the page does not overflow horizontally
(no element sticks out of the viewport except inside a scrolling table box), that no text in
a shown chart is drawn under 11 px (the SVG font size times the chart's scale, as rendered),
that every key column of a table (`th[data-key]`) is visible without scrolling its box, that
the summary (`#summary`) comes before every table and chart and has at most 900 characters,
that no number cell wraps onto a second line, that every panel of the trend has its line, that
Korean text is drawn with a font that has Hangul glyphs (not tofu boxes), and it saves a
full-page screenshot. Prints one JSON line per width; exits 1 on any problem. Needs Debian's chromium
and `pip install playwright` (the browser is not downloaded: Debian's is used).
"""

import argparse
import json
import os
import re
import sys

from playwright.sync_api import sync_playwright

CJK = re.compile(r"nanum|noto (sans|serif) (cjk|kr)|source han|malgun|apple sd|un ?dotum|un ?batang|baekmuk|vocgothic", re.I)

OFFENDERS_JS = """
() => {
  const cw = document.documentElement.clientWidth;
  const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll') return true; } return false; };
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > cw + 1 && !scrolls(el)) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className : '') + ' right=' + Math.round(r.right));
  }
  return out.slice(0, 10);
}
"""


CHARTS_JS = """
() => { let min = null, shown = 0;
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.getBoundingClientRect().width === 0) continue;
    shown++;
    for (const t of svg.querySelectorAll('text')) {
      const m = t.getScreenCTM(); if (!m || !t.textContent.trim()) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      if (min === null || px < min) min = px;
    }
  }
  return {svgs: shown, chart_text_min_px: min === null ? null : Math.round(min * 100) / 100}; }
"""

KEYS_JS = """
() => { const out = [];
  for (const th of document.querySelectorAll('th[data-key]')) {
    const box = th.closest('.tbl'), r = th.getBoundingClientRect();
    if (!box || r.width === 0) continue;
    const b = box.getBoundingClientRect();
    if (r.right > b.right + 1 || r.left < b.left - 1) out.push(th.textContent + ' right=' + Math.round(r.right) + ' box=' + Math.round(b.right));
  }
  return out; }
"""

# the summary first: is it the first section (above the cards and every chart), how long is
# it (its sentences' characters) and how tall
SUMMARY_JS = """
() => { const s = document.getElementById('summary'); if (!s) return {summary: null};
  const r = s.getBoundingClientRect(), first = document.querySelector('section, img, svg, .cards');
  const above = [...document.querySelectorAll('section, img, svg, .cards, table')].filter(e => e !== s && !s.contains(e) && !e.contains(s))
    .every(e => e.getBoundingClientRect().top >= r.bottom - 1 || e.getBoundingClientRect().height === 0);
  const chars = [...s.querySelectorAll('.s')].map(e => e.textContent.replace('→', '').trim().length).reduce((a, b) => a + b, 0);
  return {summary: {first: above, chars: chars, sentences: s.querySelectorAll('.s').length, height: Math.round(r.height)}}; }
"""

# a number cell drawn on more than one line (a value wrapped mid-number: "1.5 / 억")
WRAPPED_JS = """
() => { const out = [];
  for (const el of document.querySelectorAll('td.num, td[align=right], .num')) {
    if (el.getBoundingClientRect().width === 0 || !el.textContent.trim()) continue;
    const range = document.createRange(); range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top)));
    if (tops.size > 1) out.push(el.textContent.trim());
  }
  return out.slice(0, 10); }
"""

# the trend's small multiples as shown: panels (their last value, the largest text of the
# drawing) against lines drawn; an empty box is a panel without a line
TREND_JS = """
() => { const t = document.getElementById('trend'); if (!t) return {trend: null};
  const svgs = [...t.querySelectorAll('svg')].filter(s => s.getBoundingClientRect().width > 0);
  let panels = 0, lines = 0;
  for (const svg of svgs) {
    const sizes = [...svg.querySelectorAll('text')].map(x => parseFloat(x.getAttribute('font-size') || getComputedStyle(x).fontSize));
    const big = Math.max(...sizes);
    panels += sizes.filter(x => x === big).length;
    lines += svg.querySelectorAll('polyline, path').length;
  }
  return {trend: {svgs: svgs.length, panels: panels, lines: lines}}; }
"""

MIN_CHART_PX = 11


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("--shots", default=None)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    url = "file://" + os.path.abspath(args.report)
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=args.chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        for width in (390, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(url)
            dims = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, height: document.documentElement.scrollHeight, scripts: document.scripts.length})")
            dims.update(page.evaluate(CHARTS_JS))
            dims.update(page.evaluate(SUMMARY_JS))
            dims.update(page.evaluate(TREND_JS))
            dims["wrapped_numbers"] = page.evaluate(WRAPPED_JS)
            hidden_keys = page.evaluate(KEYS_JS)
            offenders = page.evaluate(OFFENDERS_JS)
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            fonts = {}
            for selector in ("h1", "h2", "td"):
                node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
                if not node:
                    continue
                for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                    fonts[f["familyName"]] = fonts.get(f["familyName"], 0) + f["glyphCount"]
            h1 = page.inner_text("h1") if page.query_selector("h1") else ""
            hangul = sum(1 for ch in h1 if "\uac00" <= ch <= "\ud7a3")
            korean_glyphs = sum(n for fam, n in fonts.items() if CJK.search(fam))
            if args.shots:
                os.makedirs(args.shots, exist_ok=True)
                page.screenshot(path=os.path.join(args.shots, f"{width}.png"), full_page=True)
            result = {"width": width, **dims, "fonts": fonts, "hangul_in_h1": hangul, "overflowing": offenders,
                      "hidden_keys": hidden_keys}
            print(json.dumps(result, ensure_ascii=False))
            if dims["scroll"] > dims["client"]:
                problems.append(f"{width}px: the page is {dims['scroll']}px wide (horizontal overflow): {offenders}")
            if offenders:
                problems.append(f"{width}px: elements outside the viewport: {offenders}")
            if dims["chart_text_min_px"] is not None and dims["chart_text_min_px"] < MIN_CHART_PX:
                problems.append(f"{width}px: chart text drawn at {dims['chart_text_min_px']} px (under {MIN_CHART_PX})")
            if hidden_keys:
                problems.append(f"{width}px: key columns behind a scroll: {hidden_keys}")
            if hangul and korean_glyphs < hangul:
                problems.append(f"{width}px: Korean text drawn without a Korean font (fonts used: {fonts})")
            if dims["wrapped_numbers"]:
                problems.append(f"{width}px: numbers wrapped inside their cell: {dims['wrapped_numbers']}")
            sm = dims["summary"]
            if sm is not None and not sm["first"]:
                problems.append(f"{width}px: the summary is not the first thing on the page")
            if sm is not None and sm["chars"] > 900:
                problems.append(f"{width}px: the summary has {sm['chars']} characters (over 900)")
            tr = dims["trend"]
            if tr is not None and tr["lines"] < tr["panels"]:
                problems.append(f"{width}px: the trend draws {tr['panels']} panels but {tr['lines']} lines (empty boxes)")
            if dims["scripts"]:
                problems.append(f"{width}px: the report has {dims['scripts']} script elements")
            page.close()
        browser.close()
    for pr in problems:
        print("PROBLEM: " + pr, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
