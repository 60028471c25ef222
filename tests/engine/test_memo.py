"""What a build keeps for the next one (`explainer.core.memo`), and that it never serves stale text."""

from __future__ import annotations

import json

import pytest

from explainer.core.memo import Memo, cache_folder, version_of


def maker(calls: list[str]):
    def make(key: str):
        return lambda: calls.append(key) or key.upper()
    return make


def test_a_result_is_made_once_per_process():
    calls = []
    make = maker(calls)
    memo = Memo("things", "v1")
    memo.open(None)
    assert memo.get("a", make("a")) == "A" and memo.get("a", make("a")) == "A"
    memo.open(None)  # the next build under `mkdocs serve`
    assert memo.get("a", make("a")) == "A"
    assert calls == ["a"]


def test_the_next_process_reads_what_the_last_build_used(tmp_path):
    calls = []
    make = maker(calls)
    first = Memo("things", "v1")
    first.open(tmp_path)
    first.get("a", make("a"))
    first.get("b", make("b"))
    first.save()
    second = Memo("things", "v1")  # a new process
    second.open(tmp_path)
    assert second.get("a", make("a")) == "A"
    second.save()  # used only "a": the file keeps only "a"
    assert calls == ["a", "b"]
    assert json.loads((tmp_path / "things.json").read_text("utf-8"))["entries"] == {"a": "A"}


@pytest.mark.parametrize("content", ['{"version": "v0", "entries": {"a": "stale"}}', "not json", '["a"]',
                                     '{"version": "v1", "entries": {"a": 1}}'])
def test_a_file_of_another_version_or_broken_is_ignored(tmp_path, content):
    (tmp_path / "things.json").write_text(content, "utf-8")
    memo = Memo("things", "v1")
    memo.open(tmp_path)
    assert memo.get("a", lambda: "fresh") == "fresh"
    memo.save()
    assert json.loads((tmp_path / "things.json").read_text("utf-8")) == {"version": "v1", "entries": {"a": "fresh"}}


def test_an_unwritable_folder_only_costs_time(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    memo = Memo("things", "v1")
    memo.open(blocker / "cache")  # a folder inside a file cannot exist
    assert memo.get("a", lambda: "A") == "A"
    memo.save()


def test_the_version_follows_the_code_that_makes_the_entries(tmp_path):
    code = tmp_path / "module.py"
    code.write_text("one", "utf-8")
    before = version_of(packages=["markdown"], files=[code])
    code.write_text("two", "utf-8")
    assert version_of(packages=["markdown"], files=[code]) != before


@pytest.mark.parametrize("extra, expected", [
    ({}, "site/.explainer-cache"), ({"cache_dir": "tmp/c"}, "site/tmp/c"), ({"cache_dir": False}, None),
])
def test_cache_folder_is_relative_to_mkdocs_yml(tmp_path, extra, expected):
    folder = cache_folder(extra, str(tmp_path / "site" / "mkdocs.yml"))
    assert folder == (tmp_path / expected if expected else None)


def test_a_cache_folder_that_is_not_a_name_is_refused():
    with pytest.raises(ValueError, match=r"^mkdocs.yml: extra.cache_dir must be a folder or false, not 3$"):
        cache_folder({"cache_dir": 3}, "mkdocs.yml")


@pytest.mark.parametrize("text", [
    "a:\n  title: T\n  issued: 2018-07-01\n  accessed: 2018-07-01 10:30:00\n  n: 3\n  tags: [x, true, null]\n",
    "a:\n  odd: {$date: not a date}\n",  # looks like our tag: read from YAML every time
    "a:\n  1: an int key\n",  # JSON would make it "1"
    "",
])
def test_data_files_read_from_the_memo_are_what_yaml_gives(tmp_path, text):
    from explainer.core import datafile

    path = tmp_path / "data.yml"
    path.write_text(text, "utf-8")
    datafile.PARSED.open(tmp_path / "cache")
    first = datafile.load_entries(path)
    datafile.PARSED.save()
    datafile.PARSED.known.clear()  # a new process
    datafile.PARSED.open(tmp_path / "cache")
    assert datafile.load_entries(path) == first
    datafile.PARSED.save()
