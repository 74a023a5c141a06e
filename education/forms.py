"""Admin forms: a question's options checked together, quiz draw rules checked against the bank."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from education.models.questions import option_count_errors
from jindu.forms import PageForm


def _live_forms(formset):
    """The child forms that will be saved: valid, not deleted and not left empty."""
    if not formset.is_valid():
        return []
    return [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE") and (form.has_changed() or form.instance.pk)
    ]


class QuestionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("options")
        kind = cleaned.get("kind")
        if formset is None or kind is None or not formset.is_valid():
            return cleaned
        options = [
            (form.cleaned_data.get("text", ""), form.cleaned_data.get("is_correct", False))
            for form in _live_forms(formset)
        ]
        errors = [message for _part, message in option_count_errors(kind, options)]
        if errors:
            raise ValidationError(errors)
        return cleaned


class QuizPageForm(PageForm):
    def clean(self):
        cleaned = super().clean()
        rules = self.formsets.get("draw_rules")
        fixed = self.formsets.get("fixed_questions")
        fixed_ids = (
            {form.cleaned_data["question"].pk for form in _live_forms(fixed) if form.cleaned_data.get("question")}
            if fixed
            else set()
        )
        if rules is None:
            return cleaned
        for form in _live_forms(rules):
            rule = form.instance
            for name in ("count", "tag", "band", "difficulty"):
                setattr(rule, name, form.cleaned_data.get(name))
            if not rule.count:
                continue
            available = rule.candidates().exclude(pk__in=fixed_ids).count()
            if available < rule.count:
                form.add_error(
                    "count",
                    _("Only %(available)d questions in the bank match this rule.") % {"available": available},
                )
        return cleaned


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Fill in the template; every row is checked and nothing is imported if a row is wrong."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise ValidationError(_("The file is larger than 5 MB."))
        return upload
