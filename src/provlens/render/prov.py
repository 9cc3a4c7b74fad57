"""W3C PROV for an annotated article: who first published, translated, published, wrote, edited
and photographed it, as a `prov` ProvDocument and its PROV-JSON and PROV-N texts.

The graph, for a translated article:

    original -> (translation) -> translated-article -> (publication) -> article

where each activity in parentheses used the entity on its left and generated the one on its right.

`original` exists only when a source outlet is credited and is attributed to it; further source
outlets become `source-2`, `source-3`... beside it. `translated-article` exists only when a
translator is credited; when the publisher itself translated the piece, the article is declared
`alternateOf` it (the same text, published). Without a translation, publication uses the sources
directly. Photos are entities the publication used; cited outlets' reports influenced the article.
People and organisations are agents, associated with an activity under a `prov:role`; revisers
take part in the translation, or in the publication when no translation is credited.

Identifiers live in a namespace of their own per article (`urn:provlens:article:<id>:`), made from
slugified names; the project's own terms live in `urn:provlens:`. The same annotation always gives
the same document, the same PROV-JSON and the same PROV-N.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from urllib.parse import quote

from prov.constants import PROV, PROV_LABEL, PROV_ROLE, PROV_TYPE, XSD
from prov.identifier import Identifier, Namespace, QualifiedName
from prov.model import Literal, ProvAgent, ProvDocument

from provlens.models import Annotation, Outlet, PhotoCredit, Provenance
from provlens.render.jsonld import agency_is_site, article_language, credit_text, dateline_text

PROVLENS = Namespace("provlens", "urn:provlens:")
SCHEMA = Namespace("schema", "https://schema.org/")
DOCUMENT_PREFIX = "doc"
PERSON = PROV["Person"]
ORGANIZATION = PROV["Organization"]

ARTICLE, ORIGINAL, TRANSLATED = "article", "original", "translated-article"
TRANSLATION, PUBLICATION = "translation", "publication"
RESERVED = (ARTICLE, ORIGINAL, TRANSLATED, TRANSLATION, PUBLICATION)

# Letters that Unicode decomposition does not reduce to ASCII, and apostrophes, which join words.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
                       "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th",
                       "Þ": "TH", "ı": "i", "'": "", "’": ""})
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Attributes = Sequence[tuple[QualifiedName, object]]


def to_prov_document(ann: Annotation) -> ProvDocument:
    """Build the article's provenance as a W3C PROV document."""
    graph = Graph(ann)
    p = ann.provenance
    article = add_article(graph)
    inputs = add_sources(graph)
    if p.translators:
        inputs = [add_translation(graph, inputs)]
        if translated_by_publisher(p):
            graph.doc.alternateOf(article, inputs[0])
    publication = add_publication(graph, article, inputs)
    add_photos(graph, publication)
    add_citations(graph, article)
    return graph.doc


def render_prov_json(ann: Annotation) -> str:
    """Return the article's provenance as PROV-JSON text: same annotation, same bytes."""
    return prov_json(to_prov_document(ann))


def render_prov_n(ann: Annotation) -> str:
    """Return the article's provenance as PROV-N text: same annotation, same bytes."""
    return prov_n(to_prov_document(ann))


def prov_json(doc: ProvDocument) -> str:
    """PROV-JSON text of a document built once, for a caller that writes both formats."""
    return doc.serialize(format="json", indent=2, ensure_ascii=False) + "\n"


def prov_n(doc: ProvDocument) -> str:
    """PROV-N text of a document built once, for a caller that writes both formats."""
    return doc.get_provn() + "\n"


# --------------------------------------------------------------------------------------------
# Names


def slugify(name: str) -> str:
    """The ASCII, lowercase, hyphen-separated form of a name, accents folded."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NOT_ALNUM.sub("-", ascii_text.lower()).strip("-")


def local_name(name: str) -> str:
    """A valid QName local part for a name: its slug, never empty, starting with a letter."""
    slug = slugify(name)
    if not slug:
        return "name-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return slug if slug[0].isalpha() else "n-" + slug


def attributes(*pairs: tuple[QualifiedName, object]) -> list[tuple[QualifiedName, object]]:
    """The attribute pairs that have a value, in order."""
    return [(key, value) for key, value in pairs if value is not None and value != ""]


def url_of(outlet: Outlet | None) -> Identifier | None:
    """The outlet's home page as an xsd:anyURI, when its domain is known."""
    return Identifier(f"https://{outlet.domain}") if outlet and outlet.domain else None


def date_value(date: str | None) -> Literal | str | None:
    """The publication date, typed xsd:date when it is a full ISO date."""
    if date and _ISO_DATE.fullmatch(date):
        return Literal(date, XSD["date"])
    return date


# --------------------------------------------------------------------------------------------
# The document under construction


