"""The one error type users ever see: a single kind line and an exit code."""

USAGE = 2  # the person typed something we could not use
FAILURE = 1  # anything else that stopped the command


class KindJournalError(Exception):
    """Raised anywhere below the CLI; the CLI prints the message on stderr and exits.

    The message is one line that says what was wrong and how to put it right.
    """

    def __init__(self, message: str, exit_code: int = FAILURE):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class UsageError(KindJournalError):
    """Bad input from the person: exits with code 2."""

    def __init__(self, message: str):
        super().__init__(message, USAGE)
