"""Sharing: exporters, the export plan, import, and what sharing shows on a terminal
(redaction itself is the shared helper kindjournal/redaction.py)."""
