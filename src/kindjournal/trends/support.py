"""Where to turn: kj's one list of support (support.toml), chosen for the person's UK
nation and for how much the trends show, and the nation they told kj once.

Graduated and calm: the crisis lines are under every trends page; one sign adds
supervision; a sign covering weeks, or several signs, add occupational health, the GP,
the employee assistance programme and the nation's NHS line. `kj support` shows it all.
"""

from __future__ import annotations

import json
from pathlib import Path

from kindjournal.errors import UsageError

NATIONS = {"england": "England", "scotland": "Scotland", "wales": "Wales",
           "northern-ireland": "Northern Ireland"}
_SPELLINGS = {"ni": "northern-ireland", "northern ireland": "northern-ireland",
              "n ireland": "northern-ireland", "eng": "england", "scot": "scotland",
              "cymru": "wales"}
SHOW = ("always", "one-sign", "sustained", "ask")
GROUPS = {"now": "Right now, if you need it", "work": "At work",
          "health": "For your health", "concern": "A concern about care"}
_SETTINGS = "settings.json"


def data_file() -> Path:
    return Path(__file__).resolve().parents[1] / "support.toml"


_loaded: list[dict] = []


def items() -> list[dict]:
    """Every item of support.toml, in its order (read once per run)."""
    if not _loaded:
        import tomllib

        _loaded.extend(tomllib.loads(data_file().read_text(encoding="utf-8"))["items"])
    return _loaded


def read_nation(text: str) -> str:
    """'Scotland', 'NI', 'northern-ireland' -> the nation's key; else a usage error."""
    cleaned = " ".join(text.strip().lower().replace("_", " ").split())
    key = _SPELLINGS.get(cleaned, cleaned.replace(" ", "-"))
    if key not in NATIONS:
        raise UsageError(f"'{text.strip()[:40]}' is not a UK nation kj knows; use one of: "
                         f"{', '.join(NATIONS)}.")
    return key


# -- the nation, remembered beside the journal ------------------------------------------
# A small settings file rather than a journal table: kj support works before there is a
# journal, no schema change is needed for one word, and --db can point at a journal on a
# shared backup disc without carrying where its owner lives.


def _settings_path() -> Path:
    from kindjournal.files import data_home

    return data_home() / _SETTINGS


def saved_nation() -> str | None:
    try:
        nation = json.loads(_settings_path().read_text(encoding="utf-8")).get("nation")
    except (OSError, ValueError, AttributeError):
        return None  # no file yet, or one kj cannot read: ask again rather than fail
    return nation if nation in NATIONS else None


def remember_nation(nation: str) -> None:
    from kindjournal.files import private_text_file

    path = _settings_path()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        settings = json.loads(path.read_text(encoding="utf-8"))
        settings = settings if isinstance(settings, dict) else {}
    except (OSError, ValueError):
        settings = {}
    settings["nation"] = nation
    with private_text_file(path, force=True) as handle:
        handle.write(json.dumps(settings, indent=2) + "\n")


# -- choosing -------------------------------------------------------------------------


def for_nation(nation: str | None, shows: tuple[str, ...]) -> list[dict]:
    """The items shown at these levels for the nation; with no nation, every nation's,
    each nation's own labelled with its name."""
    chosen = []
    for item in items():
        if item["show"] not in shows:
            continue
        nations = item["nations"]
        if nations == "all" or nation in nations:
            chosen.append({**item, "label": None})
        elif nation is None:
            chosen.append({**item, "label": " and ".join(NATIONS[n] for n in nations)})
    return chosen


def level(flags: list[dict]) -> int:
    """0 no sign; 1 one sign of a few days; 2 several signs, or one covering weeks."""
    from kindjournal.trends.signs import SUSTAINED_KINDS

    if not flags:
        return 0
    if len(flags) > 1 or any(flag["kind"] in SUSTAINED_KINDS for flag in flags):
        return 2
    return 1


