#!/bin/sh
# tests/e2e/html_report.sh — the HTML report (--format html) of a generated
# leak: one self-contained page that fetches nothing (no http:, https: or
# protocol-relative //, no src=, url() or @import, no script), whose elements
# are balanced (Python's html.parser, a stack of every non-void element), in
# which every SVG chart has a <title> and <desc> and every table <th> cells,
# and in which a hostile file name (<script>alert(1)</script> with quotes and
# an ampersand, both as a problem and as a top file) is HTML-escaped.
#
# Then chromium, when installed (skipped otherwise, saying so), renders it
# once (headless): the page text holds the headline figures of the JSON
# report of the same scan (severity level, data subjects, records, files,
# first and last year, every category id) and the hostile name as text, the
# DOM holds no <script> element, and the 1280x2000 screenshot is a PNG of
# that size that is not blank (more than 20 distinct colours in its top 500
# rows, decoded here with zlib).
. "${LS_SRCDIR:?}/tests/e2e/lib.sh"
need_scanner
MKLEAK="$LS_BUILDDIR/fixtures/mkleak"
[ -x "$MKLEAK" ] || skip "no mkleak at $MKLEAK"
e2e_init html_report

"$MKLEAK" --seed 3 --scale 1 --out gen >/dev/null
L=gen/leak
# The hostile name: the folder '<script>alert(1)<' holds 'script>"q'&.csv',
# so the path reads evil/<script>alert(1)</script>"q'&.csv.
mkdir -p "evil/<script>alert(1)<"
cp "$L/personnel/personeelslijst.csv" "evil/<script>alert(1)</script>\"q'&.csv"
ln -s nowhere "evil/<script>alert(1)</script>\"q'&.lnk"
set -- "$L/personnel" "$L/pv" "$L/mail" "$L/images" "$L/db" evil
head -c 32 /dev/urandom >key
run_scan 0 scan -j2 --no-progress --key-file key --format json -o report.json "$@"
run_scan 0 scan -j2 --no-progress --key-file key --format html -o report.html \
    --findings find.jsonl "$@"
[ "$(stat -c %a report.html)" = 600 ] || fail "report.html is not mode 600"

CHROMIUM=
for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then
        CHROMIUM=$(command -v "$c")
        break
    fi
done
if [ -n "$CHROMIUM" ]; then
    # One start of chromium: the DOM and the screenshot together.
    set +e
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$W/chrome-profile" --dump-dom --screenshot="$W/shot.png" \
        --window-size=1280,2000 "file://$W/report.html" >dom.html 2>chrome.log
    rc=$?
    set -e
    [ "$rc" -eq 0 ] || { tail -5 chrome.log >&2; fail "chromium exited $rc"; }
fi

"$PY" - report.json report.html "${CHROMIUM:+dom.html}" "${CHROMIUM:+shot.png}" <<'PY'
import html.parser, json, re, struct, sys, zlib

rep = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding="utf-8").read()
dom_path, png_path = sys.argv[3], sys.argv[4]
EVIL = "<script>alert(1)</script>\"q'&"
ROWS = 500  # rows of the screenshot decoded: the header, the headline, the first chart
bad = []

# 1. Nothing fetched, nothing run.
for pat in (r"https?:", r"//", r"\bsrc\s*=", r"url\(", r"@import", r"<script", r"<link\b",
            r"<iframe", r"<object", r"<embed", r"<img\b", r"\bon[a-z]+\s*="):
    m = re.search(pat, page, re.I)
    if m:
        bad.append("external reference or script %r: ...%s..." % (pat, page[max(0, m.start() - 60):m.end() + 20]))
esc = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;q&#39;&amp;"
if page.count(esc + ".csv") < 1 or page.count(esc + ".lnk") < 1:
    bad.append("the hostile name is not shown escaped as a top file and as a problem")