class Graph:
    """One article's PROV document while it is built: the identifiers and agents met so far."""

    def __init__(self, ann: Annotation) -> None:
        """Start an empty document with the three namespaces and the reserved identifiers."""
        self.ann = ann
        self.doc = ProvDocument()
        self.ns = Namespace(DOCUMENT_PREFIX, f"urn:provlens:article:{quote(ann.id, safe='')}:")
        for namespace in (PROVLENS, SCHEMA, self.ns):
            self.doc.add_namespace(namespace)
        self.taken: set[str] = set(RESERVED)
        self.agents: dict[tuple[str, str], ProvAgent] = {}
        self.associations: set[tuple[QualifiedName, QualifiedName, str]] = set()
        self.outlets = outlet_index(ann.provenance)

    def mint(self, base: str) -> QualifiedName:
        """A fresh identifier: `base`, or `base-2`, `base-3`... when it is taken."""
        ident, count = base, 1
        while ident in self.taken:
            count += 1
            ident = f"{base}-{count}"
        self.taken.add(ident)
        return self.ns[ident]

    def agent(self, name: str, kind: QualifiedName, extra: Attributes = ()) -> QualifiedName:
        """The agent of that name and kind, created on first use; `extra` adds attributes."""
        key = (str(kind), name.casefold())
        record = self.agents.get(key)
        if record is None:
            attrs = [(PROV_TYPE, kind), (PROV_LABEL, name), *extra]
            record = self.agents[key] = self.doc.agent(self.mint(local_name(name)), other_attributes=attrs)
        elif extra:
            record.add_attributes(list(extra))
        return record.identifier

    def person(self, name: str, extra: Attributes = ()) -> QualifiedName:
        """A person agent."""
        return self.agent(name, PERSON, extra)

    def organisation(self, name: str) -> QualifiedName:
        """An organisation agent, with the url and registry id of the known outlet of that name."""
        outlet = self.outlets.get(name.casefold())
        extra = attributes((SCHEMA["url"], url_of(outlet)),
                           (PROVLENS["registryId"], outlet.registry_id if outlet else None))
        return self.agent(name, ORGANIZATION, extra)

    def associate(self, activity: QualifiedName, agent: QualifiedName, role: str) -> None:
        """Say the agent took part in the activity in that role, once."""
        if (activity, agent, role) not in self.associations:
            self.associations.add((activity, agent, role))
            self.doc.wasAssociatedWith(activity, agent, other_attributes={PROV_ROLE: role})


def outlet_index(p: Provenance) -> dict[str, Outlet]:
    """Every outlet the provenance knows, by folded name."""
    outlets = [*p.cited_outlets, *p.source_outlets, *([p.publisher] if p.publisher else [])]
    return {outlet.name.casefold(): outlet for outlet in outlets}


def translated_by_publisher(p: Provenance) -> bool:
    """True when the publisher made the translation: no other organisation is credited with it."""
    if p.publisher is None or not p.translators:
        return False
    orgs = [t.name for t in p.translators if t.kind == "organisation"]
    return not orgs or orgs[0].casefold() == p.publisher.name.casefold()


def step_language(p: Provenance, step: str) -> str | None:
    """The language of a step of the provenance chain, if the chain has that step."""
    return next((s.language for s in p.chain if s.step == step), None)


# --------------------------------------------------------------------------------------------
# Entities, activities and relations


def add_article(graph: Graph) -> QualifiedName:
    """The published article: this document."""
    ann, p = graph.ann, graph.ann.provenance
    ident = graph.ns[ARTICLE]
    graph.doc.entity(ident, other_attributes=attributes(
        (PROV_TYPE, SCHEMA["NewsArticle"]),
        (PROV_LABEL, ann.metadata.title),
        (SCHEMA["identifier"], ann.id),
        (SCHEMA["url"], Identifier(ann.metadata.url) if ann.metadata.url else None),
        (SCHEMA["datePublished"], date_value(p.date)),
        (SCHEMA["inLanguage"], article_language(ann)),
        (SCHEMA["dateline"], dateline_text(p.dateline)),
    ))
    return ident


def add_sources(graph: Graph) -> list[QualifiedName]:
    """The original, attributed to the first source outlet, and one entity per further source."""
    p = graph.ann.provenance
    sources = []
    for number, outlet in enumerate(p.source_outlets, start=1):
        ident = graph.ns[ORIGINAL] if number == 1 else graph.mint(f"source-{number}")
        language = (p.original_language or outlet.language) if number == 1 else None
        graph.doc.entity(ident, other_attributes=attributes(
            (PROV_TYPE, SCHEMA["CreativeWork"]), (SCHEMA["inLanguage"], language)))
        graph.doc.wasAttributedTo(ident, graph.organisation(outlet.name))
        sources.append(ident)
    return sources


