from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from jindu.numbers import parse_int


class RegionLevel(models.IntegerChoices):
    CITY = 1, _("City (市)")
    DISTRICT = 2, _("District or county (区/县)")
    TOWN = 3, _("Town or street (乡镇/街道)")
    VILLAGE = 4, _("Village or community (村/社区)")


# Words accepted for a level in imports, besides the number itself.
LEVEL_ALIASES = {
    "市": RegionLevel.CITY,
    "city": RegionLevel.CITY,
    "区": RegionLevel.DISTRICT,
    "县": RegionLevel.DISTRICT,
    "区/县": RegionLevel.DISTRICT,
    "district": RegionLevel.DISTRICT,
    "county": RegionLevel.DISTRICT,
    "乡镇": RegionLevel.TOWN,
    "镇": RegionLevel.TOWN,
    "乡": RegionLevel.TOWN,
    "街道": RegionLevel.TOWN,
    "乡镇/街道": RegionLevel.TOWN,
    "town": RegionLevel.TOWN,
    "村": RegionLevel.VILLAGE,
    "社区": RegionLevel.VILLAGE,
    "村/社区": RegionLevel.VILLAGE,
    "village": RegionLevel.VILLAGE,
    "community": RegionLevel.VILLAGE,
}


def parse_level(value):
    """Return the RegionLevel a spreadsheet cell names, or None."""
    text = str(value).strip().lower()
    number = parse_int(text, min(RegionLevel.values), max(RegionLevel.values))
    if number is not None:
        return RegionLevel(number) if number in RegionLevel.values else None
    return LEVEL_ALIASES.get(text)


# A county directly under a province (省直辖县, such as 昌江) is a root like a city.
ROOT_LEVELS = (RegionLevel.CITY, RegionLevel.DISTRICT)


def is_valid_parent_level(level, parent_level):
    """Whether a region of `level` may hang under one of `parent_level` (None: a root)."""
    if parent_level is None:
        return level in ROOT_LEVELS
    return level == parent_level + 1


# Sent inside the move's transaction, with `region` and `old_ancestor_ids`, when a region changes parent:
# figures kept per ancestor (the campaign summary) follow it there.
region_moved = Signal()


class RegionQuerySet(MP_NodeQuerySet):
    def in_subtree(self, region):
        """The region itself and everything below it."""
        return self.filter(path__startswith=region.path, depth__gte=region.depth)

    def towns(self):
        return self.filter(level=RegionLevel.TOWN)


class RegionManager(MP_NodeManager):
    def get_queryset(self):
        return RegionQuerySet(self.model, using=self._db).order_by("path")

    def in_subtree(self, region):
        return self.get_queryset().in_subtree(region)

    def towns(self):
        return self.get_queryset().towns()


class Region(MP_Node):
    """One node of the administrative tree 市 → 区/县 → 乡镇/街道 → 村/社区."""

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_("Administrative division code, e.g. 450312."),
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)

    node_order_by = ["code"]
    objects = RegionManager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def move(self, target, pos=None):
        with transaction.atomic():
            old_ancestor_ids = [ancestor.pk for ancestor in self.get_ancestors()]
            super().move(target, pos)
            region_moved.send(sender=Region, region=self, old_ancestor_ids=old_ancestor_ids)

    @property
    def full_name(self):
        """The name with its ancestors, e.g. 桂林市 临桂区 五通镇."""
        names = [region.name for region in self.get_ancestors()] + [self.name]
        return " ".join(names)

    @property
    def indented_name(self):
        """The name with one full-width space per level of depth, for tree listings."""
        return "\u3000" * (self.depth - 1) + self.name
