#!/usr/bin/python3
"""tests/e2e/formats.py — every document format the extractors read, end to end.

Generates one small synthetic sample per format (text and logs, CSV/TSV/
semicolon, JSON and JSON lines, XML, HTML, SQL, .docx, .xlsx, .pptx, .odt,
.ods, RTF, PDF, .eml and mbox with attachments, UTF-16LE/BE, UTF-32, Latin-1
and CP1252 text, JPEG with EXIF, XMP and a comment, PNG with tEXt, zTXt,
iTXt and XMP), each holding known values at known places,
scans the folder with `leakscan scan --reveal --findings` and asserts, per
file, that the findings are exactly the planted (category, value) pairs and
that each carries the planted location (line, record, page, part, column),
and that every file ends as scanned.  Values are synthetic; the identifiers
with a checksum are the worked examples of docs/identifiers.md.

    formats.py               the test (make check; needs LEAKSCAN)
    formats.py --write DIR   only write the samples (seeds for make fuzz-run)
"""
import base64
import collections
import email.charset
import email.mime.application
import email.mime.multipart
import email.mime.text
import email.header
import email.utils
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib

LEAKSCAN = os.environ.get("LEAKSCAN", "./leakscan")
BUILD = os.environ.get("LS_BUILDDIR", ".")

NN = "85.07.30-033.28"
NN2 = "17.07.30-033.84"
IBAN = "BE32 1234 5678 9002"
IBAN2 = "BE34 6792 0036 2590"
PHONE = "0470 12 34 56"
EMAIL = "jan.peeters@example.be"
PLATE = "1-ABC-123"
IMEI = "35-417803-685978-9"
OGM = "+++010/8068/17183+++"
PV = "AN.55.L3.012345/2019"

# expected[name] = list of (category, value, {location key: value})
expected = {}
samples = {}


def add(name, data, finds):
    samples[name] = data if isinstance(data, bytes) else data.encode("utf-8")
    expected[name] = finds


# --- text ------------------------------------------------------------------
add("prose.txt",
    "PROCES-VERBAAL nr %s\n\nBetrokkene 1\nRijksregisternummer: %s\n"
    "Tel: %s\n\nFeiten\nDe bestuurder van %s werd gecontroleerd.\n" % (PV, NN, PHONE, PLATE),
    [("pv_number", PV, {"line": 1, "record": 0}),
     ("criminal_offence", "PROCES-VERBAAL", {"line": 1, "record": 0}),
     ("national_register_number_be", NN, {"line": 4, "record": 0}),
     ("phone_be", PHONE, {"line": 5, "record": 0}),
     ("vehicle_plate_be", PLATE, {"line": 8, "record": 0})])
add("sync.log",
    "2021-01-06 21:34:01 INFO export started\n"
    "2021-01-06 21:34:02 WARN mail to %s bounced\n"
    "2021-01-06 21:34:03 INFO payment %s received\n" % (EMAIL, IBAN),
    [("email", EMAIL, {"line": 2, "record": 1}),
     ("iban", IBAN, {"line": 3, "record": 2})])

# --- tables ----------------------------------------------------------------
add("register.csv",
    'naam;rijksregisternummer;opmerking;iban\r\n'
    'Jan Peeters;%s;"eerste regel\r\ntweede regel";%s\r\n'
    'An Janssens;%s;geen;\r\n' % (NN, IBAN, NN2),
    [("person_name", "Jan Peeters", {"line": 2, "record": 0, "column": "naam"}),
     ("national_register_number_be", NN, {"line": 2, "record": 0, "column": "rijksregisternummer"}),
     ("iban", IBAN, {"line": 3, "record": 0, "column": "iban"}),
     ("person_name", "An Janssens", {"line": 4, "record": 1, "column": "naam"}),
     ("national_register_number_be", NN2, {"line": 4, "record": 1, "column": "rijksregisternummer"})])
add("calls.tsv",
    "msisdn\timei\ttijdstip\n32470123456\t%s\t2019-03-01T10:00:00\n" % IMEI,
    [("phone_be", "32470123456", {"line": 2, "record": 0, "column": "msisdn"}),
     ("imei", IMEI, {"line": 2, "record": 0, "column": "imei"})])
