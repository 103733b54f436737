"""`python -m gdsim` and the `gdsim` command."""

import sys


def main() -> None:
    from gdsim.memory import return_large_blocks_to_the_system

    return_large_blocks_to_the_system()
    # The CLI module imports no Qt; the window's modules are imported only when a window is wanted.
    from gdsim.cli import main as cli_main

    sys.exit(cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
