"""provlens: where a news article came from and how it frames its story."""

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    """`__version__`, read from the installed package's metadata when first asked for (importing
    importlib.metadata costs more than the rest of a worker's imports of this package's top level)."""
    if name != "__version__":
        raise AttributeError(f"module 'provlens' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("provlens")
    except PackageNotFoundError:  # running from a source tree that was never installed
        value = "0.0.0"
    globals()["__version__"] = value
    return value
