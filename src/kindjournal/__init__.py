"""kindjournal: a private reflective-practice journal for care workers."""

__version__ = "0.1.0"