add("people.json",
    json.dumps([{"naam": "Jan Peeters", "rijksregisternummer": NN},
                {"naam": "An Janssens", "contact": {"email": EMAIL}}], indent=1),
    [("person_name", "Jan Peeters", {"record": 0, "line": 3, "column": "naam"}),
     ("national_register_number_be", NN, {"record": 0, "line": 4}),
     ("person_name", "An Janssens", {"record": 1, "line": 7}),
     ("email", EMAIL, {"record": 1, "line": 9, "column": "email"})])
add("events.jsonl",
    json.dumps({"imei": IMEI.replace("-", ""), "ts": "2019-03-01T10:00:00"}) + "\n" +
    json.dumps({"iban": IBAN2, "ogm": OGM}) + "\n",
    [("imei", IMEI.replace("-", ""), {"line": 1, "record": 0}),
     ("iban", IBAN2, {"line": 2, "record": 1}),
     ("payment_reference_be", OGM, {"line": 2, "record": 1})])
add("fines.xml",
    '<?xml version="1.0" encoding="UTF-8"?>\n<boetes>\n'
    '  <boete id="1"><pv>%s</pv><nummerplaat>%s</nummerplaat></boete>\n'
    '  <boete id="2" iban="%s"><mededeling>%s</mededeling></boete>\n</boetes>\n'
    % (PV, PLATE, IBAN2, OGM),
    [("pv_number", PV, {"record": 0, "line": 3, "column": "pv"}),
     ("vehicle_plate_be", PLATE, {"record": 0, "line": 3, "column": "nummerplaat"}),
     ("iban", IBAN2, {"record": 1, "line": 4, "column": "iban"}),
     ("payment_reference_be", OGM, {"record": 1, "line": 4, "column": "mededeling"})])
add("page.html",
    "<!DOCTYPE html><html><head><title>Dossier</title><script>var x='%s';</script></head>\n"
    "<body><p>Contact: <a href=\"mailto:%s\">mail</a></p>\n"
    "<p>Rijksregisternummer&nbsp;: %s</p></body></html>\n" % (NN2, EMAIL, NN),
    [("email", EMAIL, {"line": 2}),
     ("national_register_number_be", NN, {"line": 3})])
add("dump.sql",
    "CREATE TABLE personen (id INT, naam VARCHAR(80), rijksregisternummer CHAR(11));\n"
    "INSERT INTO personen (id, naam, rijksregisternummer) VALUES\n"
    "(1,'Jan Peeters','85073003328'),\n(2,'An Janssens','17073003384');\n",
    [("person_name", "Jan Peeters", {"record": 0, "column": "naam"}),
     ("national_register_number_be", "85073003328", {"record": 0, "column": "rijksregisternummer"}),
     ("person_name", "An Janssens", {"record": 1, "column": "naam"}),
     ("national_register_number_be", "17073003384", {"record": 1, "column": "rijksregisternummer"})])

# --- charsets --------------------------------------------------------------
u = "Naam: Jérôme Dubois\r\n\r\nRijksregisternummer: %s\r\nIBAN: %s\r\n" % (NN, IBAN)
u_finds = [("person_name", "Jérôme Dubois", {"line": 1}),
           ("national_register_number_be", NN, {"line": 3}),
           ("iban", IBAN, {"line": 4})]
add("utf16le.txt", b"\xff\xfe" + u.encode("utf-16-le"), u_finds)
add("utf16be.txt", b"\xfe\xff" + u.encode("utf-16-be"), u_finds)
add("utf32le.txt", b"\xff\xfe\x00\x00" + u.encode("utf-32-le"), u_finds)
add("latin1.txt", u.encode("latin-1"), u_finds)
add("cp1252.txt", ("Montant : 53,00 € \u2013 " + u).encode("cp1252"), u_finds)
# a lone surrogate: libmagic says "binary", the BOM says UTF-16; the bad unit
# is replaced and counted (inventory "invalid_sequences"), the rest is read
bad = b"\xff\xfe" + u.encode("utf-16-le")
bad = bad[:40] + b"\x00\xd8" + bad[40:]  # after "Naam: Jérôme Dubois"
add("utf16-invalid.txt", bad, u_finds)
INVALID = {"utf16-invalid.txt": 1}


