"""The 50 percent test on the real PRC registry graph: chains hand-checked against the
file's `shareholder_of` records (the companies are not listed: each test names which of
them it treats as listed)."""

from __future__ import annotations

import pytest

from entitylist.ownership import OwnershipImport, OwnershipLink, ShareKind
from entitylist.ownership.aggregate import OwnershipGraph, aggregate

NANJING_TRANSPORT = "南京市交通建设投资控股（集团）有限责任公司"
NANJING_ROADS = "南京公路发展（集团）有限公司"
LINTONG = "南京林通园林建设工程有限公司"
SECOND_BRIDGE = "南京长江第二大桥有限责任公司"
SHENZHEN_ZHONGHAI = "深圳市中海投资有限公司"
ZHONGHAI_VENTURE = "中海创业投资（深圳）有限公司"
OVERSEAS_TECH = "中国海外科技控股有限公司"
NANCHANG_BRIDGE = "南昌海兴城市桥梁有限公司"
HK_INFRA = "香港中海基建有限公司"
NANCHANG_DAQIAO = "南昌大桥有限责任公司"


@pytest.fixture(scope="module")
def graph(prc_graph: OwnershipImport) -> OwnershipGraph:
    names = {k: p.name for k, p in prc_graph.parties.items() if p.name}
    return OwnershipGraph.build(prc_graph.links, names=names)


def key(graph: OwnershipGraph, name: str) -> str:
    (found,) = [k for k, label in graph.names.items() if label == name]
    return found


def test_direct_ownership(graph: OwnershipGraph) -> None:
    result = aggregate(graph, key(graph, NANJING_ROADS), {key(graph, NANJING_TRANSPORT): "EL"})
    assert result.percent_low == 100.0 and result.meets_threshold
    (path,) = result.paths
    assert path.describe(graph) == f"100 % from {NANJING_TRANSPORT} (100 %)"


def test_indirect_ownership_multiplies_along_the_chain(graph: OwnershipGraph) -> None:
    # 南京市交通 holds 100 % of 南京公路发展, which holds 60 % of 南京林通园林.
    result = aggregate(graph, key(graph, LINTONG), {key(graph, NANJING_TRANSPORT): "EL"})
    assert result.percent_low == 60.0 and result.meets_threshold
    (path,) = result.paths
    assert [graph.label(link.owned) for link in path.links] == [NANJING_ROADS, LINTONG]
    assert "through 南京公路发展（集团）有限公司 (100 % x 60 %)" in path.describe(graph)


def test_two_owners_add_up(graph: OwnershipGraph) -> None:
    bridge = key(graph, SECOND_BRIDGE)
    alone = aggregate(graph, bridge, {key(graph, NANJING_TRANSPORT): "EL"})
    assert alone.percent_low == 35.0 and not alone.meets_threshold
    both = aggregate(
        graph, bridge, {key(graph, NANJING_TRANSPORT): "EL", key(graph, OVERSEAS_TECH): "EL"}
    )
    # 35 % direct + 100 % x 100 % x 65 % through 中海创业投资 and 深圳市中海投资.
    assert both.percent_low == 100.0
    assert sorted(p.percent_low for p in both.paths) == [35.0, 65.0]
    nanchang = aggregate(
        graph,
        key(graph, NANCHANG_BRIDGE),
        {key(graph, HK_INFRA): "EL", key(graph, NANCHANG_DAQIAO): "MEU"},
    )
    assert nanchang.percent_low == 100.0  # 55.24 % + 44.76 %
    assert sorted(p.percent_low for p in nanchang.paths) == [44.76, 55.24]


def test_a_cycle_is_followed_once(graph: OwnershipGraph) -> None:
    # The file records 中海创业投资 -> 深圳市中海投资 (100 %) and back (share not stated).
    venture, shenzhen = key(graph, ZHONGHAI_VENTURE), key(graph, SHENZHEN_ZHONGHAI)
    assert any(link.owner == shenzhen for link in graph.owners_of[venture])
    assert any(link.owner == venture for link in graph.owners_of[shenzhen])
    result = aggregate(graph, shenzhen, {key(graph, OVERSEAS_TECH): "EL"})
    assert result.percent_low == 100.0
    (path,) = result.paths
    assert [graph.label(link.owned) for link in path.links] == [ZHONGHAI_VENTURE, SHENZHEN_ZHONGHAI]


def test_a_counted_cycle_does_not_count_twice() -> None:
    links = [
        OwnershipLink("L", "A", 40, 40, ShareKind.SHARES, "t"),
        OwnershipLink("A", "B", 60, 60, ShareKind.SHARES, "t"),
        OwnershipLink("B", "A", 60, 60, ShareKind.SHARES, "t"),
    ]
    result = aggregate(OwnershipGraph.build(links), "B", {"L": "EL"})
    assert result.percent_low == pytest.approx(24.0)  # 40 % x 60 %, the loop not re-entered


def test_a_band_counts_by_its_lower_bound() -> None:
    links = [
        OwnershipLink("L", "A", 25, 50, ShareKind.SHARES, "t"),
        OwnershipLink("M", "A", 25, 25, ShareKind.VOTES, "t"),
    ]
    result = aggregate(OwnershipGraph.build(links), "A", {"L": "EL", "M": "EL"})
    assert (result.percent_low, result.percent_high) == (50.0, 75.0)
    assert result.meets_threshold


def test_an_intermediate_owned_50_percent_counts_in_full() -> None:
    # 15 CFR 744 supp. 8 (b): an entity restricted by ownership counts as an owner itself.
    links = [
        OwnershipLink("L", "A", 50, 50, ShareKind.SHARES, "t"),
        OwnershipLink("A", "B", 60, 60, ShareKind.SHARES, "t"),
    ]
    result = aggregate(OwnershipGraph.build(links), "B", {"L": "EL"})
    assert result.percent_low == 60.0
    assert result.paths[0].full_from == "A"


def test_an_unstated_share_to_a_listed_party_is_undetermined(graph: OwnershipGraph) -> None:
    # 深圳市中海投资 is recorded as a shareholder of 中海创业投资 with no percentage.
    result = aggregate(graph, key(graph, ZHONGHAI_VENTURE), {key(graph, SHENZHEN_ZHONGHAI): "EL"})
    assert result.percent_low == 0.0 and not result.paths
    assert len(result.undetermined) == 1


def test_a_listed_owner_stops_the_chain() -> None:
    # L (listed) owns 100 % of M (listed), which owns 60 % of A: counted once, from M.
    links = [
        OwnershipLink("L", "M", 100, 100, ShareKind.SHARES, "t"),
        OwnershipLink("M", "A", 60, 60, ShareKind.SHARES, "t"),
    ]
    result = aggregate(OwnershipGraph.build(links), "A", {"L": "EL", "M": "EL"})
    assert result.percent_low == 60.0 and result.roots == ("M",)
