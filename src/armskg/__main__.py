"""``python -m armskg`` and the ``armskg`` command."""

import sys


def run() -> int:
    """Run the command line. Ctrl-C ends it with 130 and no traceback from its very first moment, while
    the modules are still being imported, as well as later (``cli._safely``)."""
    try:
        from armskg.cli import main

        return main()
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(run())
