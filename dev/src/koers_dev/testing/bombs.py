"""Hostile files for the import limits, made on the fly (tests and ``koers bench``): none is stored anywhere."""

from __future__ import annotations

import io
import resource
import time
import tracemalloc
import zipfile

# 9 levels of 9 aliases: ~387 million "lol"s when expanded (the classic "billion laughs", 451 bytes)
YAML_ALIAS_BOMB = (
    'register: tlv\nname: bom\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    + "columns: *i\n"
).encode()


def wide_csv(columns: int = 1_000_000) -> bytes:
    """A header line with ``columns`` columns (a million: ~7 MB) and one data row."""
    header = ";".join(f"k{i}" for i in range(columns))
    return (header + "\n" + ";" * (columns - 1) + "\n").encode()


def zip_bomb_xlsx(unpacked: int = 300 * 1024 * 1024) -> bytes:
    """A zip that looks like an xlsx and whose sheet unpacks to ``unpacked`` bytes (it compresses ~1000 times)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=unpacked > 2**31) as member:
            chunk = b" " * (1024 * 1024)
            left = unpacked
            while left > 0:
                member.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
    return out.getvalue()


def measure(fn):
    """(result or exception, seconds, peak Python memory in bytes, max resident size of the process in kB)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = fn()
    except Exception as exc:  # the refusal is the result
        result = exc
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, seconds, peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
