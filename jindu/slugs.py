"""Readable page addresses from Chinese titles: words cut by jieba, each written in pinyin.

Wagtail makes a slug from the title with Django's ``slugify``, which drops every Chinese character, so
"禁毒宣传月" gives an empty slug. Here it gives ``jindu-xuanchuan-yue``.
"""

import jieba
from django.utils.text import slugify
from pypinyin import lazy_pinyin

from jindu.search import segment

MAX_LENGTH = 80


def pinyin_slug(title):
    """The title as an ASCII slug: one pinyin word per Chinese word, Latin letters and digits kept."""
    segment.initialize()
    words = []
    for word in jieba.cut(title or "", HMM=False):
        words.append("".join(lazy_pinyin(word, errors="default")))
    slug = slugify(" ".join(words))
    return slug[:MAX_LENGTH].strip("-")


def available_slug(base, parent, page=None):
    """``base``, or ``base-2``, ``base-3``… whichever no other child of ``parent`` has yet."""
    if parent is None:
        return base
    siblings = parent.get_children()
    if page is not None and page.pk:
        siblings = siblings.exclude(pk=page.pk)
    taken = set(siblings.filter(slug__startswith=base).values_list("slug", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def slug_for_title(title, parent, page=None):
    base = pinyin_slug(title)
    return available_slug(base, parent, page) if base else ""
