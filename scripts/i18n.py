"""The translations in locale/: update, check and compile them.

    python scripts/i18n.py update     # makemessages: new source strings into the .po files
    python scripts/i18n.py check      # fail on anything a reader would see untranslated
    python scripts/i18n.py compile    # .po -> .mo with polib (no GNU gettext needed)

`check` fails, listing each entry, on an empty translation, a fuzzy one, a placeholder
that the translation lost, added or renamed (`%(name)s`, `%s`, `{name}`), a plural
without its forms, and a .po out of date with the source: a marked string missing from
it, or an entry whose string the source no longer has. That last comparison runs
makemessages (so xgettext) into a temporary directory; `check FILE.po ...` checks only
the entries of the files given. Obsolete (`#~`) entries are ignored. `make test` runs
`check`; `make run`, `serve` and `test` run `compile` first (the .mo files are build
output, not committed).
"""

import argparse
import os
import re
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
LANGUAGES = ["zh_Hans"]
DOMAINS = ["django", "djangojs"]
# What makemessages does not read: tests, docs, tooling, vendored and collected files.
IGNORE = [
    "tests",
    "docs",
    "scripts",
    "staticfiles",
    "media",
    "static/js/ckeditor",
    "static/ckeditor",
    "bench-results",
    "build",
]

# printf-style: %(name)s, %s, %d, %5.2f ...; "%%" is a literal percent sign.
PERCENT = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.\d+)?[a-zA-Z%]")
BRACE = re.compile(r"(?<!\{)\{(?P<field>[A-Za-z_][A-Za-z0-9_]*|\d*)(?:[!:][^{}]*)?\}")


def percent_placeholders(text):
    """Named placeholders as a set, positional ones in order (their conversions)."""
    named, positional = set(), []
    for match in PERCENT.finditer(text):
        if match.group(0) == "%%":
            continue
        if match.group("name") is not None:
            named.add(match.group("name"))
        else:
            positional.append(match.group(0)[-1])
    return named, positional


def brace_placeholders(text):
    return sorted(match.group("field") for match in BRACE.finditer(text))


def entry_label(po_path, entry):
    where = f"{po_path}:{entry.linenum}"
    context = f" [{entry.msgctxt}]" if entry.msgctxt else ""
    return f"{where}{context} {entry.msgid!r}"


def entry_problems(entry):
    """What is wrong with one entry, as short phrases."""
    problems = []
    if "fuzzy" in entry.flags:
        problems.append("fuzzy")
    if entry.msgid_plural:
        translations = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
        if not translations or any(not text for text in translations):
            problems.append("untranslated (a plural form is empty)")
        source = entry.msgid_plural
    else:
        translations = [entry.msgstr]
        if not entry.msgstr:
            problems.append("untranslated")
        source = entry.msgid
    checks_percent = "python-format" in entry.flags or (
        "no-python-format" not in entry.flags and percent_placeholders(source)[0]
    )
    checks_brace = "python-brace-format" in entry.flags or (
        "no-python-brace-format" not in entry.flags
        and "python-format" not in entry.flags
        and brace_placeholders(source)
    )
    for text in translations:
        if not text:
            continue
        if checks_percent:
            # A plural's forms answer to msgid_plural: Chinese has only that form, and
            # the singular may say "one" where the plural says %(n)s.
            expected = percent_placeholders(source)
            found = percent_placeholders(text)
            if found != expected:
                problems.append(
                    f"placeholders {describe_percent(found)} in {text!r}, "
                    f"expected {describe_percent(expected)}"
                )
        if checks_brace:
            expected, found = brace_placeholders(source), brace_placeholders(text)
            if found != expected:
                problems.append(
                    f"placeholders {found} in {text!r}, expected {expected}"
                )
    return problems


def describe_percent(placeholders):
    named, positional = placeholders
    parts = [f"%({name})s" for name in sorted(named)]
    parts += [f"%{conversion}" for conversion in positional]
    return "[" + ", ".join(parts) + "]" if parts else "none"


def check_file(po_path):
    """Problems of every entry of one .po file, one line each."""
    catalogue = polib.pofile(str(po_path))
    lines = []
    if "nplurals=" not in catalogue.metadata.get("Plural-Forms", ""):
        lines.append(f"{po_path}: no Plural-Forms header")
    if catalogue.metadata_is_fuzzy:
        lines.append(f"{po_path}: the header is marked fuzzy")
    for entry in catalogue:
        if entry.obsolete:
            continue
        for problem in entry_problems(entry):
            lines.append(f"{entry_label(po_path, entry)}: {problem}")
    return lines


