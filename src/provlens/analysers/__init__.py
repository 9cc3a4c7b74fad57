"""Analysers: each reads a Document and returns what it found, with offsets into its text."""
