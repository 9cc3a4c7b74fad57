"""The framing analyser: matching, negation, scare quotes, voices, scores, languages, robustness."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import DATA, REFERENCE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from provlens.analysers.framing import (
    INDEX_SCALE,
    SENTENCE_THRESHOLD,
    analyse,
    build_matcher,
    find_framing,
    fold_text,
    framing_index,
    matcher,
)
from provlens.analysers.quotes import find_quotes
from provlens.document import from_text, load_path
from provlens.errors import InputError
from provlens.lexicon import LexiconEntry, framing_settings, languages, lexicon_files
from provlens.models import Annotation, Quote, Source


def make_entry(pattern: str, category: str = "loaded", intensity: int = 2, forms: tuple[str, ...] = ()) -> LexiconEntry:
    """A lexicon entry for the test matchers; its id is derived from the pattern."""
    return LexiconEntry(id="test." + pattern.replace(" ", "_"), pattern=pattern, forms=list(forms),
                        category=category, intensity=intensity, explanation="test", example=pattern)


EN = build_matcher("en", (
    make_entry("radical"),
    make_entry("radical left", category="name_calling", intensity=3),
    make_entry("left wing", category="name_calling", intensity=1),
    make_entry("far-right", category="name_calling"),
    make_entry("witch hunt"),
    make_entry("don't say gay"),
    make_entry("so called", category="doubt", intensity=1),
    make_entry("disaster", forms=("disasters",)),
    make_entry("strasse"),
    make_entry("allegedly", category="hedge", intensity=1),
    make_entry("clearly", category="booster", intensity=1),
    make_entry("powerful", category="glorifying", intensity=1),
    make_entry("powerhouse", category="glorifying", intensity=1),
    make_entry("positive", category="glorifying", intensity=1),
), framing_settings().language["en"])

ES = build_matcher("es", (make_entry("desastre"), make_entry("golpista")), framing_settings().language["es"])


@dataclass(frozen=True)
class StandInQuotes:
    """The part of the quote findings the framing analyser reads, built by hand."""

    quotes: tuple[Quote, ...] = ()
    sources: tuple[Source, ...] = ()

    def voice_at(self, start: int, end: int) -> tuple[str, str | None]:
        """The voice of the quote containing [start, end), else authorial."""
        for q in self.quotes:
            if q.start <= start and end <= q.end:
                return ("quoted" if q.kind == "direct" else "reported"), q.speaker
        return "authorial", None


def spans_of(text: str, matcher=EN, quotes=None) -> list[tuple[str, str]]:
    """(text, rule) of every span the matcher finds in `text`."""
    framing = analyse(from_text(text), matcher, quotes)
    return [(sp.text, sp.rule) for sp in framing.spans]


def quote_of(text: str, inner: str, speaker: str | None, kind: str = "direct") -> Quote:
    """A Quote over the first occurrence of `inner` in `text`."""
    start = text.index(inner)
    return Quote(start=start, end=start + len(inner), text=inner, kind=kind, speaker=speaker,
                 words=len(inner.split()))


# --------------------------------------------------------------------------------------------
# Every lexicon entry's example


def _all_entries():
    for _, data in sorted(lexicon_files().items()):
        for entry in data.entry:
            yield pytest.param(data.meta.language, entry, id=entry.id)


@pytest.mark.parametrize(("language", "entry"), list(_all_entries()))
def test_lexicon_example_finds_its_entry(language, entry):
    """Each entry's example, annotated alone, holds a span with that entry's id.

    Where another entry read earlier lists the same form, that entry owns the form (see
    test_no_form_in_two_entries, which reports the clash) and its id is expected instead.
    """
    owners = {lost: kept for _, kept, lost in matcher(language).shadowed}
    framing = find_framing(from_text(entry.example), language, None).framing
    expected = {entry.id, owners[entry.id]} if entry.id in owners else {entry.id}
    assert expected & {sp.rule for sp in framing.spans}, [sp.rule for sp in framing.spans]


@pytest.mark.parametrize("language", sorted(languages()))
def test_no_form_in_two_entries(language):
    """No form is listed by two entries of one language (only the first read would ever match)."""
    clashes = [f"{form!r}: {kept} and {lost}" for form, kept, lost in matcher(language).shadowed]
    assert not clashes, f"{len(clashes)} forms in two entries:\n" + "\n".join(clashes)


# --------------------------------------------------------------------------------------------
# Matching


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The plan was called radical by the board.", [("radical", "test.radical")]),
        ("The plan was called RADICAL by the board.", [("RADICAL", "test.radical")]),
        ("Radical plans were called for by the board.", [("Radical", "test.radical")]),
        ("The far-right group marched on Sunday.", [("far-right", "test.far-right")]),
        ("The far right group marched on Sunday.", [("far right", "test.far-right")]),
        ("The Far–Right group marched on Sunday.", [("Far–Right", "test.far-right")]),
        ("The far  right group marched on Sunday.", [("far  right", "test.far-right")]),
        ("Four words come first.\n\nThe far\nright group marched.", [("far\nright", "test.far-right")]),
        ("Critics call it the don’t say gay law.", [("don’t say gay", "test.don't_say_gay")]),
        ("Critics call it the don't say gay law.", [("don't say gay", "test.don't_say_gay")]),
        ("The so-called reform was passed today.", [("so-called", "test.so_called")]),
        ("It was one of many disasters this year.", [("disasters", "test.disaster")]),
    ],
    ids=["lower", "upper", "capitalised", "hyphen", "space-for-hyphen", "en-dash", "two-spaces", "line-break",
         "curly-apostrophe", "straight-apostrophe", "hyphenated-text", "extra-form"],
)
def test_matching_folds_case_hyphens_and_apostrophes(text, expected):
    """Case, hyphens, dashes, runs of spaces and curly apostrophes do not stop a match."""
    assert spans_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The radicalism of the plan worried the board.", []),
        ("The plan was deemed non-radical by the board.", []),
        ("The radical's plan was rejected by the board.", [("radical", "test.radical")]),
        ("A (radical) plan was rejected by the board.", [("radical", "test.radical")]),
        ("The radical left won the vote on Sunday.", [("radical left", "test.radical_left")]),
        ("The radical left wing won the vote on Sunday.", [("radical left", "test.radical_left")]),
        ("The left wing radical won the vote on Sunday.",
         [("left wing", "test.left_wing"), ("radical", "test.radical")]),
        ("In the Hauptstrasse the İstanbul radical spoke.", [("radical", "test.radical")]),
    ],
    ids=["inside-word", "hyphen-glued", "possessive", "parentheses", "longest", "leftmost", "adjacent",
         "length-changing-lowercase"],
)
def test_word_boundaries_and_leftmost_longest(text, expected):
    """Matches sit on word boundaries; overlapping matches keep the leftmost, then the longest."""
    assert spans_of(text) == expected


def test_offsets_survive_length_changing_lowercase():
    """A character whose lower case is longer (İ) does not move the offsets of later spans."""
    text = "İİİ İstanbul officials called the plan radical today."
    doc = from_text(text)
    (span,) = analyse(doc, EN, None).spans
    assert doc.text[span.start:span.end] == span.text == "radical"


# --------------------------------------------------------------------------------------------
# Negation


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The vote was a disaster for the party.", True),
        ("The vote was not a disaster for the party.", False),
        ("The vote wasn't a disaster for the party.", False),
        ("The vote wasn’t a disaster for the party.", False),
        ("The vote was never a disaster for the party.", False),
        ("The vote was hardly a disaster for the party.", False),
        ("They got through the vote without disaster this time.", False),
        ("There was no disaster for the party this time.", False),
        ("The vote was not really a disaster for the party.", False),
        ("It was not the vote but the count that was a disaster.", True),
        ("Voters did not want disaster plans for the party.", True),
        ("The vote was not quite a disaster for the party.", False),
        ("No, the vote was a disaster for the party.", True),
        ("Not everyone agreed; the vote was a disaster.", True),
    ],
    ids=["plain", "not", "n't", "n’t", "never", "hardly", "without", "no", "skipped-word", "too-far", "negated-verb",
         "degree-word",
         "after-comma", "other-clause"],
)
def test_negation_en(text, found):
    """A negator right before a match (articles, "be" and degree words aside) drops it; other words stop it."""
    assert bool(spans_of(text)) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("La votación fue un desastre para el partido.", True),
        ("La votación no es un desastre para el partido.", False),
        ("La votación nunca fue un desastre para el partido.", False),
        ("Salieron sin desastre de la votación del partido.", False),
        ("No fue golpista ni desastre para nadie en el partido.", False),
    ],
    ids=["plain", "no", "nunca", "sin", "ni"],
)
def test_negation_es(text, found):
    """Spanish negators work the same way ("no es un desastre")."""
    assert bool(spans_of(text, ES)) is found


# --------------------------------------------------------------------------------------------
# Scare quotes


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("The government's “reform” raised fares again.", "“reform”"),
        ('The government\'s "reform" raised fares again.', '"reform"'),
        ("The government's ‘reform’ raised fares again.", "‘reform’"),
        ("The government's 'reform' raised fares again.", "'reform'"),
        ("The government's «reforma» raised fares again.", "«reforma»"),
        ("The kids' bus and the 'reform' raised fares again.", "'reform'"),
        ("The “peace talks” were held far from the front.", "“peace talks”"),
        ("The “Big Reform Act” raised fares again today.", None),
        ("The “new and better reform plan” raised fares again.", None),
        ("“The reform is good,” she said on Monday morning.", None),
        ("“Reform,” she said on Monday morning in Paris.", None),
        ("She said on Monday: “reform now” to the crowd.", None),
        ("The firm sold a plan called “reform” to the city.", None),
        ('He said "yes" to the plan on Monday morning.', None),
    ],
    ids=["curly", "straight", "single-curly", "single-straight", "guillemets", "apostrophe-nearby", "two-words",
         "capitalised-name", "too-long", "speech", "speech-comma", "after-colon", "naming-word", "speech-bits"],
)
def test_scare_quotes(text, term):
    """A short lower-case term in quotation marks that nobody is quoted as saying is a doubt span."""
    framing = analyse(from_text(text), EN, None)
    doubt = [sp for sp in framing.spans if sp.rule == "framing.scare_quotes"]
    assert [sp.text for sp in doubt] == ([term] if term else [])
    for sp in doubt:
        assert sp.category == "doubt" and sp.technique == "Doubt" and sp.explanation


def test_scare_quote_credited_to_a_speaker_is_speech():
    """A short quoted term that the quote findings credit to a speaker is not a scare quote."""
    text = "The minister called the plan a “disgrace” on Monday."
    quotes = StandInQuotes((quote_of(text, "disgrace", "the minister"),))
    assert spans_of(text, quotes=quotes) == []


# --------------------------------------------------------------------------------------------
# Voices, cues and the body


def test_voices_from_stand_in_quotes():
    """Spans inside a quote take its voice and speaker; spans outside are authorial with no speaker."""
    text = "The radical plan passed. “It is a disaster,” said Ana Ruiz. Critics said the vote was a witch hunt."
    quotes = StandInQuotes((
        quote_of(text, "It is a disaster,", "Ana Ruiz"),
        quote_of(text, "the vote was a witch hunt", "Critics", kind="reported"),
    ))
    framing = analyse(from_text(text), EN, quotes)
    assert [(sp.text, sp.voice, sp.speaker) for sp in framing.spans] == [
        ("radical", "authorial", None),
        ("disaster", "quoted", "Ana Ruiz"),
        ("witch hunt", "reported", "Critics"),
    ]


def test_voice_separation_on_reference_article():
    """On the reference article, spans in quotes are quoted with a speaker; authorial ones have none."""
    doc = load_path(REFERENCE)
    framing = analyse(doc, EN, find_quotes(doc, "en"))
    voices = [(sp.text, sp.voice, sp.speaker is not None) for sp in framing.spans]
    assert ("powerful", "authorial", False) in voices
    assert ("powerful", "quoted", True) in voices
    assert ("powerhouse", "quoted", True) in voices
    for sp in framing.spans:
        assert (sp.speaker is None) == (sp.voice == "authorial"), sp


def test_cues_are_counted_but_do_not_score():
    """Hedges and boosters are spans with cue=True that add nothing to the sentence score."""
    framing = analyse(from_text("The minister clearly and allegedly took the money."), EN, None)
    assert [(sp.text, sp.cue) for sp in framing.spans] == [("clearly", True), ("allegedly", True)]
    assert [s.score for s in framing.sentences] == [0.0]
    assert framing.scores.counts == {"booster": 1, "hedge": 1}
    assert framing.scores.authorial_density == 0.0


def test_short_paragraphs_and_header_are_skipped():
    """Header lines and paragraphs under four words (credit lines, tags) are not analysed."""
    text = "title A radical title\n\nThe radical plan was passed today.\n\n(Radical Press)\n\nRadical: Jo Doe"
    framing = analyse(from_text(text), EN, None)
    assert [sp.start for sp in framing.spans] == [text.index("radical plan")]


# --------------------------------------------------------------------------------------------
# Sentence and article scores

SCORED = ("The radical left won. The vote was a disaster for the far-right party. "
          "It was calm. “Such a disaster,” said Ana Ruiz on the radio today.")


def scored():
    """The framing of SCORED, with its one quote credited to Ana Ruiz."""
    doc = from_text(SCORED)
    quote = quote_of(SCORED, "Such a disaster,", "Ana Ruiz")
    source = Source(name="Ana Ruiz", quotes=1, words=3)
    return analyse(doc, EN, StandInQuotes((quote,), (source,)))


def test_sentence_scores():
    """A sentence scores the sum of intensity times voice weight; biased when it reaches the threshold."""
    framing = scored()
    # radical left (3); disaster (2) + far-right (2); nothing; quoted disaster (2 x 0.5)
    assert [s.score for s in framing.sentences] == [3.0, 4.0, 0.0, 1.0]
    assert [s.biased for s in framing.sentences] == [s.score >= SENTENCE_THRESHOLD for s in framing.sentences]
    assert all(SCORED[s.start:s.end].strip() for s in framing.sentences)


def test_article_scores_arithmetic():
    """Densities, counts, index and source figures, worked out by hand for SCORED."""
    scores = scored().scores
    words = 26  # 4 + 9 + 3 + 10 whitespace-separated words; 3 of them inside the quote
    assert len(SCORED.split()) == words
    assert scores.quoted_words == 3
    assert scores.authorial_words == 23
    assert scores.authorial_density == round(1000 * 3 / 23, 2) == 130.43
    assert scores.quoted_density == round(1000 * 1 / 3, 2) == 333.33
    assert scores.counts == {"loaded": 2, "name_calling": 2}
    assert scores.authorial_counts == {"loaded": 1, "name_calling": 2}
    assert scores.quoted_counts == {"loaded": 1}
    assert scores.index == framing_index(1000 * (3 + 2 + 2) / 23) == 100.0
    assert scores.distinct_speakers == 1 and scores.top_speaker_share == 1.0
    assert scores.quoted_share == round(3 / 26, 3)
    assert scores.biased_sentences == sum(s.biased for s in scored().sentences)
    assert scores.sentence_threshold == SENTENCE_THRESHOLD
    assert scored().single_source is True


@pytest.mark.parametrize(("density", "index"), [(0.0, 0.0), (INDEX_SCALE, 63.2), (3 * INDEX_SCALE, 95.0), (1e9, 100.0)])
def test_framing_index(density, index):
    """The index rises with the weighted density and saturates at 100."""
    assert framing_index(density) == index


def test_top_speaker_share_and_single_source():
    """top_speaker_share is the most-quoted speaker's share of quotes; two speakers are not a single source."""
    sources = (Source(name="A", quotes=3, words=30), Source(name="B", quotes=1, words=5))
    framing = analyse(from_text("Nothing happened here today at all."), EN, StandInQuotes((), sources))
    assert framing.scores.top_speaker_share == 0.75
    assert framing.scores.distinct_speakers == 2 and framing.single_source is False


