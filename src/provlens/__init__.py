"""provlens: where a news article came from and how it frames its story."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("provlens")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
