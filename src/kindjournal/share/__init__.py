"""Sharing: exporters, import, redaction, and what sharing shows on a terminal."""
