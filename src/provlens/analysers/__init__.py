"""analysers."""
