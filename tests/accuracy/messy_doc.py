"""tests/accuracy/messy_doc.py — the messy-style tables of docs/accuracy.md, from the
score files accuracy.sh --doc writes (WORK/messyN/score-all.json: the whole leak
with --by-damage; score-core.json: without the field-name files velden/)."""
import json
import os

SEEDS = (3, 4)


def _load(w, s, which):
    with open(os.path.join(w, "messy%d" % s, "score-%s.json" % which), encoding="utf-8") as f:
        return json.load(f)


def _cells(r):
    if r is None:
        return " – | – | – | – |"
    return " %d | %d | %.4f | %.4f |" % (r["truth"], r["found"], r["precision"], r["recall"])


DECISIONS = """
### What each damage is, and what the scanner does with it

| damage | written (example) | found? | at | why |
|---|---|---|---|---|
| `excel_leading_zero` | `3021404529` for 03.02.14-045.29 (born 2000-2009, the number saved as a number; born 2000 in January-September loses three zeros) | yes, in an NN column | high (column) | recoverable: padded back to 11 digits the checksum must fit the 2000 rule (the 1900 rule would mean a birth in 1900-1909). Rule `be.nn.unpadded` (validator `nn_be_unpadded`, normaliser `nn_be` pads) is `low`, so only a national-number column reports it; a bare 8-10 digit number elsewhere passes one random number in 97 |
| `excel_scientific` | `8.50730E+10` | no | – | not recoverable: six significant digits are left of eleven; nothing to validate. Counted as missed (about 0.7 % of the national numbers) |
| `excel_serial_date` | `31258` for 30/07/1985 | yes, in a birth-date column | medium (column) | recoverable under the 1900 date system (days since 1899-12-30; a 1904 workbook shifts every date by 1,462 days, which no single number shows). Rule `be.dob.serial` (validator `excel_date`: 5 digits, 1927-2049; normaliser `excel_date` gives the ISO date) is `low`: a 5-digit number is only a birth date in a birth-date column |
| `sep_variant` | `90.07.06/237-67`, `790318/557.01`, `0470-12-34-56`, `BE68-5390-0754-7034` | yes | as the undamaged form (context or column) | recoverable: the NN/BIS patterns take any of `.` `-` `/` between the groups (the checksum and the date still decide); IBAN groups may be split by dots or hyphens (mod 97-10 decides) |
| `nbsp` | NBSP, narrow NBSP, figure and thin spaces between groups | yes | as the undamaged form | recoverable: `match/repair.c` turns U+00A0, U+2007, U+2009, U+202F, U+3000 into spaces before any rule runs |
| `fullwidth` | `８５０７３００３３２８`, `ＢＥ６８ ５３９０ …` | yes | as the undamaged form | recoverable: `repair.c` maps U+FF01-U+FF5E to ASCII |
| `upper_surname` | `MERTENS Leen` | yes | as any name | the name patterns take capitals; the value is compared case-folded |
| `cp1252` | accented names in a CP1252+CRLF export | yes | as any name | the charset layer decodes CP1252 |
| `ocr_swap` | `85O73OO3328`, `4O.10.I2-821.20`, `O471 98 81 69` | yes | as the undamaged form | repaired in prose only (OCR text is prose): in a run of number groups whose groups with a digit hold 8 characters or more, 4 of them digits, O/o become 0 and I/l become 1; words, e-mail addresses, short numbers and tables are left alone. A repaired national number still needs its mod-97 check and date, which a wrong repair fails 96 times in 97; a phone number has no checksum, so a repaired one is trusted on its label or column as before. Left alone on purpose: a letters-only group after a space at the end of a run (`0451 19 33 Il`): in French prose `Il` starts the next sentence; these few phone numbers stay missed. Cost on precision: none measured (no new false positive on the messy seeds nor on plain seeds 3-5, whose counts are unchanged); what could cost is a real O, I or l standing in a group of 4+ digits in prose |
| `ocr_split` | `Rijks-\\nregisternummer: 85073003328`, `85.07.30-\\n033.28`, `Ver-\\nstraeten` | yes | as the undamaged form | repaired in prose: a hyphen at a line end between a letter and a lower-case letter joins the word; between digits, or before a capital, only the line break goes (`Jean-Pierre`). The break is put back at the end of the joined line so later line numbers stay right |
| `qp_soft_break` | `85.07.3=` / `0-033.28` in a quoted-printable body | yes | as the undamaged form | the mail extractor decodes quoted-printable before matching |
| `html_entity` | `85&#46;07&#46;30&#45;033&#46;28`, `BE68&nbsp;5390`, `Fran&ccedil;ois`, `jan&#46;peeters&#64;…` | yes | as the undamaged form | the HTML extractors decode character references; a mail's HTML body now uses the HTML extractor's full table (it knew 17 names: `&ocirc;` cut `Jérôme` to `Jér`) |
| `xml_split` | `850730<![CDATA[03328]]>`, `0470<!-- -->123456` | yes | as the undamaged form | the XML extractor joins an element's character data |
| `field_name` | bare values under `rrnr`, `rijkregisternr`, `no_nat`, `GEBDAT`, `naaam`, … | partly | column confidence where the name is known | the field-name vocabulary (rules/*.yaml columns) decides; the last table lists which names are still missed |
"""


