"""Entry script that PyInstaller freezes: the same ``annotator`` command pip installs."""

import multiprocessing
import sys

from annotator.cli import main

if __name__ == "__main__":
    # the app's suggestion work runs in a helper process (gui/suggestion_process.py): in a
    # frozen build that process starts this executable, which must hand over to it here
    multiprocessing.freeze_support()
    sys.exit(main())
