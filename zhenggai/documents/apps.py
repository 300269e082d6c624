from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhenggai.documents"
    label = "documents"
    verbose_name = "公文版式"
