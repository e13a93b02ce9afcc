from kindjournal.cli import main

main()
