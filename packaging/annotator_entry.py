"""Entry script that PyInstaller freezes: the same ``annotator`` command pip installs."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
