"""The portfolio: every record, the accounts and a checklist, as Markdown, as one
self-contained printable HTML page (print styles, page breaks, nothing fetched) or as
a Word document (portfolio_docx.py).

Built in two steps: sections (plain data) from the records, then a renderer. Free text
the person wrote is redacted unless they chose not to; the discussion partner's and
confirmer's details are printed as given, since the forms ask for them.
"""

from __future__ import annotations

import html

from kindjournal.journal import records as store
from kindjournal.journal.record_kinds import KINDS
from kindjournal.revalidation.progress import Progress, account_choices
from kindjournal.text import full_month_year, quantity, short_date

TO_COMPLETE = "To complete: write this part in your own words."
# The NMC form's parts, in our words, and the theme of the accounts pack answering each.
ACCOUNT_PARTS = (
    ("activity", "What the activity, feedback or event was"),
    ("learned", "What you learned from it"),
    ("changed", "How you changed or improved your practice as a result"),
)


def sections(db, state: Progress, redact: bool, names: tuple[str, ...]) -> list[dict]:
    from kindjournal.redaction import redact as redact_text

    def clean(text):
        if not text or not redact:
            return text
        return redact_text(str(text), names).text

    profile = state.profile
    span = (state.first.isoformat(), state.last.isoformat())
    result: list[dict] = [{"type": "title", "title": f"{profile.title}: portfolio",
                           "subtitle": f"{short_date(span[0])} to {short_date(span[1])} · "
                           f"printed {short_date(state.today.isoformat())}"},
                          {"type": "checklist", "title": "Checklist",
                           "items": [(item.done, item.line) for item in state.items]}]
    accounts_requirement = next((r for r in profile.requirements if r.kind == "accounts"), None)
    for kind_name in ("hours", "cpd", "feedback"):
        section = profile.portfolio.get(kind_name)
        if not section:
            continue
        kind = KINDS[kind_name]
        rows = store.records(db, kind, first=span[0], last=span[1])
        fields = section["fields"]
        labels = [section["labels"].get(name, kind.field(name).label) for name in fields]
        values = [[_shown(kind.field(name), row[name], clean) for name in fields] for row in rows]
        title = f"{kind.plural[0].upper()}{kind.plural[1:]}"
        if kind_name == "cpd":
            result.append({"type": "blocks", "title": title, "break": True, "blocks": [
                (f"{title[:-1]} {position}", list(zip(labels, value, strict=True)))
                for position, value in enumerate(values, start=1)]})
        else:
            total = (f"Total: {quantity(sum(r['hours'] for r in rows))} hours"
                     if kind_name == "hours" else f"{len(rows)} in all")
            result.append({"type": "table", "title": title, "headers": labels,
                           "rows": values, "total": total, "break": True})
    if accounts_requirement:
        code_choices = account_choices(accounts_requirement.pack, accounts_requirement.code)
        for position, account in enumerate(state.accounts, start=1):
            answers = account["answers"]
            result.append({
                "type": "account", "number": position, "when": full_month_year(account["date"]),
                "about": account["about"],
                "parts": [(question, clean(answers.get(theme))) for theme, question
                          in ACCOUNT_PARTS],
                "code": [(choice, choice in account["code_themes"]) for choice in code_choices],
                "code_text": clean(_after_choices(answers.get(accounts_requirement.code)))})
    for kind_name in ("discussion", "confirmation"):
        section = profile.portfolio.get(kind_name)
        if not section:
            continue
        kind = KINDS[kind_name]
        rows = store.records(db, kind, first=span[0])
        blocks = [(f"{kind.noun[0].upper()}{kind.noun[1:]}",
                   [(section["labels"].get(name, kind.field(name).label),
                     _shown(kind.field(name), row[name], lambda text: text))
                    for name in section["fields"]]) for row in rows[-1:]]
        result.append({"type": "blocks", "title": blocks[0][0] if blocks else
                       f"{kind.noun[0].upper()}{kind.noun[1:]}", "break": False,
                       "blocks": blocks, "empty": "Not yet recorded."})
    return result


def _after_choices(answer: str | None) -> str | None:
    """The words after the picked names (the first line holds the names)."""
    if not answer:
        return None
    rest = answer.split("\n", 1)[1:] or [""]
    return rest[0].strip() or None


def _shown(field, value, clean) -> str:
    if value is None or value == "":
        return ""
    if field.kind == "date":
        return short_date(value)
    if field.kind == "hours":
        return quantity(value)
    return value if field.personal else clean(value)


FORMATS = ("html", "markdown", "docx")


def render(db, states: list[Progress], format_name: str, redact: bool,
           names: tuple[str, ...]) -> str | bytes:
    """One builder of the content (sections), three renderers: text for html and
    markdown, bytes for docx."""
    every = [section for state in states for section in sections(db, state, redact, names)]
    if format_name == "docx":
        from kindjournal.revalidation.portfolio_docx import to_docx

        return to_docx(every)
    return to_html(every) if format_name == "html" else to_markdown(every)


# --- Markdown --------------------------------------------------------------------------


