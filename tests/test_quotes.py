"""The quotes analyser: one behaviour per row, the reference article, and random text."""

from __future__ import annotations

import timeit
import tomllib
from importlib import resources

import pytest
from conftest import REFERENCE
from hypothesis import given, reject, settings
from hypothesis import strategies as st

from provlens.analysers.quotes import find_quotes, short_quoted_terms
from provlens.document import from_text, load_path
from provlens.errors import InputError


def D(text: str, speaker: str | None = None) -> tuple[str, str, str | None]:
    """An expected direct quote."""
    return ("direct", text, speaker)


def R(text: str, speaker: str | None = None) -> tuple[str, str, str | None]:
    """An expected reported statement."""
    return ("reported", text, speaker)


def row(id: str, language: str | None, text: str, *expected):
    """One table row: the article text and the quotes expected from it, in text order."""
    return pytest.param(language, text, list(expected), id=id)


def found(text: str, language: str | None):
    """The document built from `text` and what the analyser finds in it."""
    doc = from_text(text)
    return doc, find_quotes(doc, language)


# --------------------------------------------------------------------------------------------
# Quotes, kinds and speakers

QUOTES = [
    # quotation-mark styles
    row("mark-straight-double", "en", '"We will win the vote," said Ana Ruiz.', D("We will win the vote,", "Ana Ruiz")),
    row("mark-curly-double", "en", "“We will win the vote,” Ana Ruiz said.", D("We will win the vote,", "Ana Ruiz")),
    row("mark-curly-single", "en", "‘We will win the vote,’ said Ana Ruiz.", D("We will win the vote,", "Ana Ruiz")),
    row("mark-straight-single", "en", "'We will win the vote,' said Ana Ruiz.", D("We will win the vote,", "Ana Ruiz")),
    row("mark-angle", "es", "«Vamos a ganar la votación», dijo Ana Ruiz.", D("Vamos a ganar la votación", "Ana Ruiz")),
    row("mark-angle-spaced", "fr", "« Nous allons gagner le vote », a déclaré Paul Martin.",
        D("Nous allons gagner le vote", "Paul Martin")),
    row("mark-single-angle", "es", "‹Vamos a ganar la votación›, dijo Ana Ruiz.",
        D("Vamos a ganar la votación", "Ana Ruiz")),
    row("mark-low-high", "es", "„Vamos a ganar la votación“, dijo Ana Ruiz.",
        D("Vamos a ganar la votación", "Ana Ruiz")),
    row("mark-low-high-right", "es", "„Vamos a ganar la votación”, dijo Ana Ruiz.",
        D("Vamos a ganar la votación", "Ana Ruiz")),
    # nesting and paragraphs
    row("nested-single-in-double", "en", "“She told me ‘we will win the vote’ on Monday,” said Ana Ruiz.",
        D("She told me ‘we will win the vote’ on Monday,", "Ana Ruiz")),
    row("nested-double-in-angle", "es", "«Me dijo “vamos a ganar” ayer por la tarde», afirmó Ana Ruiz.",
        D("Me dijo “vamos a ganar” ayer por la tarde", "Ana Ruiz")),
    row("nested-double-in-double", "en", "“They called it a “total disgrace” on Monday,” said Ana Ruiz.",
        D("They called it a “total disgrace” on Monday,", "Ana Ruiz")),
    row("spans-paragraphs", "en",
        "“The first part of the statement ends here.\n\n“The second part closes it,” said Ana Ruiz.",
        D("The first part of the statement ends here.\n\n“The second part closes it,", "Ana Ruiz")),
    row("spans-paragraphs-angle", "es",
        "«La primera parte termina aquí.\n\n«La segunda parte la cierra», dijo Ana Ruiz.",
        D("La primera parte termina aquí.\n\n«La segunda parte la cierra", "Ana Ruiz")),
    # apostrophes, scare quotes, short and long quotes
    row("apostrophes-inside-quote", "en", "Ana Ruiz said: “I don’t think Russia’s plan will work at all.”",
        D("I don’t think Russia’s plan will work at all.", "Ana Ruiz")),
    row("apostrophes-not-quotes", "en", "The students’ union and the teachers’ union met Ana Ruiz’s team."),
    row("elided-years-not-quotes", "en", "She remembered the ‘90s and the ’80s fondly."),
    row("scare-so-called-not-speech", "en", "The so-called “reforms” hurt workers."),
    row("scare-short-term-not-speech", "en", "The government called the protesters “terrorists” on Friday."),
    row("scare-es-supuestas-not-speech", "es", "Las supuestas «reformas» no convencen a nadie."),
    row("short-quote-with-cue-is-speech", "en", "“Never again,” said Ana Ruiz.", D("Never again,", "Ana Ruiz")),
    row("long-quote-without-cue", "en", "“This is the beginning of a long process for all of us.”",
        D("This is the beginning of a long process for all of us.")),
    # English reporting patterns
    row("en-said-that", "en", "Ana Ruiz said that the bridge would reopen in May.",
        R("the bridge would reopen in May", "Ana Ruiz")),
    row("en-said-bare", "en", "Ana Ruiz said the bridge would reopen in May.",
        R("the bridge would reopen in May", "Ana Ruiz")),
    row("en-according-to-leading", "en", "According to Ana Ruiz, the bridge will reopen in May.",
        R("the bridge will reopen in May", "Ana Ruiz")),
    row("en-according-to-trailing", "en", "The bridge will reopen in May, according to Ana Ruiz.",
        R("The bridge will reopen in May", "Ana Ruiz")),
    row("en-noted-that", "en", "Ana Ruiz noted that the bridge would reopen in May.",
        R("the bridge would reopen in May", "Ana Ruiz")),
    row("en-stressed-that", "en", "Ana Ruiz stressed that the bridge would reopen in May.",
        R("the bridge would reopen in May", "Ana Ruiz")),
    row("en-warned-that", "en", "Ana Ruiz warned that the bridge could collapse.",
        R("the bridge could collapse", "Ana Ruiz")),
    row("en-claimed-that", "en", "Ana Ruiz claimed that the bridge was safe.", R("the bridge was safe", "Ana Ruiz")),
    row("en-told-reporters-that", "en", "Ana Ruiz told reporters that the bridge would reopen in May.",
        R("the bridge would reopen in May", "Ana Ruiz")),
    row("en-specified-that", "en", "Ana Ruiz specified that the bridge would reopen in May.",
        R("the bridge would reopen in May", "Ana Ruiz")),
    row("en-highlighted-that", "en", "Ana Ruiz highlighted that the bridge would reopen in May.",
        R("the bridge would reopen in May", "Ana Ruiz")),
    row("en-described-as", "en", "Ana Ruiz described the meeting as positive.",
        R("the meeting as positive", "Ana Ruiz")),
    row("en-adding-that", "en", "“We will rebuild the bridge,” Ana Ruiz said, adding that work would start in May.",
        D("We will rebuild the bridge,", "Ana Ruiz"), R("work would start in May", "Ana Ruiz")),
    row("en-said-colon", "en", "Ana Ruiz said: “We will rebuild the bridge by May.”",
        D("We will rebuild the bridge by May.", "Ana Ruiz")),
    row("en-said-that-quote", "en", "Ana Ruiz said that “the bridge will reopen in May.”",
        D("the bridge will reopen in May.", "Ana Ruiz")),
    row("en-partial-quote", "en", "Ana Ruiz said the city would “rebuild the bridge before the rainy season”.",
        D("rebuild the bridge before the rainy season", "Ana Ruiz")),
    row("en-clause-cut-by-next-cue", "en",
        "Ana Ruiz said that the vote was close, while Pedro Gómez stressed that turnout was low.",
        R("the vote was close", "Ana Ruiz"), R("turnout was low", "Pedro Gómez")),
    row("en-relative-clause", "en", "Carlos Faria, who met his counterpart, said that ties were strong.",
        R("ties were strong", "Carlos Faria")),
    # Spanish reporting patterns
    row("es-dijo-que", "es", "Ana Ruiz dijo que el puente abrirá en mayo.", R("el puente abrirá en mayo", "Ana Ruiz")),
    row("es-afirmo-que", "es", "Ana Ruiz afirmó que el puente abrirá en mayo.",
        R("el puente abrirá en mayo", "Ana Ruiz")),
    row("es-aseguro-que", "es", "Ana Ruiz aseguró que el puente abrirá en mayo.",
        R("el puente abrirá en mayo", "Ana Ruiz")),
    row("es-senalo-que", "es", "Ana Ruiz señaló que el puente abrirá en mayo.",
        R("el puente abrirá en mayo", "Ana Ruiz")),
    row("es-indico-que", "es", "Ana Ruiz indicó que el puente abrirá en mayo.",
        R("el puente abrirá en mayo", "Ana Ruiz")),
    row("es-denuncio-que", "es", "Ana Ruiz denunció que hubo fraude en la obra.",
        R("hubo fraude en la obra", "Ana Ruiz")),
    row("es-advirtio-que", "es", "Ana Ruiz advirtió que el puente podría caer.",
        R("el puente podría caer", "Ana Ruiz")),
    row("es-destaco-que", "es", "Ana Ruiz destacó que el puente abrirá en mayo.",
        R("el puente abrirá en mayo", "Ana Ruiz")),
    row("es-segun", "es", "Según Ana Ruiz, el puente abrirá en mayo.", R("el puente abrirá en mayo", "Ana Ruiz")),
    row("es-de-acuerdo-con", "es", "De acuerdo con la fiscal Ana Torres, el caso sigue abierto.",
        R("el caso sigue abierto", "Ana Torres")),
    row("es-relato", "es", "“Salimos a las cuatro de la mañana”, relató Nelson Urdaneta.",
        D("Salimos a las cuatro de la mañana", "Nelson Urdaneta")),
    row("es-afirmo-after-quote", "es", "“Vamos a reconstruir el puente”, afirmó Ana Ruiz.",
        D("Vamos a reconstruir el puente", "Ana Ruiz")),
    row("es-aseguro-colon", "es", "Ana Ruiz aseguró: «Vamos a reconstruir el puente».",
        D("Vamos a reconstruir el puente", "Ana Ruiz")),
    row("es-califico-como", "es", "La presidenta Dilma Rousseff calificó el juicio como un golpe.",
        R("el juicio como un golpe", "Dilma Rousseff")),
    row("es-dialogue-dash", "es", "—Vamos a ganar esta batalla —dijo Ana Ruiz—. Lo haremos juntos, como siempre.",
        D("Vamos a ganar esta batalla", "Ana Ruiz"), D("Lo haremos juntos, como siempre.", "Ana Ruiz")),
    # word order, neighbouring sentences, pronouns
    row("inverted-title-name", "en", "“We will rebuild the bridge,” said Mayor Ana Ruiz.",
        D("We will rebuild the bridge,", "Ana Ruiz")),
    row("inverted-es-title-name", "es", "«Vamos a seguir trabajando por la paz», aseguró el presidente Luis Arce.",
        D("Vamos a seguir trabajando por la paz", "Luis Arce")),
    row("split-quote", "en", "“We are going,” Ana Ruiz said, “to win this vote.”",
        D("We are going,", "Ana Ruiz"), D("to win this vote.", "Ana Ruiz")),
    row("quote-after-attributed-sentence", "en",
        "“We had a good meeting,” Ana Ruiz said. “We reviewed everything in detail.”",
        D("We had a good meeting,", "Ana Ruiz"), D("We reviewed everything in detail.", "Ana Ruiz")),
    row("cue-in-paragraph-before", "en", "Ana Ruiz said:\n\n“We will rebuild the bridge by May.”",
        D("We will rebuild the bridge by May.", "Ana Ruiz")),
    row("pronoun-last-speaker", "en", "“We will rebuild the bridge,” said Ana Ruiz. “It will take a year,” she added.",
        D("We will rebuild the bridge,", "Ana Ruiz"), D("It will take a year,", "Ana Ruiz")),
    row("pronoun-reported", "en",
        "“We will rebuild the bridge,” said Ana Ruiz. She added that work would start in May.",
        D("We will rebuild the bridge,", "Ana Ruiz"), R("work would start in May", "Ana Ruiz")),
    row("pronoun-without-speaker", "en", "“We will rebuild the bridge,” she said.", D("We will rebuild the bridge,")),
    row("pronoun-sentence-subject", "en",
        "“We will win,” said Ana Ruiz. Union leader Pedro Gómez welcomed the plan. “It is a start,” he said.",
        D("We will win,", "Ana Ruiz"), D("It is a start,", "Pedro Gómez")),
    row("pronoun-after-opening-phrase", "en",
        "Every Sunday before dawn, Justina Colque walks to the market.\n\n“My grandmother taught me "
        "to weave,” she says.",
        D("My grandmother taught me to weave,", "Justina Colque")),
    row("pronoun-gender", "en",
        "“We will win,” said Pedro Gómez. “It will be hard,” said Ana Ruiz. She added that the vote was close. "
        "“We are ready,” he said.",
        D("We will win,", "Pedro Gómez"), D("It will be hard,", "Ana Ruiz"), R("the vote was close", "Ana Ruiz"),
        D("We are ready,", "Pedro Gómez")),
    row("es-pro-drop", "es", "“Vamos a reconstruir el puente”, dijo Ana Ruiz. “Tardará un año”, añadió.",
        D("Vamos a reconstruir el puente", "Ana Ruiz"), D("Tardará un año", "Ana Ruiz")),
    row("fr-inverted-pronoun", "fr",
        "« Nous allons reconstruire le pont », a déclaré Paul Martin. « Cela prendra un an », a-t-il ajouté.",
        D("Nous allons reconstruire le pont", "Paul Martin"), D("Cela prendra un an", "Paul Martin")),
    # titles and roles
    row("role-head-of-state", "en",
        "The President of Venezuela, Nicolás Maduro, met Yuri Borisov. “Our ties are strong,” said "
        "the Venezuelan head of state.",
        D("Our ties are strong,", "Nicolás Maduro")),
    row("title-surname-full-name", "en",
        "The President of Venezuela, Nicolás Maduro, arrived. President Maduro said that the talks went well.",
        R("the talks went well", "Nicolás Maduro")),
    row("role-es-mandatario", "es",
        "El presidente de Venezuela, Nicolás Maduro, llegó a Moscú. El mandatario venezolano destacó "
        "que habrá más acuerdos.",
        R("habrá más acuerdos", "Nicolás Maduro")),
    row("role-the-minister", "en",
        "Foreign Minister Yván Gil met the envoy. The minister said that the talks went well.",
        R("the talks went well", "Yván Gil")),
    row("role-former-president", "en",
        "The former president, Evo Morales, met President Luis Arce. The former president said that "
        "the vote was rigged.",
        R("the vote was rigged", "Evo Morales")),
    row("role-place-picks-person", "en",
        "Russian President Vladimir Putin met Venezuelan President Nicolás Maduro. The Russian "
        "president said that ties were strong.",
        R("ties were strong", "Vladimir Putin")),
    row("role-indefinite-unresolved", "en",
        "Foreign Minister Yván Gil arrived. A minister said that the talks went well.",
        R("the talks went well")),
    row("role-unknown-unresolved", "es", "«El país no se rendirá ante las amenazas», afirmó el mandatario venezolano.",
        D("El país no se rendirá ante las amenazas")),
    row("accents-merge", "en", "“We will win,” said Nicolas Maduro. Later Nicolás Maduro said that the vote was clean.",
        D("We will win,", "Nicolás Maduro"), R("the vote was clean", "Nicolás Maduro")),
    row("inverted-occupation-name", "en", "“The reefs are dying,” said marine ecologist Ratna Sumardi.",
        D("The reefs are dying,", "Ratna Sumardi")),
    row("es-occupation-after-article", "es", "«Llevamos años pidiendo ayuda», dijo la concejala Marcela Ardiles.",
        D("Llevamos años pidiendo ayuda", "Marcela Ardiles")),
    row("es-unknown-title-apposition", "es",
        "El subsecretario del Medio Ambiente, Cristóbal Henríquez, explicó que el reciclaje crecerá.",
        R("el reciclaje crecerá", "Cristóbal Henríquez")),
    row("describe-with-quote", "en", "Governor Ana Ruiz described the deal as “a debt settled with the countryside.”",
        D("a debt settled with the countryside.", "Ana Ruiz")),
    row("two-speakers", "en",
        "“We need more money for schools,” said John Smith. “We will not give up,” said Ana Ruiz.",
        D("We need more money for schools,", "John Smith"), D("We will not give up,", "Ana Ruiz")),
    row("unnamed-officials", "en", "Officials said that the bridge would reopen in May.",
        R("the bridge would reopen in May")),
    row("name-after-preposition-not-speaker", "en", "Analysts in Manila said the patrols would raise tensions.",
        R("the patrols would raise tensions")),
    row("one-word-name-known-from-elsewhere", "es",
        "Nicolás Maduro llegó a Moscú. Maduro dijo que la visita fue un éxito.",
        R("la visita fue un éxito", "Nicolás Maduro")),
    row("capitalised-noun-not-a-name", "en", "Brokers said prices rose by a tenth this week.",
        R("prices rose by a tenth this week")),
    row("cue-word-used-as-noun", "en", "Ana Ruiz rejected the claims that the bridge was unsafe."),
    row("time-word-before-clause", "en", "The coast guard said Tuesday it would double its patrols.",
        R("it would double its patrols")),
    row("unnamed-ministry", "en", "The ministry said that the bridge would reopen in May.",
        R("the bridge would reopen in May")),
    # Portuguese, French, Italian, and no language
    row("pt-disse-que", "pt", "O ministro João Silva disse que a economia vai crescer.",
        R("a economia vai crescer", "João Silva")),
    row("pt-after-quote", "pt", "“Vamos vencer esta batalha juntos”, disse o presidente Lula da Silva.",
        D("Vamos vencer esta batalha juntos", "Lula da Silva")),
    row("pt-segundo", "pt", "Segundo a ministra Ana Costa, a obra termina em maio.",
        R("a obra termina em maio", "Ana Costa")),
    row("fr-selon", "fr", "Selon le maire Paul Martin, le pont sera rouvert en mai.",
        R("le pont sera rouvert en mai", "Paul Martin")),
    row("fr-a-souligne-qu", "fr", "Le président Emmanuel Macron a souligné qu'il fallait agir vite.",
        R("il fallait agir vite", "Emmanuel Macron")),
    row("it-ha-detto-che", "it", "Il sindaco Marco Rossi ha detto che il ponte riaprirà a maggio.",
        R("il ponte riaprirà a maggio", "Marco Rossi")),
    row("it-after-quote", "it", "«Non ci arrenderemo mai davanti a nessuno», ha detto il sindaco Marco Rossi.",
        D("Non ci arrenderemo mai davanti a nessuno", "Marco Rossi")),
    row("language-none-merges", None, "«Vamos a ganar la votación», dijo Ana Ruiz.",
        D("Vamos a ganar la votación", "Ana Ruiz")),
]


