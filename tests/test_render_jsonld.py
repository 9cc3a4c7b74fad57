"""schema.org JSON-LD renderer: exact structure for the reference article and a synthetic one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provlens.analysers.credits import find_credits
from provlens.document import load_path
from provlens.models import (
    Annotation,
    Byline,
    ChainStep,
    Contributor,
    Dateline,
    EditorialTag,
    Evidence,
    Metadata,
    Outlet,
    PhotoCredit,
    Provenance,
    StaffMember,
    Translator,
)
from provlens.render.jsonld import credit_text, dateline_text, render_jsonld, to_jsonld

REFERENCE = Path(__file__).resolve().parent.parent / "samples" / "orinoco-tribune-2022-02-17-venezuela-russia.txt"

SYNTHETIC_TEXT = (
    'QUITO, March 3 (Agencia Norte) – By Ana "La Flaca" Pérez and José <Pepe> Núñez, staff writer.\n\n'
    "The river rose, according to Diario del Sur and El Cronista.\n\n"
    "Photo: Agencia Norte/File. Workers clear the road near Tumbaco.\n"
    "Photo: Lucía Ortiz (Ministerio de Obras), CC BY 2.0.\n\n"
    "Reporting by Daniela Cárdenas; Editing by Helen Strand. Revised by Martín Echeverry.\n\n"
    "NV/JRE/mc"
)

# The schema.org properties each type used here may carry (from schema.org's definitions).
SCHEMA_PROPERTIES = {
    "NewsArticle": {"identifier", "url", "headline", "datePublished", "inLanguage", "dateline", "publisher",
                    "author", "translator", "contributor", "translationOfWork", "isBasedOn", "citation", "image"},
    "CreativeWork": {"publisher", "inLanguage"},
    "Organization": {"name", "url"},
    "Person": {"name", "jobTitle", "affiliation", "alternateName"},
    "Role": {"roleName", "contributor"},
    "ImageObject": {"creator", "creditText", "caption", "license", "provider"},
}


def evidence(fragment: str, rule: str = "test.rule", text: str = SYNTHETIC_TEXT) -> list[Evidence]:
    """Evidence pointing at the first occurrence of `fragment` in the text."""
    start = text.index(fragment)
    return [Evidence(start=start, end=start + len(fragment), text=fragment, rule=rule, confidence=0.9)]


def outlet(name: str, domain: str | None = None) -> Outlet:
    """An outlet credited in the synthetic text."""
    return Outlet(name=name, domain=domain, confidence=0.9, evidence=evidence(name))


def synthetic(**changes: object) -> Annotation:
    """An article with bylines, revisers, a dateline, two photos, cited outlets and no translator."""
    fields: dict[str, object] = dict(
        publisher=outlet("Agencia Norte", "agencianorte.example"),
        cited_outlets=[outlet("Diario del Sur", "diariodelsur.example"), outlet("El Cronista")],
        bylines=[
            Byline(name='Ana "La Flaca" Pérez', confidence=0.9, evidence=evidence('Ana "La Flaca" Pérez')),
            Byline(name="José <Pepe> Núñez", role="staff writer", affiliation="Agencia Norte", confidence=0.9,
                   evidence=evidence("José <Pepe> Núñez")),
        ],
        revisers=[Contributor(name="Martín Echeverry", role="reviser", confidence=0.9,
                              evidence=evidence("Martín Echeverry"))],
        contributors=[
            Contributor(name="Daniela Cárdenas", role="reporting", confidence=0.9,
                        evidence=evidence("Daniela Cárdenas")),
            Contributor(name="Helen Strand", role="editing", confidence=0.9, evidence=evidence("Helen Strand")),
        ],
        dateline=Dateline(place="QUITO", agency="Agencia Norte", date_text="March 3", confidence=0.9,
                          evidence=evidence("QUITO")),
        photo_credits=[
            PhotoCredit(agency="Agencia Norte", markers=["file"], caption="Workers clear the road near Tumbaco.",
                        confidence=0.9, evidence=evidence("Agencia Norte/File")),
            PhotoCredit(credit="Lucía Ortiz", agency="Ministerio de Obras", license="CC BY 2.0",
                        confidence=0.9, evidence=evidence("Lucía Ortiz")),
        ],
        editorial_tags=[EditorialTag(raw="NV/JRE/mc", outlet_code="NV", initials=["JRE", "mc"],
                                     staff=[StaffMember(initials="JRE", name="Juan Ramón Espinoza"),
                                            StaffMember(initials="mc")],
                                     confidence=0.9, evidence=evidence("NV/JRE/mc"))],
        date="2021-03-03",
    )
    fields.update(changes)
    return Annotation(id="synthetic-1", source="synthetic.txt", text=SYNTHETIC_TEXT,
                      metadata=Metadata(title='Río "Grande" <crece>', url="https://agencianorte.example/rio"),
                      provenance=Provenance(**fields))


def frozen_reference() -> Annotation:
    """The reference article with its credits as a careful reader finds them (samples/README.md)."""
    doc = load_path(REFERENCE)

    def ev(fragment: str, rule: str, origin: str = "text") -> list[Evidence]:
        start = doc.text.rindex(fragment)
        return [Evidence(start=start, end=start + len(fragment), text=fragment, rule=rule, confidence=0.9,
                         origin=origin)]

    caption = "President Nicolás Maduro during the meeting with Russian Deputy Prime Minister Yuri Borisov."
    provenance = Provenance(
        source_outlets=[Outlet(name="Alba Ciudad", registry_id="alba-ciudad", domain="albaciudad.org",
                               language="es", kind="broadcaster", confidence=0.85,
                               evidence=ev("Alba Ciudad", "credits.source.paren_line"))],
        publisher=Outlet(name="Orinoco Tribune", registry_id="orinoco-tribune", code="OT",
                         domain="orinocotribune.com", language="en", kind="outlet", confidence=0.9,
                         evidence=ev("OT/JRE/SL", "credits.publisher.tag_code")),
        translators=[Translator(name="Orinoco Tribune", kind="organisation", from_language="es", to_language="en",
                                confidence=0.95, evidence=ev("Orinoco Tribune", "credits.translator.label"))],
        photo_credits=[PhotoCredit(credit="Zurimar Campos", agency="Presidential Press", caption=caption,
                                   confidence=0.95, evidence=ev("Zurimar Campos", "credits.photo.label"),
                                   caption_evidence=ev(caption, "credits.photo.caption")[0])],
        editorial_tags=[EditorialTag(raw="OT/JRE/SL", outlet="Orinoco Tribune", outlet_code="OT",
                                     initials=["JRE", "SL"],
                                     staff=[StaffMember(initials="JRE"), StaffMember(initials="SL")],
                                     confidence=0.9, evidence=ev("OT/JRE/SL", "credits.tag.upper"))],
        date="2022-02-17",
        original_language="es",
        chain=[ChainStep(step="original", actor="Alba Ciudad", role="original publication", language="es"),
               ChainStep(step="translation", actor="Orinoco Tribune", role="translation", language="en"),
               ChainStep(step="publication", actor="Orinoco Tribune", role="publication", language="en")],
    )
    return Annotation(id=doc.id, source=doc.source, text=doc.text, body_start=doc.body_start,
                      provenance=provenance)


@pytest.fixture(scope="module")
def reference() -> Annotation:
    """The reference article with its credits frozen, so the renderer is tested on its own."""
    return frozen_reference()


@pytest.fixture(scope="module")
def analysed_reference() -> Annotation:
    """The reference article as the credits analyser reads it today."""
    doc = load_path(REFERENCE)
    found = find_credits(doc, language="en")
    return Annotation(id=doc.id, source=doc.source, text=doc.text, body_start=doc.body_start,
                      provenance=found.provenance)


def organization(name: str, url: str | None = None) -> dict:
    """An expected Organization node."""
    return {"@type": "Organization", "name": name, **({"url": url} if url else {})}


def person(name: str, **more: object) -> dict:
    """An expected Person node."""
    return {"@type": "Person", "name": name, **more}


def role(role_name: str, name: str, **more: object) -> dict:
    """An expected Role node."""
    return {"@type": "Role", "roleName": role_name, "contributor": person(name, **more)}


REFERENCE_JSONLD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "identifier": "ae318bf3bb9f7308",
    "datePublished": "2022-02-17",
    "inLanguage": "en",
    "publisher": organization("Orinoco Tribune", "https://orinocotribune.com"),
    "translator": [organization("Orinoco Tribune", "https://orinocotribune.com")],
    "contributor": [role("editorial staff", "JRE"), role("editorial staff", "SL")],
    "translationOfWork": {
        "@type": "CreativeWork",
        "publisher": organization("Alba Ciudad", "https://albaciudad.org"),
        "inLanguage": "es",
    },
    "image": [{
        "@type": "ImageObject",
        "creator": [person("Zurimar Campos"), organization("Presidential Press")],
        "creditText": "Zurimar Campos (Presidential Press)",
        "caption": "President Nicolás Maduro during the meeting with Russian Deputy Prime Minister Yuri Borisov.",
    }],
}

SYNTHETIC_JSONLD = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "identifier": "synthetic-1",
    "url": "https://agencianorte.example/rio",
    "headline": 'Río "Grande" <crece>',
    "datePublished": "2021-03-03",
    "dateline": "QUITO (Agencia Norte)",
    "publisher": organization("Agencia Norte", "https://agencianorte.example"),
    "author": [
        person('Ana "La Flaca" Pérez'),
        person("José <Pepe> Núñez", jobTitle="staff writer",
               affiliation=organization("Agencia Norte", "https://agencianorte.example")),
    ],
    "contributor": [
        role("editorial staff", "Juan Ramón Espinoza", alternateName="JRE"),
        role("editorial staff", "mc"),
        role("reporting", "Daniela Cárdenas"),
        role("editing", "Helen Strand"),
        role("reviser", "Martín Echeverry"),
    ],
    "citation": [
        {"@type": "CreativeWork", "publisher": organization("Diario del Sur", "https://diariodelsur.example")},
        {"@type": "CreativeWork", "publisher": organization("El Cronista")},
    ],
    "image": [
        {
            "@type": "ImageObject",
            "creator": [organization("Agencia Norte", "https://agencianorte.example")],
            "creditText": "Agencia Norte (file)",
            "caption": "Workers clear the road near Tumbaco.",
        },
        {
            "@type": "ImageObject",
            "creator": [person("Lucía Ortiz"), organization("Ministerio de Obras")],
            "creditText": "Lucía Ortiz (Ministerio de Obras)",
            "license": "CC BY 2.0",
        },
    ],
}


def walk(value: object):
    """Yield every dict in a JSON value, outermost first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def test_reference_structure(reference: Annotation) -> None:
    """The reference article renders to exactly the expected NewsArticle."""
    assert to_jsonld(reference) == REFERENCE_JSONLD


