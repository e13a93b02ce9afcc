"""The journal store: the file (checked, created, opened, upgraded), its schema, and every
read and write of entries, actions, supervision sessions, revalidation records, the
names to redact and backups. Never prints."""
