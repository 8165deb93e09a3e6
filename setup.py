"""Packaging hook (the metadata is in pyproject.toml): the wheel carries the recorded fixtures.

``fixtures/`` sits at the top of the repository, where tests and docs name it; a build copies it into
the wheel as ``emulator/fixtures/``, so ``lms-emulator replay talentlms`` finds a vendor's cassettes in an
installed package (and in the Docker image) as it does in a checkout (``emulator.cassettes.FIXTURES``).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

FIXTURES = Path(__file__).resolve().parent / "fixtures"


class BuildWithFixtures(build_py):
    def run(self):
        super().run()
        if FIXTURES.is_dir() and not self.editable_mode:  # an editable install reads the checkout's own copy
            shutil.copytree(FIXTURES, Path(self.build_lib) / "emulator" / "fixtures", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithFixtures})