def test_analysed_reference_carries_the_chain(analysed_reference: Annotation) -> None:
    """End to end with the analyser: Alba Ciudad translated by Orinoco Tribune, photo and staff credited."""
    node = to_jsonld(analysed_reference)
    assert node["translationOfWork"] == REFERENCE_JSONLD["translationOfWork"]
    assert node["publisher"] == REFERENCE_JSONLD["publisher"]
    assert node["image"][0] == REFERENCE_JSONLD["image"][0]
    assert node["contributor"] == REFERENCE_JSONLD["contributor"]


def test_reference_key_order(reference: Annotation) -> None:
    """Keys come in a fixed order, context and type first."""
    assert list(to_jsonld(reference)) == list(REFERENCE_JSONLD)


def test_synthetic_structure() -> None:
    """Bylines, revisers, dateline, two photos and citations render exactly; no translator, no translationOfWork."""
    assert to_jsonld(synthetic()) == SYNTHETIC_JSONLD


def test_no_translation_of_work_without_translator() -> None:
    """A source outlet with no translator is something the article is based on, not a translation."""
    ann = synthetic(source_outlets=[outlet("El Cronista")])
    node = to_jsonld(ann)
    assert "translationOfWork" not in node
    assert node["isBasedOn"] == [{"@type": "CreativeWork", "publisher": organization("El Cronista")}]


