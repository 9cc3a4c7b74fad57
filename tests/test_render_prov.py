"""W3C PROV renderer: exact relations, stable identifiers, and PROV-JSON/PROV-N that read back."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from test_render_jsonld import frozen_reference
from prov.constants import PROV_N_MAP, PROV_ROLE
from prov.identifier import Identifier, QualifiedName
from prov.model import Literal, ProvDocument

from provlens.analysers.credits import find_credits
from provlens.document import load_path
from provlens.models import (
    Annotation,
    Byline,
    Contributor,
    Evidence,
    Metadata,
    Outlet,
    PhotoCredit,
    Provenance,
    Translator,
)
from provlens.render.prov import (
    local_name,
    prov_json,
    prov_n,
    render_prov_json,
    render_prov_n,
    slugify,
    to_prov_document,
)

REFERENCE = Path(__file__).resolve().parent.parent / "samples" / "orinoco-tribune-2022-02-17-venezuela-russia.txt"

SYNTHETIC_TEXT = (
    'Por Ana "La Flaca" <Pérez> y Łukasz Żółć, corresponsal de Diario Ribera\n\n'
    "El río creció dos metros, según El Cronista.\n\n"
    "Foto: Zoë O’Brien (archivo).\n\n"
    "Traducción: Jose Nunez. Revisión: José Núñez y Martín Echeverry.\n\n"
    "Diario Ribera"
)

REFERENCE_RELATIONS = [
    ("wasAttributedTo", "original", "alba-ciudad"),
    ("wasGeneratedBy", "translated-article", "translation"),
    ("used", "translation", "original"),
    ("wasDerivedFrom", "translated-article", "original", "translation"),
    ("wasAssociatedWith", "translation", "orinoco-tribune", "translator"),
    ("alternateOf", "article", "translated-article"),
    ("wasGeneratedBy", "article", "publication"),
    ("used", "publication", "translated-article"),
    ("wasDerivedFrom", "article", "translated-article", "publication"),
    ("wasAttributedTo", "article", "orinoco-tribune"),
    ("wasAssociatedWith", "publication", "orinoco-tribune", "publisher"),
    ("wasAssociatedWith", "publication", "jre", "editorial staff"),
    ("actedOnBehalfOf", "jre", "orinoco-tribune", "publication"),
    ("wasAssociatedWith", "publication", "sl", "editorial staff"),
    ("actedOnBehalfOf", "sl", "orinoco-tribune", "publication"),
    ("used", "publication", "photo-1", "image"),
    ("wasAttributedTo", "photo-1", "zurimar-campos"),
    ("wasAttributedTo", "photo-1", "presidential-press"),
]

REFERENCE_ELEMENTS = {
    "article": ("entity", {"prov:type": "schema:NewsArticle", "schema:identifier": "ae318bf3bb9f7308",
                           "schema:datePublished": "2022-02-17", "schema:inLanguage": "en"}),
    "original": ("entity", {"prov:type": "schema:CreativeWork", "schema:inLanguage": "es"}),
    "alba-ciudad": ("agent", {"prov:type": "prov:Organization", "prov:label": "Alba Ciudad",
                              "schema:url": "https://albaciudad.org", "provlens:registryId": "alba-ciudad"}),
    "translation": ("activity", {"prov:type": "provlens:Translation"}),
    "translated-article": ("entity", {"prov:type": "schema:CreativeWork", "schema:inLanguage": "en"}),
    "orinoco-tribune": ("agent", {"prov:type": "prov:Organization", "prov:label": "Orinoco Tribune",
                                  "schema:url": "https://orinocotribune.com",
                                  "provlens:registryId": "orinoco-tribune"}),
    "publication": ("activity", {"prov:type": "provlens:Publication"}),
    "jre": ("agent", {"prov:type": "prov:Person", "prov:label": "JRE", "provlens:initials": "JRE"}),
    "sl": ("agent", {"prov:type": "prov:Person", "prov:label": "SL", "provlens:initials": "SL"}),
    "photo-1": ("entity", {
        "prov:type": "schema:ImageObject",
        "schema:caption": ("President Nicolás Maduro during the meeting with Russian Deputy Prime Minister"
                           " Yuri Borisov."),
        "schema:creditText": "Zurimar Campos (Presidential Press)"}),
    "zurimar-campos": ("agent", {"prov:type": "prov:Person", "prov:label": "Zurimar Campos"}),
    "presidential-press": ("agent", {"prov:type": "prov:Organization", "prov:label": "Presidential Press"}),
}

SYNTHETIC_RELATIONS = [
    ("wasGeneratedBy", "translated-article", "translation"),
    ("wasAssociatedWith", "translation", "jose-nunez", "translator"),
    ("wasAssociatedWith", "translation", "jose-nunez-2", "reviser"),
    ("wasAssociatedWith", "translation", "martin-echeverry", "reviser"),
    ("alternateOf", "article", "translated-article"),
    ("wasGeneratedBy", "article", "publication"),
    ("used", "publication", "translated-article"),
    ("wasDerivedFrom", "article", "translated-article", "publication"),
    ("wasAttributedTo", "article", "diario-ribera"),
    ("wasAssociatedWith", "publication", "diario-ribera", "publisher"),
    ("wasAssociatedWith", "publication", "ana-la-flaca-perez", "author"),
    ("wasAssociatedWith", "publication", "lukasz-zolc", "author"),
    ("actedOnBehalfOf", "lukasz-zolc", "diario-ribera", "publication"),
    ("used", "publication", "photo-1", "image"),
    ("wasAttributedTo", "photo-1", "zoe-obrien"),
    ("wasInfluencedBy", "article", "cited-el-cronista"),
]


# --------------------------------------------------------------------------------------------
# Annotations


def evidence(fragment: str) -> list[Evidence]:
    """Evidence pointing at `fragment` in the synthetic text, or page metadata when it is not there."""
    start = SYNTHETIC_TEXT.find(fragment)
    if start < 0:
        return [Evidence(text=fragment, rule="test.rule", confidence=0.9, origin="html-meta")]
    return [Evidence(start=start, end=start + len(fragment), text=fragment, rule="test.rule", confidence=0.9)]


def person(name: str, role: str) -> Contributor:
    """A credited person of the synthetic text."""
    return Contributor(name=name, role=role, confidence=0.9, evidence=evidence(name))


def synthetic(**changes: object) -> Annotation:
    """Bylines, a translator, revisers, a photo and a cited outlet, and no source outlet."""
    fields: dict[str, object] = dict(
        publisher=Outlet(name="Diario Ribera", domain="diarioribera.example", confidence=0.9,
                         evidence=evidence("Diario Ribera")),
        cited_outlets=[Outlet(name="El Cronista", confidence=0.6, evidence=evidence("El Cronista"))],
        bylines=[
            Byline(name='Ana "La Flaca" <Pérez>', confidence=0.9, evidence=evidence('Ana "La Flaca" <Pérez>')),
            Byline(name="Łukasz Żółć", role="corresponsal", affiliation="Diario Ribera", confidence=0.9,
                   evidence=evidence("Łukasz Żółć")),
        ],
        translators=[Translator(name="Jose Nunez", to_language="es", confidence=0.9,
                                evidence=evidence("Jose Nunez"))],
        revisers=[person("José Núñez", "reviser"), person("Martín Echeverry", "reviser")],
        photo_credits=[PhotoCredit(credit="Zoë O’Brien", markers=["file", "archive"], confidence=0.9,
                                   evidence=evidence("Zoë O’Brien"))],
        date="2021-03-03",
    )
    fields.update(changes)
    return Annotation(id="synthetic-1", source="synthetic.txt", text=SYNTHETIC_TEXT,
                      metadata=Metadata(title='El río "crece" <hoy>'), provenance=Provenance(**fields))


@pytest.fixture(scope="module")
def reference() -> Annotation:
    """The reference article with its credits frozen, so the renderer is tested on its own."""
    return frozen_reference()


# --------------------------------------------------------------------------------------------
# Reading a document back as plain values


def text_of(value: object) -> str:
    """A qualified name as its local part; any other value as its text."""
    return value.localpart if isinstance(value, QualifiedName) else str(value)


def value_text(value: object) -> str:
    """An attribute value as text: a qualified name with its prefix, a literal or a URI as written."""
    if isinstance(value, QualifiedName):
        return str(value)
    if isinstance(value, Literal):
        return value.value
    return value.uri if isinstance(value, Identifier) else str(value)


def relations(doc: ProvDocument) -> list[tuple[str, ...]]:
    """Each relation as (kind, its formal arguments that are set, then its prov:role if any)."""
    rows = []
    for record in doc.get_records():
        if record.is_relation():
            args = [text_of(value) for _, value in record.formal_attributes if value is not None]
            roles = [text_of(value) for value in record.get_attribute(PROV_ROLE)]
            rows.append((PROV_N_MAP[record.get_type()], *args, *roles))
    return rows


def elements(doc: ProvDocument) -> dict[str, tuple[str, dict[str, str]]]:
    """Each entity, activity and agent by local name: its kind and its attributes as text."""
    found = {}
    for record in doc.get_records():
        if record.is_element():
            attrs = {str(name): value_text(value) for name, value in record.attributes}
            found[record.identifier.localpart] = (PROV_N_MAP[record.get_type()], attrs)
    return found


# --------------------------------------------------------------------------------------------
# The graph


def test_reference_relations(reference: Annotation) -> None:
    """Alba Ciudad's original, translated by Orinoco Tribune, published with JRE and SL and a credited photo."""
    assert relations(to_prov_document(reference)) == REFERENCE_RELATIONS


