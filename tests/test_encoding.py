from __future__ import annotations

import codecs

import pytest

from govlint.encoding import decode
from govlint.errors import InputError

SAMPLE = "方山縣工商局2011年政府信息公開年度報告\n一、概述\n統計數據的時限自2011年1月1日至2011年12月31日。\n" * 3


@pytest.mark.parametrize("data,enc", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("utf-16"), "utf-16"),  # with BOM
    (SAMPLE.encode("utf-16-le"), "utf-16-le"),  # without BOM
    (SAMPLE.encode("gb18030"), "gb18030"),
    (SAMPLE.encode("big5"), "big5"),  # gb18030 would decode these bytes into garbage
])
def test_detects(data, enc):
    text, used = decode(data, "x.txt")
    assert text.lstrip("\ufeff") == SAMPLE
    assert used.replace("_", "-") == enc or codecs.lookup(used).name == codecs.lookup(enc).name


def test_gbk_simplified_reads_as_gb18030():
    simplified = "张店区工商局2016年政府信息公开工作年度报告\n一、概述\n" * 5
    text, used = decode(simplified.encode("gbk"), "x.txt")
    assert text == simplified and used == "gb18030"


def test_override():
    data = SAMPLE.encode("big5")
    text, used = decode(data, "x.txt", "big5")
    assert text == SAMPLE


def test_wrong_override_is_a_clear_error():
    with pytest.raises(InputError) as exc:
        decode("中文".encode("utf-8") + b"\xff\xfe\xfd", "x.txt", "utf-8")
    assert "x.txt" in str(exc.value) and "utf-8" in str(exc.value)


def test_unknown_encoding_name():
    with pytest.raises(InputError) as exc:
        decode(b"abc", "x.txt", "no-such-codec")
    assert "未知的编码" in str(exc.value)


def test_binary_is_rejected():
    with pytest.raises(InputError) as exc:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20, "x.txt")
    assert "不是文本文件" in str(exc.value)
