"""Chinese word segmentation for the search index and for queries.

Wagtail's database backends split text on spaces and punctuation only, so a run of
Chinese characters is one "word" and 冰毒 inside a sentence is never found. We cut
text into words with jieba before it is indexed and before it is queried.
HMM guessing of unknown words is off on both sides so that a query word is cut the
same way as the sentence it came from; our dictionary keeps drug terms whole.
"""

import functools
import logging
import re
import threading

import jieba
from django.conf import settings

_WORD = re.compile(r"\w", re.UNICODE)
_lock = threading.Lock()
_ready = False

# Particles that carry no meaning on their own; dropped from queries only.
QUERY_STOP_WORDS = frozenset("的 了 和 与 及 是 在 也 都 就 而 或 等 把 被 对 从 吗 呢 啊 吧 之 着 个".split())


def initialize():
    """Load jieba's dictionary and ours once per process (at start-up, not on a search)."""
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        jieba.load_userdict(str(settings.JINDU_SEARCH_DICTIONARY))
        _ready = True


def _words(tokens):
    return [token.strip() for token in tokens if _WORD.search(token)]


@functools.lru_cache(maxsize=50_000)
def _index_words_of_block(block):
    return tuple(_words(jieba.cut_for_search(block, HMM=False)))


def for_index(text):
    """The text as space-separated words, with the parts of long words added (搜索引擎模式).

    jieba cuts a text one block at a time (a run of Chinese characters, letters and digits, or
    what lies between two runs), so we hand it the blocks ourselves and remember each block's
    words: a phrase repeated across fields and articles (a slogan, a heading, a law's name) is
    cut once per process. The words are the same as jieba's for the whole text.
    """
    if not text:
        return ""
    initialize()
    words = []
    for block in jieba.re_han_default.split(text):
        if block:
            words.extend(_index_words_of_block(block))
    return " ".join(words)


def query_words(text):
    """The words of a query, without particles unless nothing else is left."""
    if not text:
        return []
    initialize()
    words = _words(jieba.cut(text, HMM=False))
    meaningful = [word for word in words if word not in QUERY_STOP_WORDS]
    return meaningful or words


def for_query(text):
    return " ".join(query_words(text))