def test_reference_elements(reference: Annotation) -> None:
    """The reference's entities, activities and agents, with exactly these attributes."""
    assert elements(to_prov_document(reference)) == REFERENCE_ELEMENTS


def test_reference_namespaces(reference: Annotation) -> None:
    """Project terms in urn:provlens:, schema.org terms, and the article's own identifier namespace."""
    prefixes = json.loads(render_prov_json(reference))["prefix"]
    assert prefixes == {"provlens": "urn:provlens:", "schema": "https://schema.org/",
                        "doc": "urn:provlens:article:ae318bf3bb9f7308:"}


def test_analysed_reference_relations() -> None:
    """End to end with the analyser: the reference's chain, photo and staff relations are all there."""
    doc = load_path(REFERENCE)
    found = find_credits(doc, language="en")
    ann = Annotation(id=doc.id, source=doc.source, text=doc.text, body_start=doc.body_start,
                     provenance=found.provenance)
    rows = relations(to_prov_document(ann))
    missing = [row for row in REFERENCE_RELATIONS if row not in rows]
    assert missing == []


def test_synthetic_relations() -> None:
    """Bylines, translator and revisers with no source outlet: no original, the rest exact."""
    doc = to_prov_document(synthetic())
    assert relations(doc) == SYNTHETIC_RELATIONS
    assert "original" not in elements(doc)


