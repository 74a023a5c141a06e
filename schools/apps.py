from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    """Schools, classes, students and school staff; roster import, the school portal and the official rates."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "schools"
    verbose_name = _("Schools")

    def ready(self):
        # Deleting a student deletes the user row that also carries the name.
        import schools.graduation  # noqa: F401