def entry_keys(catalogue):
    return {
        (entry.msgctxt, entry.msgid, entry.msgid_plural)
        for entry in catalogue
        if not entry.obsolete and entry.msgid
    }


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agency.settings.dev")
    import django

    django.setup()


def makemessages(locale_dir, verbosity=0):
    """Run makemessages for every language and domain into `locale_dir`.

    makemessages writes each file's strings to the first of LOCALE_PATHS whose parent
    holds the file, and to a `locale` folder it walks past before that: so `locale_dir`
    must be inside the project, and locale/ is left unwalked when it is not the target.
    """
    from django.core.management import call_command
    from django.test.utils import override_settings

    ignore = IGNORE if Path(locale_dir) == LOCALE_DIR else [*IGNORE, "locale"]
    previous = os.getcwd()
    os.chdir(ROOT)
    options = {
        "locale": LANGUAGES,
        "ignore_patterns": ignore,
        "no_obsolete": True,
        "add_location": "file",
        "verbosity": verbosity,
    }
    try:
        with override_settings(LOCALE_PATHS=[str(locale_dir)]):
            for domain in DOMAINS:
                call_command("makemessages", domain=domain, **options)
    finally:
        os.chdir(previous)


def source_differences(locale_dir):
    """Entries the source has and the .po lacks, and the other way round."""
    lines = []
    # Inside the project (see makemessages), hidden so that makemessages skips it.
    with tempfile.TemporaryDirectory(dir=ROOT, prefix=".i18n-check-") as scratch:
        makemessages(Path(scratch))
        for language in LANGUAGES:
            for domain in DOMAINS:
                relative = Path(language, "LC_MESSAGES", f"{domain}.po")
                lines += compare_keys(Path(scratch, relative), locale_dir / relative)
    return lines


def compare_keys(fresh_path, committed_path):
    fresh = entry_keys(polib.pofile(str(fresh_path))) if fresh_path.exists() else set()
    if not committed_path.exists():
        if not fresh:
            return []
        return [f"{committed_path}: missing, {len(fresh)} strings to translate"]
    committed = entry_keys(polib.pofile(str(committed_path)))
    lines = [
        f"{committed_path}: not in the .po yet: {describe_key(key)}"
        for key in sorted(fresh - committed, key=str)
    ]
    lines += [
        f"{committed_path}: no longer in the source: {describe_key(key)}"
        for key in sorted(committed - fresh, key=str)
    ]
    return lines


def describe_key(key):
    context, msgid, plural = key
    text = repr(msgid) + (f" / {plural!r}" if plural else "")
    return f"[{context}] {text}" if context else text


def po_files(locale_dir):
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def command_check(args):
    if args.files:
        paths = [Path(name) for name in args.files]
        lines = [line for path in paths for line in check_file(path)]
    else:
        paths = po_files(LOCALE_DIR)
        lines = [line for path in paths for line in check_file(path)]
        setup_django()
        lines += source_differences(LOCALE_DIR)
    if lines:
        print(f"Translations: {len(lines)} problem(s):", file=sys.stderr)
        for line in lines:
            print(f"  {line}", file=sys.stderr)
        if not args.files:
            print(
                "Run `python scripts/i18n.py update`, translate what it adds (no empty "
                "or fuzzy entry, the same placeholders), then check again.",
                file=sys.stderr,
            )
        return 1
    entries = sum(len(polib.pofile(str(path)).translated_entries()) for path in paths)
    print(f"Translations: {entries} entries in {len(paths)} file(s), all translated.")
    return 0


def command_compile(args):
    for path in po_files(LOCALE_DIR):
        target = path.with_suffix(".mo")
        polib.pofile(str(path)).save_as_mofile(str(target))
        print(f"Compiled {target.relative_to(ROOT)}")
    return 0


def command_update(args):
    setup_django()
    for language in LANGUAGES:
        (LOCALE_DIR / language).mkdir(parents=True, exist_ok=True)
    makemessages(LOCALE_DIR, verbosity=1)
    lines = [line for path in po_files(LOCALE_DIR) for line in check_file(path)]
    print(f"{len(lines)} entries to translate or fix (`check` lists them).")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="fail on anything untranslated")
    check.add_argument("files", nargs="*", help=".po files (default: all of locale/)")
    check.set_defaults(run=command_check)
    commands.add_parser("compile", help="write the .mo files").set_defaults(
        run=command_compile
    )
    commands.add_parser("update", help="run makemessages").set_defaults(
        run=command_update
    )
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