def test_synthetic_elements() -> None:
    """Accented, quoted and bracketed names keep their exact labels; slugs fold them."""
    found = elements(to_prov_document(synthetic()))
    assert found["ana-la-flaca-perez"] == ("agent", {"prov:type": "prov:Person",
                                                     "prov:label": 'Ana "La Flaca" <Pérez>'})
    assert found["lukasz-zolc"] == ("agent", {"prov:type": "prov:Person", "prov:label": "Łukasz Żółć",
                                              "schema:jobTitle": "corresponsal"})
    assert found["jose-nunez-2"][1]["prov:label"] == "José Núñez"
    assert found["article"][1]["prov:label"] == 'El río "crece" <hoy>'
    assert found["cited-el-cronista"] == ("entity", {"prov:type": "schema:CreativeWork",
                                                     "prov:label": "El Cronista", "schema:publisher": "El Cronista"})


def test_photo_markers_keep_their_order() -> None:
    """A photo's markers are all kept, in order, and the credit line names them."""
    content = json.loads(render_prov_json(synthetic()))
    photo = content["entity"]["doc:photo-1"]
    assert photo["provlens:marker"] == ["file", "archive"]
    assert photo["schema:creditText"] == "Zoë O’Brien (file, archive)"


def test_revisers_without_translation_join_the_publication() -> None:
    """With no translator, revisers take part in the publication and no translation is made up."""
    doc = to_prov_document(synthetic(translators=[]))
    rows = relations(doc)
    assert ("wasAssociatedWith", "publication", "martin-echeverry", "reviser") in rows
    assert "translation" not in elements(doc) and "translated-article" not in elements(doc)


