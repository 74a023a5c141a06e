"""A recording's dialect and a material's kind become links to the shared lists (jindu.Dialect, jindu.MaterialKind).

Every value in use gets a row (found by name, created when missing), every recording and material is linked to the
row for its value, and page revisions are rewritten the same way so old drafts still open.
The old text columns go in 0005, after this data step has committed.
"""

import django.db.models.deletion
from django.db import migrations, models

DIALECTS = {
    "mandarin": "普通话",
    "gelong": "哥隆话",
    "cantonese": "粤语",
    "hakka": "客家话",
    "guiliu": "桂柳话",
    "other": "其他方言",
}
KINDS = {
    "poster": ("海报", "张"),
    "leaflet": ("宣传折页", "份"),
    "brochure": ("宣传册", "册"),
    "pledge": ("承诺书", "份"),
    "proposal": ("倡议书", "份"),
    "other": ("其他宣传资料", "份"),
}
OLD_DEFAULT_DIALECT = "mandarin"


class Rows:
    """The list row for each old value in use, found by name or created (new kinds start retired)."""

    def __init__(self, apps):
        self.dialects = apps.get_model("jindu", "Dialect")
        self.kinds = apps.get_model("jindu", "MaterialKind")
        self.found = {}

    def dialect(self, value):
        if not value:
            return None
        if ("dialect", value) not in self.found:
            name = DIALECTS.get(value, value[:80])
            self.found["dialect", value] = self.dialects.objects.get_or_create(name=name)[0]
        return self.found["dialect", value]

    def kind(self, value):
        if ("kind", value) not in self.found:
            name, unit = KINDS.get(value) or (value[:80] or KINDS["other"][0], "份")
            # Retired, so that a kind only the download centre used does not appear on officers' report forms.
            row = self.kinds.objects.get_or_create(name=name, defaults={"unit": unit, "active": False})[0]
            self.found["kind", value] = row
        return self.found["kind", value]


def videopage_revisions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="media", model="videopage").first()
    if content_type is None:
        return Revision.objects.none()
    return Revision.objects.filter(content_type_id=content_type.pk)


def forwards(apps, schema_editor):
    VideoPage = apps.get_model("media", "VideoPage")
    PublicityMaterial = apps.get_model("media", "PublicityMaterial")
    rows = Rows(apps)
    for value in VideoPage.objects.values_list("dialect", flat=True).distinct():
        VideoPage.objects.filter(dialect=value).update(dialect_ref=rows.dialect(value))
    for value in PublicityMaterial.objects.values_list("kind", flat=True).distinct():
        PublicityMaterial.objects.filter(kind=value).update(kind_ref=rows.kind(value))
    for revision in videopage_revisions(apps).iterator():
        value = revision.content.get("dialect")
        if isinstance(value, str):
            row = rows.dialect(value)
            revision.content["dialect"] = row.pk if row else None
            revision.save(update_fields=["content"])


def backwards(apps, schema_editor):
    VideoPage = apps.get_model("media", "VideoPage")
    PublicityMaterial = apps.get_model("media", "PublicityMaterial")
    dialect_values = {name: value for value, name in DIALECTS.items()}
    names = dict(apps.get_model("jindu", "Dialect").objects.values_list("pk", "name"))
    for page in VideoPage.objects.select_related("dialect_ref"):
        name = page.dialect_ref.name if page.dialect_ref_id else None
        value = dialect_values.get(name, "other") if name else OLD_DEFAULT_DIALECT
        VideoPage.objects.filter(pk=page.pk).update(dialect=value)
    kind_values = {name: value for value, (name, _unit) in KINDS.items()}
    for material in PublicityMaterial.objects.select_related("kind_ref"):
        value = kind_values.get(material.kind_ref.name, "other") if material.kind_ref_id else "other"
        PublicityMaterial.objects.filter(pk=material.pk).update(kind=value)
    for revision in videopage_revisions(apps).iterator():
        pk = revision.content.get("dialect")
        if pk is None or isinstance(pk, int):
            name = names.get(pk)
            revision.content["dialect"] = dialect_values.get(name, "other") if name else OLD_DEFAULT_DIALECT
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0003_campaigntheme_from_jindu"),
        ("jindu", "0007_shared_list_item_fields"),
        ("events", "0002_starting_lists"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="videopage",
            name="dialect_ref",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="jindu.dialect"),
        ),
        migrations.AddField(
            model_name="publicitymaterial",
            name="kind_ref",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="jindu.materialkind"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