# --------------------------------------------------------------------------------------------
# Languages, determinism and robustness


def test_unsupported_language_gives_empty_framing_and_note():
    """A language without a lexicon gives no spans and an unsupported-language note, not English."""
    result = find_framing(from_text("Le plan radical est un désastre pour la ville."), "fr", None)
    assert result.framing.spans == [] and result.framing.sentences == []
    assert result.framing.language == "fr"
    assert [n.code for n in result.notes] == ["unsupported-language"]


def test_no_language_means_english_with_a_note():
    """With no language, the English lexicon runs and a note says so."""
    result = find_framing(from_text("The vote was a disaster for the party."), None, None)
    assert result.framing.language == "en"
    assert [n.code for n in result.notes] == ["language-assumed"]


@pytest.mark.parametrize("code", ["en", "EN", "en-GB", "en_US"])
def test_language_codes(code):
    """Region and case are ignored in the language code."""
    result = find_framing(from_text("The vote was a disaster for the party."), code, None)
    assert result.framing.language == "en" and result.notes == ()


def test_deterministic():
    """The same article gives the same framing twice."""
    doc = load_path(DATA / "framing-en-3kb.txt")
    first = find_framing(doc, "en", find_quotes(doc, "en")).framing.model_dump_json()
    second = find_framing(doc, "en", find_quotes(doc, "en")).framing.model_dump_json()
    assert first == second


