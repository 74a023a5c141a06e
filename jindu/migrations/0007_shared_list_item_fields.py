"""One list-item shape for every shared list; a campaign belongs to a campaign theme, linked by name where it shows."""

import django.db.models.deletion
from django.db import migrations, models


def squeeze(text):
    return "".join(text.split())


def link_themes(apps, schema_editor):
    """E.g. 2024年全民禁毒宣传月 belongs to 全民禁毒宣传月; the longest matching theme name wins."""
    Campaign = apps.get_model("jindu", "Campaign")
    CampaignTheme = apps.get_model("jindu", "CampaignTheme")
    themes = sorted(CampaignTheme.objects.all(), key=lambda theme: -len(squeeze(theme.name)))
    for campaign in Campaign.objects.filter(theme__isnull=True):
        name = squeeze(campaign.name)
        theme = next((theme for theme in themes if squeeze(theme.name) and squeeze(theme.name) in name), None)
        if theme is not None:
            Campaign.objects.filter(pk=campaign.pk).update(theme=theme)


class Migration(migrations.Migration):

    dependencies = [
        ('jindu', '0006_shared_vocabulary'),
    ]

    operations = [
        migrations.AddField(
            model_name='campaign',
            name='theme',
            field=models.ForeignKey(blank=True, help_text='The recurring theme this drive belongs to, e.g. 全民禁毒宣传月; its materials share it.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='campaigns', to='jindu.campaigntheme', verbose_name='campaign theme'),
        ),
        migrations.AlterField(
            model_name='campaigntheme',
            name='sort_order',
            field=models.PositiveSmallIntegerField(default=100, help_text='Smaller numbers come first in lists and filters.', verbose_name='order'),
        ),
        migrations.AlterField(
            model_name='dialect',
            name='name',
            field=models.CharField(max_length=80, unique=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='materialkind',
            name='name',
            field=models.CharField(max_length=80, unique=True, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='materialkind',
            name='sort_order',
            field=models.PositiveSmallIntegerField(default=100, help_text='Smaller numbers come first in lists and filters.', verbose_name='order'),
        ),
        migrations.RunPython(link_themes, migrations.RunPython.noop),
    ]