def signposting(pack_signposting: dict | None, flags: list[dict], nation: str | None) -> dict:
    """What the trends page says about support: the pack's own words (title, text, any
    lines of its own such as an employer's number), then kj's list for this level."""
    pack_signposting = pack_signposting or {}
    step = level(flags)
    shows = ("always",) + (("one-sign",) if step >= 1 else ()) + (
        ("sustained",) if step >= 2 else ())
    # Without a nation, only what holds everywhere: four nations' lines would crowd out
    # the rest. `kj support` lists them all, and a hint says how to choose.
    chosen = [item for item in for_nation(nation, shows) if not item["label"]]
    own = list(pack_signposting.get("people", []))
    if pack_signposting.get("crisis"):
        own.append(pack_signposting["crisis"].strip())
    if nation is None and step >= 2:
        own.append("Your nation's NHS line: run 'kj support' once to choose England, "
                   "Scotland, Wales or Northern Ireland.")
    return {"level": step, "nation": nation,
            "title": pack_signposting.get("title", "Looking after yourself"),
            "text": " ".join((pack_signposting.get("text") or "").split()) or None,
            "people": [_line(item) for item in chosen if item["show"] != "always"] + own,
            "crisis": [_line(item) for item in chosen if item["show"] == "always"]}


def _line(item: dict, alone: bool = False) -> str:
    """alone: for `kj support`, which shows no signs, so no words may point at any."""
    text = item.get("alone", item["text"]) if alone else item["text"]
    return f"In {item['label']}: {text}" if item["label"] else text


def everything(nation: str | None) -> dict:
    """All of it, by group, for `kj support`."""
    groups: dict[str, list[str]] = {}
    for item in for_nation(nation, SHOW):
        groups.setdefault(item["group"], []).append(_line(item, alone=True))
    return {"nation": nation, "groups": [{"key": key, "title": GROUPS[key],
                                          "lines": groups[key]}
                                         for key in GROUPS if key in groups]}


# -- as text ---------------------------------------------------------------------------


def format_signposting(sign: dict, width: int, colour: bool) -> list[str]:
    """Level 0: the crisis lines, short and plain. From one sign: a calm box."""
    import textwrap

    from kindjournal.text import bold, fit

    if sign["level"] == 0:
        lines = ["", bold("Support is always there", colour)]
        for line in sign["crisis"]:
            lines += textwrap.wrap(line, width, initial_indent="  ", subsequent_indent="  ")
        return lines + ["  'kj support' shows everything, for your nation."]
    box = min(78, width)
    inner = box - 4
    body: list[tuple[str, bool]] = []
    if sign.get("text"):
        body += [(text, False) for text in textwrap.wrap(sign["text"], inner)]
    for line in sign["people"]:
        body += [(text, False) for text in textwrap.wrap(line, inner, initial_indent="• ",
                                                         subsequent_indent="  ")]
    for line in sign["crisis"]:
        body += [(text, True) for text in textwrap.wrap(line, inner)]
    body.append(("'kj support' shows everything, for your nation.", False))
    title = fit(f" {sign['title']} ", box - 4)
    lines = ["", "╭─" + title + "─" * (box - 3 - len(title)) + "╮"]
    for text, strong in body:
        padded = text.ljust(inner)
        lines.append(f"│ {bold(padded, colour) if strong else padded} │")
    return lines + ["╰" + "─" * (box - 2) + "╯"]


def format_support(data: dict, width: int, colour: bool) -> list[str]:
    import textwrap

    from kindjournal.text import bold

    nation = NATIONS.get(data["nation"] or "", None)
    heading = f"Where to turn, in {nation}" if nation else "Where to turn, in the UK"
    lines = [bold(heading, colour)]
    lines += textwrap.wrap("Whatever your check-ins say, and whenever you need it. kj keeps "
                           "no record that you looked.", width)
    for group in data["groups"]:
        lines += ["", bold(group["title"], colour)]
        for line in group["lines"]:
            lines += textwrap.wrap(line, width, initial_indent="  • ",
                                   subsequent_indent="    ")
    if not nation:
        lines += [""] + textwrap.wrap("Tell kj your nation once to see only its services: "
                                      "kj support --nation england (or scotland, wales, "
                                      "northern-ireland).", width)
    return lines
