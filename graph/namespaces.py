"""Namespaces of the Recovery Graph.

Our own vocabulary is a closed ``DefinedNamespace`` (as rdflib's ``_SKOS.py``): a misspelt term
raises ``AttributeError`` instead of quietly minting a new IRI. A test checks that this list and
``data/ontology.ttl`` agree.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/recovery-graph/"


class RG(DefinedNamespace):
    _NS = Namespace(BASE + "def#")
    _fail = True

    # classes
    Concept: URIRef
    CareSetting: URIRef
    Advantage: URIRef
    Disadvantage: URIRef
    EthicalDilemma: URIRef
    SelfManagementStrategy: URIRef
    FamilySupportStrategy: URIRef
    CommunityResource: URIRef
    SuitabilityCriterion: URIRef
    Therapy: URIRef
    Medication: URIRef
    ProgramFeature: URIRef
    Organization: URIRef
    DecisionFactor: URIRef
    Theme: URIRef
    SourceDocument: URIRef
    Section: URIRef
    Mention: URIRef
    DoseStatement: URIRef
    Stance: URIRef
    HelpLine: URIRef
    Favours: URIRef
    Disfavours: URIRef
    # continuum and dose
    rank: URIRef
    stepsDownTo: URIRef
    stepsUpTo: URIRef
    hasDose: URIRef
    sessionsPerWeekMin: URIRef
    sessionsPerWeekMax: URIRef
    daysPerWeekMin: URIRef
    daysPerWeekMax: URIRef
    hoursPerSessionMin: URIRef
    hoursPerSessionMax: URIRef
    hoursOfCarePerDay: URIRef
    lengthWeeksMin: URIRef
    lengthWeeksMax: URIRef
    residential: URIRef
    # concepts
    hasTheme: URIRef
    appliesTo: URIRef
    suits: URIRef
    doesNotSuit: URIRef
    contrastsWith: URIRef
    mentionCount: URIRef
    # network view (derived at build time, graph/build.py)
    networkOrder: URIRef
    networkLinks: URIRef
    networkStandIn: URIRef
    standsFor: URIRef
    linkedTo: URIRef
    # overview counts (derived at build time, graph/build.py)
    countedTriples: URIRef
    countedIndexTriples: URIRef
    countedConcepts: URIRef
    countedMentions: URIRef
    countedDocuments: URIRef
    countedSections: URIRef
    countedKinds: URIRef
    countedSettings: URIRef
    # search index (graph/tokens.py)
    labelToken: URIRef
    altLabelToken: URIRef
    definitionToken: URIRef
    searchWord: URIRef
    # provenance
    mentions: URIRef
    setting: URIRef
    stance: URIRef
    inSection: URIRef
    itemNumber: URIRef
    subItemNumber: URIRef
    heading: URIRef
    lineStart: URIRef
    lineEnd: URIRef
    order: URIRef
    evidence: URIRef
    # help lines
    phone: URIRef
    textNumber: URIRef
    locatorCode: URIRef


RGC = Namespace(BASE + "id/concept/")
RGT = Namespace(BASE + "id/theme/")
RGD = Namespace(BASE + "id/source/")
GRAPH = Namespace(BASE + "graph/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
VOCABULARY_GRAPH = GRAPH["vocabulary"]
CONCEPTS_GRAPH = GRAPH["concepts"]
DERIVED_GRAPH = GRAPH["derived"]
SEARCH_INDEX_GRAPH = GRAPH["search-index"]  # graph/tokens.py: the search index, kept apart from the knowledge
NETWORK_INDEX_GRAPH = GRAPH["network-index"]  # graph/build.py: the network view's ranking and links, an index too
OVERVIEW_GRAPH = GRAPH["overview"]  # graph/build.py: the counts the Home overview shows, counted once per build
INDEX_GRAPHS = (SEARCH_INDEX_GRAPH, NETWORK_INDEX_GRAPH, OVERVIEW_GRAPH)  # means of finding things, not statements: left out of
# exports, SHACL validation and the count of knowledge triples
SOURCE_GRAPH_PREFIX = BASE + "graph/source/"
NETWORK = Namespace(BASE + "network/")  # graph/build.py: the stand-ins the network view's links join

PREFIXES = {
    "rg": str(RG._NS),
    "rgc": str(RGC),
    "rgt": str(RGT),
    "rgd": str(RGD),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "sh": "http://www.w3.org/ns/shacl#",
}


def expand(name: str) -> str:
    """Turn ``rgc:outpatient`` into a full IRI; full IRIs pass through unchanged."""
    if name.startswith(("http://", "https://", "urn:")):
        return name
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return PREFIXES[prefix] + local
    raise ValueError(
        f"'{name}' is neither a full IRI nor a known prefixed name; "
        f"use one of the prefixes {', '.join(sorted(PREFIXES))} or a full http(s) IRI"
    )


def shorten(iri: str) -> str:
    """The prefixed form of an IRI when one of our prefixes fits, else the IRI itself."""
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri
