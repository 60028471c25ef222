"""The search hook's own functions (hooks/search.py)."""

from __future__ import annotations

import pytest

from search import join_mixed_words

Z = "\u200b"  # the zero-width space the search plugin puts around Chinese words


@pytest.mark.parametrize(("indexed", "joined"), [
    (f"({Z}芝麻{Z}Credit: a", f"({Z}芝麻Credit: a"),  # Chinese, then Latin: one word
    (f"Credit{Z}芝麻{Z})", f"Credit芝麻{Z})"),  # Latin, then Chinese
    (f"2014{Z}年{Z}", f"2014年{Z}"),  # digits too
    (f"Chin.: {Z}社会{Z}信用{Z}体系{Z})", f"Chin.: {Z}社会{Z}信用{Z}体系{Z})"),  # between Chinese words: kept
    (f"Café{Z}咖啡{Z}", f"Café咖啡{Z}"),  # Latin letters with accents too
    ("no Chinese here", "no Chinese here"),
])
def test_chinese_and_latin_written_together_stay_one_word(indexed, joined):
    assert join_mixed_words(indexed) == joined
