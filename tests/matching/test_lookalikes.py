"""Look-alike letters from other scripts inside Latin words are folded to Latin."""

from __future__ import annotations

from entitylist.matching import normalise_name


def test_cyrillic_letters_inside_a_latin_word_fold_to_latin() -> None:
    # "НUAWEI" starts with CYRILLIC CAPITAL LETTER EN, "Tесh" hides Cyrillic е and с
    assert normalise_name("\u041dUAWEI T\u0435\u0441hnologies") == "huawei technologies"


def test_greek_omicron_inside_a_latin_word_folds_to_latin() -> None:
    assert normalise_name("R\u03bfsneft") == "rosneft"


def test_words_wholly_of_lookalikes_fold_when_the_name_is_latin() -> None:
    # "ТЕСН" is four Cyrillic capitals; "Huawei" shows the name is meant to be Latin
    assert normalise_name("Huawei \u0422\u0415\u0421\u041d") == "huawei tech".replace(
        "tech", "technology"
    )


def test_genuine_cyrillic_names_are_transliterated_not_folded() -> None:
    # С, е, р, г, е, й: some letters are look-alikes, but "Сергей" is Cyrillic
    assert normalise_name("Сергей Лавров") == "sergei lavrov"
    # a Cyrillic word beside a Latin one is still transliterated when it has other letters
    assert normalise_name("Сергей Lavrov") == "sergei lavrov"
