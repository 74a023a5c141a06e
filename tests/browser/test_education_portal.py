import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from schools.factories import make_teacher
from schools.models import Student
from tests.browser.conftest import staff_sign_in
from tests.conftest import make_site_tree
from tests.education.fixtures import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def teacher_world():
    home, _index = make_site_tree()
    world = build_world(home)
    world.teacher = make_teacher(world.class71, username="wang.laoshi")
    return world


def roster_file(tmp_path):
    workbook = Workbook()
    for row in (["年级", "班级", "学号", "姓名"], ["七年级", "1班", "７０４", "黄小雨"], ["7", "1班", "705", "李小林"]):
        workbook.active.append(row)
    path = tmp_path / "七年级1班名单.xlsx"
    workbook.save(path)
    return path


def test_teacher_on_a_phone_imports_a_roster_prints_passwords_and_sees_the_grid(
    live_server, phone, teacher_world, tmp_path
):
    phone.add_init_script("window.print = () => { window.__printed = true; };")
    phone.goto(live_server.url + "/school/")
    expect(phone.get_by_role("heading", name="教职工登录")).to_be_visible()
    staff_sign_in(phone, None, "wang.laoshi")

    phone.get_by_role("link", name="为临桂一中导入学生名单").click()
    phone.get_by_label("学生名单文件（Excel .xlsx 或 CSV）").set_input_files(roster_file(tmp_path))
    phone.get_by_role("button", name="导入").click()
    expect(phone.get_by_text("名单已导入：新增 2 人")).to_be_visible()
    assert Student.objects.filter(number__in=["704", "705"]).count() == 2

    phone.get_by_role("link", name="七年级1班").click()
    phone.get_by_role("link", name="打印密码单").click()
    phone.get_by_role("button", name="生成密码单").click()
    slips = phone.locator(".slip")
    expect(slips).to_have_count(3)  # 陈小陈 from before and the two new students
    expect(slips.filter(has_text="黄小雨")).to_contain_text("704")
    phone.get_by_role("button", name="打印").click()
    assert phone.evaluate("window.__printed") is True

    phone.get_by_role("link", name="临桂一中 七年级1班").click()
    grid = phone.locator(".progress-grid")
    expect(grid).to_contain_text("安小安")
    expect(grid.locator("td.state--done")).to_have_count(3)
    expect(phone.get_by_text("3 名学生未注册")).to_be_visible()
    scroll_width = phone.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390, "the grid scrolls inside its box, not the whole page"
