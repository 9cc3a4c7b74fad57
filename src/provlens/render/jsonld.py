"""schema.org JSON-LD for an annotated article: a NewsArticle carrying its credits and provenance.

Every value comes from the Annotation as it is; nothing is looked up. Keys without a value are
left out (never null), and properties that can repeat are always lists, so a reader finds one
shape whatever the article credits.
"""

from __future__ import annotations

import json

from provlens.models import (
    Annotation,
    Byline,
    Contributor,
    Dateline,
    EditorialTag,
    Outlet,
    PhotoCredit,
    Provenance,
    Translator,
)

CONTEXT = "https://schema.org"

Node = dict[str, object]
Outlets = dict[str, Outlet]


def to_jsonld(ann: Annotation) -> dict:
    """Return the article as a schema.org NewsArticle, as a JSON-LD dict."""
    p = ann.provenance
    outlets = outlet_index(p)
    translated = bool(p.translators and p.source_outlets)
    node: Node = {
        "@context": CONTEXT,
        "@type": "NewsArticle",
        "identifier": ann.id,
        "url": ann.metadata.url,
        "headline": ann.metadata.title,
        "datePublished": p.date,
        "inLanguage": article_language(ann),
        "dateline": dateline_text(p.dateline),
        "publisher": outlet_node(p.publisher) if p.publisher else None,
        "author": [author_node(b, outlets) for b in p.bylines],
        "translator": [translator_node(t, outlets) for t in p.translators],
        "contributor": contributor_nodes(p),
        "translationOfWork": original_node(p) if translated else None,
        "isBasedOn": [work_node(o) for o in p.source_outlets[1 if translated else 0:]],
        "citation": [work_node(o) for o in p.cited_outlets],
        "image": [image_node(pc, outlets) for pc in p.photo_credits],
    }
    return prune(node)


def render_jsonld(ann: Annotation) -> str:
    """Return the article's JSON-LD as text: same annotation, same bytes."""
    return json.dumps(to_jsonld(ann), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def prune(node: Node) -> Node:
    """Drop keys whose value is None, an empty string, an empty list or an emptied dict."""
    kept: Node = {}
    for key, value in node.items():
        if isinstance(value, dict):
            value = prune(value)
        elif isinstance(value, list):
            value = [prune(v) if isinstance(v, dict) else v for v in value]
        if value is not None and value != "" and value != [] and value != {}:
            kept[key] = value
    return kept


def outlet_index(p: Provenance) -> Outlets:
    """Map every outlet the provenance knows, by folded name, so any organisation can get its url."""
    index: Outlets = {}
    for outlet in [*p.cited_outlets, *p.source_outlets, *([p.publisher] if p.publisher else [])]:
        index[outlet.name.casefold()] = outlet
    return index


def article_language(ann: Annotation) -> str | None:
    """The article's language: the detected one, else the publication step's in the chain."""
    if ann.language and ann.language.document:
        return ann.language.document
    for step in ann.provenance.chain:
        if step.step == "publication":
            return step.language
    return None


def dateline_text(dateline: Dateline | None) -> str | None:
    """The dateline as a reader sees it: the place, then the agency in parentheses."""
    if dateline is None:
        return None
    return f"{dateline.place} ({dateline.agency})" if dateline.agency else dateline.place


def outlet_url(outlet: Outlet | None) -> str | None:
    """The outlet's home page, when its domain is known."""
    return f"https://{outlet.domain}" if outlet and outlet.domain else None


def outlet_node(outlet: Outlet) -> Node:
    """An outlet as a schema.org Organization."""
    return {"@type": "Organization", "name": outlet.name, "url": outlet_url(outlet)}


def organization_node(name: str, outlets: Outlets) -> Node:
    """A named organisation, with the url of the known outlet of that name."""
    return {"@type": "Organization", "name": name, "url": outlet_url(outlets.get(name.casefold()))}


def person_node(name: str) -> Node:
    """A named person."""
    return {"@type": "Person", "name": name}


def author_node(byline: Byline, outlets: Outlets) -> Node:
    """A bylined author, with the title and affiliation the byline states."""
    node = person_node(byline.name)
    node["jobTitle"] = byline.role
    node["affiliation"] = organization_node(byline.affiliation, outlets) if byline.affiliation else None
    return node


def translator_node(translator: Translator, outlets: Outlets) -> Node:
    """A translator, as a Person or an Organization according to its kind."""
    if translator.kind == "organisation":
        return organization_node(translator.name, outlets)
    return person_node(translator.name)


def role_node(name: str, role: str, alternate: str | None = None) -> Node:
    """A schema.org Role that says what a contributor did."""
    person = person_node(name)
    person["alternateName"] = alternate
    return {"@type": "Role", "roleName": role, "contributor": person}


def staff_nodes(tag: EditorialTag) -> list[Node]:
    """Editorial staff of a sign-off tag: named when the registry names them, else their initials."""
    if tag.staff:
        return [role_node(m.name or m.initials, "editorial staff", m.initials if m.name else None)
                for m in tag.staff]
    return [role_node(initials, "editorial staff") for initials in tag.initials]


def contributor_nodes(p: Provenance) -> list[Node]:
    """Editorial staff, wire-block contributors and revisers, each with its role."""
    nodes = [node for tag in p.editorial_tags for node in staff_nodes(tag)]
    people: list[Contributor] = [*p.contributors, *p.revisers]
    nodes.extend(role_node(c.name, c.role) for c in people)
    return nodes


def work_node(outlet: Outlet) -> Node:
    """A piece of work published by an outlet: a source the article is based on or cites."""
    return {"@type": "CreativeWork", "publisher": outlet_node(outlet)}


def original_node(p: Provenance) -> Node:
    """The work the article translates: its language and its first source outlet."""
    node = work_node(p.source_outlets[0])
    node["inLanguage"] = p.original_language
    return node


def credit_text(pc: PhotoCredit) -> str | None:
    """The credit line: 'Credit (Agency)', the agency alone, and markers such as 'file' after it."""
    lead = pc.credit or pc.agency
    inner = [pc.agency] if pc.credit and pc.agency else []
    inner.extend(pc.markers)
    if lead is None:
        return ", ".join(inner).capitalize() or None
    return f"{lead} ({', '.join(inner)})" if inner else lead


def agency_is_site(pc: PhotoCredit) -> bool:
    """True when the 'agency' is only the site the image was taken from (Flickr, Twitter)."""
    return bool(pc.agency and pc.site and pc.agency.casefold() == pc.site.casefold())


def image_node(pc: PhotoCredit, outlets: Outlets) -> Node:
    """A credited image as an ImageObject: creators, credit line, caption, licence and site."""
    creators: list[Node] = [person_node(pc.credit)] if pc.credit else []
    if pc.agency and not agency_is_site(pc):
        creators.append(organization_node(pc.agency, outlets))
    return {
        "@type": "ImageObject",
        "creator": creators,
        "creditText": credit_text(pc),
        "caption": pc.caption,
        "license": pc.license,
        "provider": organization_node(pc.site, outlets) if pc.site else None,
    }
