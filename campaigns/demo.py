"""Demo figures from the seed news reports (临桂 2020, 阳泉 2023, 从化 2016), spread over towns and months.

The year before each is a smaller demo estimate, so the dashboard has something to compare with.
Safe to run twice: a report with the same date, region, type, campaign and name is not added again.
"""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from jindu.accounts import public_sign_in_url
from jindu.models import Campaign, CampaignTheme, MainMenu, MainMenuItem, MaterialKind, Region
from jindu.public_address import absolute_url

from . import summary
from .editing import save_report
from .models import (
    OFFICE_GROUP_NAME,
    OFFICER_GROUP_NAME,
    ActivityReport,
    ActivityType,
    Metric,
    RegionAssignment,
    Target,
)
from .workflow import ensure_setup

TYPES = [("禁毒宣讲进校园", "场"), ("集中宣传活动", "场"), ("文艺演出", "场"), ("入户宣传", "次"), ("咨询活动", "场")]
KINDS = [
    ("宣传册", "册"),
    ("倡议书", "份"),
    ("承诺书", "份"),
    ("海报", "张"),
    ("展板", "块"),
    ("横幅", "条"),
    ("宣传品", "个"),
    ("宣传资料", "份"),
]
CAMPAIGNS = [
    ("2016年6·26国际禁毒日", "2016-06-01", "2016-06-30", "6·26 国际禁毒日"),
    ("2020年全民禁毒宣传月", "2020-06-01", "2020-06-30", "全民禁毒宣传月"),
    ("2023年全民禁毒宣传月", "2023-06-01", "2023-06-30", "全民禁毒宣传月"),
]
D = datetime.date


def split(total, parts):
    """`total` in `parts` whole numbers that add up to it exactly."""
    base, extra = divmod(total, parts)
    return [base + (1 if index < extra else 0) for index in range(parts)]


def load_demo(home, log):
    ensure_setup()
    types = {
        name: ActivityType.objects.get_or_create(name=name, defaults={"unit": unit, "sort_order": i})[0]
        for i, (name, unit) in enumerate(TYPES)
    }
    kinds = {
        name: MaterialKind.objects.get_or_create(name=name, defaults={"unit": unit, "sort_order": i})[0]
        for i, (name, unit) in enumerate(KINDS)
    }
    campaigns = {
        name: Campaign.objects.get_or_create(
            name=name,
            defaults={
                "start_date": D.fromisoformat(s),
                "end_date": D.fromisoformat(e),
                "theme": CampaignTheme.objects.get_or_create(name=theme)[0],
            },
        )[0]
        for name, s, e, theme in CAMPAIGNS
    }
    regions = {region.code: region for region in Region.objects.all()}
    if "450312" not in regions:
        log("Campaign figures skipped: the demo regions are missing.")
        return
    plans = (
        list(_lingui(regions, types, kinds, campaigns))
        + list(_yangquan(regions, types, kinds))
        + list(_conghua(regions, types, kinds))
    )
    created = 0
    # Each cell of the dashboard's summary is recomputed once, after the last report, not after each one.
    with transaction.atomic(), summary.deferred():
        for plan in plans:
            created += _ensure_report(**plan)
    _targets(regions, kinds, campaigns)
    _people(regions, log)
    _tip_off_page(home, regions["450312"], log)
    _sample_tip_off(home)
    log(f"Campaign reports: {created} created, {len(plans) - created} already there.")


def _ensure_report(region, date, activity_type, title, materials=None, campaign=None, **figures):
    if ActivityReport.objects.filter(
        region=region, date=date, activity_type=activity_type, campaign=campaign, title=title
    ).exists():
        return 0
    report = ActivityReport(
        region=region, date=date, activity_type=activity_type, campaign=campaign, title=title, live=False, **figures
    )
    save_report(report, None, materials=materials or {}, publish=True)
    return 1


