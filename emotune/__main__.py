"""``python -m emotune`` runs the same entry point as the ``emotune`` command."""
import sys

from emotune.cli import main

sys.exit(main())
