"""A cache of validated prompt packs, so a command can skip reading TOML.

Parsing and checking the default pack (and importing tomllib to do it) took about a
tenth of `kj trends`'s whole run. The cache keeps, per pack file, the exact text it
was made from and the pack built from it; a pack is taken from the cache only when
the file's text is byte for byte the same, and only when it was written by this very
packs.py on this Python (else the checks might differ), so it can never give a pack
that a fresh read would not. Anything wrong with the cache (missing, unreadable,
corrupt, written by another version) makes it a miss, never an error: the pack is
then read as usual and the cache written afresh (0600, in a 0700 folder).

marshal, not pickle or JSON: it is built in, so it costs no import, and it can only
build plain values (strings, numbers, tuples, dicts), never run code.
"""

from __future__ import annotations

import marshal
import sys
from pathlib import Path

from kindjournal.reflect import packs

_FORMAT = 2  # 2: themes keep their choices


def _code_key() -> tuple:
    """What the checks and the cache's shape depend on: this format, the Python (its
    marshal format), and packs.py and pack_format.py themselves (an edited or upgraded
    one is another key). pack_format is found beside packs, not imported: a cache hit
    must not pay for the parser."""
    code = Path(packs.__file__)
    parts = [code, code.with_name("pack_format.py")]
    stats = tuple((str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in parts)
    return (_FORMAT, tuple(sys.version_info[:3]), marshal.version, stats)


def _plain(pack: packs.Pack) -> tuple:
    return (pack.name, pack.title, pack.description, pack.intro,
            tuple((s.key, s.question, s.low, s.high, s.polarity) for s in pack.signals),
            tuple((t.key, t.title, t.why, tuple((w.key, w.text) for w in t.wordings), t.forward,
                   t.choices)
                  for t in pack.themes),
            pack.signposting, pack.rules, pack.source, pack.outro)


def _pack(plain: tuple) -> packs.Pack:
    (name, title, description, intro, signals, themes, signposting, rules, source,
     outro) = plain
    return packs.Pack(
        name, title, description, intro, tuple(packs.Signal(*signal) for signal in signals),
        tuple(packs.Theme(key, theme_title, why, tuple(packs.Wording(*w) for w in wordings),
                          forward, tuple(choices))
              for key, theme_title, why, wordings, forward, choices in themes),
        signposting, rules, source=source, outro=outro)


class PackCache:
    """One cache file holding every pack read through it, by the pack file's path."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self._entries: dict | None = None

    def _load(self) -> dict:
        if self._entries is None:
            self._entries = {}
            try:
                stored = marshal.loads(self.file.read_bytes())
                if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == _code_key():
                    self._entries = dict(stored[1])
            except (OSError, ValueError, EOFError, TypeError):
                pass  # no cache yet, or not one this kj wrote: read packs as usual
        return self._entries

    def get(self, path: Path, text: str, label: str) -> packs.Pack | None:
        """The pack made from exactly this text of this file, or None."""
        try:
            entry = self._load().get(str(path))
            if not entry or entry[0] != text or entry[1] != label:
                return None
            return _pack(entry[2])
        except (TypeError, ValueError, IndexError, KeyError):  # a damaged entry
            return None

    def put(self, path: Path, text: str, label: str, pack: packs.Pack) -> None:
        entries = self._load()
        entries[str(path)] = (text, label, _plain(pack))
        try:
            data = marshal.dumps((_code_key(), entries))
        except ValueError:  # a value TOML allows but marshal cannot keep (a date)
            entries.pop(str(path))
            return
        try:
            _write_private(self.file, data)
        except OSError:
            pass  # a cache that cannot be written only costs time


def _write_private(file: Path, data: bytes) -> None:
    """Replace ``file`` in one step, made 0600 in a 0700 folder. Only the cache's own
    folder is made: no data folder yet (FileNotFoundError) means no cache yet."""
    from kindjournal.files import make_private_folders, write_private_bytes

    make_private_folders(file.parent, parents=False)
    write_private_bytes(file, data, replace=True)
