"""The whole annotation of the reference article: provenance, framing by voice, sources, language."""

from __future__ import annotations

import pytest
from conftest import REFERENCE

from provlens.document import load_path
from provlens.pipeline import annotate


@pytest.fixture(scope="module")
def ann():
    return annotate(load_path(REFERENCE))


def test_every_quote_is_maduros(ann):
    """Every direct quote and reported statement is attributed to one speaker, Nicolás Maduro."""
    quotes = ann.framing.quotes
    assert {q.kind for q in quotes} == {"direct", "reported"}
    assert {q.speaker for q in quotes} == {"Nicolás Maduro"}


def test_single_source(ann):
    """The sources table shows a single-source article."""
    assert [s.name for s in ann.framing.sources] == ["Nicolás Maduro"]
    assert ann.framing.single_source
    assert ann.framing.scores.distinct_speakers == 1 and ann.framing.scores.top_speaker_share == 1.0


def test_loaded_phrases_reported_apart_by_voice(ann):
    """Loaded phrases in the outlet's own voice and in quotes are counted and scored apart."""
    voices = {s.voice for s in ann.framing.spans}
    assert "authorial" in voices and voices & {"quoted", "reported"}
    authorial = [s for s in ann.framing.spans if s.voice == "authorial"]
    assert all(s.speaker is None for s in authorial)
    assert all(s.speaker == "Nicolás Maduro" for s in ann.framing.spans if s.voice != "authorial")
    scores = ann.framing.scores
    assert sum(scores.authorial_counts.values()) == len([s for s in authorial if not s.cue])
    assert scores.authorial_density > 0 and scores.quoted_density > 0


def test_language_and_readability(ann):
    """English document; credit lines are not flagged as untranslated; readability has a grade."""
    assert ann.language.document == "en"
    assert not any(p.possibly_untranslated for p in ann.language.paragraphs)
    assert ann.readability.grade is not None and "flesch_reading_ease" in ann.readability.metrics


def test_annotation_is_deterministic():
    """Same input, same bytes, across two runs in one process."""
    a = annotate(load_path(REFERENCE)).model_dump_json()
    b = annotate(load_path(REFERENCE)).model_dump_json()
    assert a == b
