from kindjournal.start import main

main()
