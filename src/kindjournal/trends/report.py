"""The services behind `kj trends` and `kj supervision`: the period, the check-in pack
and the report. Both commands call these; neither knows how the other works."""

from __future__ import annotations

import datetime
from pathlib import Path

from kindjournal.errors import UsageError


def resolve_period(since: str | None, until: str | None,
                   today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The period a person typed, or the default 12 weeks ending today."""
    from kindjournal import dates
    from kindjournal.trends import maths

    today = today or datetime.date.today()
    first, last = dates.read_since_until(since, until, today)
    last = last or today
    return first or maths.default_period(last)[0], last


def pack_cache():
    """Packs already read and checked (pack_cache.py): reading and checking the default
    pack's TOML was about a tenth of this command's whole run."""
    from kindjournal.files import data_home
    from kindjournal.reflect.pack_cache import PackCache

    return PackCache(data_home() / "cache" / "packs.marshal")


def checkin_pack(user_prompt_dir: Path | None):
    """The check-in's signals, rules and signposting (the default pack's)."""
    from kindjournal.reflect.packs import DEFAULT_PACK, PackError, checkin_signals, load_pack

    try:
        pack = load_pack(DEFAULT_PACK, user_prompt_dir, pack_cache())
        return checkin_signals(pack, user_prompt_dir), pack.rules, pack.signposting
    except PackError as error:
        raise UsageError(f"The check-in pack could not be read: {error.problems[0]}") from None


def load_report(open_db, user_prompt_dir: Path | None, since: str | None, until: str | None,
                by: str, only_signal: str | None = None) -> dict:
    """The whole `kj trends` report (the --json shape) for the period typed. The journal
    is opened (``open_db()``) only once the options have been read: a typing mistake
    never waits for, or upgrades, a journal."""
    from kindjournal.trends.queries import build_report
    from kindjournal.trends.support import saved_nation

    first, last = resolve_period(since, until)
    signals, rules, signposting = checkin_pack(user_prompt_dir)
    if only_signal is not None:
        keys = [s.key for s in signals]
        if only_signal not in keys:
            raise UsageError(f"There is no signal '{only_signal}'. Use one of: "
                             f"{', '.join(keys)}.")
    report = build_report(open_db(), signals, rules, signposting, first, last, by,
                          saved_nation())
    if only_signal is not None:
        report["signals"] = [row for row in report["signals"] if row["key"] == only_signal]
    return report
