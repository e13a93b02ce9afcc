"""The one error type users ever see: a single kind line and an exit code."""

USAGE = 2  # the person typed something we could not use
FAILURE = 1  # anything else that stopped the command


def one_line(text: str) -> str:
    """Messages often quote what the person gave us (a field name, a date, a file name).
    Control characters in it (a newline, a terminal escape sequence) are shown escaped,
    so the message stays one line and cannot move the cursor or recolour the terminal."""
    from kindjournal.text import visible

    return visible(text, one_line=True)


class KindJournalError(Exception):
    """Raised anywhere below the CLI; the CLI prints the message on stderr and exits.

    The message is one line that says what was wrong and how to put it right.
    """

    def __init__(self, message: str, exit_code: int = FAILURE):
        message = one_line(message)
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class UsageError(KindJournalError):
    """Bad input from the person: exits with code 2."""

    def __init__(self, message: str):
        super().__init__(message, USAGE)
