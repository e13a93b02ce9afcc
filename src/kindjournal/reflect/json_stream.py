"""Reading entries from a JSON file a piece at a time ('kj reflect --from', 'kj import').

A file holds one JSON array of entries (kj's own export), JSON Lines, or one object.
A 100,000-entry journal's export is about 230 MB, and held whole it took five times
that in memory, so the file is read in chunks and each value decoded as soon as it is
whole, by json's own C decoder (JSONDecoder.raw_decode) working along a text buffer:
memory holds a chunk and one entry, whatever the file's size.

Problems read as they did when the file was decoded whole: the line and column for
an array or one object, the line for JSON Lines, the byte for text that is not UTF-8.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from kindjournal.errors import UsageError

CHUNK_BYTES = 1024 * 1024
# One entry (or one document that is not an array, such as a jrnl export) is read
# whole, so it has a limit: 100 MB, far past any entry (an answer holds at most a
# million characters) and what every file was limited to before input streamed.
MAX_VALUE_BYTES = 100 * 1024 * 1024
# An error this far from the end of what has been read is in the file itself, not
# the end of a chunk cutting a value short (the longest token, '-Infinity', is 9).
_NOT_CUT_SHORT = 16

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


@contextlib.contextmanager
def opened(source: str | Path) -> Iterator[tuple[BinaryIO, str, int | None]]:
    """The file to read ('-' is standard input), a label for messages and its size in
    bytes when known; a missing or unreadable file is one kind line."""
    if str(source) == "-":
        yield sys.stdin.buffer, "standard input", None
        return
    path = Path(source).expanduser()
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise UsageError(f"Cannot find {path}. Check the file name.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder; give a JSON file.") from None
    except PermissionError:
        raise UsageError(f"Cannot read {path}: permission denied.") from None
    with handle:
        size = path.stat().st_size if path.is_file() else None
        yield handle, str(path), size


def value_too_big(source: str) -> UsageError:
    return UsageError(f"{source}: one entry is over {MAX_VALUE_BYTES // 1024 // 1024} MB, "
                      "more than any journal entry holds. Is it the right file?")


class JsonItems:
    """The values of a JSON file, one at a time: the items of a top-level array, or
    each top-level value (JSON Lines, or a single object). shape says which, once the
    first value has been read; bytes_read how far into the stream reading has got."""

    def __init__(self, stream: BinaryIO, source: str, chunk_bytes: int = CHUNK_BYTES,
                 max_value: int = MAX_VALUE_BYTES):
        self.stream = stream
        self.source = source
        self.chunk_bytes = chunk_bytes
        self.max_value = max_value
        self.bytes_read = 0
        self.shape: str | None = None  # "array" or "values"
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._text = ""
        self._pos = 0
        self._ended = False
        self._lines_dropped = 0  # newlines in the text already let go of
        self._column_dropped = 0  # characters of the current line already let go of

    # -- the values ----------------------------------------------------------------

    def __iter__(self) -> Iterator:
        first = self._next_character()
        if not first:
            raise UsageError(f"{self.source} is empty: it should hold a JSON object, array "
                             "or JSON Lines.")
        if first == "[":
            self.shape = "array"
            self._pos += 1
            yield from self._array_items()
        else:
            self.shape = "values"
            yield from self._top_level_values()

    def _array_items(self) -> Iterator:
        character = self._next_character()
        if character == "]":
            self._pos += 1
            return self._after_array()
        while True:
            self._next_character()  # raw_decode wants the value itself, no space before
            yield self._value(by_line=False)
            character = self._next_character()
            if character == ",":
                self._pos += 1
                continue  # '[1,]' is json's own 'Expecting value' at the ']'
            if character == "]":
                self._pos += 1
                return self._after_array()
            raise self._syntax_error("Expecting ',' delimiter", self._pos)

    def _after_array(self) -> None:
        if self._next_character():
            line, column = self._line_and_column(self._pos)
            raise UsageError(f"{self.source} goes on after its JSON array ends (line {line}, "
                             f"column {column}); a file holds one array, or JSON Lines.")

    def _top_level_values(self) -> Iterator:
        count = 0
        while self._next_character():
            # After the first value the file is JSON Lines: problems are named by line.
            yield self._value(by_line=count > 0)
            count += 1

    def _value(self, by_line: bool):
        """Decode the value starting at the read position, reading on while it is cut
        short by the end of the buffer."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, self._pos)
            except json.JSONDecodeError as error:
                cut_short = (error.msg.startswith("Unterminated string")
                             or len(self._text) - error.pos <= _NOT_CUT_SHORT)
                if cut_short and self._read_more():
                    continue
                raise self._syntax_error(error.msg, error.pos, by_line) from None
            except RecursionError:
                raise UsageError(f"{self.source} is nested too deeply to be a journal "
                                 "entry.") from None
            except ValueError as error:  # e.g. a number with thousands of digits
                raise UsageError(f"{self.source} is not valid JSON: "
                                 f"{str(error).split(';')[0]}.") from None
            # A number at the very end of the buffer may go on in the next chunk.
            if end == len(self._text) and self._read_more():
                continue
            if self._text.find("\\u", self._pos, end) >= 0:
                self._refuse_half_characters(value, self._pos, end)
            self._pos = end
            return value

    def _refuse_half_characters(self, value, start: int, end: int) -> None:
        """JSON can spell half of a character ('\\ud800' alone), which Python reads but
        no text can hold: said here, before anything is written, not by SQLite later.
        Only a value spelling such a half (or a whole pair of them) is looked at again."""
        half = _HALF_CHARACTER.search(self._text, start, end)
        if half is None:
            return
        try:
            json.dumps(value, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            where, escape = _lone_half(list(_HALF_CHARACTER.finditer(self._text, start, end)))
            line, column = self._line_and_column(where)
            raise UsageError(
                f"{self.source} line {line}, column {column}: '{escape}' is half of a "
                "character and not text on its own. Remove it, or give the whole "
                "character, and try again.") from None

    # -- reading -------------------------------------------------------------------

    def _next_character(self) -> str:
        """The next character that is not white space ('' at the end), not consumed."""
        while True:
            self._pos = _SPACE.match(self._text, self._pos).end()
            if self._pos < len(self._text):
                return self._text[self._pos]
            if not self._read_more():
                return ""

    def _read_more(self) -> bool:
        """Add the next chunk to the buffer (at least as much as the value being read
        holds already, so a long value is decoded a few times, not once a chunk);
        False at the end of the stream."""
        if self._ended:
            return False
        self._let_go_of_read_text()
        pending = len(self._text)
        if pending > self.max_value:
            raise value_too_big(self.source)
        while True:
            raw = self.stream.read(max(self.chunk_bytes, pending))
            before = self.bytes_read - len(self._decoder.getstate()[0])
            self.bytes_read += len(raw)
            try:
                text = self._decoder.decode(raw, final=not raw)
            except UnicodeDecodeError as error:
                raise UsageError(
                    f"{self.source} is not UTF-8 text (bad byte at position "
                    f"{before + error.start}). Save it as UTF-8 and try again.") from None
            if not raw:
                self._ended = True
            if text or self._ended:
                self._text += text
                return bool(text)

    def _let_go_of_read_text(self) -> None:
        """Drop the text before the read position, counting its lines for messages."""
        cut = self._pos
        if not cut:
            return
        newlines = self._text.count("\n", 0, cut)
        if newlines:
            self._lines_dropped += newlines
            self._column_dropped = cut - self._text.rfind("\n", 0, cut) - 1
        else:
            self._column_dropped += cut
        self._text = self._text[cut:]
        self._pos = 0

    # -- messages ------------------------------------------------------------------

    def _line_and_column(self, pos: int) -> tuple[int, int]:
        line = self._lines_dropped + self._text.count("\n", 0, pos) + 1
        newline = self._text.rfind("\n", 0, pos)
        column = pos - newline if newline >= 0 else self._column_dropped + pos + 1
        return line, column

    def _syntax_error(self, message: str, pos: int, by_line: bool = False) -> UsageError:
        message = message.removesuffix(" at")  # json's 'Unterminated string starting at'
        at_end = self._ended and not self._text[pos:].strip()
        ending = " (the file ends there: is it cut short?)" if at_end else ""
        error_line, column = self._line_and_column(pos)
        if by_line:
            return UsageError(f"{self.source} line {error_line} is not valid JSON: "
                              f"{message}{ending}.")
        return UsageError(f"{self.source} is not valid JSON: {message} at line {error_line}, "
                          f"column {column}{ending}.")


# A JSON escape of a UTF-16 surrogate: half of a character, whole only in a pair.
_HALF_CHARACTER = re.compile(r"(?<!\\)(?:\\\\)*\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _lone_half(halves: list[re.Match]) -> tuple[int, str]:
    """Where the first escape of halves without its other half is, and the escape: a
    high half (d800-dbff) is whole when a low one (dc00-dfff) follows at once. (When
    every one has its pair, the first: the value failed for another half.)"""
    index = 0
    while index < len(halves):
        escape = halves[index].group()[-6:]
        high = escape[3].lower() in "89ab"
        after = halves[index + 1] if index + 1 < len(halves) else None
        if high and after is not None and after.start() == halves[index].end() \
                and after.group()[3].lower() in "cdef":
            index += 2
            continue
        return halves[index].end() - 6, escape
    return halves[0].end() - 6, halves[0].group()[-6:]


def read_all(raw: bytes, source: str) -> tuple[str, list]:
    """(shape, every value) of a file already in memory (tests, small files)."""
    import io

    items = JsonItems(io.BytesIO(raw), source)
    values = list(items)
    return items.shape or "values", values
