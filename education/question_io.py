"""Question bank to and from Excel: a template, an all-or-nothing import and an export."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from education.models import AudienceBand, Difficulty, Question, QuestionKind, QuestionOption
from education.models.questions import MAX_OPTIONS, option_count_errors
from jindu.numbers import parse_id
from jindu.spreadsheets import ImportResult, RowError, SpreadsheetError, read_table, workbook_bytes

MAX_ROWS = 5000
LETTERS = "ABCDEF"
OPTION_HEADERS = [f"选项{letter}" for letter in LETTERS]
HEADERS = ["编号", "题型", "题干", *OPTION_HEADERS, "正确答案", "解析", "适用对象", "难度", "标签"]
REQUIRED_HEADERS = ["题型", "题干", "选项A", "选项B", "正确答案"]

KIND_WORDS = {
    "单选": QuestionKind.SINGLE,
    "单选题": QuestionKind.SINGLE,
    "多选": QuestionKind.MULTIPLE,
    "多选题": QuestionKind.MULTIPLE,
    "判断": QuestionKind.TRUE_FALSE,
    "判断题": QuestionKind.TRUE_FALSE,
    "single": QuestionKind.SINGLE,
    "multiple": QuestionKind.MULTIPLE,
    "true_false": QuestionKind.TRUE_FALSE,
}
KIND_LABELS = {QuestionKind.SINGLE: "单选", QuestionKind.MULTIPLE: "多选", QuestionKind.TRUE_FALSE: "判断"}
BAND_WORDS = {
    "小学": AudienceBand.PRIMARY,
    "初中": AudienceBand.JUNIOR,
    "高中": AudienceBand.SENIOR,
    "中职": AudienceBand.SENIOR,
    "高中/中职": AudienceBand.SENIOR,
    "公众": AudienceBand.PUBLIC,
    "": AudienceBand.PUBLIC,
}
BAND_LABELS = {
    AudienceBand.PRIMARY: "小学",
    AudienceBand.JUNIOR: "初中",
    AudienceBand.SENIOR: "高中/中职",
    AudienceBand.PUBLIC: "公众",
}
DIFFICULTY_WORDS = {"易": 1, "简单": 1, "1": 1, "中": 2, "中等": 2, "2": 2, "难": 3, "困难": 3, "3": 3, "": 1}
DIFFICULTY_LABELS = {Difficulty.EASY: "易", Difficulty.MEDIUM: "中", Difficulty.HARD: "难"}
TRUE_FALSE_OPTIONS = ("正确", "错误")
TRUE_FALSE_ANSWERS = {"对": "A", "正确": "A", "√": "A", "错": "B", "错误": "B", "×": "B"}
TAG_SPLIT = re.compile(r"[,，、;；\s]+")


@dataclass
class ParsedQuestion:
    row: int
    pk: int | None
    kind: str
    stem: str
    options: list
    explanation: str
    band: str
    difficulty: int
    tags: list


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse_row(number, cells, errors, existing_ids):
    before = len(errors)

    def error(column, reason):
        errors.append(RowError(number, column, reason))

    raw_id = cells.get("编号", "")
    pk = None
    if raw_id:
        if parse_id(raw_id) not in existing_ids:
            error("编号", _("No question in the bank has this number; leave it empty to add a new question."))
        else:
            pk = int(raw_id)
    kind = KIND_WORDS.get(cells.get("题型", "").lower())
    if kind is None:
        error("题型", _("Write 单选, 多选 or 判断."))
    stem = cells.get("题干", "")
    if not stem:
        error("题干", _("The question is empty."))
    texts = [cells.get(header, "") for header in OPTION_HEADERS]
    if kind == QuestionKind.TRUE_FALSE and not any(texts):
        texts = list(TRUE_FALSE_OPTIONS)
    answer = cells.get("正确答案", "").upper().replace(" ", "").replace(",", "").replace("，", "").replace("、", "")
    if kind == QuestionKind.TRUE_FALSE:
        answer = TRUE_FALSE_ANSWERS.get(cells.get("正确答案", "").strip(), answer)
    for position, text in enumerate(texts):
        if not text and any(texts[position + 1 :]):
            error(OPTION_HEADERS[position], _("Fill the options in order, without gaps."))
            break
        if len(text) > 300:
            error(OPTION_HEADERS[position], _("An option may be at most 300 characters long."))
    options = [text for text in texts if text]
    if not answer:
        error("正确答案", _("Give the letter(s) of the correct option(s), e.g. B or ACD."))
    else:
        for letter in answer:
            if letter not in LETTERS or LETTERS.index(letter) >= len(options):
                error("正确答案", _("“%(letter)s” is not one of the options given.") % {"letter": letter})
                break
    band = BAND_WORDS.get(cells.get("适用对象", ""))
    if band is None:
        error("适用对象", _("Write 小学, 初中, 高中/中职 or 公众."))
    difficulty = DIFFICULTY_WORDS.get(cells.get("难度", ""))
    if difficulty is None:
        error("难度", _("Write 易, 中 or 难."))
    if len(errors) > before or kind is None:
        return None
    pairs = [(text, LETTERS[index] in answer) for index, text in enumerate(options)]
    for part, reason in option_count_errors(kind, pairs):
        error("正确答案" if part == "correct" else "选项A", str(reason))
    if len(errors) > before:
        return None
    tags = [tag for tag in TAG_SPLIT.split(cells.get("标签", "")) if tag]
    return ParsedQuestion(number, pk, kind, stem, pairs, cells.get("解析", ""), band, difficulty, tags)


def read_questions(data):
    """Parse every row of an .xlsx file; return (questions, errors) numbered as the spreadsheet shows them."""
    try:
        header_row, header, rows = read_table(data, max_rows=MAX_ROWS)
    except SpreadsheetError as error:
        return [], [error.row_error]
    header = [_text(cell) for cell in header]
    missing = [name for name in REQUIRED_HEADERS if name not in header]
    if missing:
        return [], [RowError(header_row, name, _("This column is missing from the header.")) for name in missing]
    existing_ids = set(Question.objects.values_list("pk", flat=True))
    questions, errors, stems = [], [], {}
    for number, values in rows:
        cells = {name: _text(value) for name, value in zip(header, values, strict=False) if name}
        if not any(cells.values()):
            continue
        parsed = _parse_row(number, cells, errors, existing_ids)
        if parsed is None:
            continue
        if parsed.stem in stems:
            errors.append(
                RowError(
                    number, "题干", _("The same question is already on row %(row)d.") % {"row": stems[parsed.stem]}
                )
            )
            continue
        stems[parsed.stem] = number
        questions.append(parsed)
    if not questions and not errors:
        errors.append(RowError(2, "", _("The file has no questions.")))
    new_stems = {question.stem: question.row for question in questions if question.pk is None}
    for pk, stem in Question.objects.filter(stem__in=new_stems).values_list("pk", "stem"):
        errors.append(
            RowError(new_stems[stem], "题干", _("This question is already in the bank as number %(pk)d.") % {"pk": pk})
        )
    errors.sort(key=lambda item: item.row)
    return questions, errors


def import_questions(data):
    questions, errors = read_questions(data)
    if errors:
        return ImportResult(errors=errors)
    result = ImportResult()
    with transaction.atomic():
        for parsed in questions:
            question = Question.objects.get(pk=parsed.pk) if parsed.pk else Question()
            question.kind, question.stem, question.explanation = parsed.kind, parsed.stem, parsed.explanation
            question.band, question.difficulty = parsed.band, parsed.difficulty
            question.options.set(
                [
                    QuestionOption(text=text, is_correct=is_correct, sort_order=position)
                    for position, (text, is_correct) in enumerate(parsed.options)
                ]
            )
            question.tags.set(parsed.tags)
            question.save()
            if parsed.pk:
                result.updated += 1
            else:
                result.created += 1
    return result


def _sheet_with_header(title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["C"].width = 48
    return workbook, sheet


def template_workbook():
    """An empty import sheet with two example rows and drop-downs for kind, band and difficulty."""
    workbook, sheet = _sheet_with_header("题库")
    sheet.append(
        [
            "",
            "单选",
            "“冰毒”的主要成分是什么？",
            "甲基苯丙胺",
            "海洛因",
            "大麻",
            "",
            "",
            "",
            "A",
            "冰毒即甲基苯丙胺。",
            "公众",
            "易",
            "毒品种类",
        ]
    )
    sheet.append(
        [
            "",
            "判断",
            "吸食新型毒品不会成瘾。",
            "",
            "",
            "",
            "",
            "",
            "",
            "错",
            "新型毒品同样会成瘾。",
            "初中",
            "易",
            "新型毒品",
        ]
    )
    for column, choices in (("B", "单选,多选,判断"), ("L", "小学,初中,高中/中职,公众"), ("M", "易,中,难")):
        validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}2000")
    notes = workbook.create_sheet("说明")
    for line in (
        "编号：留空表示新增题目；填写导出文件中的编号则更新该题。",
        "题型：单选、多选、判断。判断题可不填选项（默认为“正确”“错误”），正确答案填“对”或“错”。",
        f"选项：2 至 {MAX_OPTIONS} 个，从选项A起依次填写。多选题至少两个正确选项，按全对得分。",
        "正确答案：填写选项字母，如 B 或 ACD。",
        "标签：多个标签用逗号或顿号分隔，如 新型毒品、法律。",
        "导入时逐行检查，任何一行有误则整份文件都不导入，并指出行号、列名和原因。",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 100
    return workbook_bytes(workbook)


def export_workbook(questions):
    workbook, sheet = _sheet_with_header("题库")
    for question in questions.prefetch_related("options", "tags"):
        options = list(question.options.all())
        texts = [option.text for option in options] + [""] * (MAX_OPTIONS - len(options))
        answer = "".join(LETTERS[index] for index, option in enumerate(options) if option.is_correct)
        sheet.append(
            [
                question.pk,
                KIND_LABELS[question.kind],
                question.stem,
                *texts,
                answer,
                question.explanation,
                BAND_LABELS[question.band],
                DIFFICULTY_LABELS[question.difficulty],
                "、".join(sorted(tag.name for tag in question.tags.all())),
            ]
        )
    return workbook_bytes(workbook)
