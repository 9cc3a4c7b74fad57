"""The errors provlens raises, each with a message written for the person running it.

The command line prints `provlens: <message>` and exits with the class's `exit_code`; batch runs
turn them into error records. Anything else escaping is a bug.
"""

from __future__ import annotations


class ProvlensError(Exception):
    """Base of every error provlens reports to a user."""

    exit_code = 1

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        super().__init__(f"{source}: {message}" if source else message)


class InputError(ProvlensError):
    """The input cannot be read as an article: missing, a directory, empty, binary, undecodable."""

    exit_code = 2


class InputTooLarge(InputError):
    """The input is larger than the configured limit."""


class DataFileError(ProvlensError):
    """A bundled or user-supplied data file (patterns, registry, lexicon) is invalid."""

    exit_code = 3


class OutputError(ProvlensError):
    """The output cannot be written, or writing it would overwrite an input."""

    exit_code = 4


class UsageError(ProvlensError):
    """The command line is wrong in a way argparse cannot see."""

    exit_code = 2
