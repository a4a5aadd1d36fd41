from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PipelineConfig(AppConfig):
    name = "patron.pipeline"
    label = "pipeline"
    verbose_name = _("Pipeline")

    def ready(self) -> None:
        from patron.org.access import keep_access
        from patron.pipeline.access import keep_opportunity_access

        keep_access(keep_opportunity_access)
