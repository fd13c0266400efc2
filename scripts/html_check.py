#!/usr/bin/env python3
"""Open an HTML report in headless Chromium at phone and desktop widths and check it.

    python3 scripts/html_check.py reports/2026-W46.html [--shots DIR]

For each width (390 and 1280 CSS px) it checks that the page does not overflow horizontally
(no element sticks out of the viewport except inside a scrolling table box), that Korean text
is drawn with a font that has Hangul glyphs (not tofu boxes), and it saves a full-page
screenshot. Prints one JSON line per width; exits 1 on any problem. Needs Debian's chromium
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
            dims = page.evaluate("() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, height: document.documentElement.scrollHeight, scripts: document.scripts.length, svgs: document.querySelectorAll('svg').length})")
            offenders = page.evaluate(OFFENDERS_JS)
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            fonts = {}
            for selector in ("h1", "h2", "td"):
                node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
                for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
                    fonts[f["familyName"]] = fonts.get(f["familyName"], 0) + f["glyphCount"]
            h1 = page.inner_text("h1")
            hangul = sum(1 for ch in h1 if "\uac00" <= ch <= "\ud7a3")
            korean_glyphs = sum(n for fam, n in fonts.items() if CJK.search(fam))
            if args.shots:
                os.makedirs(args.shots, exist_ok=True)
                page.screenshot(path=os.path.join(args.shots, f"{width}.png"), full_page=True)
            result = {"width": width, **dims, "fonts": fonts, "hangul_in_h1": hangul, "overflowing": offenders}
            print(json.dumps(result, ensure_ascii=False))
            if dims["scroll"] > dims["client"]:
                problems.append(f"{width}px: the page is {dims['scroll']}px wide (horizontal overflow): {offenders}")
            if offenders:
                problems.append(f"{width}px: elements outside the viewport: {offenders}")
            if hangul and korean_glyphs < hangul:
                problems.append(f"{width}px: Korean text drawn without a Korean font (fonts used: {fonts})")
            if dims["scripts"]:
                problems.append(f"{width}px: the report has {dims['scripts']} script elements")
            page.close()
        browser.close()
    for pr in problems:
        print("PROBLEM: " + pr, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