def to_markdown(every: list[dict]) -> str:
    out: list[str] = []
    for section in every:
        kind = section["type"]
        if kind == "title":
            out += [f"# {section['title']}", "", section["subtitle"], ""]
        elif kind == "checklist":
            out += [f"## {section['title']}", ""]
            out += [f"- [{'x' if done else ' '}] {line}" for done, line in section["items"]]
            out.append("")
        elif kind == "table":
            out += [f"## {section['title']}", ""]
            if section["rows"]:
                out.append("| " + " | ".join(section["headers"]) + " |")
                out.append("|" + " --- |" * len(section["headers"]))
                out += ["| " + " | ".join(_cell(value) for value in row) + " |"
                        for row in section["rows"]]
                out.append("")
            out += [section["total"], ""]
        elif kind == "blocks":
            out += [f"## {section['title']}", ""]
            if not section["blocks"]:
                out += [section.get("empty", "None yet."), ""]
            for heading, pairs in section["blocks"]:
                if len(section["blocks"]) > 1 or heading != section["title"]:
                    out += [f"### {heading}", ""]
                for label, value in pairs:
                    out += [f"**{label}**", "", value or "—", ""]
        elif kind == "account":
            about = f" ({', '.join(section['about'])})" if section["about"] else ""
            out += [f"## Reflective account {section['number']}: {section['when']}{about}", ""]
            for number_, (question, text) in enumerate(section["parts"], start=1):
                out += [f"### {number_}. {question}", "", text or f"> {TO_COMPLETE}", ""]
            out += ["### 4. How it relates to the Code", ""]
            out += [f"- [{'x' if ticked else ' '}] {theme}" for theme, ticked in section["code"]]
            out += ["", section["code_text"] or f"> {TO_COMPLETE}", ""]
    return "\n".join(out).rstrip() + "\n"


def _cell(value: str) -> str:
    return (value or "").replace("|", "\\|").replace("\n", " ")


# --- HTML ------------------------------------------------------------------------------

_STYLE = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; color: #111; max-width: 48rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
  border-bottom: 1px solid #999; } h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.sub { color: #444; } table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
th, td { border: 1px solid #888; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #eee; } ul.check { list-style: none; padding-left: 0; }
dl { display: grid; grid-template-columns: 13rem 1fr; gap: .15rem .8rem; margin: .3rem 0; }
dl dt { font-weight: bold; } dl dd { margin: 0; white-space: pre-wrap; }
.todo { border-left: 3px solid #b00; padding-left: .5rem; color: #600; }
.answer { white-space: pre-wrap; } .block { break-inside: avoid; }
@page { size: A4; margin: 16mm; }
@media print { body { margin: 0; max-width: none; } .break { break-before: page; }
  .account { break-before: page; } a { color: inherit; } }
"""


def to_html(every: list[dict]) -> str:
    e = html.escape
    title = next((s["title"] for s in every if s["type"] == "title"), "Portfolio")
    out = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{e(title)}</title><style>{_STYLE}</style></head><body>"]
    for section in every:
        kind = section["type"]
        css = ' class="break"' if section.get("break") else ""
        if kind == "title":
            out.append(f"<h1>{e(section['title'])}</h1><p class=\"sub\">"
                       f"{e(section['subtitle'])}</p>")
        elif kind == "checklist":
            out.append(f"<h2>{e(section['title'])}</h2><ul class=\"check\">")
            out += [f"<li>{'☑' if done else '☐'} {e(line)}</li>"
                    for done, line in section["items"]]
            out.append("</ul>")
        elif kind == "table":
            out.append(f"<section{css}><h2>{e(section['title'])}</h2>")
            if section["rows"]:
                out.append("<table><thead><tr>" + "".join(
                    f"<th>{e(h)}</th>" for h in section["headers"]) + "</tr></thead><tbody>")
                out += ["<tr>" + "".join(f"<td>{e(v or '')}</td>" for v in row) + "</tr>"
                        for row in section["rows"]]
                out.append("</tbody></table>")
            out.append(f"<p>{e(section['total'])}</p></section>")
        elif kind == "blocks":
            out.append(f"<section{css}><h2>{e(section['title'])}</h2>")
            if not section["blocks"]:
                out.append(f"<p class=\"todo\">{e(section.get('empty', 'None yet.'))}</p>")
            for heading, pairs in section["blocks"]:
                out.append('<div class="block">')
                if len(section["blocks"]) > 1 or heading != section["title"]:
                    out.append(f"<h3>{e(heading)}</h3>")
                out.append("<dl>" + "".join(f"<dt>{e(label)}</dt><dd>{e(value or '—')}</dd>"
                                            for label, value in pairs) + "</dl></div>")
            out.append("</section>")
        elif kind == "account":
            about = f" ({', '.join(section['about'])})" if section["about"] else ""
            out.append(f"<section class=\"account\"><h2>Reflective account "
                       f"{section['number']}: {e(section['when'])}{e(about)}</h2>")
            for number_, (question, text) in enumerate(section["parts"], start=1):
                out.append(f"<h3>{number_}. {e(question)}</h3>" + (
                    f"<p class=\"answer\">{e(text)}</p>" if text
                    else f"<p class=\"todo\">{e(TO_COMPLETE)}</p>"))
            out.append("<h3>4. How it relates to the Code</h3><ul class=\"check\">")
            out += [f"<li>{'☑' if ticked else '☐'} {e(theme)}</li>"
                    for theme, ticked in section["code"]]
            out.append("</ul>" + (f"<p class=\"answer\">{e(section['code_text'])}</p>"
                                  if section["code_text"]
                                  else f"<p class=\"todo\">{e(TO_COMPLETE)}</p>"))
            out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