# --- OOXML and ODF ----------------------------------------------------------
def zipped(parts, first_stored=None):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        if first_stored:
            z.writestr(zipfile.ZipInfo(first_stored[0]), first_stored[1],
                       compress_type=zipfile.ZIP_STORED)
        for n, d in parts:
            z.writestr(n, d)
    return b.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' \
     '<Default Extension="xml" ContentType="application/xml"/>%s</Types>'


def wrun(t):
    return '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % t


add("report.docx", zipped([
    ("[Content_Types].xml", CT % '<Override PartName="/word/document.xml" ContentType="application/'
     'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'),
    ("word/document.xml",
     '<?xml version="1.0"?><w:document %s><w:body>'
     '<w:p>%s%s%s</w:p>'
     '<w:tbl><w:tr><w:tc><w:p>%s</w:p></w:tc><w:tc><w:p>%s</w:p></w:tc></w:tr></w:tbl>'
     '</w:body></w:document>' % (W, wrun("Rijksregisternummer: 85.07."), wrun("30-033"),
                                 wrun(".28"), wrun("Tel"), wrun(PHONE))),
    ("word/header1.xml", '<w:hdr %s><w:p>%s</w:p></w:hdr>' % (W, wrun("PV " + PV))),
    ("word/footer1.xml", '<w:ftr %s><w:p>%s</w:p></w:ftr>' % (W, wrun("Contact " + EMAIL))),
    ("word/comments.xml", '<w:comments %s><w:comment w:id="0"><w:p>%s</w:p></w:comment></w:comments>'
     % (W, wrun("Nummerplaat " + PLATE))),
]), [("national_register_number_be", NN, {"part": "word/document.xml"}),
     ("phone_be", PHONE, {"part": "word/document.xml"}),
     ("pv_number", PV, {"part": "word/header1.xml"}),
     ("email", EMAIL, {"part": "word/footer1.xml"}),
     ("vehicle_plate_be", PLATE, {"part": "word/comments.xml"})])

S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
add("fines.xlsx", zipped([
    ("[Content_Types].xml", CT % ""),
    ("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
     '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
     'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    ("xl/workbook.xml", '<workbook %s %s><sheets><sheet name="Boetes" sheetId="1" r:id="rId1"/>'
     '<sheet name="Betalingen" sheetId="2" r:id="rId2"/></sheets></workbook>' % (S, R)),
    ("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
     '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
     'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
     '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
     'relationships/worksheet" Target="worksheets/sheet2.xml"/></Relationships>'),
    ("xl/sharedStrings.xml", '<sst %s><si><t>naam</t></si><si><t>nummerplaat</t></si>'
     '<si><r><t xml:space="preserve">Jan </t></r><r><rPr><b/></rPr><t>Peeters</t></r></si>'
     '<si><t>%s</t></si><si><t>iban</t></si><si><t>mededeling</t></si></sst>' % (S, PLATE)),
    ("xl/worksheets/sheet1.xml", '<worksheet %s><sheetData>'
     '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
     '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
     '</sheetData></worksheet>' % S),
    ("xl/worksheets/sheet2.xml", '<worksheet %s><sheetData>'
     '<row r="1"><c r="A1" t="s"><v>4</v></c><c r="B1" t="s"><v>5</v></c></row>'
     '<row r="3"><c r="A3" t="inlineStr"><is><t>%s</t></is></c>'
     '<c r="B3" t="inlineStr"><is><t>%s</t></is></c></row>'
     '</sheetData></worksheet>' % (S, IBAN2, OGM)),
]), [("person_name", "Jan Peeters", {"part": "Boetes", "column": "naam"}),
     ("vehicle_plate_be", PLATE, {"part": "Boetes", "column": "nummerplaat"}),
     ("iban", IBAN2, {"part": "Betalingen", "column": "iban"}),
     ("payment_reference_be", OGM, {"part": "Betalingen", "column": "mededeling"})])

A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
add("briefing.pptx", zipped([
    ("[Content_Types].xml", CT % '<Override PartName="/ppt/presentation.xml" ContentType="application/'
     'vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'),
    ("ppt/presentation.xml", '<p:presentation %s/>' % P),
    ("ppt/slides/slide1.xml", '<p:sld %s %s><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>'
     'Briefing</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>' % (P, A)),
    ("ppt/slides/slide2.xml", '<p:sld %s %s><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>'
     'Verdachte voertuig %s</a:t></a:r></a:p><a:p><a:r><a:t>GSM %s</a:t></a:r></a:p>'
     '</p:txBody></p:sp></p:spTree></p:cSld></p:sld>' % (P, A, PLATE, PHONE)),
]), [("vehicle_plate_be", PLATE, {"part": "ppt/slides/slide2.xml", "page": 2}),
     ("criminal_offence", "Verdachte", {"part": "ppt/slides/slide2.xml"}),
     ("phone_be", PHONE, {"part": "ppt/slides/slide2.xml"})])

O = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
     'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
     'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"')
add("pv.odt", zipped([
    ("META-INF/manifest.xml", "<manifest/>"),
    ("content.xml", '<?xml version="1.0"?><office:document-content %s><office:body><office:text>'
     '<text:p>Rijksregisternummer: <text:span>85.07.30</text:span>-033.28</text:p>'
     '<text:p>E-mail: %s</text:p></office:text></office:body></office:document-content>'
     % (O, EMAIL)),
], first_stored=("mimetype", "application/vnd.oasis.opendocument.text")),
    [("national_register_number_be", NN, {"part": "content.xml"}),
     ("email", EMAIL, {"part": "content.xml"})])
add("register.ods", zipped([
    ("META-INF/manifest.xml", "<manifest/>"),
    ("content.xml", '<?xml version="1.0"?><office:document-content %s><office:body>'
     '<office:spreadsheet><table:table table:name="Personen">'
     '<table:table-row><table:table-cell><text:p>naam</text:p></table:table-cell>'
     '<table:table-cell><text:p>rijksregisternummer</text:p></table:table-cell></table:table-row>'
     '<table:table-row><table:table-cell><text:p>Jan Peeters</text:p></table:table-cell>'
     '<table:table-cell><text:p>%s</text:p></table:table-cell></table:table-row>'
     '</table:table></office:spreadsheet></office:body></office:document-content>' % (O, NN)),
], first_stored=("mimetype", "application/vnd.oasis.opendocument.spreadsheet")),
    [("person_name", "Jan Peeters", {"part": "Personen", "column": "naam"}),
     ("national_register_number_be", NN, {"part": "Personen", "column": "rijksregisternummer"})])

# --- RTF -----------------------------------------------------------------------
add("note.rtf",
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}{\*\generator x;}"
    r"\f0\fs20 Naam: J\'e9r\'f4me Dubois\par " "\n"
    r"{\b Rijksregisternummer:} 85.07.30-033.28\par " "\n"
    r"IBAN \u66?E32 1234 5678 9002\par}",
    [("person_name", "Jérôme Dubois", {"line": 1}),
     ("national_register_number_be", NN, {"line": 2}),
     ("iban", IBAN, {"line": 3})])


# --- PDF ----------------------------------------------------------------------
def pdf(pages):
    objs = []

    def obj(body):
        objs.append(body)
        return len(objs)
    font = obj(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    pages_id = len(objs) + 2 * len(pages) + 1
    for text in pages:
        cs = zlib.compress(text)
        c = obj(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(cs) + cs + b"\nendstream")
        kids.append(obj(b"<< /Type /Page /Parent %d 0 R /Contents %d 0 R "
                        b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, c, font)))
    obj(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) +
        b"] /Count %d >>" % len(kids))
    cat = obj(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n")
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    x = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, cat, x)
    return bytes(out)


# a police report over two pages: one record (one police_report), each
# finding on its page, lines counted on that page
add("pv.pdf", pdf([
    b"BT /F1 11 Tf 72 720 Td (POLITIEZONE GENT \\(5415\\)) Tj 0 -14 Td (PROCES-VERBAAL nr "
    + PV.encode() + b") Tj ET",
    b"BT /F1 11 Tf 72 720 Td (Rijksregisternummer: ) Tj [(85.07.30-0) -20 (33.28)] TJ "
    b"0 -14 Td <4942414e3a20> Tj (BE32 1234 5678 9002) Tj ET",
]), [("criminal_offence", "PROCES-VERBAAL", {"page": 1, "line": 2, "record": 0}),
     ("pv_number", PV, {"page": 1, "line": 2, "record": 0}),
     ("national_register_number_be", NN, {"page": 2, "line": 1, "record": 0}),
     ("iban", IBAN, {"page": 2, "line": 2, "record": 0})])