# 2. Well-formed enough: every non-void element closed, in order.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr", "rect", "line", "path", "circle"}
class Balance(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.count, self.errors, self.text = [], {}, [], []
        self.svg_kids = []
    def handle_starttag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
        if tag in ("title", "desc") and self.stack and self.stack[-1] == "svg":
            self.svg_kids[-1].add(tag)
        if tag == "svg":
            self.svg_kids.append(set())
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.count[tag] = self.count.get(tag, 0) + 1
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()
    def handle_data(self, d):
        self.text.append(d)

p = Balance()
p.feed(page)
p.close()
if p.errors or p.stack:
    bad.append("unbalanced elements: %s; left open: %s" % (p.errors[:5], p.stack))
need = {"html": 1, "head": 1, "body": 1, "main": 1, "section": 6, "table": 4, "th": 10, "svg": 4,
        "figure": 4, "style": 1}
for tag, n in need.items():
    if p.count.get(tag, 0) < n:
        bad.append("fewer than %d <%s> (%d)" % (n, tag, p.count.get(tag, 0)))
if any(k != {"title", "desc"} for k in p.svg_kids):
    bad.append("an <svg> without <title> and <desc>: %r" % p.svg_kids)

# The headline figures of the JSON report, as the page shows them.
def c(n):
    return "{:,}".format(n)
sev = rep["exposure"]["severity"]["level"]
cats = rep["categories"]
rmin = max([v["records"] for v in cats.values()] + [v["count"] for v in rep["records"].values()])
span = rep["exposure"]["date_span"]
want = ["Severity: " + sev, "ENISA score %.2f" % rep["exposure"]["severity"]["score"],
        "about " + c(rep["exposure"]["data_subjects"]["estimate"]), "at least " + c(rmin),
        c(rep["scan"]["files"]["total"]), "%s–%s" % (span["first"][:4], span["last"][:4]),
        EVIL + ".csv", EVIL + ".lnk"] + list(cats)
assert len(cats) >= 10 and rep["scan"]["files"]["skipped"] >= 1, "the scan found too little"

def page_text(doc):
    q = Balance()
    q.feed(doc)
    return re.sub(r"\s+", " ", "".join(q.text))

text = page_text(page)
miss = [w for w in want if w not in text]
if miss:
    bad.append("the page text lacks %r" % miss)

if dom_path:
    dom = open(dom_path, encoding="utf-8").read()
    if re.search(r"<script", dom, re.I):
        bad.append("the rendered DOM holds a <script> element")
    miss = [w for w in want if w not in page_text(dom)]
    if miss:
        bad.append("the rendered page text lacks %r" % miss)
    png = open(png_path, "rb").read()
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        bad.append("the screenshot is not a PNG")
    else:
        pos, idat, hdr = 8, b"", None
        while pos < len(png):
            n, typ = struct.unpack(">I4s", png[pos:pos + 8])
            body = png[pos + 8:pos + 8 + n]
            if typ == b"IHDR":
                hdr = struct.unpack(">IIBBBBB", body)
            elif typ == b"IDAT":
                idat += body
            pos += 12 + n
        w, h, depth, ctype = hdr[:4]
        if (w, h) != (1280, 2000):
            bad.append("the screenshot is %dx%d, not 1280x2000" % (w, h))
        bpp = {2: 3, 6: 4}.get(ctype)
        if depth != 8 or not bpp:
            bad.append("unexpected PNG format: depth %d, colour type %d" % (depth, ctype))
        else:
            raw = zlib.decompress(idat)
            stride = w * bpp
            prev, colours = bytes(stride), set()
            for y in range(min(h, ROWS)):
                f = raw[y * (stride + 1)]
                line = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
                if f == 2:  # Up, what chromium mostly uses: no byte depends on its left
                    line = bytes((x + b) & 255 for x, b in zip(line, prev))
                elif f:
                    line = bytearray(line)
                    for i in range(stride):
                        a = line[i - bpp] if i >= bpp else 0
                        b = prev[i]
                        if f == 1:
                            line[i] = (line[i] + a) & 255
                        elif f == 3:
                            line[i] = (line[i] + (a + b) // 2) & 255
                        else:
                            cc = prev[i - bpp] if i >= bpp else 0
                            pa, pb, pc = abs(b - cc), abs(a - cc), abs(a + b - 2 * cc)
                            line[i] = (line[i] + (a if pa <= pb and pa <= pc else
                                                  b if pb <= pc else cc)) & 255
                if y % 4 == 0:
                    colours.update(bytes(line[i:i + bpp]) for i in range(0, stride, bpp * 2))
                prev = line
            if len(colours) <= 20:
                bad.append("the screenshot looks blank: %d colours" % len(colours))
            else:
                print("screenshot: %dx%d, %d colours in the top %d rows" % (w, h, len(colours), ROWS))

for b in bad:
    print("FAIL:", b, file=sys.stderr)
if bad:
    sys.exit(1)
print("ok: %d bytes of HTML, %d sections, %d tables, %d charts; figures match the JSON report"
      % (len(page), p.count["section"], p.count["table"], p.count["svg"]))
PY
[ -n "$CHROMIUM" ] || skip "the HTML checks passed, but chromium is not installed: the page was not rendered"
echo "ok"
