"""`python -m entitylist` is the `entitylist` command."""

from entitylist.cli import main

main()
