"""Lexicon loading and validation: the bundled files load, and each kind of mistake is named."""

from __future__ import annotations

import pytest

from provlens.errors import DataFileError
from provlens.evaluate.ptc import KNOWN_TECHNIQUES
from provlens.lexicon import (
    categories,
    fold_phrase,
    framing_settings,
    languages,
    lexicon_files,
    load_lexicon,
    merge_lexicons,
    parse_lexicon,
)

GOOD_ENTRY = {
    "id": "test.loaded.slam",
    "pattern": "slam",
    "forms": ["slams", "slammed"],
    "category": "loaded",
    "intensity": 2,
    "explanation": "Paints criticism as a blow.",
    "alternative": "criticise",
    "example": "The senator slammed the plan.",
}


def lexicon(*entries: dict, language: str = "en") -> dict:
    """A parsed lexicon file holding the given entries."""
    return {"meta": {"language": language, "description": "test"}, "entry": list(entries)}


def entry(**changes) -> dict:
    """GOOD_ENTRY with some fields changed (None removes the field)."""
    out = {**GOOD_ENTRY, **changes}
    return {k: v for k, v in out.items() if v is not None}


def test_bundled_lexicons_load():
    """Every bundled lexicon file validates and every language merges without a duplicate id."""
    assert lexicon_files()
    for language in languages():
        assert load_lexicon(language).entries


def test_lexicon_is_loaded_once_per_language():
    """The merged lexicon of a language is built once and then reused."""
    for language in languages():
        assert load_lexicon(language) is load_lexicon(language)


def test_good_entry_parses():
    """A complete entry parses, and alternative and forms may be left out."""
    parsed = parse_lexicon("lexicons/test.toml", lexicon(GOOD_ENTRY, entry(id="x.y", forms=None, alternative=None)))
    assert [e.id for e in parsed.entry] == ["test.loaded.slam", "x.y"]
    assert parsed.entry[1].forms == [] and parsed.entry[1].alternative == ""


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (entry(colour="red"), ["test.loaded.slam", "colour"]),
        (entry(intensity=0), ["test.loaded.slam", "intensity"]),
        (entry(intensity=4), ["test.loaded.slam", "intensity"]),
        (entry(example=None), ["test.loaded.slam", "example"]),
        (entry(explanation=""), ["test.loaded.slam", "explanation"]),
        (entry(pattern=""), ["test.loaded.slam", "pattern"]),
        (entry(id="has space"), ["'has space'", "id"]),
        (entry(id=None), ["entry #1", "id"]),
    ],
    ids=["unknown-field", "intensity-0", "intensity-4", "no-example", "empty-explanation", "empty-pattern",
         "space-in-id", "no-id"],
)
def test_invalid_entry_names_file_and_entry(bad, words):
    """A field problem is a DataFileError naming the file, the entry and the field."""
    with pytest.raises(DataFileError) as err:
        parse_lexicon("lexicons/test.toml", lexicon(bad))
    message = str(err.value)
    assert "data/lexicons/test.toml" in message
    for word in words:
        assert word in message


def test_meta_is_required():
    """A file without [meta] is refused."""
    with pytest.raises(DataFileError, match="meta"):
        parse_lexicon("lexicons/test.toml", {"entry": [GOOD_ENTRY]})


def test_duplicate_id_across_files():
    """The same id in two files of one language is an error naming both files."""
    files = {
        "lexicons/a.toml": parse_lexicon("lexicons/a.toml", lexicon(GOOD_ENTRY)),
        "lexicons/b.toml": parse_lexicon("lexicons/b.toml", lexicon(entry(pattern="blast"))),
    }
    expected = r"data/lexicons/b\.toml: entry 'test\.loaded\.slam': duplicate id .*a\.toml"
    with pytest.raises(DataFileError, match=expected):
        merge_lexicons("en", files)


def test_same_id_in_another_language_is_fine():
    """Ids only need to be unique within a language."""
    files = {
        "lexicons/a.toml": parse_lexicon("lexicons/a.toml", lexicon(GOOD_ENTRY)),
        "lexicons/b.toml": parse_lexicon("lexicons/b.toml", lexicon(GOOD_ENTRY, language="es")),
    }
    assert len(merge_lexicons("en", files).entries) == 1


def test_unknown_category():
    """A category missing from categories.toml is an error naming the entry."""
    files = {"lexicons/a.toml": parse_lexicon("lexicons/a.toml", lexicon(entry(category="spin")))}
    with pytest.raises(DataFileError, match=r"entry 'test\.loaded\.slam': unknown category 'spin'"):
        merge_lexicons("en", files)


def test_form_that_folds_to_nothing():
    """A form made only of hyphens and spaces is refused."""
    files = {"lexicons/a.toml": parse_lexicon("lexicons/a.toml", lexicon(entry(forms=["- -"])))}
    with pytest.raises(DataFileError, match="empty"):
        merge_lexicons("en", files)


@pytest.mark.parametrize(
    ("phrase", "folded"),
    [
        ("Far-Right", "far right"),
        ("far   right", "far right"),
        ("don’t say gay", "don't say gay"),
        ("  So-Called ", "so called"),
        ("pro–war", "pro war"),
    ],
)
def test_fold_phrase(phrase, folded):
    """Patterns fold to lower case, single spaces, hyphens and dashes as spaces, straight apostrophes."""
    assert fold_phrase(phrase) == folded


def test_categories_map_to_ptc_techniques():
    """Every category's technique is empty or one of the 14 PTC technique names."""
    for cat in categories().values():
        assert cat.technique == "" or cat.technique in KNOWN_TECHNIQUES


def test_cue_categories():
    """Hedges and boosters are the cue categories."""
    assert {c.id for c in categories().values() if c.cue} == {"hedge", "booster"}


def test_framing_settings_cover_each_lexicon_language():
    """Each lexicon language has negators in data/framing.toml."""
    settings = framing_settings()
    for language in languages():
        assert settings.language[language].negators
