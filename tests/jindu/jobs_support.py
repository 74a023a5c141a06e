"""Helpers for the tests that run long work through the real database task backend and worker."""

import datetime
import io
import signal
from urllib.parse import unquote

from django.core.management import call_command
from openpyxl import load_workbook

REPORT_HEADER = ["日期", "地区代码", "活动类型", "宣传活动", "活动名称", "场次", "受众人数", "入户数", "备注"]


def run_worker():
    """`manage.py run_worker --batch`: what is waiting, then stop; the test process keeps its own signal handlers."""
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("run_worker", batch=True, verbosity=0)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def cells(data):
    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets}


def filename(response):
    return unquote(response["Content-Disposition"].split("''")[-1])


def report_rows(count, *, title="宣讲"):
    return [REPORT_HEADER] + [
        [datetime.date(2024, 3, 1 + index % 28), "450312104", "禁毒宣讲", "", f"{title}{index}", 1, 50, 0, ""]
        for index in range(count)
    ]