def _lingui(regions, types, kinds, campaigns):
    towns = [regions[code] for code in sorted(regions) if code.startswith("450312") and len(code) == 9]
    for year, share in ((2020, 1.0), (2019, 0.8)):

        def scale(value, share=share):
            return int(value * share)

        label = "" if year == 2020 else "（演示估计）"
        # 95 school sessions April-July reaching about 45,000 teachers and students.
        months = [4, 5, 6, 7]
        for month, sessions, people in zip(months, split(scale(95), 4), split(scale(45000), 4), strict=True):
            for town, s, p in zip(towns[:5], split(sessions, 5), split(people, 5), strict=True):
                yield {
                    "region": town,
                    "date": D(year, month, 15),
                    "activity_type": types["禁毒宣讲进校园"],
                    "title": f"禁毒预防教育进校园{label}",
                    "sessions": s,
                    "people_reached": p,
                }
        # 230,000 households visited door to door, with 300,000 brochures and 300,000 proposal letters.
        for town, households, brochures, letters in zip(
            towns,
            split(scale(230000), len(towns)),
            split(scale(300000), len(towns)),
            split(scale(300000), len(towns)),
            strict=True,
        ):
            yield {
                "region": town,
                "date": D(year, 5, 20),
                "activity_type": types["入户宣传"],
                "title": f"集中入户禁毒宣传{label}",
                "sessions": 1,
                "households_visited": households,
                "people_reached": min(households * 2, 1000),
                "large_audience_confirmed": True,
                "materials": {kinds["宣传册"]: brochures, kinds["倡议书"]: letters},
            }
        if year == 2020:
            # The publicity month: 17 sessions, 78 boards, 56 banners, 8,000 brochures, 8,000 bags and tissue packs, 12,000 people.
            month_towns = towns[:6]
            n = len(month_towns)
            for town, s, p, boards, banners, brochures, gifts in zip(
                month_towns,
                split(17, n),
                split(12000, n),
                split(78, n),
                split(56, n),
                split(8000, n),
                split(16000, n),
                strict=True,
            ):
                yield {
                    "region": town,
                    "date": D(2020, 6, 26),
                    "activity_type": types["集中宣传活动"],
                    "title": "全民禁毒宣传月集中宣传",
                    "campaign": campaigns["2020年全民禁毒宣传月"],
                    "sessions": s,
                    "people_reached": p,
                    "materials": {
                        kinds["展板"]: boards,
                        kinds["横幅"]: banners,
                        kinds["宣传册"]: brochures,
                        kinds["宣传品"]: gifts,
                    },
                }
            yield {
                "region": regions["450312104"],
                "date": D(2020, 8, 7),
                "activity_type": types["文艺演出"],
                "title": "唱响禁毒曲 走好健康路文艺汇演",
                "sessions": 1,
                "people_reached": 500,
            }


def _yangquan(regions, types, kinds):
    districts = [regions[code] for code in ("140302", "140303", "140311", "140321", "140322") if code in regions]
    for year, share in ((2023, 1.0), (2022, 0.85)):
        label = "" if year == 2023 else "（演示估计）"
        months = list(range(1, 10))
        events = split(int(141 * share), len(months))
        materials = split(int(9000 * share), len(months))
        gifts = split(int(2500 * share), len(months))
        for index, month in enumerate(months):
            district = districts[index % len(districts)]
            yield {
                "region": district,
                "date": D(year, month, 10),
                "activity_type": types["集中宣传活动"],
                "title": f"禁毒宣传活动{label}",
                "sessions": events[index],
                "people_reached": events[index] * 60,
                "materials": {kinds["宣传资料"]: materials[index], kinds["宣传品"]: gifts[index]},
            }


def _conghua(regions, types, kinds):
    places = [
        regions[code]
        for code in ("440117100", "440117101", "440117102", "440117103", "440117104201")
        if code in regions
    ]
    for year, share in ((2016, 1.0), (2015, 0.7)):
        label = "" if year == 2016 else "（演示估计）"
        months = [3, 5, 6, 9, 11]
        for index, (month, events, people, materials) in enumerate(
            zip(
                months,
                split(int(102 * share), 5),
                split(int(30000 * share), 5),
                split(int(100000 * share), 5),
                strict=True,
            )
        ):
            yield {
                "region": places[index % len(places)],
                "date": D(year, month, 18),
                "activity_type": types["咨询活动"],
                "title": f"无毒青春 健康生活{label}",
                "sessions": events,
                "people_reached": people,
                "materials": {kinds["宣传资料"]: materials},
            }


def _targets(regions, kinds, campaigns):
    wanted = [
        (regions["450312"], {"year": 2020}, Metric.SESSIONS, None, 130),
        (regions["450312"], {"year": 2020}, Metric.HOUSEHOLDS, None, 230000),
        (regions["450312"], {"year": 2020}, Metric.PEOPLE, None, 80000),
        (regions["450312"], {"year": 2020}, Metric.MATERIAL, kinds["宣传册"], 300000),
        (regions["450312"], {"campaign": campaigns["2020年全民禁毒宣传月"]}, Metric.SESSIONS, None, 20),
        (regions["140300"], {"year": 2023}, Metric.SESSIONS, None, 150),
        (regions["140300"], {"year": 2023}, Metric.MATERIAL, kinds["宣传资料"], 10000),
        (regions["440117"], {"year": 2016}, Metric.SESSIONS, None, 100),
    ]
    for region, when, metric, kind, value in wanted:
        Target.objects.get_or_create(
            region=region, metric=metric, material_kind=kind, **when, defaults={"value": value}
        )


