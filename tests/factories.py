"""Builders for tests: users, pages and images, without demo data."""

import io

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from home.models import (
    HomePage,
    InstructionFAQ,
    InstructionIndexPage,
    InstructionPage,
    InstructionStep,
    SocietySettings,
    StandardPage,
)
from members.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    last_name = "Иванов"
    first_name = "Иван"
    patronymic = "Иванович"
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-42")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_image(title="Скриншот", size=(64, 48), color=(20, 90, 160)):
    """A real PNG stored as a Wagtail image (after a transactional test's flush too)."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    buffer.seek(0)
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name="screenshot.png")
    )


def _collections_made_by_migrations():
    """The root collection and the members' document collection, which data
    migrations make and a transactional test's flush removes."""
    from importlib import import_module

    from django.apps import apps

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    migration = import_module("materials.migrations.0002_members_collection")
    migration.create_members_collection(apps, None)


def make_home(**fields):
    """A home page under the tree root, made the default site's root.

    Works after a transactional test has flushed Wagtail's initial tree and locale.
    """
    Locale.objects.get_or_create(language_code="ru")
    _collections_made_by_migrations()
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    for child in root.get_children():
        if not isinstance(child.specific, HomePage):
            Site.objects.filter(root_page=child).delete()
            child.delete()
    root = Page.get_first_root_node()
    existing = HomePage.objects.first()
    if existing:
        return existing
    home = HomePage(
        title=fields.pop("title", "Главная"),
        slug="home",
        hero_title="Общество",
        **fields,
    )
    root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.hostname = "localhost"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost", root_page=home, is_default_site=True, port=80
        )
    SocietySettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "full_name": "Общество урологов",
            "short_name": "ОУ",
            "phone": "+7 (900) 000-00-01",
            "join_help_phone": "+7 (900) 000-00-02",
            "email": "info@example.org",
        },
    )
    return home


def make_standard_page(parent, title="О нас", body=None, **fields):
    page = StandardPage(title=title, body=body or [], **fields)
    parent.add_child(instance=page)
    return page


def make_guide_index(parent, title="Инструкции"):
    page = InstructionIndexPage(title=title, slug="guides")
    parent.add_child(instance=page)
    return page


def make_guide(parent, title="Как вступить", steps=3, faqs=2, images=0, **fields):
    """A published guide with `steps` steps (the first `images` with screenshots)."""
    page = InstructionPage(title=title, introduction="<p>Введение</p>", **fields)
    for number in range(steps):
        image = make_image(f"Шаг {number + 1}") if number < images else None
        page.steps.add(
            InstructionStep(
                title=f"Шаг номер {number + 1}",
                body=f"<p>Текст шага {number + 1}</p>",
                image=image,
                image_alt=f"Снимок экрана шага {number + 1}" if image else "",
                callout_kind="tip" if number % 2 else "",
                callout_text="Полезный совет" if number % 2 else "",
            )
        )
    for number in range(faqs):
        page.faqs.add(
            InstructionFAQ(
                question=f"Вопрос {number + 1}?", answer=f"<p>Ответ {number + 1}</p>"
            )
        )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def cached_fragment_keys():
    """The cached template fragments' keys, on the local-memory cache or on Redis."""
    from django.core.cache import cache

    store = cache._cache
    if isinstance(store, dict):  # local memory (an OrderedDict)
        keys = list(store)
    else:  # Redis
        keys = [key.decode() for key in store.get_client().keys("*template.cache.*")]
    return {key for key in keys if "template.cache." in key}
