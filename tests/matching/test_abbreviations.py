"""Common abbreviations in organisation names are expanded from data."""

from __future__ import annotations

from entitylist.matching import NameKind, compare_names, normalise_name, token_similarity


def test_abbreviations_expand_to_the_full_word() -> None:
    assert normalise_name("Intl Tech Mfg") == "international technology manufacturing"
    assert normalise_name("Int'l Elec. Univ.") == normalise_name(
        "International Electronics University"
    )


def test_abbreviated_and_full_names_match() -> None:
    listed = "China Electronics Technology Group Corporation"
    assert compare_names("China Elec Tech Grp Corp", listed, entity_type="entity") >= 0.95


def test_plural_and_singular_forms_are_near_equal() -> None:
    assert token_similarity("technologies", "technology") >= 0.95
    assert token_similarity("industries", "industry") >= 0.95
    # a typo in a plural stays close to the plural
    assert token_similarity("industrizes", "industries") >= 0.9


def test_abbreviations_are_not_applied_to_persons() -> None:
    assert normalise_name("Dev Patel", NameKind.PERSON) == "dev patel"
    assert normalise_name("Acme Dev Corp") == "acme development corp"


def test_erp_cuts_of_chinese_company_words_expand() -> None:
    assert normalise_name("Shenzhen Prec Mfg Co") == normalise_name(
        "Shenzhen Precision Manufacturing Co"
    )
    assert normalise_name("Beijing Sci-Tech Semi Equip") == normalise_name(
        "Beijing Science Technology Semiconductor Equipment"
    )
    assert normalise_name("Wuxi Gen Trdg Co") == normalise_name("Wuxi General Trading Co")


def test_older_and_split_city_names_read_as_the_lists_write_them() -> None:
    assert normalise_name("Peking Nuopuxun Co") == normalise_name("Beijing Nuopuxun Co")
    assert normalise_name("Amoy Nuopuxun Co") == normalise_name("Xiamen Nuopuxun Co")
    assert normalise_name("Bei Jing Nuopuxun Co") == normalise_name("Beijing Nuopuxun Co")


def test_several_words_contract_to_their_short_form() -> None:
    assert normalise_name("Arm United States Inc") == normalise_name("Arm USA Inc")
    assert normalise_name("Inspur (Hong Kong) Co Ltd") == normalise_name("Inspur (HK) Co Ltd")
    # `Intel` is a company's name, not a cut of `International`
    assert normalise_name("Intel Nederland BV").split()[0] == "intel"


def test_turkish_dotless_i_reads_as_i() -> None:
    assert normalise_name("Dış Ticaret") == normalise_name("Dis Ticaret")
