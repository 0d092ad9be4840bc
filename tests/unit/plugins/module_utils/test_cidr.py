"""CIDR syntax, bounds, containment and overlap (module_utils/core/cidr.py)."""
import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.core.cidr import (
    CidrError, contains, describe, network, overlapping, overlapping_pairs, parse_cidr, range_of)


@pytest.mark.parametrize("bad", ["10.0.0.0", "10.0.0.1/16", "300.0.0.0/8", "10.0.0.0/33", "fe80::/64", "", None, 5])
def test_invalid_cidrs_are_refused_with_the_value_in_the_message(bad):
    with pytest.raises(CidrError) as err:
        parse_cidr(bad, what="VPC CIDR")
    assert "VPC CIDR" in str(err.value)


def test_prefix_bounds():
    assert str(parse_cidr("10.0.0.0/16", min_prefix=8, max_prefix=28)) == "10.0.0.0/16"
    with pytest.raises(CidrError, match="shorter than /8"):
        parse_cidr("0.0.0.0/0", min_prefix=8)
    with pytest.raises(CidrError, match="longer than /29"):
        parse_cidr("10.0.0.0/30", max_prefix=29)


def test_overlap_and_containment():
    existing = [{"cidr": "10.0.0.0/16", "kind": "vpc", "id": "vpc-1", "name": "a"},
                {"cidr": "172.16.0.0/12", "kind": "vpc", "id": "vpc-2", "name": "b"},
                {"cidr": "", "kind": "l3", "id": "l3-x", "name": "no ranges"}]
    assert [e["id"] for e in overlapping("10.0.128.0/17", existing)] == ["vpc-1"]
    assert overlapping("192.168.0.0/16", existing) == []
    assert "vpc a (vpc-1, 10.0.0.0/16)" in describe(overlapping("10.0.0.0/8", existing))
    assert contains("10.0.0.0/16", "10.0.3.0/24") and not contains("10.0.0.0/16", "10.1.0.0/24")


def test_overlapping_takes_plain_cidrs_and_any_key_and_skips_what_is_no_network():
    assert overlapping("10.0.0.0/8", ["10.1.0.0/16", "192.168.0.0/16", "", None, "bad"]) == ["10.1.0.0/16"]
    vpcs = [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}, {"VpcId": "vpc-2", "CidrBlock": "10.1.0.0/16"}]
    assert overlapping("10.0.4.0/24", vpcs, key="CidrBlock") == [vpcs[0]]
    assert overlapping("10.1.4.0/24", vpcs, key=lambda v: v["CidrBlock"]) == [vpcs[1]]
    assert overlapping("not a cidr", vpcs, key="CidrBlock") == []
    assert overlapping("10.0.0.0/16", ["fe80::/64"]) == []       # another IP version never overlaps


def test_overlapping_pairs_within_one_list_and_between_two():
    assert overlapping_pairs(["10.0.0.0/24", "10.0.0.0/16", "10.2.0.0/16"]) == [("10.0.0.0/24", "10.0.0.0/16")]
    assert overlapping_pairs(["10.0.0.0/16", "10.3.0.0/16"], ["10.0.1.0/24", "10.9.0.0/16"]) == [("10.0.0.0/16", "10.0.1.0/24")]
    assert overlapping_pairs(["10.0.0.0/16"], []) == [] and overlapping_pairs([]) == []


def test_containment_proper_and_tolerant():
    assert contains("10.0.0.0/16", "10.0.0.0/16") and not contains("10.0.0.0/16", "10.0.0.0/16", proper=True)
    assert contains("0.0.0.0/0", "10.0.0.0/16", proper=True)
    assert not contains("10.0.0.0/16", "") and not contains(None, "10.0.0.0/16")
    assert str(network("10.0.0.1/24")) == "10.0.0.0/24" and network("x") is None


def test_range_of_a_small_network():
    assert range_of("10.20.1.0/24") == {"gateway": "10.20.1.1", "start_ip": "10.20.1.2", "end_ip": "10.20.1.254",
                                        "netmask": "255.255.255.0"}
    assert range_of("10.0.0.0/8")["end_ip"] == "10.255.255.254"