@pytest.mark.parametrize("language, text, expected", QUOTES)
def test_quotes(language, text, expected):
    """Exactly these quotes, kinds and speakers, in text order."""
    _, result = found(text, language)
    assert [(q.kind, q.text, q.speaker) for q in result.quotes] == expected


# --------------------------------------------------------------------------------------------
# Unbalanced marks: a note, no exception, and the rest of the article still read

UNBALANCED = [
    pytest.param("en", "“We will win the vote, said Ana Ruiz.\n\nAna Ruiz told reporters that the vote was close.",
                 [R("the vote was close", "Ana Ruiz")], [0], id="opening-mark-never-closed"),
    pytest.param("en", "The vote was close” and Ana Ruiz said that she would run again.",
                 [R("she would run again", "Ana Ruiz")], [18], id="closing-mark-never-opened"),
    pytest.param("es", "«Vamos a ganar, dijo Ana Ruiz.\n\n«Lo haremos», afirmó Pedro Gómez.",
                 [D("Vamos a ganar, dijo Ana Ruiz.\n\n«Lo haremos", "Pedro Gómez")], [],
                 id="reopened-next-paragraph-continues"),
    pytest.param("en", "“It will rain, she said.\n\nThe match was postponed.", [], [0],
                 id="open-mark-before-plain-paragraph"),
    pytest.param("en", "Ana Ruiz said: “We will ‘win this vote.”", [D("We will ‘win this vote.", "Ana Ruiz")], [24],
                 id="inner-mark-left-open"),
]


