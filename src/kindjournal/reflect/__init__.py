"""Reflecting: prompt packs and how they are written, the reflection flow, the interactive
interview, editing an entry as text, entries from a file, and the demo journal."""
