"""The monthly bulletin as a workbook, made by the job worker: a test with real commits, so it keeps its own rows.

(It lives apart from test_office_review.py, whose tests share rows built once for the module.)
"""

import io
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from campaigns import excel
from tests.campaigns import test_office_review

_page = test_office_review._page
bulletin_month = test_office_review.bulletin_month  # the fixture, here with rows of this test's own


class TableCells(HTMLParser):
    """The text of each row of one table (by id) of a page, cell by cell."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_table(page, table_id):
    parser = TableCells(table_id)
    parser.feed(page)
    return parser.rows


def shown(cell):
    """A workbook cell as Excel displays it with its number format, in the bulletin page's notation."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if cell.number_format == excel.CHANGE_FORMAT:
        return f"{'+' if value > 0 else ''}{float(value)}%"
    if cell.number_format == excel.RATE_FORMAT:
        return f"{float(value)}%"
    return f"{value:,}"


@pytest.mark.django_db(transaction=True)
def test_bulletin_workbook_is_made_by_the_worker_with_the_pages_figures(
    client, regions, people, bulletin_month, settings, tmp_path, django_capture_on_commit_callbacks
):
    from jindu.models import Job
    from tests.jindu.jobs_support import run_worker

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.JINDU_PRIVATE_ROOT = tmp_path / "private"
    client.force_login(people.office)
    query = {"region": regions.district.pk, "period": "month", "year": 2024, "month": 5, "number": "7"}
    page = _page(client, "campaigns_bulletin", **query)
    export_url = reverse("campaigns_bulletin_export")
    assert f'href="{export_url}?' in page and "下载 Excel" in page

    with django_capture_on_commit_callbacks(execute=True):
        started = client.get(export_url, query)
    job = Job.objects.get()
    assert started["Location"] == reverse("jobs:detail", args=[job.pk])
    run_worker()

    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    download = client.get(reverse("jobs:download", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    rows = [[shown(cell) for cell in row] for row in sheet.iter_rows()]
    rows = [row[: max((i + 1 for i, text in enumerate(row) if text), default=0)] for row in rows]
    assert rows[0] == ["临桂区禁毒委员会办公室"]
    assert rows[1] == ["临禁毒办〔2024〕7号"]
    assert rows[2] == ["临桂区禁毒宣传工作通报（2024年5月）"]
    for table_id in ("bulletin-figures", "bulletin-ranking"):
        table = html_table(page, table_id)
        assert len(table) > 2, table_id
        start = rows.index(table[0])
        assert rows[start : start + len(table)] == table, table_id
    assert ["抄送： 区委政法委"] in rows or ["抄送：区委政法委"] in rows