@pytest.mark.parametrize("language, text, expected, note_starts", UNBALANCED)
def test_unbalanced_marks(language, text, expected, note_starts):
    """An unpaired mark is a note at its offset; the quotes around it are still found."""
    doc, result = found(text, language)
    notes = [n for n in result.notes if n.code == "unbalanced-quote"]
    assert [n.start for n in notes] == note_starts
    assert all(doc.text[n.start:n.end] in "“”«»\"‘„" for n in notes)
    assert [(q.kind, q.text, q.speaker) for q in result.quotes] == expected


# --------------------------------------------------------------------------------------------
# Short quoted terms: labels for the framing analyser, not speech

TERMS = [
    pytest.param("en", "The so-called “reforms” hurt workers.", ["reforms"], id="so-called"),
    pytest.param("en", "The government called the protesters “terrorists” on Friday.", ["terrorists"], id="one-word"),
    pytest.param("en", "He praised the “historic peace deal” in a speech.", ["historic peace deal"], id="three-words"),
    pytest.param("es", "El llamado «socialismo del siglo XXI» fracasó.", ["socialismo del siglo XXI"],
                 id="es-llamado-long-term"),
    pytest.param("en", "“Never again,” said Ana Ruiz.", [], id="short-speech-is-no-term"),
]


@pytest.mark.parametrize("language, text, terms", TERMS)
def test_short_quoted_terms(language, text, terms):
    """Short quoted terms without a cue are offered to the framing analyser and are not quotes."""
    doc = from_text(text)
    assert [doc.text[s:e] for s, e in short_quoted_terms(doc, language)] == terms
    assert not [q for q in find_quotes(doc, language).quotes if q.text in terms]


