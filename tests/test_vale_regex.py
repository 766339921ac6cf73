"""Vale's regex dialect on the `regex` package."""

from __future__ import annotations

import pytest

from brandcheck.vale.regex import RegexError, compile_vale, first_words, is_literal, translate


def test_go_hex_escape_is_translated() -> None:
    assert compile_vale(r"[\x{2018}\x{2019}]").findall("‘a’") == ["‘", "’"]
    assert translate(r"\x{1F600}") == r"\U0001f600"


def test_absolute_and_newline_ends() -> None:
    assert compile_vale(r"end\z").search("the end\n") is None
    assert compile_vale(r"end\Z").search("the end\n") is not None
    assert compile_vale(r"end\z").search("the end") is not None


def test_mid_pattern_flags_apply_to_the_rest_of_their_group() -> None:
    # Vale's exception lists put `(?-i)` in front of each term inside one group.
    pat = compile_vale(r"(?i)\b(?:(?-i)API|(?-i)CLI)\b")
    assert pat.findall("API api CLI cli") == ["API", "CLI"]
    assert compile_vale(r"a(?i)b").findall("ab aB Ab") == ["ab", "aB"]


def test_lookbehind_possessive_and_atomic_forms() -> None:
    assert compile_vale(r"(?<=\s)-\d+").findall("x -4 y-5") == ["-4"]
    assert compile_vale(r"a++b").search("aaab") is not None
    assert compile_vale(r"(?>a+)b").search("aab") is not None
    assert compile_vale(r"(?<!\w)\p{Lu}\p{Ll}+").findall("Hello wOrld Émile") == ["Hello", "Émile"]


def test_invalid_pattern_raises() -> None:
    with pytest.raises(RegexError):
        compile_vale(r"(unclosed")


def test_literal_tokens_and_first_words() -> None:
    assert is_literal("he/she") and is_literal("a number of")
    assert not is_literal(r"auto-\w+")
    assert first_words(["A number of", "very"], True) == frozenset({"a", "very"})
    assert first_words(["'s"], True) is None
    assert first_words([r"\bI'd\b"], False) is None


def test_dotnet_and_go_spellings() -> None:
    assert compile_vale(r"(?'w'ab)\k'w'").search("xabab") is not None
    assert compile_vale(r"[a-z-[aeiou]]+").findall("bead") == ["b", "d"]
    assert compile_vale(r"\Qa.b\E").findall("a.b axb") == ["a.b"]
    assert compile_vale(r"(?in)foo").findall("FOO") == ["FOO"]
    assert translate(r"\e") == r"\x1b"