# a scan (an image, no text): scanned, "text_layer": false, counted in the
# report; a PDF whose encryption dictionary is damaged (/O and /U of one
# byte): failed, saying so (real encrypted files: pdf_encrypted.py)
add("scan.pdf", pdf([b"q 595 0 0 842 0 0 cm /Im1 Do Q"]), [])
enc = pdf([b"BT /F1 11 Tf 72 720 Td (" + NN.encode() + b") Tj ET"])
add("encrypted.pdf", enc.replace(b"trailer\n<< /Size", b"trailer\n<< /Encrypt << /Filter /Standard "
                                 b"/V 1 /R 2 /O (x) /U (y) /P -4 >> /Size"), [])
STATUS = {"encrypted.pdf": ("failed", "pdf: damaged encryption dictionary: /O or /U is 1 or 1 "
                           "bytes, want 32")}
NO_TEXT = {"scan.pdf"}


# --- mail -----------------------------------------------------------------------
def message(subject, body, attachments):
    m = email.mime.multipart.MIMEMultipart()
    m["From"] = "Inspecteur <inspecteur@example.be>"
    m["To"] = "Operator <requisitions@example.be>"
    m["Subject"] = email.header.Header(subject, "utf-8").encode()
    m["Date"] = "Mon, 04 Mar 2019 10:00:00 +0100"
    cs = email.charset.Charset("utf-8")
    cs.body_encoding = email.charset.QP
    t = email.mime.text.MIMEText(body, "plain", cs)
    m.attach(t)
    for name, data in attachments:
        a = email.mime.application.MIMEApplication(data)
        a.add_header("Content-Disposition", "attachment", filename=name)
        m.attach(a)
    return m.as_bytes()


calls_csv = ("msisdn;imei\n32470123456;%s\n" % IMEI).encode()
add("request.eml", message("Vordering 46bis — dossier %s" % PV,
                           "Geachte,\n\nGraag de gegevens van %s.\n\nMet vriendelijke groet\n" % PHONE,
                           [("calls.csv", calls_csv), ("pv.docx", samples["report.docx"])]),
    [("pv_number", PV, {}),
     ("phone_be", PHONE, {}),
     ("email", "inspecteur@example.be", {}),
     ("email", "requisitions@example.be", {})])
expected["request.eml!/calls.csv"] = [
    ("phone_be", "32470123456", {"line": 2, "column": "msisdn"}),
    ("imei", IMEI, {"line": 2, "column": "imei"})]
expected["request.eml!/pv.docx"] = [(c, v, dict(loc)) for c, v, loc in expected["report.docx"]]
mbox = b""
for i, (body, att) in enumerate([("Eerste bericht zonder bijlage.\n", []),
                                  ("Zie bijlage.\nIBAN %s\n" % IBAN, [("calls.csv", calls_csv)])]):
    mbox += b"From inspecteur@example.be Mon Mar  4 10:00:00 2019\n"
    mbox += message("Bericht %d" % (i + 1), body, att).replace(b"\nFrom ", b"\n>From ") + b"\n"
# a message of a mailbox is a record of it, located by "part": "message N";
# its attachments are entries of their own: MBOX!/N!/NAME
add("inbox.mbox", mbox,
    [("email", "inspecteur@example.be", {"part": "message 1", "record": 0}),
     ("email", "requisitions@example.be", {"part": "message 1", "record": 0}),
     ("email", "inspecteur@example.be", {"part": "message 2", "record": 1}),
     ("email", "requisitions@example.be", {"part": "message 2", "record": 1}),
     ("iban", IBAN, {"part": "message 2", "record": 1})])
expected["inbox.mbox!/2!/calls.csv"] = expected["request.eml!/calls.csv"]