def test_no_translation_of_work_without_source() -> None:
    """A translator with no source outlet names the translator and nothing it translated."""
    translator = Translator(name="Lucía Ortiz", confidence=0.9, evidence=evidence("Lucía Ortiz"))
    node = to_jsonld(synthetic(translators=[translator], original_language="es"))
    assert "translationOfWork" not in node
    assert node["translator"] == [person("Lucía Ortiz")]


def test_further_sources_are_based_on() -> None:
    """With a translation, the first source is the translated work and the others are bases."""
    translator = Translator(name="Agencia Norte", kind="organisation", confidence=0.9,
                            evidence=evidence("Agencia Norte"))
    ann = synthetic(translators=[translator], original_language="pt",
                    source_outlets=[outlet("Diario del Sur", "diariodelsur.example"), outlet("El Cronista")])
    node = to_jsonld(ann)
    assert node["translationOfWork"] == {
        "@type": "CreativeWork",
        "publisher": organization("Diario del Sur", "https://diariodelsur.example"),
        "inLanguage": "pt",
    }
    assert node["isBasedOn"] == [{"@type": "CreativeWork", "publisher": organization("El Cronista")}]
    assert node["translator"] == [organization("Agencia Norte", "https://agencianorte.example")]


def test_empty_annotation_has_only_the_essentials() -> None:
    """An article with no credits gives the context, the type and its id, and no nulls."""
    ann = Annotation(id="x", source="-", text="Nothing credited here.")
    assert to_jsonld(ann) == {"@context": "https://schema.org", "@type": "NewsArticle", "identifier": "x"}


