"""The migrations that gave dialects, material kinds, campaigns and campaign themes one home keep every row.

The database is taken back to just before them, filled the old way, and brought forward (and back, and forward).
"""

import datetime

import pytest
from django.utils import timezone

from tests.migration_steps import Migrations

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.migrations]

BEFORE = [
    ("jindu", "0005_chinese_group_names"),
    ("events", "0004_eventpage_campaign"),
    ("campaigns", "0006_bulletin_settings"),
    ("media", "0001_initial"),
]
OLD_DIALECTS = ["mandarin", "gelong", "cantonese", "hakka", "guiliu", "other"]
OLD_KINDS = ["poster", "leaflet", "brochure", "pledge", "proposal", "other"]


def make_page(apps, model_name, app_label, number, **fields):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Locale = apps.get_model("wagtailcore", "Locale")
    model = apps.get_model(app_label, model_name)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name.lower())
    locale, _ = Locale.objects.get_or_create(language_code="zh-hans")
    return model.objects.create(
        title=f"{model_name} {number}",
        slug=f"{model_name.lower()}-{number}",
        path=f"9{number:03d}",
        depth=1,
        content_type=content_type,
        locale=locale,
        **fields,
    )


def fill_the_old_way(apps):
    """Rows as the old models held them; returns what to look for afterwards."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Revision = apps.get_model("wagtailcore", "Revision")
    OldDialect = apps.get_model("events", "Dialect")
    OldKind = apps.get_model("campaigns", "MaterialKind")
    OldCampaign = apps.get_model("campaigns", "Campaign")
    OldTheme = apps.get_model("media", "MaterialTheme")
    Region = apps.get_model("jindu", "Region")
    Target = apps.get_model("campaigns", "Target")

    gelong = OldDialect.objects.get_or_create(name="哥隆话", defaults={"sort_order": 20})[0]
    li = OldDialect.objects.get_or_create(name="黎话", defaults={"sort_order": 60})[0]
    # The test database was migrated to the end and back, so rows those migrations add may be there already.
    brochure = OldKind.objects.update_or_create(
        name="宣传册", defaults={"unit": "册", "sort_order": 1, "active": False}
    )[0]
    banner = OldKind.objects.update_or_create(name="横幅", defaults={"unit": "条", "sort_order": 2})[0]
    month = OldTheme.objects.create(name="全民禁毒宣传月", sort_order=1)
    june = OldTheme.objects.create(name="6·26 国际禁毒日", sort_order=0)
    campaign = OldCampaign.objects.create(
        name="2024年 全民禁毒宣传月", start_date=datetime.date(2024, 6, 1), end_date=datetime.date(2024, 6, 30)
    )
    loose = OldCampaign.objects.create(
        name="春节专项行动", start_date=datetime.date(2024, 2, 1), end_date=datetime.date(2024, 2, 20)
    )
    region = Region.objects.create(path="9001", depth=1, code="990000", name="测试市", level=1)
    target = Target.objects.create(region=region, campaign=campaign, metric="material", material_kind=banner, value=5)

    dialect_type, _ = ContentType.objects.get_or_create(app_label="events", model="dialect")
    permission, _ = Permission.objects.get_or_create(
        content_type=dialect_type, codename="change_dialect", defaults={"name": "Can change dialect"}
    )
    group = Group.objects.create(name="方言编辑")
    group.permissions.add(permission)

    videos = {
        value: make_page(apps, "VideoPage", "media", number, summary="短片", dialect=value)
        for number, value in enumerate(OLD_DIALECTS, start=1)
    }
    event = make_page(apps, "EventPage", "events", 20, summary="演出", kind="performance", campaign=campaign)
    through = apps.get_model("events", "EventPage").dialects.through
    through.objects.bulk_create([through(eventpage_id=event.pk, dialect_id=row.pk) for row in (gelong, li)])
    page_type = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")[0]
    video_type = ContentType.objects.get(app_label="media", model="videopage")
    revision = Revision.objects.create(
        content_type=video_type,
        base_content_type=page_type,
        object_id=str(videos["hakka"].pk),
        content={"pk": videos["hakka"].pk, "title": "草稿", "dialect": "hakka"},
        object_str="草稿",
        created_at=timezone.now(),
    )
    Material = apps.get_model("media", "PublicityMaterial")
    materials = {
        value: Material.objects.create(title=f"资料{number}", kind=value, theme=june if number % 2 else month)
        for number, value in enumerate(OLD_KINDS, start=1)
    }
    return {
        "gelong": gelong.pk,
        "li": li.pk,
        "brochure": brochure.pk,
        "banner": banner.pk,
        "month": month.pk,
        "june": june.pk,
        "campaign": campaign.pk,
        "loose": loose.pk,
        "target": target.pk,
        "dialect_type": dialect_type.pk,
        "group": group.pk,
        "videos": {value: page.pk for value, page in videos.items()},
        "event": event.pk,
        "revision": revision.pk,
        "materials": {value: material.pk for value, material in materials.items()},
    }


def check_the_new_way(apps, old):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Dialect = apps.get_model("jindu", "Dialect")
    MaterialKind = apps.get_model("jindu", "MaterialKind")
    Campaign = apps.get_model("jindu", "Campaign")
    CampaignTheme = apps.get_model("jindu", "CampaignTheme")
    VideoPage = apps.get_model("media", "VideoPage")
    EventPage = apps.get_model("events", "EventPage")
    Material = apps.get_model("media", "PublicityMaterial")
    Target = apps.get_model("campaigns", "Target")
    Revision = apps.get_model("wagtailcore", "Revision")
    Group = apps.get_model("auth", "Group")

    # Every old row keeps its id; every old choice has a row.
    assert Dialect.objects.get(pk=old["gelong"]).name == "哥隆话"
    assert Dialect.objects.get(pk=old["li"]).sort_order == 60
    assert {"普通话", "哥隆话", "粤语", "客家话", "桂柳话", "其他方言"} <= set(
        Dialect.objects.values_list("name", flat=True)
    )
    kinds = set(MaterialKind.objects.values_list("name", flat=True))
    assert {"海报", "宣传折页", "宣传册", "承诺书", "倡议书", "其他宣传资料", "横幅"} <= kinds
    brochure = MaterialKind.objects.get(pk=old["brochure"])
    assert (brochure.name, brochure.unit, brochure.active) == ("宣传册", "册", False)
    assert not MaterialKind.objects.get(name="其他宣传资料").active  # kept off officers' report forms
    assert CampaignTheme.objects.get(pk=old["june"]).name == "6·26 国际禁毒日"

    # A recording in 哥隆话 now points at the very row an event in 哥隆话 points at.
    videos = {value: VideoPage.objects.get(pk=pk) for value, pk in old["videos"].items()}
    assert videos["gelong"].dialect_id == old["gelong"]
    event = EventPage.objects.get(pk=old["event"])
    assert set(event.dialects.values_list("pk", flat=True)) == {old["gelong"], old["li"]}
    assert {value: video.dialect.name for value, video in videos.items()} == {
        "mandarin": "普通话",
        "gelong": "哥隆话",
        "cantonese": "粤语",
        "hakka": "客家话",
        "guiliu": "桂柳话",
        "other": "其他方言",
    }
    draft = Revision.objects.get(pk=old["revision"])
    assert draft.content["dialect"] == videos["hakka"].dialect_id

    # A brochure offered for download is the same kind a town officer reports handing out.
    materials = {value: Material.objects.get(pk=pk) for value, pk in old["materials"].items()}
    assert materials["brochure"].kind_id == old["brochure"]
    assert materials["pledge"].kind.name == "承诺书"
    assert {material.theme_id for material in materials.values()} == {old["june"], old["month"]}

    # Campaigns keep their ids and links, and find their theme by name.
    assert event.campaign_id == old["campaign"]
    assert Campaign.objects.get(pk=old["campaign"]).theme_id == old["month"]
    assert Campaign.objects.get(pk=old["loose"]).theme_id is None
    target = Target.objects.get(pk=old["target"])
    assert (target.campaign_id, target.material_kind_id) == (old["campaign"], old["banner"])

    # Permissions follow the model to its new app.
    dialect_type = ContentType.objects.get(pk=old["dialect_type"])
    assert (dialect_type.app_label, dialect_type.model) == ("jindu", "dialect")
    assert Group.objects.get(pk=old["group"]).permissions.filter(content_type=dialect_type).exists()


def check_the_old_way_again(apps, old):
    VideoPage = apps.get_model("media", "VideoPage")
    Material = apps.get_model("media", "PublicityMaterial")
    Revision = apps.get_model("wagtailcore", "Revision")
    OldDialect = apps.get_model("events", "Dialect")
    OldCampaign = apps.get_model("campaigns", "Campaign")

    assert {value: VideoPage.objects.get(pk=pk).dialect for value, pk in old["videos"].items()} == {
        value: value for value in OLD_DIALECTS
    }
    assert {value: Material.objects.get(pk=pk).kind for value, pk in old["materials"].items()} == {
        value: value for value in OLD_KINDS
    }
    assert Revision.objects.get(pk=old["revision"]).content["dialect"] == "hakka"
    assert OldDialect.objects.get(pk=old["gelong"]).name == "哥隆话"
    assert OldCampaign.objects.get(pk=old["campaign"]).name == "2024年 全民禁毒宣传月"


def test_shared_vocabulary_migrations_keep_every_row_and_choice_both_ways():
    migrations = Migrations()
    old = fill_the_old_way(migrations.migrate(BEFORE))

    check_the_new_way(migrations.latest(), old)
    check_the_old_way_again(migrations.migrate(BEFORE), old)
    check_the_new_way(migrations.latest(), old)
