"""`python -m launcher run`: the same as `venta run`."""

from launcher.cli import main

main()
