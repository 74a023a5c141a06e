"""Page listings in one query each."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef
from wagtail.models import PageViewRestriction

from jindu.pagecache import remember


def public(pages):
    """`pages` without those behind a view restriction (on the page or an ancestor), as Wagtail's `public()`.

    Wagtail's `public()` first reads every restriction, then builds the filter from them: a query
    more for each listing on a page. Here the same test is a subquery of the listing's own query.
    """
    restrictions = PageViewRestriction.objects.annotate(
        listed_path=ExpressionWrapper(OuterRef("path"), output_field=CharField())
    ).filter(listed_path__startswith=F("page__path"))
    return pages.exclude(Exists(restrictions))


class KeptRestrictionsMixin:
    """A page whose view restrictions are read once per content change, not on every view.

    Wagtail checks `get_view_restrictions()` before serving any page, at two queries (the page's
    ancestors, then their restrictions). Which restrictions apply changes only when a restriction or
    a page is saved or moved, and each of those starts a new page-cache generation, so the answer
    is kept in it. Nearly every page has none: then the queryset is `none()` and costs no query; a
    restricted page reads its restrictions by id. Callers still get a queryset of restrictions.
    """

    def get_view_restrictions(self):
        ids = remember(
            f"view-restrictions:{self.pk}",
            lambda: list(super(KeptRestrictionsMixin, self).get_view_restrictions().values_list("pk", flat=True)),
        )
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)
