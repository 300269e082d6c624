"""The English catalogue is complete, well-formed and compiled.

A string added to the code without an English translation, a translation left fuzzy by
``makemessages``, a placeholder lost or renamed in translation, or a ``.po`` edited without running
``compilemessages`` fails here. (``scripts/test`` runs ``makemessages`` first, so a new msgid is in the
``.po`` — untranslated — by the time this runs.) How to fix any of it: docs/i18n.md.
"""

import ast
import gettext
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LC_MESSAGES = Path(__file__).resolve().parents[1] / "zhenggai" / "locale" / "en" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

# %(name)s / %(n)d, bare %s / %d, a literal %%, and str.format's {name}, {{ and }}.
PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%[sdifr]|%%|\{[A-Za-z_]\w*\}|\{\{|\}\}")


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def __str__(self) -> str:
        where = f"django.po:{self.line}"
        return f"{where} {self.msgctxt + ' | ' if self.msgctxt else ''}{self.msgid!r}"


def parse_po(path: Path) -> list[Entry]:
    """Just enough of the PO format for what makemessages writes (obsolete #~ entries are skipped)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None

    def finish():
        if entry is not None and (entry.msgid or entry.msgstr):
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            entry, target = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = Entry(line=number)
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert target is not None, f"django.po:{number}: a string continues nothing"
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, rest = line.partition(" ")
            match = re.fullmatch(r"(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?", keyword)
            assert match, f"django.po:{number}: unexpected line {raw!r}"
            target = (match[1], int(match[2]) if match[2] else (0 if match[1] == "msgstr" else None))
            if target[0] == "msgstr":
                entry.msgstr[target[1]] = ""
            else:
                setattr(entry, target[0], "")
            _append(entry, target, ast.literal_eval(rest))
    finish()
    return entries


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] += text
    else:
        setattr(entry, name, getattr(entry, name) + text)


def placeholders(text: str) -> Counter:
    return Counter(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    assert PO.exists(), "没有英文翻译目录:运行 makemessages(见 docs/i18n.md)"
    return parse_po(PO)


@pytest.fixture(scope="module")
def messages(entries) -> list[Entry]:
    """The translatable entries (without the header)."""
    header = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(header) == 1, "django.po has no header (or more than one)"
    return [e for e in entries if e is not header[0]]


def test_the_header_declares_english_with_two_plural_forms(entries):
    header = next(e for e in entries if e.msgid == "")
    assert "fuzzy" not in header.flags, "the header is still marked fuzzy (a fresh makemessages file)"
    text = header.msgstr[0]
    assert "Language: en\n" in text
    assert "Content-Type: text/plain; charset=UTF-8\n" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in text


def test_the_catalogue_is_not_empty(messages):
    assert len(messages) > 500


def test_every_entry_is_translated(messages):
    missing = [str(e) for e in messages if not e.msgstr or any(not s.strip() for s in e.msgstr.values())]
    assert not missing, "untranslated (fill in msgstr, see docs/i18n.md):\n" + "\n".join(missing)


def test_no_entry_is_fuzzy(messages):
    fuzzy = [str(e) for e in messages if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy (check the translation, then delete the '#, fuzzy' line):\n" + "\n".join(fuzzy)


def test_plural_entries_have_both_english_forms(messages):
    for e in messages:
        if e.msgid_plural is None:
            assert set(e.msgstr) == {0}, f"{e}: a singular entry with plural msgstr"
        else:
            assert set(e.msgstr) == {0, 1}, f"{e}: English needs msgstr[0] and msgstr[1]"


def test_placeholders_survive_translation(messages):
    wrong = []
    for e in messages:
        if e.msgid_plural is None:
            pairs = [(e.msgid, e.msgstr.get(0, ""))]
        else:
            pairs = [(e.msgid, e.msgstr.get(0, "")), (e.msgid_plural, e.msgstr.get(1, ""))]
        for source, translated in pairs:
            if placeholders(source) != placeholders(translated):
                wrong.append(
                    f"{e}: {sorted(placeholders(source).elements())} ≠ {sorted(placeholders(translated).elements())}"
                )
    assert not wrong, "placeholders differ between msgid and msgstr:\n" + "\n".join(wrong)


def test_the_compiled_catalogue_matches_the_po_file(messages):
    """django.mo is what Django reads; it must say exactly what django.po says (compilemessages)."""
    assert MO.exists(), "没有 django.mo:运行 compilemessages(见 docs/i18n.md)"
    with MO.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    stale = []
    for e in messages:
        if e.msgid_plural is None:
            got = compiled.pgettext(e.msgctxt, e.msgid) if e.msgctxt else compiled.gettext(e.msgid)
            if got != e.msgstr[0]:
                stale.append(f"{e}: .mo has {got!r}, .po has {e.msgstr[0]!r}")
        else:
            for n, form in ((1, 0), (2, 1)):
                if e.msgctxt:
                    got = compiled.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                else:
                    got = compiled.ngettext(e.msgid, e.msgid_plural, n)
                if got != e.msgstr[form]:
                    stale.append(f"{e} (n={n}): .mo has {got!r}, .po has {e.msgstr[form]!r}")
    assert not stale, "django.mo is out of date — run compilemessages:\n" + "\n".join(stale[:20])

    # …and nothing more: an entry deleted from the .po must be gone from the .mo too.
    expected = {""}
    for e in messages:
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid
        expected |= {key} if e.msgid_plural is None else {(key, 0), (key, 1)}
    extra = set(compiled._catalog) - expected
    assert not extra, (
        f"django.mo has entries the .po no longer has — run compilemessages: {sorted(extra, key=str)[:10]}"
    )
    assert compiled.info().get("plural-forms") == "nplurals=2; plural=(n != 1);"


def test_the_parser_reads_what_it_must(tmp_path):
    """The little parser above, on the cases the real file has: context, plural, wrapped strings, flags."""
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py\n#, python-format\nmsgctxt "plural"\nmsgid ""\n"长"\n"文%(n)s"\nmsgstr "long %(n)s"\n\n'
        '#, fuzzy\nmsgid "项"\nmsgid_plural "项"\nmsgstr[0] "%(n)s item"\nmsgstr[1] ""\n\n'
        '#~ msgid "旧"\n#~ msgstr "old"\n'
    )
    path = tmp_path / "sample.po"
    path.write_text(sample, encoding="utf-8")
    header, context, plural = parse_po(path)
    assert header.msgstr[0] == "Language: en\n"
    assert (context.msgctxt, context.msgid, context.msgstr, context.flags) == (
        "plural",
        "长文%(n)s",
        {0: "long %(n)s"},
        {"python-format"},
    )
    assert (
        plural.msgid_plural == "项" and plural.msgstr == {0: "%(n)s item", 1: ""} and "fuzzy" in plural.flags
    )
    assert placeholders("文件“%(name)s”{{x}} %% %d") == Counter(["%(name)s", "{{", "}}", "%%", "%d"])
