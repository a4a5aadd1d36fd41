from patron.cli import main

main()
