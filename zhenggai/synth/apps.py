from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "zhenggai.synth"
    label = "synth"
    verbose_name = "合成数据(压力测试)"