def _people(regions, log):
    """A town officer for 五通镇 and an office member for 临桂区; passwords only on a development server."""
    User = get_user_model()
    for username, display, region_code, group, role in (
        ("wutong", "五通镇宣传员（演示）", "450312104", OFFICER_GROUP_NAME, "a town officer (宣传员)"),
        ("lingui_office", "临桂区禁毒办（演示）", "450312", OFFICE_GROUP_NAME, "the office (禁毒办)"),
    ):
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display, "is_staff": group == OFFICE_GROUP_NAME}
        )
        Group.objects.get(name=group).user_set.add(user)
        RegionAssignment.objects.get_or_create(user=user, region=regions[region_code])
        if settings.DEBUG:
            password = secrets.token_urlsafe(10)
            user.set_password(password)
            user.save()
            log(f"Sign in as {role} at {public_sign_in_url(staff=True)} with username {username}, password {password}")
        elif created:
            user.set_unusable_password()
            user.save()


TIP_OFF_QUESTIONS = (
    # label, field type, required, choices, help text
    ("线索类型", "dropdown", True, "吸毒\n贩毒\n种植罂粟或大麻\n制毒\n其他", ""),
    ("发生地点", "singleline", True, "", "写到村、小区或街道即可"),
    ("发生时间", "singleline", False, "", "大概的日期或时段"),
    ("情况描述", "multiline", True, "", "看到或听到了什么，涉及几人，有无车辆等"),
)


def _tip_off_page(home, region, log):
    """The public 举报 page of the 临桂 office, in the menu, with four questions of its own."""
    from campaigns.models import TipOffFormField, TipOffPage

    if TipOffPage.objects.child_of(home).exists():
        return
    page = TipOffPage(
        title="禁毒举报",
        slug="jubao",
        region=region,
        show_in_menus=True,
        intro="<p>发现涉毒违法犯罪线索，可在此匿名提交，也可拨打举报电话。</p>",
        handling=(
            "<ul><li>举报内容只有本地禁毒办工作人员可以查看。</li>"
            "<li>我们对举报人信息严格保密，不留联系方式也可以举报。</li>"
            "<li>经查证属实的线索，按当地规定给予奖励（需留联系方式）。</li></ul>"
        ),
        thank_you_text="<p>感谢您的举报！禁毒办会尽快核查。</p>",
    )
    for order, (label, field_type, required, choices, help_text) in enumerate(TIP_OFF_QUESTIONS):
        page.form_fields.add(
            TipOffFormField(
                sort_order=order,
                label=label,
                field_type=field_type,
                required=required,
                choices=choices,
                help_text=help_text,
            )
        )
    home.add_child(instance=page)
    page.save_revision().publish()
    menu = MainMenu.objects.filter(site__root_page=home).first()
    if menu is not None:  # after the other items: the search link, if any, moves to stay last
        MainMenuItem.objects.create(menu=menu, link_page=page, label="举报", sort_order=menu.items.count())
    log(
        f"Tip-offs: the public form is at {page.full_url}; the office reads them at {absolute_url('/reports/tip-offs/')}"
    )


# A made-up tip-off in the demo's own words, answering the questions above by label.
SAMPLE_TIP_OFF = {
    "线索类型": "吸毒",
    "发生地点": "五通镇某村文化楼后面的出租屋（演示数据）",
    "发生时间": "最近两周，多在晚上十点以后",
    "情况描述": "（演示数据）常有几名年轻人深夜进出，窗户用报纸糊住，门口垃圾里有锡纸和吸管。",
}


def _sample_tip_off(home):
    """One tip-off waiting for the 临桂 office, so its list is not empty; none is added once the page has any."""
    from campaigns.models import TipOff, TipOffPage

    from .notices import tip_off_received

    page = TipOffPage.objects.child_of(home).first()
    if page is None or TipOff.objects.filter(page=page).exists():
        return
    answers = {field.clean_name: SAMPLE_TIP_OFF.get(field.label, "") for field in page.form_fields.all()}
    tip_off_received(TipOff.objects.create(page=page, region=page.region, form_data=answers))
