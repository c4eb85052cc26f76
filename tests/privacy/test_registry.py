"""Every model that names a person has a personal-data category."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

from core.personal_data import categories, covered_fields

# Wagtail's and Django's own records of editors' work (page owners, revisions,
# comments, editing sessions) are the admin's, not a member's data.
THIRD_PARTY_KEPT_OUT = ("wagtail", "django", "taggit")


def _project_apps():
    base = str(settings.BASE_DIR)
    for config in apps.get_app_configs():
        inside = config.path.startswith(base) and "/.venv/" not in config.path
        if inside or config.label == "account":  # allauth's e-mail addresses
            yield config


def user_foreign_keys():
    user_model = get_user_model()
    for config in _project_apps():
        for model in config.get_models():
            for field in model._meta.get_fields():
                if (
                    field.is_relation
                    and field.concrete
                    and field.related_model is user_model
                    and field.model is model  # declared here, not inherited
                ):
                    yield f"{model._meta.label}.{field.name}"


def test_every_foreign_key_to_the_user_has_a_category():
    covered = covered_fields()
    missing = sorted(set(user_foreign_keys()) - covered)
    assert missing == [], f"personal data without a category: {missing}"


def test_the_walk_finds_the_models_of_every_domain_app():
    found = {label.split(".")[0] for label in user_foreign_keys()}
    assert {"members", "membership", "payments", "credits", "privacy"} <= found
    assert "account" in found


def test_a_new_model_without_a_category_would_fail(monkeypatch):
    from core import personal_data

    registry = dict(personal_data._registry)
    registry.pop("payments.receipts")
    monkeypatch.setattr(personal_data, "_registry", registry)
    missing = set(user_foreign_keys()) - covered_fields()
    assert "payments.Receipt.uploaded_by" in missing


def test_categories_name_only_real_fields():
    for label in covered_fields():
        app_label, model_name, field_name = label.split(".")
        apps.get_model(app_label, model_name)._meta.get_field(field_name)


def test_every_category_has_columns_for_its_rows():
    assert len(categories()) >= 15
    for category in categories():
        assert category.columns, category.name
