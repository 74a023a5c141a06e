import pytest
from playwright.sync_api import expect

from schools.factories import make_staff, make_teacher
from schools.models import StaffRole, Student
from tests.browser.conftest import shot, staff_sign_in
from tests.conftest import make_site_tree
from tests.education.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_world():
    home, _index = make_site_tree()
    world = build_world(home)
    make_staff(StaffRole.SCHOOL_ADMIN, school=world.school1, username="li.xiaozhang")
    make_teacher(world.class81, username="zhao.laoshi")
    return world


def test_school_admin_on_a_phone_reads_the_access_log_and_graduates_a_class(live_server, phone, admin_world):
    staff_sign_in(phone, live_server.url, "zhao.laoshi")  # another school's teacher lands on their class
    expect(phone.locator(".progress-grid")).to_contain_text("邓小邓")
    phone.get_by_role("button", name="退出").click()

    staff_sign_in(phone, live_server.url, "li.xiaozhang")  # lands on the school page
    phone.get_by_role("link", name="七年级1班").first.click()
    expect(phone.locator(".progress-grid")).to_contain_text("安小安")
    phone.locator(".portal-bar").get_by_role("link", name="学校工作台").click()
    phone.get_by_role("link", name="访问记录").click()
    expect(phone.get_by_role("heading", name="访问记录")).to_be_visible()
    entries = phone.locator(".log-list .card")
    expect(entries.filter(has_text="班级报表").first).to_contain_text("临桂一中 七年级1班")
    expect(phone.locator(".log-list")).not_to_contain_text("五通二中")
    shot(phone, "access-log", "secprivacy")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    phone.locator(".portal-bar").get_by_role("link", name="学校工作台").click()
    phone.get_by_role("link", name="临桂一中", exact=True).click()
    phone.get_by_role("link", name="七年级1班").first.click()
    phone.get_by_role("link", name="毕业处理").click()
    expect(phone.get_by_text("将对 3 名学生进行毕业处理。")).to_be_visible()
    shot(phone, "graduate-confirm", "secprivacy")
    phone.get_by_role("button", name="确认毕业处理").click()
    expect(phone.get_by_text("3 名学生已毕业处理")).to_be_visible()
    shot(phone, "graduated-class", "secprivacy")
    assert not Student.objects.filter(name__in=["安小安", "白小白", "陈小陈"]).exists()