# --------------------------------------------------------------------------------------------
# Sources: one per person, names merged, titles and mentions as stated

SOURCES = [
    pytest.param(
        "en", "The President of Venezuela, Nicolás Maduro, met Yuri Borisov. “Our ties are strong,” said the "
              "Venezuelan head of state. President Maduro said that the talks went well.",
        [("Nicolás Maduro", 2, ["The President of Venezuela", "the Venezuelan head of state", "President"],
          ["The President of Venezuela", "Nicolás Maduro", "the Venezuelan head of state", "President Maduro"])],
        id="full-name-title-and-role-merge"),
    pytest.param(
        "en", "“We need more money for schools,” said John Smith. “We will not give up,” said Ana Ruiz. "
              "“Nor will we,” Ana Ruiz added.",
        [("Ana Ruiz", 2, [], ["Ana Ruiz"]), ("John Smith", 1, [], ["John Smith"])],
        id="most-quoted-first"),
    pytest.param(
        "en", "Ana Ruiz said that the vote was close. John Smith said that it was not.",
        [("Ana Ruiz", 1, [], ["Ana Ruiz"]), ("John Smith", 1, [], ["John Smith"])],
        id="ties-by-first-appearance"),
    pytest.param(
        "es", "La alcaldesa Marta Díaz afirmó que el puente abrirá. Díaz añadió que la obra costará menos.",
        [("Marta Díaz", 2, ["alcaldesa"], ["La alcaldesa Marta Díaz", "Díaz"])],
        id="es-surname-merges"),
    pytest.param("en", "Officials said that the bridge would reopen in May.", [], id="unnamed-is-no-source"),
]