def test_sources_without_translation_feed_the_publication() -> None:
    """Without a translator the publication uses the original and any further source directly."""
    sources = [Outlet(name="El Cronista", confidence=0.9, evidence=evidence("El Cronista")),
               Outlet(name="Diario Ribera", confidence=0.9, evidence=evidence("Diario Ribera"))]
    rows = relations(to_prov_document(synthetic(translators=[], source_outlets=sources, cited_outlets=[])))
    assert rows[:6] == [
        ("wasAttributedTo", "original", "el-cronista"),
        ("wasAttributedTo", "source-2", "diario-ribera"),
        ("wasGeneratedBy", "article", "publication"),
        ("used", "publication", "original"),
        ("wasDerivedFrom", "article", "original", "publication"),
        ("used", "publication", "source-2"),
    ]


def test_translation_by_another_organisation_is_not_the_article() -> None:
    """An organisation other than the publisher translated it: no alternateOf between the two."""
    team = Translator(name="El Cronista", kind="organisation", confidence=0.9, evidence=evidence("El Cronista"))
    rows = relations(to_prov_document(synthetic(translators=[team])))
    assert ("wasAssociatedWith", "translation", "el-cronista", "translator") in rows
    assert not [row for row in rows if row[0] == "alternateOf"]


def test_an_empty_article_is_published() -> None:
    """With no credits at all there is still the article and the publication that made it."""
    doc = to_prov_document(Annotation(id="x", source="-", text="Nothing credited here."))
    assert relations(doc) == [("wasGeneratedBy", "article", "publication")]


# --------------------------------------------------------------------------------------------
# Identifiers


@pytest.mark.parametrize(("name", "expected"), [
    ("Zurimar Campos", "zurimar-campos"),
    ("Nicolás Maduro", "nicolas-maduro"),
    ('Ana "La Flaca" <Pérez>', "ana-la-flaca-perez"),
    ("Łukasz Żółć", "lukasz-zolc"),
    ("Straße & Söhne", "strasse-sohne"),
    ("Zoë O’Brien", "zoe-obrien"),
    ("D'Alessandro", "dalessandro"),
    ("@MinAguaAndes", "minaguaandes"),
    ("  JRE  ", "jre"),
])
def test_slugify(name: str, expected: str) -> None:
    """Names fold to ASCII, lowercase and hyphens."""
    assert slugify(name) == expected


@pytest.mark.parametrize(("name", "pattern"), [
    ("20 Minutos", r"n-20-minutos"),
    ("Иван Петров", r"name-[0-9a-f]{8}"),
    ("«»", r"name-[0-9a-f]{8}"),
])
def test_local_name_starts_with_a_letter(name: str, pattern: str) -> None:
    """A name with no usable letters, or starting with a digit, still gives a valid local name."""
    assert re.fullmatch(pattern, local_name(name))
    assert local_name(name) == local_name(name)


