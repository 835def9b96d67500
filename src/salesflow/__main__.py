"""``python -m salesflow``: the command line."""

import sys

from salesflow.cli import main

sys.exit(main())