@pytest.mark.parametrize("language, text, expected", SOURCES)
def test_sources(language, text, expected):
    """The sources table: name, number of quotes, titles and mentions."""
    _, result = found(text, language)
    assert [(s.name, s.quotes, s.titles, s.mentions) for s in result.sources] == expected


def test_source_words_add_up():
    """A source's words are the words of its quotes."""
    _, result = found("“We will rebuild the bridge,” said Ana Ruiz. She added that work would start in May.", "en")
    (source,) = result.sources
    assert source.words == sum(q.words for q in result.quotes) == 10


# --------------------------------------------------------------------------------------------
# Voices and notes


def test_voice_at():
    """Inside a direct quote is quoted, inside a statement reported, elsewhere the writer's."""
    text = "“We will rebuild the bridge,” said Ana Ruiz. She added that work would start in May."
    doc, result = found(text, "en")
    at = lambda word: (doc.text.index(word), doc.text.index(word) + len(word))  # noqa: E731
    assert result.voice_at(*at("rebuild")) == ("quoted", "Ana Ruiz")
    assert result.voice_at(*at("start")) == ("reported", "Ana Ruiz")
    assert result.voice_at(*at("added")) == ("authorial", None)
    assert result.voice_at(at("bridge")[0], at("Ruiz")[1]) == ("authorial", None)


