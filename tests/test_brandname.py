"""Tests for brandcheck.analyze.brandname: wrong spellings of the brand, and lookalikes left alone."""

from __future__ import annotations

import pytest

from brandcheck.analyze.brandname import BrandMatcher, normalized, osa_distance, typo_limit
from brandcheck.analyze.nlp import get_pipeline


@pytest.fixture(scope="module")
def dictionary() -> frozenset[str]:
    return get_pipeline("en").dictionary


@pytest.fixture(scope="module")
def start_bootstrap(dictionary: frozenset[str]) -> BrandMatcher:
    return BrandMatcher("Start Bootstrap", [], ["StartBootstrap", "Start-Bootstrap", "Startbootstrap"], dictionary)


@pytest.fixture(scope="module")
def ledgerly(dictionary: frozenset[str]) -> BrandMatcher:
    return BrandMatcher("Ledgerly", [], ["LedgerLy", "Ledgerley", "Legderly"], dictionary)


def found(m: BrandMatcher, text: str, **kw) -> list[tuple[str, str, str]]:
    return [(x.text, x.kind, x.expected) for x in m.find(text, **kw)]


def test_osa_distance_counts_a_swap_as_one_edit() -> None:
    assert osa_distance("legderly", "ledgerly", 2) == 1
    assert osa_distance("ledgerly", "ledgerly", 2) == 0
    assert osa_distance("abc", "xyz", 1) == 2  # beyond the limit: limit + 1
    assert osa_distance("short", "muchlongerword", 2) == 3


def test_normalized_ignores_case_spaces_and_hyphens() -> None:
    assert normalized("Start-Bootstrap") == normalized("start bootstrap") == "startbootstrap"


def test_typo_limit_is_strict_for_short_names_and_without_a_dictionary() -> None:
    assert typo_limit(3, True) == 0
    assert typo_limit(4, True) == 1  # and then only a swap
    assert typo_limit(8, True) == 1
    assert typo_limit(14, True) == 2
    assert typo_limit(14, False) == 1
    assert typo_limit(5, False) == 0


@pytest.mark.parametrize(("text", "expected"), [
    ("Startbootstrap has worked with this studio since 2015.", [("Startbootstrap", "listed", "Start Bootstrap")]),
    ("Start bootstrap made this theme free to use.", [("Start bootstrap", "casing", "Start Bootstrap")]),
    ("Made by Start-bootstrap.", [("Start-bootstrap", "listed", "Start Bootstrap")]),
    ("Made by Start Bootsrap.", [("Start Bootsrap", "typo", "Start Bootstrap")]),
    ("Made by Strat Bootstrap.", [("Strat Bootstrap", "typo", "Start Bootstrap")]),
    ("Made by Start_Bootstrap.", [("Start_Bootstrap", "spacing", "Start Bootstrap")]),
])
def test_wrong_spellings_of_a_two_word_brand(start_bootstrap: BrandMatcher, text: str, expected: list) -> None:
    assert found(start_bootstrap, text) == expected


@pytest.mark.parametrize("text", [
    "Start Bootstrap made this theme free to use.",  # correct
    "Start Bootstrap's themes are free.",  # possessive of the correct name
    "Just download a theme and start customizing. Bootstrap is a framework.",  # across a sentence end
    "Smart Bootstrap layouts",  # real words that merely look alike
    "Start bootstrapping your project",  # a different word
    "START BOOTSTRAP",  # capitals in a capitals context: the all-caps check's business
])
def test_near_misses_of_a_two_word_brand(start_bootstrap: BrandMatcher, text: str) -> None:
    assert found(start_bootstrap, text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("Your ledgerly workspace is ready.", [("ledgerly", "casing", "Ledgerly")]),
    ("Welcome to LEDGERLY today", [("LEDGERLY", "casing", "Ledgerly")]),
    ("Thanks from Ledgrly.", [("Ledgrly", "typo", "Ledgerly")]),
    ("Thanks from Legderly.", [("Legderly", "listed", "Ledgerly")]),
    ("Thanks from ledgerley.", [("ledgerley", "listed", "Ledgerly")]),
])
def test_wrong_spellings_of_a_one_word_brand(ledgerly: BrandMatcher, text: str, expected: list) -> None:
    assert found(ledgerly, text) == expected


@pytest.mark.parametrize("text", [
    "Ledgerly keeps a copy of every invoice.", "Keep your ledgers tidy.", "A ledger is a book.",
    "Thanks Ledgerly a lot", "WELCOME TO LEDGERLY",
])
def test_near_misses_of_a_one_word_brand(ledgerly: BrandMatcher, text: str) -> None:
    assert found(ledgerly, text) == []


def test_masked_spans_and_css_case_are_not_judged(ledgerly: BrandMatcher) -> None:
    text = "Sign in at https://app.ledgerly.example or ledgerly now"
    url = (text.index("https"), text.index(" or"))
    assert found(ledgerly, text, masked=[url]) == [("ledgerly", "casing", "Ledgerly")]
    assert found(ledgerly, "Welcome to LEDGERLY today", text_transform="uppercase") == []


def test_alias_inside_a_longer_form_and_case_only_misspellings(dictionary: frozenset[str]) -> None:
    m = BrandMatcher("Acme Coffee", ["Acme"], ["ACME", "AcmeCoffee"], dictionary)
    assert found(m, "Acme coffee is great") == [("Acme coffee", "casing", "Acme Coffee")]
    assert found(m, "ACME rocks") == [("ACME", "listed", "Acme")]
    assert found(m, "Acme rocks; Acme Coffee too") == []
    assert found(m, "the acme of taste") == []  # a dictionary word in lower case is that word
    assert found(m, "Acme coffees") == []  # real words only


def test_short_brand_only_admits_swapped_letters(dictionary: frozenset[str]) -> None:
    m = BrandMatcher("Nova", [], [], dictionary)
    assert found(m, "Try Nvoa today") == [("Nvoa", "typo", "Nova")]
    assert found(m, "Nora, Novo and now") == []  # one letter off: too many real lookalikes
    assert found(m, "a nova in the sky") == []


def test_vietnamese_brand_without_dictionary() -> None:
    m = BrandMatcher("Tiki Ngon", [], ["TikiNgon"], frozenset())
    assert found(m, "Mua sắm tại tiki ngon hôm nay.") == [("tiki ngon", "casing", "Tiki Ngon")]
    assert found(m, "Mua sắm tại Tiki Ngon hôm nay.") == []
    assert found(m, "Mua sắm tại Tiki Ngonn hôm nay.") == [("Tiki Ngonn", "typo", "Tiki Ngon")]