def test_fold_text_keeps_offsets():
    """Folding keeps one character per character unless spaces are squeezed, and says where each came from."""
    folded, where = fold_text("Far-Right İs  HERE’s")
    assert folded == "far right is here's" and where is not None
    assert [where[i] for i in range(len(folded))][:13] == list(range(13))
    assert fold_text("ok-go")[1] is None


PIECES = st.sampled_from([
    "radical", "left", "wing", "far-right", "far", "-", "right", "not", "n't", "no", "disaster", "“", "”", '"',
    "'", "‘", "’", "«", "»", "İ", "ß", "ﬁ", ",", ".", ":", " ", "  ", "\n", "\n\n", "said", "allegedly", "so-called",
    "the", "a", "Ana", "don’t say gay", "witch hunt", "é", "\u0301", "\t",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(PIECES, max_size=60).map(" ".join), st.text(max_size=300)))
def test_random_text_never_raises_and_spans_point_at_text(text):
    """Any text gives a valid Framing whose spans point at their text."""
    try:
        doc = from_text(text)
    except InputError:  # nothing left once normalised: not an article
        return
    for language in ("en", "es"):
        framing = find_framing(doc, language, find_quotes(doc, language)).framing
        for sp in framing.spans:
            assert doc.text[sp.start:sp.end] == sp.text
        for s in framing.sentences:
            assert 0 <= s.start < s.end <= len(doc.text)
        Annotation(id=doc.id, source="-", text=doc.text, framing=framing)


def _fold_by_table(text: str) -> tuple[str, list[int] | None]:
    """fold_text written plainly: lower case, the table on every character, runs of spaces merged."""
    from provlens.analysers.framing import _TEXT_FOLD

    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower()[0] for c in text)
    folded = low.translate(_TEXT_FOLD)
    if "  " not in folded:
        return folded, None
    keep = [i for i, c in enumerate(folded) if not (c == " " and i > 0 and folded[i - 1] == " ")]
    return "".join(folded[i] for i in keep), keep


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB -\n\t'é ") + ["\u2010", "\u2014", "\u2019", "\u2018", "\u02bc",
                                                                 "\u2032", "\u0130", "\u00df"]), max_size=40))
def test_fold_text_is_the_translation_table(text):
    """fold_text replaces characters one by one on non-ASCII text: the result is the table's."""
    from provlens.analysers.framing import fold_text

    assert fold_text(text) == _fold_by_table(text)
