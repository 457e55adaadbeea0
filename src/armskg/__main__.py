"""``python -m armskg``."""

import sys

from armskg.cli import main

sys.exit(main())