def test_unsupported_language_is_a_note():
    """A language without cues uses every language's cues and says so."""
    _, result = found("„Wir werden gewinnen, das ist sicher“, sagte Olaf Scholz.", "de")
    assert [n.code for n in result.notes] == ["language-unsupported"]
    assert [(q.kind, q.text) for q in result.quotes] == [("direct", "Wir werden gewinnen, das ist sicher")]


def test_unresolved_role_is_a_note():
    """A role that points at nobody named is left without a speaker, with a note that says so."""
    doc, result = found("«El país no se rendirá ante las amenazas», afirmó el mandatario venezolano.", "es")
    (note,) = result.notes
    assert note.code == "unresolved-speaker"
    assert doc.text[note.start:note.end] == "el mandatario venezolano"


def test_conflicting_cues_keep_the_tag_and_note_the_other():
    """A verb right after the quote beats a cue before it that names someone else; that one becomes a note."""
    doc, result = found("Ana Ruiz said: “We will win this vote,” said John Smith.", "en")
    assert [(q.text, q.speaker) for q in result.quotes] == [("We will win this vote,", "John Smith")]
    (note,) = result.notes
    assert note.code == "speaker-conflict" and doc.text[note.start:note.end] == "Ana Ruiz"


def test_speaker_offsets_point_at_the_mention():
    """speaker_start/speaker_end point at the words that name the speaker."""
    doc, result = found("“We will rebuild the bridge,” said Mayor Ana Ruiz.", "en")
    (quote,) = result.quotes
    assert doc.text[quote.speaker_start:quote.speaker_end] == "Mayor Ana Ruiz"
    assert quote.cue == "said" and quote.words == 5


