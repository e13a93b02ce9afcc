"""The CLI layer: each module holds one group of commands. They parse, call and render."""