def messy_tables(w):
    """Markdown lines: per category (whole leak, without velden/), per damage kind,
    per field name of velden/."""
    sc = {(s, k): _load(w, s, k) for s in SEEDS for k in ("all", "core")}
    runs = [(s, k) for s in SEEDS for k in ("all", "core")]
    names = {"all": "all", "core": "w/o velden"}
    L = ["", "## Messy style", "",
         "`fixtures/mkleak --style messy --seed N --scale 1` (the same persons, damaged the way",
         "Excel, OCR, mail clients and old exports damage them; what each damage is and what the",
         "scanner does with it: the decisions below), `leakscan scan -j2 --reveal` of the tree, scored",
         "with `tests/accuracy/score --by-damage`.  \"w/o velden\" leaves out `velden/`, the tables",
         "whose column and key names are abbreviated or misspelt: finding those is the field-name",
         "vocabulary's work, measured in the last table.  `make check` runs seed 5 and fails when",
         "a category (velden/ included) is below precision 0.97 / recall 0.95 or a repaired damage",
         "kind below 0.99 / 0.99."]
    L += DECISIONS.split("\n")
    L.append("| category |" + "".join(" s%d %s truth | found | P | R |" % (s, names[k])
                                      for s, k in runs))
    L.append("|---|" + "---:|---:|---:|---:|" * len(runs))
    rows = {rk: {r["category"]: r for r in sc[rk]["categories"]} for rk in runs}
    for c in sorted(set().union(*[r.keys() for r in rows.values()])):
        L.append("| %s |" % c + "".join(_cells(rows[rk].get(c)) for rk in runs))
    L += ["", "### By damage", "",
          "Recall: damaged occurrences found at their path; precision: the findings of the",
          "damaged categories in the files the damage occurs in.", ""]
    L.append("| damage | categories |" + "".join(" s%d truth | found | P | R |" % s
                                                 for s in SEEDS))
    L.append("|---|---|" + "---:|---:|---:|---:|" * len(SEEDS))
    drows = {s: {r["damage"]: r for r in sc[(s, "all")].get("damages", [])} for s in SEEDS}
    kinds = [k for k in drows[SEEDS[0]] if not k.startswith("field_name:")]
    for k in kinds:
        cats = ", ".join(c.replace("_number_be", "").replace("national_register", "nn")
                         for c in drows[SEEDS[0]][k]["categories"])
        L.append("| %s | %s |" % (k, cats) + "".join(_cells(drows[s].get(k)) for s in SEEDS))
    L += ["", "### Field names of velden/", "",
          "Every value of `velden/` under its field name (national number, name, birth date, phone,",
          "address of one person per row; bare values that need their column to be trusted).", ""]
    L.append("| field |" + "".join(" s%d truth | found | P | R |" % s for s in SEEDS))
    L.append("|---|" + "---:|---:|---:|---:|" * len(SEEDS))
    for k in sorted(x for x in drows[SEEDS[0]] if x.startswith("field_name:")):
        L.append("| `%s` |" % k.split(":", 1)[1] + "".join(_cells(drows[s].get(k)) for s in SEEDS))
    return L