@pytest.mark.parametrize("make", [frozen_reference, synthetic], ids=["reference", "synthetic"])
def test_no_nulls_and_known_properties(make) -> None:
    """No value is null or empty, and every node uses only schema.org properties of its type."""
    node = to_jsonld(make())
    for item in walk(node):
        assert all(value not in (None, "", [], {}) for value in item.values())
        assert set(item) - {"@context", "@type"} <= SCHEMA_PROPERTIES[item["@type"]]


def test_render_is_the_dict_as_json(reference: Annotation) -> None:
    """The text is the dict dumped with two-space indent, unescaped non-ASCII and a final newline."""
    text = render_jsonld(reference)
    assert text.endswith("}\n")
    assert json.loads(text) == to_jsonld(reference)
    assert "Nicolás" in text
    assert text.startswith('{\n  "@context": "https://schema.org",\n  "@type": "NewsArticle",')


def test_render_is_deterministic(reference: Annotation) -> None:
    """Two renders of the same annotation are the same bytes."""
    assert render_jsonld(reference) == render_jsonld(reference)
    assert render_jsonld(synthetic()) == render_jsonld(synthetic())


def test_quotes_accents_and_brackets_survive() -> None:
    """Names with quotes, accents and angle brackets come back from the JSON text unchanged."""
    back = json.loads(render_jsonld(synthetic()))
    assert back["headline"] == 'Río "Grande" <crece>'
    assert [a["name"] for a in back["author"]] == ['Ana "La Flaca" Pérez', "José <Pepe> Núñez"]


@pytest.mark.parametrize(("credit", "agency", "markers", "expected"), [
    ("Zurimar Campos", "Presidential Press", [], "Zurimar Campos (Presidential Press)"),
    ("Zurimar Campos", None, [], "Zurimar Campos"),
    (None, "Agencia Norte", [], "Agencia Norte"),
    (None, "Agencia Norte", ["file"], "Agencia Norte (file)"),
    ("Carla Medina", "ANZ", ["archive"], "Carla Medina (ANZ, archive)"),
    (None, None, ["handout"], "Handout"),
    (None, None, [], None),
])
def test_credit_text(credit: str | None, agency: str | None, markers: list[str], expected: str | None) -> None:
    """The credit line is built from the credit, the agency and the markers."""
    pc = PhotoCredit(credit=credit, agency=agency, markers=markers, confidence=0.9,
                     evidence=[Evidence(text="x", rule="test.rule", confidence=0.9, origin="html-meta")])
    assert credit_text(pc) == expected


@pytest.mark.parametrize(("place", "agency", "expected"), [
    ("QUITO", "Agencia Norte", "QUITO (Agencia Norte)"),
    ("KESTREL BAY", None, "KESTREL BAY"),
])
def test_dateline_text(place: str, agency: str | None, expected: str) -> None:
    """The dateline is the place, then the agency in parentheses."""
    dateline = Dateline(place=place, agency=agency, confidence=0.9,
                        evidence=[Evidence(text=place, rule="test.rule", confidence=0.9, origin="html-meta")])
    assert dateline_text(dateline) == expected


def test_site_is_provider_not_creator() -> None:
    """An image taken from a site names the site as provider, not as a creator."""
    pc = PhotoCredit(credit="Tomás Arrieta", agency="Flickr", site="Flickr", license="CC BY 2.0",
                     confidence=0.9, evidence=evidence("Lucía Ortiz"))
    image = to_jsonld(synthetic(photo_credits=[pc]))["image"][0]
    assert image["creator"] == [person("Tomás Arrieta")]
    assert image["provider"] == organization("Flickr")
