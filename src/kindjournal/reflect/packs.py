"""Prompt packs: the check-in signals and reflection themes, read from TOML files.

Built-in packs ship in the package's ``prompts`` folder; a person can add or override
packs in their own prompts folder. This module holds what a pack is, where packs are
found and how wordings rotate; reading and checking a pack's TOML is pack_format.py.
Nothing here prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kindjournal.errors import UsageError

if TYPE_CHECKING:  # random, difflib and tomllib are imported where used: start-up time
    import random

    from kindjournal.reflect.pack_cache import PackCache

DEFAULT_PACK = "after-shift"
POLARITIES = ("strain", "resource")

# Keys are stored in the journal and typed on the command line, so keep them plain.
KEY_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]*")



def is_valid_key(text: str) -> bool:
    """Whether ``text`` can be a pack, theme, wording or signal key."""
    return bool(KEY_PATTERN.fullmatch(text))


class PackError(UsageError):
    """A pack could not be found or used; one line per problem in ``problems``.

    A UsageError (exit 2) whose message, the line a command shows, is the first
    problem; str(error) keeps every problem, one per line."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__(self.problems[0] if self.problems else "The pack could not be used.")
        self.args = ("\n".join(self.problems),)


@dataclass(frozen=True)
class Signal:
    """One 0-4 rating in the check-in."""

    key: str
    question: str
    low: str  # what 0 means
    high: str  # what 4 means
    polarity: str  # "strain": higher is worse; "resource": higher is better


@dataclass(frozen=True)
class Wording:
    """One way of asking a theme's question; the key stays stable when text is polished."""

    key: str
    text: str


@dataclass(frozen=True)
class Theme:
    key: str
    title: str
    why: str
    wordings: tuple[Wording, ...]
    forward: bool = False  # the answer becomes an open action to carry forward
    # Named options the answer picks from (one or more), e.g. the NMC Code's four themes;
    # the answer is stored as the chosen names joined by '; ', then any words added.
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    description: str
    intro: str | None
    signals: tuple[Signal, ...]
    themes: tuple[Theme, ...]
    # Passed through untouched for later features; dicts are unhashable, so leave them
    # out of the hash.
    signposting: dict[str, Any] = field(default_factory=dict, hash=False)
    rules: tuple[dict[str, Any], ...] = field(default=(), hash=False)
    source: str = "built-in"  # the file it came from, or "built-in"
    outro: str | None = None  # shown once after the last prompt, e.g. where to find support

    def theme(self, key: str) -> Theme:
        for theme in self.themes:
            if theme.key == key:
                return theme
        raise KeyError(key)

    @property
    def forward_theme(self) -> Theme | None:
        return next((theme for theme in self.themes if theme.forward), None)


# --- finding packs --------------------------------------------------------------------


def builtin_prompts_dir() -> Path:
    """The packs shipped with kindjournal.

    Installed, they sit inside the package; in a source checkout they are at the
    repository root (hatchling's force-include only copies them into built wheels).
    """
    # The package's own folder, as importlib.resources.files("kindjournal") gives it for
    # an installed package; found directly because importing importlib.resources costs
    # ~4 ms on every 'kj show' and 'kj reflect'.
    package = Path(__file__).resolve().parents[1]  # kindjournal/, above reflect/
    packaged = package / "prompts"
    if packaged.is_dir():
        return packaged
    return package.parents[1] / "prompts"


def load_pack_file(path: Path, cache: PackCache | None = None) -> Pack:
    """The pack in ``path``, taken from ``cache`` when it holds this very text."""
    builtin = path.parent.resolve() == builtin_prompts_dir().resolve()
    # Built-in problems name the file; a user's name the full path so it can be found.
    label = path.name if builtin else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise PackError(f"{label}: is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise PackError(f"{label}: could not be read ({exc.strerror})") from None
    if cache is not None:
        cached = cache.get(path, text, label)
        if cached is not None:
            return cached
    from kindjournal.reflect.pack_format import parse_pack  # not needed on a cache hit

    pack = replace(parse_pack(text, label, expected_name=path.stem),
                   source="built-in" if builtin else str(path))
    if cache is not None:
        cache.put(path, text, label, pack)
    return pack


def pack_dirs(user_prompt_dir: Path | None) -> list[Path]:
    """Folders to search, in order; a pack in a later folder overrides an earlier one."""
    dirs = [builtin_prompts_dir()]
    if user_prompt_dir is not None:
        dirs.append(user_prompt_dir)
    return dirs


def _pack_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    # Skip hidden files such as editors' swap and backup copies.
    return sorted(path for path in directory.glob("*.toml")
                  if not path.name.startswith(".") and path.is_file())


def discover_packs(user_prompt_dir: Path | None) -> tuple[dict[str, Pack], list[str]]:
    """Every usable pack by name, and the problems of any that are broken."""
    packs: dict[str, Pack] = {}
    problems: list[str] = []
    for directory in pack_dirs(user_prompt_dir):
        for path in _pack_files(directory):
            try:
                packs[path.stem] = load_pack_file(path)
            except PackError as exc:
                # A broken override hides the built-in pack rather than silently standing
                # in for it, so `kj prompts` agrees with what load_pack would do.
                packs.pop(path.stem, None)
                problems.extend(exc.problems)
    return packs, problems


def load_pack(name: str, user_prompt_dir: Path | None, cache: PackCache | None = None
              ) -> Pack:
    """The pack called ``name``, the user's own copy first."""
    if KEY_PATTERN.fullmatch(name):  # also keeps names like '../x' out of the path
        for directory in reversed(pack_dirs(user_prompt_dir)):
            path = directory / f"{name}.toml"
            if path.is_file():
                return load_pack_file(path, cache)
    raise PackError(f"No prompt pack called '{name}'. Run 'kj prompts' to see the packs you have.")


def checkin_signals(pack: Pack, user_prompt_dir: Path | None) -> tuple[Signal, ...]:
    """The pack's own check-in, or the default pack's when it has none."""
    if pack.signals:
        return pack.signals
    default = load_pack(DEFAULT_PACK, user_prompt_dir)
    if default.signals:
        return default.signals
    # The person overrode the default pack without a check-in: use the built-in one.
    return load_pack_file(builtin_prompts_dir() / f"{DEFAULT_PACK}.toml").signals


# --- rotation -------------------------------------------------------------------------


def choose_wordings(
    pack: Pack, last_used: dict[str, dict[str, int]], rng: random.Random
) -> dict[str, Wording]:
    """One wording per theme, least recently used first.

    ``last_used[theme][wording]`` is how recently a wording was asked (bigger is more
    recent). Never-asked wordings come first, picked at random; after that the oldest
    comes back. So no wording repeats within a theme until all of them have been asked.
    """
    chosen: dict[str, Wording] = {}
    for theme in pack.themes:
        recency = last_used.get(theme.key, {})
        candidates = [wording for wording in theme.wordings if wording.key not in recency]
        if not candidates:
            oldest = min(recency[wording.key] for wording in theme.wordings)
            candidates = [wording for wording in theme.wordings if recency[wording.key] == oldest]
        chosen[theme.key] = rng.choice(candidates)
    return chosen
