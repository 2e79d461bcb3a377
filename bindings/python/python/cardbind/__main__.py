"""``python -m cardbind``: the ``cardbind`` command-line tool (``cardbind --help``)."""

import sys

from ._cli import main

if __name__ == "__main__":
    sys.exit(main())
