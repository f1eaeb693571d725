"""The classification report of the real Entity List of 2026-07-31: every one of its 3,420
rows has a classified scope; the two rows still `other` for policy publish no policy at all
(the requirement is printed again in the policy column) and are shown with their text."""

from __future__ import annotations

from entitylist.determination.report import classification_report


def test_every_2026_entity_list_row_is_classified(entries_2026):
    report = classification_report(entries_2026).to_dict()
    assert report["rows"] == 3420
    assert report["scope"].get("other", 0) == 0 and report["scope_other"] == []
    assert report["policy"]["other"] == 2
    assert {r["text"] for r in report["policy_other"]} == {
        "For all items subject to the EAR. (See § 744.11 of the EAR)",
        "For all items subject to the EAR when used in projects specified in § 746.8(a)(4) "
        "of the EAR",
    }
    assert all(r["text"] == r["requirement"] for r in report["policy_other"])


def test_every_footnote_printed_in_2026_is_recognised(entries_2026):
    report = classification_report(entries_2026).to_dict()
    assert report["unknown_footnotes"] == []
    assert report["footnotes"] == {"1": 156, "2": 156, "3": 766, "4": 95, "5": 16}
    assert report["foreign_direct_product_rules"]["15 CFR 734.9(e)(2)"] == 96


def test_the_military_end_user_rows_are_reported_too(entries_2026):
    report = classification_report(entries_2026, "MEU").to_dict()
    assert report["rows"] == 70 and report["scope"] == {"specific_items": 70}