# --------------------------------------------------------------------------------------------
# The rules' own examples (data/quotes.toml)

EXAMPLES = tomllib.loads((resources.files("provlens") / "data" / "quotes.toml").read_text(encoding="utf-8"))["example"]


@pytest.mark.parametrize("example", EXAMPLES, ids=[e["id"] for e in EXAMPLES])
def test_data_examples(example):
    """Each example in the data file gives the quotes it lists."""
    _, result = found(example["text"], example["language"])
    expected = [(kind, text, speaker or None) for kind, text, speaker in example["quotes"]]
    assert [(q.kind, q.text, q.speaker) for q in result.quotes] == expected


# --------------------------------------------------------------------------------------------
# The reference article


@pytest.fixture(scope="module")
def reference():
    """The reference article and its findings, read once."""
    doc = load_path(REFERENCE)
    return doc, find_quotes(doc, "en")


def test_reference_every_quote_is_maduro(reference):
    """Every direct quote and reported statement is Nicolás Maduro's."""
    _, result = reference
    assert len([q for q in result.quotes if q.kind == "direct"]) == 7
    assert {q.speaker for q in result.quotes} == {"Nicolás Maduro"}


def test_reference_specified_that(reference):
    """“President Maduro specified that …” is his."""
    _, result = reference
    (quote,) = [q for q in result.quotes if q.cue == "specified"]
    assert quote.text.startswith("the Commander in Chief, Vladimir Padrino") and quote.speaker == "Nicolás Maduro"


def test_reference_noted_that(reference):
    """“President Maduro noted that relations …” is a reported statement of his."""
    _, result = reference
    (quote,) = [q for q in result.quotes if q.cue == "noted"]
    assert quote.kind == "reported" and quote.speaker == "Nicolás Maduro"
    assert quote.text.startswith("relations between Russia and Venezuela are advancing")
    assert quote.text.endswith("leading to a stronger historical bond")


