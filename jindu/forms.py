from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm

from jindu.models.regions import Region, is_valid_parent_level
from jindu.slugs import slug_for_title


class RegionForm(WagtailAdminModelForm):
    """Create or edit a region and choose where it hangs in the tree."""

    parent = forms.ModelChoiceField(
        label=_("Parent region"),
        queryset=Region.objects.order_by("path"),
        required=False,
        help_text=_("Leave empty for a city, or a county directly under a province."),
    )

    class Meta:
        model = Region
        fields = ["code", "name", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["parent"].initial = self.instance.get_parent()
            self.fields["parent"].queryset = Region.objects.exclude(path__startswith=self.instance.path).order_by(
                "path"
            )

    def clean(self):
        cleaned = super().clean()
        level, parent = cleaned.get("level"), cleaned.get("parent")
        if level and not is_valid_parent_level(level, parent.level if parent else None):
            if parent:
                self.add_error("level", _("This level cannot sit directly under the chosen parent."))
            else:
                self.add_error("parent", _("Only a city or a county can be without a parent."))
        return cleaned

    def save(self, commit=True):
        region = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        if region.pk is None:
            return parent.add_child(instance=region) if parent else Region.add_root(instance=region)
        region.save()
        if region.get_parent() != parent:
            region = Region.objects.get(pk=region.pk)
            if parent:
                region.move(Region.objects.get(pk=parent.pk), "sorted-child")
            else:
                region.move(Region.get_first_root_node(), "sorted-sibling")
        return Region.objects.get(pk=region.pk)


class RegionImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: code, name, level, parent_code. UTF-8 or GB18030. Nothing is imported if any row is wrong."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class PageForm(WagtailAdminPageForm):
    """Wagtail's page form; a slug left empty is made from the title in pinyin, numbered if a sibling has it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        if "slug" in self.fields and not self.cleaned_data.get("slug") and "slug" not in self.errors:
            title = self.cleaned_data.get("title") or ""
            self.cleaned_data["slug"] = slug_for_title(title, self.parent_page, self.instance)
        return super().clean()
