"""Measuring provlens against labelled data: credit samples, BABE, PTC-format span corpora."""