def test_reference_highlighted_that(reference):
    """“The Venezuelan president highlighted that …” resolves to Maduro."""
    doc, result = reference
    (quote,) = [q for q in result.quotes if q.cue == "highlighted"]
    assert (quote.kind, quote.speaker) == ("reported", "Nicolás Maduro")
    assert quote.text == "energy cooperation was also examined during the meeting with Borisov"
    assert doc.text[quote.speaker_start:quote.speaker_end] == "The Venezuelan president"


def test_reference_described_as(reference):
    """“President Maduro described the meeting as positive” is his."""
    _, result = reference
    (quote,) = [q for q in result.quotes if q.cue == "described"]
    assert (quote.kind, quote.text, quote.speaker) == ("reported", "the meeting as positive", "Nicolás Maduro")


def test_reference_head_of_state(reference):
    """The first quote, said by “the Venezuelan head of state”, is Maduro's."""
    doc, result = reference
    first = result.quotes[0]
    assert first.text.startswith("We have ratified the path") and first.speaker == "Nicolás Maduro"
    assert doc.text[first.speaker_start:first.speaker_end] == "the Venezuelan head of state"


def test_reference_single_source(reference):
    """The sources table has one entry, with every quote, the titles and mentions as stated."""
    _, result = reference
    (source,) = result.sources
    assert source.name == "Nicolás Maduro" and source.quotes == len(result.quotes) == 10
    assert source.words == sum(q.words for q in result.quotes)
    assert "President" in source.titles and "the Venezuelan head of state" in source.titles
    assert {"Nicolás Maduro", "President Maduro", "The Venezuelan president"} <= set(source.mentions)


def test_reference_notes_nothing(reference):
    """The reference article's marks all pair up."""
    _, result = reference
    assert result.notes == ()


def test_reference_speed(reference):
    """Well under a few milliseconds per article, even on a slow machine (the report has the real figure)."""
    doc, _ = reference
    runs = 50
    seconds = min(timeit.repeat(lambda: find_quotes(doc, "en"), number=runs, repeat=3)) / runs
    assert seconds < 0.01


# --------------------------------------------------------------------------------------------
# Random text

PIECES = st.sampled_from([
    "said", "that", "dijo", "que", "según", "according to", "Maduro", "President", "Ana Ruiz", "the", "el",
    "presidente", "he", "she", "él", "a-t-il", "—", "–", ",", ".", ":", ";", "!", " ", " ", " ", "\n", "\n\n",
    "“", "”", "«", "»", "‹", "›", "‘", "’", '"', "'", "„", "‚", "don’t", "l'État", "qu'il", "İ", "ß", "(", ")",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=3)), max_size=80).map("".join)


@given(TEXTS, st.sampled_from([None, "en", "es", "pt", "fr", "it", "de"]))
@settings(max_examples=400, deadline=None)
def test_random_text_never_raises_and_offsets_hold(text, language):
    """Any text: no exception, and every offset points at the text it claims."""
    try:
        doc = from_text(text)
    except InputError:
        reject()
    result = find_quotes(doc, language)
    n = len(doc.text)
    for q in result.quotes:
        assert 0 <= q.start <= q.end <= n and doc.text[q.start:q.end] == q.text
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start < q.speaker_end <= n
        assert result.voice_at(q.start, q.end)[0] in ("quoted", "reported")
    assert all(a.end <= b.start for a, b in zip(result.quotes, result.quotes[1:]))
    for note in result.notes:
        assert note.start is None or 0 <= note.start <= note.end <= n
    assert sum(s.quotes for s in result.sources) == sum(q.speaker is not None for q in result.quotes)
    for s, e in short_quoted_terms(doc, language):
        assert 0 <= s < e <= n


def test_unsupported_languages_share_one_merged_table():
    """Any number of unsupported language codes builds the merged cue table once, not once per code."""
    from provlens.analysers import quotes

    doc = from_text("The minister said on Monday that the plan would go ahead as agreed.", source="t")
    before = quotes._lexicon.cache_info().currsize
    for code in [f"x{i}" for i in range(40)]:
        found = find_quotes(doc, code)
        assert "language-unsupported" in [n.code for n in found.notes]
    assert quotes._lexicon.cache_info().currsize <= before + 1
