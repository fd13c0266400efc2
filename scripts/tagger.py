"""An independent reading of docs/taxonomy.md's matching rules, for scripts/crosscheck.py: the
primary tag, the rules' own pick and the risks of a text, computed from the taxonomy YAML
without voc's code — normalization, keywords as whole Latin words (`*` opens an end), Korean
predicate stems (`작다~`), `except:` phrases, any/all/none/regex/fields, manual tags, and the
winner order (priority, then depth, then file order).
"""

import re
import unicodedata

import yaml

# -- Korean predicates: the forms of `작다~` (docs/taxonomy.md "Korean endings") --------------

BASE, VOWELS, FINALS = 0xAC00, 21, 28
A, AE, YA, EO, E, YEO, O, WA, WAE, OE, U, WO, EU, I = 0, 1, 2, 4, 5, 6, 8, 9, 10, 11, 13, 14, 18, 20
NONE, NIEUN, RIEUL, MIEUM, BIEUP, SSANG_SIOS, INITIAL_RIEUL = 0, 4, 8, 16, 17, 20, 5
CONSONANT_ENDINGS = ["고", "네", "게", "지", "다", "던", "더", "대", "니", "냐", "죠", "군"]
IRREGULAR_BIEUP = "덥춥쉽맵곱눕굽"


