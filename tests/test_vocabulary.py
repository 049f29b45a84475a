"""Our vocabulary is closed and every term of it is declared, labelled and defined."""

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph.datafiles import DEFAULT_DATA_DIR
from graph.namespaces import RG, expand, shorten


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(DEFAULT_DATA_DIR / "ontology.ttl")


def test_closed_namespace_rejects_misspelt_terms():
    with pytest.raises(AttributeError):
        RG.appliesToo  # noqa: B018


def test_namespace_and_ontology_declare_the_same_terms(ontology):
    declared = {str(s) for s in ontology.subjects() if str(s).startswith(str(RG._NS))}
    assert declared == {str(RG[name]) for name in RG.__annotations__}


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_class_and_property_has_label_and_definition(ontology, kind):
    terms = list(ontology.subjects(RDF.type, kind))
    assert terms
    for term in terms:
        assert ontology.value(term, RDFS.label), term
        assert ontology.value(term, SKOS.definition), term


def test_prefixed_names_expand_and_shorten():
    assert expand("rgc:outpatient") == "https://w3id.org/recovery-graph/id/concept/outpatient"
    assert shorten("https://w3id.org/recovery-graph/id/concept/outpatient") == "rgc:outpatient"
    with pytest.raises(ValueError, match="neither a full IRI nor a known prefixed name"):
        expand("nope:thing")
