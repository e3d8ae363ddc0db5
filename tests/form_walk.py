"""Every form class the project defines, and the Wagtail edit form of every page model it
defines: for tests that check a rule over all of them (date hints, translated labels)."""

import importlib
import pkgutil
from pathlib import Path

from django import forms
from django.apps import apps
from django.conf import settings
from wagtail.models import Page

ROOT = Path(settings.BASE_DIR)


def _project_modules():
    for config in apps.get_app_configs():
        if not Path(config.path).is_relative_to(ROOT) or ".venv" in Path(config.path).parts:
            continue
        yield config.module
        for info in pkgutil.walk_packages(config.module.__path__, config.name + "."):
            if info.name.rsplit(".", 1)[-1] in {"forms", "admin_views", "views", "models"} or (
                ".forms" in info.name
            ):
                try:
                    yield importlib.import_module(info.name)
                except ImportError:  # a module only some deployments can import
                    continue


def project_form_classes():
    list(_project_modules())  # import them, so every form class is defined
    seen, stack = set(), [forms.BaseForm]
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            module = importlib.import_module(sub.__module__)
            path = Path(getattr(module, "__file__", "") or "/")
            if (
                path.is_relative_to(ROOT)
                and ".venv" not in path.parts
                and "tests" not in path.parts
            ):
                yield f"{sub.__module__}.{sub.__qualname__}", sub


def wagtail_edit_forms():
    for model in apps.get_models():
        if issubclass(model, Page) and model is not Page:
            path = Path(importlib.import_module(model.__module__).__file__)
            if ".venv" in path.parts:
                continue
            yield f"{model.__name__} (Wagtail edit form)", model.get_edit_handler().get_form_class()
