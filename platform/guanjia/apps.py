from django.apps import AppConfig


class GuanjiaConfig(AppConfig):
    name = "guanjia"

    def ready(self):
        from guanjia import language_fallback

        language_fallback.install()
