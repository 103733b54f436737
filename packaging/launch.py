"""The frozen bundle's entry point: the same `main()` as the `gdsim` command.

It lives here, not as gdsim/__main__.py, so that PyInstaller does not put the gdsim/ folder itself on
the bundle's module search path (its modules would then also be importable as top-level names).
"""

from gdsim.__main__ import main

main()