def test_identifiers_are_unique_and_valid() -> None:
    """Colliding slugs and reserved names get a suffix; every local name is a plain QName part."""
    extra = [person("Publication", "editing"), person("Jose Nunez", "editing")]
    doc = to_prov_document(synthetic(contributors=extra))
    found = elements(doc)
    assert found["publication"][0] == "activity"
    assert found["publication-2"] == ("agent", {"prov:type": "prov:Person", "prov:label": "Publication"})
    assert ("wasAssociatedWith", "publication", "jose-nunez", "editing") in relations(doc)
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name) for name in found)


# --------------------------------------------------------------------------------------------
# PROV-JSON and PROV-N


@pytest.mark.parametrize("make", [frozen_reference, synthetic], ids=["reference", "synthetic"])
def test_prov_json_reads_back(make) -> None:
    """The prov package reads the PROV-JSON back, without a warning, as the same document."""
    ann = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = ProvDocument.deserialize(content=render_prov_json(ann), format="json")
    assert back == to_prov_document(ann)


@pytest.mark.parametrize("make", [frozen_reference, synthetic], ids=["reference", "synthetic"])
def test_prov_n_reads_back(make) -> None:
    """The prov package parses the PROV-N back, without a warning, as the same document."""
    ann = make()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        back = ProvDocument.deserialize(content=render_prov_n(ann), format="provn")
    assert back == to_prov_document(ann)


def test_names_survive_both_formats() -> None:
    """Quotes, accents and angle brackets come back exactly from PROV-JSON and PROV-N."""
    ann = synthetic()
    for text, fmt in ((render_prov_json(ann), "json"), (render_prov_n(ann), "provn")):
        back = elements(ProvDocument.deserialize(content=text, format=fmt))
        assert back["ana-la-flaca-perez"][1]["prov:label"] == 'Ana "La Flaca" <Pérez>'
        assert back["article"][1]["prov:label"] == 'El río "crece" <hoy>'
        assert back["lukasz-zolc"][1]["prov:label"] == "Łukasz Żółć"
    assert 'prov:label="Ana \\"La Flaca\\" <Pérez>"' in render_prov_n(ann)


@pytest.mark.parametrize("make", [frozen_reference, synthetic], ids=["reference", "synthetic"])
def test_renders_are_deterministic(make) -> None:
    """Two runs give the same bytes, and the helpers give what the renderers give."""
    ann = make()
    assert render_prov_json(ann) == render_prov_json(ann)
    assert render_prov_n(ann) == render_prov_n(ann)
    doc = to_prov_document(ann)
    assert (prov_json(doc), prov_n(doc)) == (render_prov_json(ann), render_prov_n(ann))


def test_renders_do_not_depend_on_hash_seed() -> None:
    """Fresh interpreters with different hash seeds write the same PROV-JSON and PROV-N."""
    script = ("import sys; from provlens.models import Annotation; "
              "from provlens.render.prov import render_prov_json, render_prov_n; "
              "ann = Annotation.model_validate_json(sys.stdin.read()); "
              "sys.stdout.write(render_prov_json(ann) + render_prov_n(ann))")
    payload = synthetic().model_dump_json()
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], input=payload, env=env, capture_output=True,
                              text=True, encoding="utf-8", check=True)
        outputs.add(done.stdout)
    assert outputs == {render_prov_json(synthetic()) + render_prov_n(synthetic())}


def test_prov_n_shape(reference: Annotation) -> None:
    """PROV-N opens with the document and its prefixes and ends with endDocument and a newline."""
    text = render_prov_n(reference)
    assert text.startswith("document\n  prefix provlens <urn:provlens:>\n  prefix schema <https://schema.org/>\n")
    assert text.endswith("endDocument\n")
    assert "wasAssociatedWith(doc:publication, doc:jre, -, [prov:role=\"editorial staff\"])" in text
