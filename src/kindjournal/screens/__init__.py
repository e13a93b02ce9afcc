"""What kj shows on a terminal: plain-text lines for the quick read commands, and Rich
output for the reflection and packs."""
