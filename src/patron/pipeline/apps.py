from django.apps import AppConfig


class PipelineConfig(AppConfig):
    name = "patron.pipeline"
    label = "pipeline"
    verbose_name = "Pipeline"