def add_translation(graph: Graph, sources: list[QualifiedName]) -> QualifiedName:
    """The translation activity, its translators and revisers, and the translated text it made."""
    p = graph.ann.provenance
    activity = graph.ns[TRANSLATION]
    graph.doc.activity(activity, other_attributes={PROV_TYPE: PROVLENS["Translation"]})
    translated = graph.ns[TRANSLATED]
    language = step_language(p, "translation") or p.translators[0].to_language
    graph.doc.entity(translated, other_attributes=attributes(
        (PROV_TYPE, SCHEMA["CreativeWork"]), (SCHEMA["inLanguage"], language)))
    graph.doc.wasGeneratedBy(translated, activity)
    for source in sources:
        graph.doc.used(activity, source)
        graph.doc.wasDerivedFrom(translated, source, activity)
    for translator in p.translators:
        kind = ORGANIZATION if translator.kind == "organisation" else PERSON
        agent = graph.organisation(translator.name) if kind == ORGANIZATION else graph.person(translator.name)
        graph.associate(activity, agent, "translator")
    for reviser in p.revisers:
        graph.associate(activity, graph.person(reviser.name), "reviser")
    return translated


def add_publication(graph: Graph, article: QualifiedName, inputs: list[QualifiedName]) -> QualifiedName:
    """The publication activity that made the article, and everyone credited with it."""
    p = graph.ann.provenance
    activity = graph.ns[PUBLICATION]
    graph.doc.activity(activity, other_attributes={PROV_TYPE: PROVLENS["Publication"]})
    graph.doc.wasGeneratedBy(article, activity)
    for entity in inputs:
        graph.doc.used(activity, entity)
        graph.doc.wasDerivedFrom(article, entity, activity)
    if p.publisher:
        publisher = graph.organisation(p.publisher.name)
        graph.doc.wasAttributedTo(article, publisher)
        graph.associate(activity, publisher, "publisher")
    add_authors(graph, activity)
    add_staff(graph, activity)
    for contributor in p.contributors:
        graph.associate(activity, graph.person(contributor.name), contributor.role)
    if not p.translators:
        for reviser in p.revisers:
            graph.associate(activity, graph.person(reviser.name), "reviser")
    return activity


def add_authors(graph: Graph, activity: QualifiedName) -> None:
    """Bylined authors, acting for the affiliation the byline states."""
    for byline in graph.ann.provenance.bylines:
        author = graph.person(byline.name, attributes((SCHEMA["jobTitle"], byline.role)))
        graph.associate(activity, author, "author")
        if byline.affiliation:
            graph.doc.actedOnBehalfOf(author, graph.organisation(byline.affiliation), activity)


def add_staff(graph: Graph, activity: QualifiedName) -> None:
    """Editorial staff of the sign-off tags, acting for the tag's outlet when it is decoded."""
    for tag in graph.ann.provenance.editorial_tags:
        members = [(m.name or m.initials, m.initials) for m in tag.staff] or [(i, i) for i in tag.initials]
        for name, initials in members:
            staff = graph.person(name, [(PROVLENS["initials"], initials)])
            graph.associate(activity, staff, "editorial staff")
            if tag.outlet:
                graph.doc.actedOnBehalfOf(staff, graph.organisation(tag.outlet), activity)


def photo_attributes(pc: PhotoCredit) -> Attributes:
    """A photo's type, caption, credit line, licence, site and markers."""
    return attributes(
        (PROV_TYPE, SCHEMA["ImageObject"]),
        (SCHEMA["caption"], pc.caption),
        (SCHEMA["creditText"], credit_text(pc)),
        (SCHEMA["license"], pc.license),
        (PROVLENS["site"], pc.site),
        *((PROVLENS["marker"], marker) for marker in pc.markers),
    )


def add_photos(graph: Graph, publication: QualifiedName) -> None:
    """Each credited image: used by the publication, attributed to its photographer and agency."""
    for number, pc in enumerate(graph.ann.provenance.photo_credits, start=1):
        photo = graph.mint(f"photo-{number}")
        graph.doc.entity(photo, other_attributes=photo_attributes(pc))
        graph.doc.used(publication, photo, other_attributes={PROV_ROLE: "image"})
        if pc.credit:
            graph.doc.wasAttributedTo(photo, graph.person(pc.credit))
        if pc.agency and not agency_is_site(pc):
            graph.doc.wasAttributedTo(photo, graph.organisation(pc.agency))


def add_citations(graph: Graph, article: QualifiedName) -> None:
    """Reports of cited outlets, which influenced the article without being part of its making."""
    for outlet in graph.ann.provenance.cited_outlets:
        cited = graph.mint("cited-" + local_name(outlet.name))
        graph.doc.entity(cited, other_attributes=attributes(
            (PROV_TYPE, SCHEMA["CreativeWork"]),
            (PROV_LABEL, outlet.name),
            (SCHEMA["publisher"], outlet.name),
            (SCHEMA["url"], url_of(outlet)),
        ))
        graph.doc.wasInfluencedBy(article, cited)
