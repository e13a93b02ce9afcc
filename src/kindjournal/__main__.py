from kindjournal.cli import app

app(prog_name="kj")
