"""Chinese forms are marked only as whole words (explainer.glossary.termmatch.ChineseWords).

A form that begins or ends between two Chinese characters must begin or end a word as
jieba cuts the text; `blocked_by` overrides the segmentation where the maintainer knows
better. Each row: a sentence and what is marked in it. Scripts written right to left have
spaces: their forms are whole words, as in Latin script (the last table).
"""

from __future__ import annotations

import markdown
import pytest
from bs4 import BeautifulSoup

from explainer.glossary.data import Glossary, Term
from explainer.glossary.marking import GlossaryExtension, PageState
from explainer.glossary import termmatch
from explainer.glossary.termmatch import ChineseWords, Form, TermMatcher

TERMS = (
    Term("state-council", "State Council", "China's cabinet.", native="国务院"),
    Term("credit", "Credit", "Trust in repayment.", native="信用"),
    Term("sesame", "Sesame Credit", "A score.", aliases=("芝麻Credit",), native="芝麻信用"),
    Term("blacklist", "Blacklist", "A list.", native="黑名单"),
    Term("rongcheng", "Rongcheng", "A city.", native="荣成"),
    Term("xi", "Xi Jinping", "China's leader.", native="习近平"),
    Term("satoyama", "Satoyama", "A landscape.", native="里山"),
    Term("woodland", "Woodland", "Forest.", native="山林", blocked_by=("里山林",)),
    Term("credit-score", "信用スコア", "A score, in Japanese."),
    Term("rating", "신용평가", "A credit rating, in Korean."),
    Term("left", "Left", "Overlap, left.", native="信用体系"),
    Term("right", "Right", "Overlap, right.", native="体系建设"),
)


def marks(text: str) -> list[tuple[str, str]]:
    extension = GlossaryExtension(Glossary("glossary.yml", TERMS), "every", PageState(glossary_url="glossary.md"))
    html = markdown.markdown(text, extensions=[extension])
    return [(a.get_text(), a["data-term"]) for a in BeautifulSoup(html, "html.parser").select("a.ex-term")]


@pytest.mark.parametrize("text, expected", [
    # The example: 美国国务院 (US State Department) is one word.
    ("美国国务院发表了声明。", []),
    ("国务院发表了声明。", [("国务院", "state-council")]),
    ("国务院总理和美国国务院", [("国务院", "state-council")]),  # 国务院/总理/和/美国国务院
    ("中华人民共和国国务院", []),  # one word: an alias of the entry would mark it
    ("国务院新闻办公室", []),  # the State Council Information Office is a body of its own
    # 信用 (credit) inside 信用卡 (credit card) and 个人信用 (personal credit), each one word.
    ("他的信用卡", []),
    ("个人信用", []),
    ("信用记录", [("信用", "credit")]),  # 信用/记录
    # A form that is a sequence of whole words.
    ("阿里巴巴的芝麻信用评分", [("芝麻信用", "sesame")]),  # 芝麻/信用
    ("用芝麻Credit付款", [("芝麻Credit", "sesame")]),
    ("失信黑名单制度", [("黑名单", "blacklist")]),
    ("习近平总书记", [("习近平", "xi")]),
    ("在荣成市", []),  # 荣成市 (Rongcheng City) is one word: an alias would mark it
    # A form that is the whole run of Chinese characters needs no segmentation.
    ("Rongcheng (荣成) and “荣成”", [("Rongcheng", "rongcheng"), ("荣成", "rongcheng"), ("荣成", "rongcheng")]),
    # 里/山林: 里山 ends inside a word; 山林 is a word to jieba, but blocked by the maintainer.
    ("里山林", []),
    ("里山和山林", [("里山", "satoyama"), ("山林", "woodland")]),
    # Two overlapping forms, each a sequence of words: neither is marked (a conflict).
    ("信用体系建设", []),
    # Japanese and Korean: kana and hangul are cut character by character, as before.
    ("社会信用スコア制度", [("信用スコア", "credit-score")]),
    ("개인신용평가제도", [("신용평가", "rating")]),
])
def test_chinese_forms_are_marked_as_whole_words(text, expected):
    assert marks(text) == expected


def test_the_same_words_when_the_search_hook_has_taught_jieba_the_glossarys_names(monkeypatch):
    """hooks/search.py adds every Chinese name to jieba's dictionary (MkDocs, ProperDocs; not
    Zensical): a name that is not a word in the sentence stays unmarked all the same. (On a
    tokenizer of the test's own: jieba's shared one stays as the other tests expect it.)"""
    import jieba

    taught = jieba.Tokenizer()
    for term in TERMS:
        if term.native:
            taught.add_word(term.native)
    monkeypatch.setattr(termmatch, "_jieba", lambda: taught)
    assert [marks(text) for text in ("美国国务院发表了声明。", "他的信用卡", "个人信用", "在荣成市", "里山林")] == [[]] * 5
    assert marks("国务院发表了声明。") == [("国务院", "state-council")]


@pytest.mark.parametrize("text, offset, expected", [
    ("美国国务院发表", 2, False),
    ("美国国务院发表", 5, True),
    ("美国国务院发表", 0, True),
    ("Credit 国务院", 7, True),  # after a space: not between two Chinese characters
    ("芝麻Credit", 2, True),
    ("𠮷野家", 1, True),  # beyond jieba's characters: a word of its own
])
def test_word_boundaries(text, offset, expected):
    assert ChineseWords(text).boundary(offset) is expected


def test_a_text_is_cut_only_where_a_form_needs_it(monkeypatch):
    """Most texts with Chinese never reach jieba: a form stands between punctuation or
    Latin letters; a run of Chinese characters is cut once, however many forms it holds."""
    matcher = TermMatcher((Form("国务院", "state-council"),))
    cuts = []
    real = termmatch._jieba()

    class Counting:
        def cut(self, text):
            cuts.append(text)
            return real.cut(text)

    monkeypatch.setattr(termmatch, "_jieba", Counting)
    text = "the State Council (国务院) and “国务院”, 1 国务院"
    assert [text[m.start:m.end] for m in matcher.find(text)] == ["国务院"] * 3 and cuts == []
    run = "国务院总理和美国国务院和国务院"
    assert [(m.start, m.end) for m in matcher.find(run)] == [(0, 3), (12, 15)]
    assert cuts == [run]


RIGHT_TO_LEFT = (
    Term("social-credit-ar", "نظام الائتمان الاجتماعي", "The system, in Arabic."),
    Term("credit-he", "אשראי", "Credit, in Hebrew."),
)


@pytest.mark.parametrize("text, expected", [
    # Scripts written right to left have spaces between words: whole words, as in Latin script.
    ("أعلنت الصين نظام الائتمان الاجتماعي عام 2014.", [("نظام الائتمان الاجتماعي", "social-credit-ar")]),
    ("نظام الائتمان الاجتماعيين", []),  # a longer word
    ("דירוג אשראי, ועוד", [("אשראי", "credit-he")]),
    ("\u200fאשראי\u200f", [("אשראי", "credit-he")]),  # direction marks are invisible
    ("האשראי", []),  # the article ה- joined to the word: an alias would mark it
])
def test_right_to_left_forms_are_whole_words(text, expected):
    extension = GlossaryExtension(Glossary("glossary.yml", RIGHT_TO_LEFT), "every", PageState())
    html = markdown.markdown(text, extensions=[extension])
    assert [(a.get_text(), a["data-term"]) for a in BeautifulSoup(html, "html.parser").select("a.ex-term")] == expected
