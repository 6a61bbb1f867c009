from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hemvag.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from hemvag.core import signals  # noqa: F401  (connects the login/logout audit)
