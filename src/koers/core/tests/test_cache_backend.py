"""The file cache used for computed measures: a normal Django cache that culls only now and then."""

from unittest import mock

from koers.core import cache as koers_cache


def test_file_cache_stores_and_culls_only_now_and_then(tmp_path):
    c = koers_cache.FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 5, "CULL_FREQUENCY": 2}})
    with mock.patch.object(koers_cache.random, "random", return_value=0.5):  # never samples a cull
        for i in range(20):
            c.set(f"k{i}", i)
    assert c.get("k19") == 19 and len(list(tmp_path.glob("*.djcache"))) == 20
    with mock.patch.object(koers_cache.random, "random", return_value=0.0):  # this write counts and culls
        c.set("k20", 20)
    assert len(list(tmp_path.glob("*.djcache"))) < 20
