"""Demo season of shows drawn from the seed reports (昌江, 临桂). Safe to run twice."""

import datetime

from django.utils import timezone

from events.models import ArtForm, EventIndexPage, EventKind, EventPage, Showing, ShowingStatus, Troupe
from jindu.models import Dialect, MainMenu, MainMenuItem, Region
from jindu.models.regions import RegionLevel

# 昌化镇 villages the 哥隆歌 tour visits; codes after 昌城村's are demo numbers.
CHANGHUA_VILLAGES = [
    ("469031104201", "昌城村"),
    ("469031104202", "昌化村"),
    ("469031104203", "大风村"),
    ("469031104204", "浪炳村"),
    ("469031104205", "旧县村"),
]


def at(days, hour, minute=0):
    """Today (Asia/Shanghai) plus `days`, at the given local time."""
    date = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))


def next_june_26():
    today = timezone.localdate()
    day = datetime.date(today.year, 6, 26)
    return day if day >= today else datetime.date(today.year + 1, 6, 26)


def region(code):
    return Region.objects.filter(code=code).first()


def ensure_villages(log):
    town = region("469031104")
    if town is None:
        return []
    villages = []
    for code, name in CHANGHUA_VILLAGES:
        village = region(code) or town.add_child(code=code, name=name, level=RegionLevel.VILLAGE)
        town.refresh_from_db()
        villages.append(village)
    return villages


def named(model, names):
    return [model.objects.get_or_create(name=name)[0] for name in names]


def load_index(home):
    index = EventIndexPage.objects.child_of(home).first()
    if index:
        return index
    return home.add_child(
        instance=EventIndexPage(
            title="禁毒演出",
            slug="shows",
            intro="送戏下乡、进校园讲座和广场宣传：看看最近在哪个村演出，用的是哪种方言。",
            search_description="禁毒文艺演出、进校园讲座和广场宣传活动的时间地点，可订阅到手机日历。",
        )
    )


def add_event(index, slug, fields, dialects, art_forms, showings):
    if EventPage.objects.filter(slug=slug).exists():
        return False
    page = EventPage(slug=slug, **fields)
    page.dialects = named(Dialect, dialects)
    page.art_forms = named(ArtForm, art_forms)
    page.showings = [Showing(**showing) for showing in showings]
    index.add_child(instance=page)
    page.save_revision().publish()
    return True


def demo_events(villages):
    gelong_troupe, _ = Troupe.objects.get_or_create(
        name="昌江县禁毒哥隆歌宣传队",
        defaults={
            "home_town": "昌江黎族自治县昌化镇",
            "introduction": "由本地村民自编自导自演，用哥隆话唱禁毒村歌、演小品。",
            "contact_person": "演示联系人",
            "contact_phone": "0898-00000000",
        },
    )
    wutong_troupe, _ = Troupe.objects.get_or_create(
        name="五通镇业余文艺队",
        defaults={"home_town": "临桂区五通镇", "introduction": "赶圩日在文化广场演出快板和小品。"},
    )
    tour = []
    for number, (days, village) in enumerate(zip((-23, -16, -2, 5, 12), villages, strict=False)):
        showing = {
            "start": at(days, 19, 30),
            "end": at(days, 21, 30),
            "region": village,
            "venue": "村文化广场",
            "address": f"昌江县昌化镇{village.name}村委会旁",
        }
        if number == 3:
            showing.update(status=ShowingStatus.CANCELLED, note="台风预警，本场取消，改期另行通知。")
        tour.append(showing)
    wutong = region("450312104")
    linggui = region("450312100")
    rally_day = next_june_26()
    rally_start = timezone.make_aware(datetime.datetime.combine(rally_day, datetime.time(9)))
    return [
        (
            "gelong-legal-culture-tour",
            {
                "title": "禁毒哥隆歌群众性法治文化活动",
                "kind": EventKind.PERFORMANCE,
                "troupe": gelong_troupe,
                "organiser": "昌江黎族自治县禁毒委员会办公室",
                "summary": "用哥隆话唱村歌、演小品和三句半，把禁毒知识和法律常识送到昌化镇各村，听得懂、记得住。",
            },
            ["哥隆话"],
            ["村歌/山歌", "小品", "三句半", "快板"],
            tour,
        ),
        (
            "wutong-healthy-road",
            {
                "title": "唱响禁毒曲 走好健康路",
                "kind": EventKind.PERFORMANCE,
                "troupe": wutong_troupe,
                "organiser": "临桂区五通镇人民政府",
                "summary": "赶圩日文艺汇演：快板、小品和禁毒知识有奖抢答，现场发放宣传手册。",
            },
            ["桂柳话", "普通话"],
            ["快板", "小品"],
            [
                {"start": at(-30, 9), "end": at(-30, 11, 30), "region": wutong, "venue": "竹山文化广场"},
                {
                    "start": at(9, 9),
                    "end": at(9, 11, 30),
                    "region": wutong,
                    "venue": "竹山文化广场",
                    "status": ShowingStatus.POSTPONED,
                    "postponed_from": at(2, 9),
                    "note": "因赶圩日调整，推迟一周。",
                },
            ],
        ),
        (
            "linggui-school-talks",
            {
                "title": "禁毒知识进校园：识毒防毒讲座",
                "kind": EventKind.SCHOOL_TALK,
                "organiser": "临桂区禁毒办、临桂公安分局",
                "summary": "民警用趣味问答讲毒品的种类和危害，结合一线案例教同学们识别新型毒品。",
            },
            ["普通话"],
            [],
            [
                {"start": at(-9, 15), "end": at(-9, 16, 30), "region": linggui, "venue": "临桂区西城中学报告厅"},
                {"start": at(4, 15), "end": at(4, 16, 30), "region": linggui, "venue": "临桂中学体育馆"},
                {"start": at(11, 15), "end": at(11, 16, 30), "region": linggui, "venue": "临桂区第二中学操场"},
            ],
        ),
        (
            "june-26-rally",
            {
                "title": "“6·26”国际禁毒日集中宣传活动",
                "kind": EventKind.RALLY,
                "organiser": "临桂区禁毒委员会",
                "summary": "展板、咨询台和禁毒宣誓签名，向群众发放禁毒宣传册和倡议书。",
            },
            ["普通话"],
            ["舞蹈"],
            [
                {
                    "start": rally_start,
                    "end": rally_start + datetime.timedelta(hours=3),
                    "region": linggui,
                    "venue": "临桂区市民广场",
                }
            ],
        ),
    ]


def add_menu_item(home, index):
    menu = MainMenu.objects.filter(site__root_page=home).first()
    if menu is None or MainMenuItem.objects.filter(menu=menu, link_page=index).exists():
        return
    items = list(MainMenuItem.objects.filter(menu=menu).order_by("sort_order", "pk"))
    # Before the search link, if there is one.
    position = next((number for number, item in enumerate(items) if item.link_url == "/search/"), len(items))
    items.insert(position, MainMenuItem(menu=menu, link_page=index, label="禁毒演出"))
    for number, item in enumerate(items):
        item.sort_order = number
        item.save()


def load_demo(home, log=print):
    villages = ensure_villages(log)
    if not villages or not Region.objects.filter(code__in=["450312104", "450312100"]).count() == 2:
        log("Events: skipped, the demo regions are missing.")
        return
    index = load_index(home)
    created = 0
    for slug, fields, dialects, art_forms, showings in demo_events(villages):
        created += add_event(index, slug, fields, dialects, art_forms, showings)
    add_menu_item(home, index)
    log(f"Events: {created} created, {EventPage.objects.child_of(index).count()} in the schedule.")