def syl(c):
    n = ord(c) - BASE
    if not 0 <= n < 19 * VOWELS * FINALS:
        return None
    return [n // (VOWELS * FINALS), n // FINALS % VOWELS, n % FINALS]


def char(s):
    return chr(BASE + (s[0] * VOWELS + s[1]) * FINALS + s[2])


def bright(s):
    return s[1] in (A, O, YA)


def a_forms(before, prev, l, n):
    join = lambda s, tail: before + char(s) + tail
    if l[2] != NONE:
        v = [join(l, "아" if bright(l) else "어")]
        if l[2] == BIEUP and (n >= 2 or char(l) in IRREGULAR_BIEUP):
            opened = [l[0], l[1], NONE]
            v.append(join(opened, "워"))
            if l[1] == O:
                v.append(join(opened, "와"))
        return v
    v = l[1]
    with_v = lambda x: [l[0], x, l[2]]
    if v == A and char(l) == "하":
        return [join(with_v(AE), "")]
    if v == EU and l[0] == INITIAL_RIEUL and prev is not None and prev[2] == NONE:
        head = before[:-1]
        return [head + char([prev[0], prev[1], RIEUL]) + ("라" if bright(prev) else "러")]
    if v == EU:
        return [join(with_v(A if prev is not None and bright(prev) else EO), "")]
    if v in (A, EO, YEO):
        return [join(l, "")]
    if v in (AE, E):
        return [join(l, ""), join(l, "어")]
    if v == O:
        return [join(with_v(WA), ""), join(l, "아")]
    if v == U:
        return [join(with_v(WO), ""), join(l, "어")]
    if v == I:
        return [join(with_v(YEO), ""), join(l, "어")]
    if v == OE:
        return [join(with_v(WAE), ""), join(l, "어")]
    return [join(l, "아" if bright(l) else "어")]


def inflections(form):
    if not form.endswith("다"):
        return None
    stem = form[:-1]
    if not stem or syl(stem[-1]) is None:
        return None
    l, before = syl(stem[-1]), stem[:-1]
    prev = syl(before[-1]) if before else None
    out = [stem + e for e in CONSONANT_ENDINGS]
    if l[2] == RIEUL:
        dropped = char([l[0], l[1], NONE])
        out += [before + dropped + e for e in ("네", "니")]
        out.append(before + char([l[0], l[1], NIEUN]))
    for a in a_forms(before, prev, l, len(stem)):
        end = syl(a[-1])
        if end is not None and end[2] == NONE:
            out.append(a[:-1] + char([end[0], end[1], SSANG_SIOS]))
        if len(a) == 1:
            out += [a + e for e in ("요", "서", "도", "야")]
        out.append(a)
    if l[2] == NONE:
        out.append(before + char([l[0], l[1], NIEUN]))
        out.append(before + char([l[0], l[1], MIEUM]))
        out.append(before + char([l[0], l[1], BIEUP]) + "니")
        out.append(stem + "는")
    elif l[2] != RIEUL:
        out += [stem + e for e in ("은", "음", "는", "습")]
    seen, kept = set(), []
    for f in out:
        last = syl(f[-1])
        past = last is not None and last[2] == SSANG_SIOS
        if (len(f) >= 2 or past) and f not in seen:
            seen.add(f)
            kept.append(f)
    return kept


# -- normalization and words ----------------------------------------------------------------

def word_char(c):
    o = ord(c)
    cjk = 0x1100 <= o <= 0x11FF or 0x3040 <= o <= 0x30FF or 0x3130 <= o <= 0x318F or 0x3400 <= o <= 0x4DBF \
        or 0x4E00 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7A3
    return c.isalnum() and not cjk


def normalize(text, norm, spaces=None):
    """(text as keywords see it, the places where white space was removed)."""
    if norm.get("nfkc", True):
        text = unicodedata.normalize("NFKC", text)
    if norm.get("lowercase", True):
        text = text.lower()
    remove = norm.get("ignore_spaces", True) if spaces is None else spaces == "remove"
    out, breaks, in_space = [], set(), False
    n = 0
    for c in text:
        if c.isspace():
            if remove:
                breaks.add(n)
            elif not in_space:
                out.append(" ")
                n += len(" ".encode())
            in_space = True
            continue
        in_space = False
        out.append(c)
        n += len(c.encode())
    return "".join(out), breaks


def forms(norm, written):
    """The (text, left edge, right edge) forms of a keyword as written."""
    w = str(written).strip()
    stem = w.endswith("~")
    w = w[:-1] if stem else w
    open_left, open_right = w.startswith("*"), w.endswith("*") and len(w) > 1
    w = w[1:] if open_left else w
    w = w[:-1] if open_right else w
    k = normalize(w, norm)[0].strip()
    texts = inflections(k) if stem else [k]
    return [(t, not open_left and word_char(t[0]), not open_right and word_char(t[-1])) for t in texts or []]


def occurrences(text_b, breaks, form):
    """Byte spans where a form stands in the normalized text (as UTF-8 bytes)."""
    t, left, right = form
    tb = t.encode()
    spans, i = [], text_b.find(tb)
    while i >= 0:
        j = i + len(tb)
        before = text_b[:i].decode(errors="ignore")[-1:] if i else ""
        after = text_b[j:].decode(errors="ignore")[:1]
        ok_l = not left or i == 0 or i in breaks or not (before and word_char(before))
        ok_r = not right or j == len(text_b) or j in breaks or not (after and word_char(after))
        if ok_l and ok_r:
            spans.append((i, j))
        i = text_b.find(tb, i + 1)
    return spans


# -- the taxonomy ------------------------------------------------------------------------------

class Taxonomy:
    def __init__(self, path):
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        self.norm = doc.get("normalize") or {}
        self.tags, self.risks, self.lookup = [], [], {}

        def rule(m):
            if not m:
                return None
            f = lambda key: [forms(self.norm, k) for k in m.get(key, []) or []]
            return {"any": f("any"), "all": f("all"), "none": f("none"), "except": f("except"),
                    "regex": [re.compile(r, re.I) for r in m.get("regex", []) or []],
                    "fields": {k: {loose(v) for v in (vs if isinstance(vs, list) else [vs])}
                               for k, vs in (m.get("fields") or {}).items()}}

        def walk(t, parent, path, level):
            name = str(t.get("name", t["id"]))
            p = f"{path}/{name}" if path else name
            i = len(self.tags)
            self.tags.append({"id": str(t["id"]), "name": name, "path": p, "level": level, "parent": parent,
                              "priority": t.get("priority", 0), "rule": rule(t.get("match")),
                              "aliases": [str(a) for a in t.get("aliases", [])]})
            for c in t.get("children", []):
                walk(c, i, p, level + 1)

        for t in doc["tags"]:
            walk(t, None, "", 1)
        for r in doc.get("risks", []):
            self.risks.append({"id": str(r["id"]), "rule": rule(r["match"])})
        for i, t in enumerate(self.tags):
            for key in [t["id"], t["name"], t["path"]] + t["aliases"]:
                self.lookup.setdefault(loose(key), i)

    def matches(self, r, kw, breaks, rx, fields):
        if r is None:
            return False
        kb = kw.encode()
        spans = lambda fs: [s for f in fs for s in occurrences(kb, breaks, f)]
        ex = spans([f for g in r["except"] for f in g])
        counts = lambda g: any(not any(c <= a and b <= d for (c, d) in ex) for (a, b) in spans(g))
        any_ok = (not r["any"] and not r["regex"]) or any(counts(g) for g in r["any"]) \
            or any(x.search(rx) for x in r["regex"])
        all_ok = all(counts(g) for g in r["all"])
        none_ok = not any(spans(g) for g in r["none"])
        fields_ok = all(loose(fields.get(k) or "") in vs for k, vs in r["fields"].items())
        return any_ok and all_ok and none_ok and fields_ok

    def classify(self, text, fields=None, tags_cell=None, sep=r"[,;\n]"):
        """(primary tag id, the rules' own pick, risk ids)."""
        fields = fields or {}
        kw, breaks = normalize(text, self.norm)
        rx = normalize(text, {"nfkc": True, "lowercase": True}, "collapse")[0]
        best = None
        for i, t in enumerate(self.tags):
            if self.matches(t["rule"], kw, breaks, rx, fields):
                key = (-t["priority"], -t["level"], i)
                best = i if best is None or key < (-self.tags[best]["priority"], -self.tags[best]["level"], best) else best
        risks = [r["id"] for r in self.risks if self.matches(r["rule"], kw, breaks, rx, fields)]
        manual = None
        for v in re.split(sep, tags_cell or ""):
            v = v.strip()
            if v and loose(v) in self.lookup:
                manual = self.lookup[loose(v)]
                break
        rule_id = self.tags[best]["id"] if best is not None else None
        primary = self.tags[manual]["id"] if manual is not None else rule_id
        return primary, rule_id, risks


def loose(s):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(s)).lower())
