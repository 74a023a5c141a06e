"""A villager sends a tip-off from the home page on a phone; the district office reads it and marks it handled."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect
from wagtail.models import Site

from campaigns.demo import _tip_off_page
from campaigns.models import TipOff, TipOffStatus
from jindu.models import MainMenu
from tests.browser.conftest import staff_sign_in
from tests.browser.test_officer_journey import PASSWORD, fits_the_phone, shot
from tests.campaigns.conftest import make_people, make_regions
from tests.conftest import make_site_tree

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tip_off_site(tmp_path):
    home, _index = make_site_tree()
    regions = make_regions()
    people = make_people(regions)
    people.office.set_password(PASSWORD)
    people.office.save()
    MainMenu.for_site(Site.objects.get(root_page=home))
    _tip_off_page(home, regions.district, lambda message: None)
    picture = tmp_path / "car.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), "navy").save(buffer, "JPEG")
    picture.write_bytes(buffer.getvalue())
    yield people, picture
    for tip_off in TipOff.objects.all():
        for stored in tip_off.photos():
            stored.delete(save=False)


def test_a_tip_off_goes_from_a_phone_to_the_office(live_server, phone, tip_off_site):
    people, picture = tip_off_site
    phone.goto(live_server.url + "/")
    phone.get_by_role("navigation", name="主菜单").get_by_role("link", name="举报").click()
    expect(phone.get_by_role("heading", name="如何处理您的举报")).to_be_visible()
    fits_the_phone(phone)

    phone.get_by_label("线索类型").select_option("贩毒")
    phone.get_by_label("发生地点").fill("竹山村村口小卖部")
    phone.get_by_label("照片 1（选填）").set_input_files(str(picture))
    phone.get_by_role("button", name="提交举报").click()
    # The description was left out: the form comes back with what was typed and the photo kept.
    expect(phone.get_by_text("照片 1 已保留")).to_be_visible()
    expect(phone.get_by_label("发生地点")).to_have_value("竹山村村口小卖部")
    shot(phone, "tipoff-01-error")
    phone.get_by_label("情况描述").fill("晚上常有外地车辆停留，有人交易可疑物品")
    phone.get_by_role("button", name="提交举报").click()
    expect(phone.get_by_role("heading", name="感谢您的举报，我们已收到")).to_be_visible()
    shot(phone, "tipoff-02-thanks")
    assert TipOff.objects.get().photo_1

    staff_sign_in(phone, live_server.url, "office", PASSWORD)
    phone.goto(live_server.url + "/reports/")
    phone.get_by_role("link", name="举报线索").click()
    phone.get_by_role("link", name="临桂区").click()
    expect(phone.get_by_text("竹山村村口小卖部")).to_be_visible()
    image = phone.get_by_role("img", name="随举报提交的照片 1")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.naturalWidth") == 800
    fits_the_phone(phone)
    shot(phone, "tipoff-03-office")
    phone.get_by_label("办理备注（选填）").fill("已转派出所核查")
    phone.get_by_role("button", name="标记为已处理").click()
    expect(phone.get_by_text("已转派出所核查")).to_be_visible()
    assert TipOff.objects.get().status == TipOffStatus.HANDLED
