"""Installed from the repository (`pip install <repository>`, not -e), docgen takes the files
it ships beside its code into the package: the starter kit and the JSON Schemas
(docgen/shipped.py reads them there). Everything else is in pyproject.toml."""

import os
import shutil
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

GUIDES = ("docs/ny-organisation.md", "docs/kallformat.md", "docs/forhandsvisning.md", "docs/bilder")
SHIPPED = ("templates/startpaket", "docs/schema", *GUIDES)  # as docgen/shipped.py
# The installation's own build files go to the system's temporary folder, not to build/ (where
# docgen writes the documents).
BUILD_BASE = str(Path(tempfile.gettempdir()) / f"docgen-pip-{os.getuid() if hasattr(os, 'getuid') else 0}")


class BuildWithShippedFiles(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them in the repository
        for relative in SHIPPED:
            target = Path(self.build_lib, "docgen", "_delat", relative)
            if Path(relative).is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(relative, target)
                continue
            shutil.rmtree(target, ignore_errors=True)  # nothing left from an earlier installation
            shutil.copytree(relative, target, ignore=shutil.ignore_patterns(".*", "~$*"))


setup(cmdclass={"build_py": BuildWithShippedFiles}, options={"build": {"build_base": BUILD_BASE}})
