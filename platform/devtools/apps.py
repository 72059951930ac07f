from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """The developer's tools as a Django app: for its `load_demo` command, which `make run` uses."""

    name = "devtools"
    verbose_name = "Developer tools"
