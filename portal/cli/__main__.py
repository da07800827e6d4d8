"""`python -m portal.cli`: the `kb` command without its launcher script."""

from portal.cli import main

main()