# --- image ----------------------------------------------------------------------
def jpeg_exif(lat, lon, when):
    def rat(v):
        d = int(v)
        m = int((v - d) * 60)
        s = round(((v - d) * 60 - m) * 60 * 100)
        return struct.pack(">IIIIII", d, 1, m, 1, s, 100)
    # TIFF little-endian: IFD0 {ExifIFD, GPSIFD}, Exif {DateTimeOriginal}, GPS {4 tags}
    ifd0, exif, gps = 8, 8 + 2 + 2 * 12 + 4, 0
    exif_len = 2 + 12 + 4
    gps = exif + exif_len
    gps_len = 2 + 4 * 12 + 4
    data = gps + gps_len
    dto = data
    latv, lonv = dto + 20, dto + 20 + 24
    t = b"II*\x00" + struct.pack("<I", ifd0)
    t += struct.pack("<H", 2)
    t += struct.pack("<HHII", 0x8769, 4, 1, exif)
    t += struct.pack("<HHII", 0x8825, 4, 1, gps)
    t += struct.pack("<I", 0)
    t += struct.pack("<H", 1) + struct.pack("<HHII", 0x9003, 2, 20, dto) + struct.pack("<I", 0)
    t += struct.pack("<H", 4)
    t += struct.pack("<HHI4s", 1, 2, 2, b"N\x00\x00\x00")
    t += struct.pack("<HHII", 2, 5, 3, latv)
    t += struct.pack("<HHI4s", 3, 2, 2, b"E\x00\x00\x00")
    t += struct.pack("<HHII", 4, 5, 3, lonv)
    t += struct.pack("<I", 0)
    t += when.encode() + b"\x00"
    # rationals are little-endian here
    for v in (lat, lon):
        r = rat(v)
        t += b"".join(struct.pack("<I", x) for x in struct.unpack(">IIIIII", r))
    app1 = b"Exif\x00\x00" + t
    return b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + b"\xff\xd9"


add("photo.jpg", jpeg_exif(51.2194, 4.4025, "2019:03:04 10:15:00"),
    [("gps_coordinates", None, {"part": "EXIF"})])


# PNG text chunks: one record per chunk, its keyword the column; XMP (in a
# PNG iTXt and in a JPEG APP1): one record, each property a column
PV_A, PV_B, PV_C = "GE.12.L1.000123/2020", "BR.44.L7.654321/2021", "AN.55.L3.012346/2019"


def png(chunks):
    out = b"\x89PNG\r\n\x1a\n"
    for typ, data in [(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))] + chunks + \
            [(b"IEND", b"")]:
        out += struct.pack(">I", len(data)) + typ + data + \
            struct.pack(">I", zlib.crc32(typ + data) & 0xffffffff)
    return out


def xmp(description):
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
            '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
            'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:description><rdf:Alt><rdf:li xml:lang="x-default">%s</rdf:li></rdf:Alt>'
            '</dc:description></rdf:Description></rdf:RDF></x:xmpmeta>'
            '<?xpacket end="w"?>' % description).encode("utf-8")


add("evidence.png", png([
    (b"tEXt", b"Comment\x00PV " + PV_A.encode()),
    (b"IDAT", zlib.compress(b"\x00\x00")),
    (b"zTXt", b"Description\x00\x00" + zlib.compress(b"dossier " + PV_B.encode())),
    (b"iTXt", b"Opmerking\x00\x01\x00nl\x00\x00" + zlib.compress(("PV " + PV_C).encode())),
    (b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + xmp("Rijksregisternummer " + NN)),
]), [("pv_number", PV_A, {"part": "PNG tEXt", "column": "Comment"}),
     ("pv_number", PV_B, {"part": "PNG zTXt", "column": "Description"}),
     ("pv_number", PV_C, {"part": "PNG iTXt", "column": "Opmerking"}),
     ("national_register_number_be", NN, {"part": "XMP", "column": "description"})])
XMP_NS = b"http://ns.adobe.com/xap/1.0/\x00"
add("photo-xmp.jpg", b"\xff\xd8\xff\xe1" + struct.pack(">H", 2 + len(XMP_NS) + len(xmp(NN2)))
    + XMP_NS + xmp(NN2) + b"\xff\xfe" + struct.pack(">H", 2 + 3 + len(PV)) + b"PV " + PV.encode()
    + b"\xff\xd9",
    [("national_register_number_be", NN2, {"part": "XMP", "column": "description"}),
     ("pv_number", PV, {"part": "JPEG COM", "column": "Comment"})])


