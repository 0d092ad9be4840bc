import pytest

from ansible_collections.cloudops.privatecloud.plugins.module_utils.checks.zstack import _common


@pytest.mark.parametrize("text, expected", [
    ("1G", 1024 ** 3), ("512M", 512 * 1024 ** 2), ("8GB", 8 * 1024 ** 3), ("1073741824", 1073741824),
    ("0.5T", 512 * 1024 ** 3), ("junk", None), (None, None)])
def test_parse_size(text, expected):
    assert _common.parse_size(text) == expected
