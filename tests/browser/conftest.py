import os
import shutil

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

# Debian's chromium-headless-shell is the same Chromium build without the desktop browser around it (Chromium's
# "old" headless mode): the same engine draws the same pages, for well under half the CPU the full browser takes
# per test. The full browser is the fallback; JINDU_CHROMIUM names another.
CHROMIUM = os.environ.get(
    "JINDU_CHROMIUM",
    shutil.which("chromium-headless-shell") or shutil.which("chromium") or "/usr/bin/chromium-headless-shell",
)
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium_browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make around it are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; install Debian's chromium-headless-shell (make browser-deps).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def new_phone(browser, **options):
    """A page in a new phone-sized context (touch, mobile viewport); `options` go to the context as well.

    Pixels are CSS pixels one to one: what the tests look at (layout, text, roles, sizes in CSS pixels) does not
    depend on the pixel ratio, and a ratio of 2 only made Chromium paint four times the pixels.
    """
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="en-US", **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def phone(chromium_browser):
    page = new_phone(chromium_browser)
    yield page
    page.context.close()


SHOTS = os.environ.get("JINDU_SHOTS", "")


def shot(page, name, folder=""):
    """A full-page screenshot `name`.png in $JINDU_SHOTS (under `folder`) when that names a folder; else nothing."""
    if SHOTS:
        os.makedirs(os.path.join(SHOTS, folder), exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, folder, f"{name}.png"), full_page=True)


@pytest.fixture(scope="session")
def big_photo(tmp_path_factory):
    """A 4000×3000 photo as a phone camera takes it (noise, so it stays big: about 11 MB); made once, only read."""
    path = tmp_path_factory.mktemp("camera") / "IMG_0001.jpg"
    Image.effect_noise((4000, 3000), 60).convert("RGB").save(path, "JPEG", quality=95)
    return path


STAFF_PASSWORD = "correct-horse-battery"


def staff_sign_in(page, base_url, username, password=STAFF_PASSWORD):
    """Sign in as a member of staff the way a person does: the one sign-in page, its staff link, the form.

    With `base_url` None the staff form is already on the page (an address that needed signing in led there).
    """
    if base_url is not None:
        page.goto(base_url + "/sign-in/")
        page.get_by_role("link", name="教职工登录").click()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()