# --- run ------------------------------------------------------------------------
def main():
    if not os.access(LEAKSCAN, os.X_OK):
        print("SKIP: %s not built" % LEAKSCAN)
        return 77
    work = os.path.join(BUILD, "tests-work", "formats")
    shutil.rmtree(work, ignore_errors=True)
    d = os.path.join(work, "samples")
    write_samples(d)
    fpath, ipath, rpath = (os.path.join(work, x) for x in ("findings.jsonl", "inventory.jsonl",
                                                            "report.json"))
    p = subprocess.run([LEAKSCAN, "scan", "-j2", "--reveal", "--findings", fpath, "--inventory",
                        ipath, "--format", "json", "-o", rpath, d],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if p.returncode not in (0, 1):
        print(p.stderr.decode(errors="replace"))
        print("FAIL: scan exited %d" % p.returncode)
        return 1
    prefix = d + "/"
    got = collections.defaultdict(list)
    for line in open(fpath, encoding="utf-8"):
        f = json.loads(line)
        got[f["path"][len(prefix):] if f["path"].startswith(prefix) else f["path"]].append(f)
    fails = 0

    def fail(msg):
        nonlocal fails
        fails += 1
        print("FAIL: " + msg)

    inv = {}
    for line in open(ipath, encoding="utf-8"):
        e = json.loads(line)
        inv[e["path"][len(prefix):] if e["path"].startswith(prefix) else e["path"]] = e
    for n in sorted(set(expected) | set(got)):
        want = expected.get(n)
        if want is None:
            fail("%s: unexpected findings %s" % (n, [(f["category"], f.get("value")) for f in got[n]]))
            continue
        e = inv.get(n)
        if e is None:
            fail("%s: not in the inventory" % n)
        elif (e.get("status"), e.get("reason")) != STATUS.get(n, ("scanned", None)):
            fail("%s: %s (%s), want %s" % (n, e.get("status"), e.get("reason"),
                                           STATUS.get(n, ("scanned", None))))
        elif e.get("text_layer", True) != (n not in NO_TEXT):
            fail("%s: text_layer %r" % (n, e.get("text_layer")))
        elif e.get("invalid_sequences", 0) != INVALID.get(n, 0):
            fail("%s: %r invalid sequences, want %d" % (n, e.get("invalid_sequences"),
                                                       INVALID.get(n, 0)))
        have = list(got.get(n, []))
        for cat, val, loc in want:
            match = None
            for f in have:
                if f["category"] == cat and (val is None or f.get("value") == val):
                    match = f
                    break
            if match is None:
                fail("%s: no %s finding %r; got %s" % (n, cat, val,
                                                       [(f["category"], f.get("value")) for f in have]))
                continue
            have.remove(match)
            for k, v in loc.items():
                if match.get(k) != v:
                    fail("%s: %s %r: %s is %r, want %r" % (n, cat, val, k, match.get(k), v))
        for f in have:
            fail("%s: extra finding %s %r" % (n, f["category"], f.get("value")))
        if not fails:
            print("ok: %s (%d findings)" % (n, len(want)))
    for n in samples:
        if n not in inv:
            fail("%s: not in the inventory" % n)
    # the EXIF date reaches the date span; the decoding errors are totalled
    rep = json.load(open(rpath, encoding="utf-8"))
    if rep.get("media", {}).get("scanned_documents") != len(NO_TEXT):
        fail("report media %r, want %d scanned documents" % (rep.get("media"), len(NO_TEXT)))
    dec = rep.get("scan", {}).get("decoding", {})
    if dec.get("invalid_sequences") != sum(INVALID.values()) or dec.get("files") != len(INVALID):
        fail("report decoding %r, want %d sequences in %d files" % (dec, sum(INVALID.values()),
                                                                   len(INVALID)))
    span = rep["exposure"]["date_span"] if "date_span" in rep.get("exposure", {}) else None
    if not span or not span.get("by_year", {}).get("2019"):
        fail("date span has no 2019 record: %r" % span)
    # the two-page report alone: one police_report
    p = subprocess.run([LEAKSCAN, "scan", "--format", "json", os.path.join(d, "pv.pdf")],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    pr = json.loads(p.stdout or b"{}").get("records", {}).get("police_report", {}).get("count")
    if pr != 1:
        fail("pv.pdf (two pages) is %r police reports, want 1" % pr)
    print("%d samples, %d failures" % (len(samples), fails))
    return 1 if fails else 0


def write_samples(d):
    os.makedirs(d, exist_ok=True)
    for n, data in samples.items():
        with open(os.path.join(d, n), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--write":
        # the samples alone (seeds for make fuzz-run)
        write_samples(sys.argv[2])
        sys.exit(0)
    sys.exit(main())
