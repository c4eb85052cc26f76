"""Page types: where they may live, what visitors see, what editors may publish."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
)

from home.models import (
    HomePageFeaturedGuide,
    InstructionPage,
)
from tests.factories import (
    UserFactory,
    make_guide,
    make_guide_index,
    make_image,
    make_standard_page,
)

pytestmark = pytest.mark.django_db


def test_home_page_shows_hero_intro_and_featured_guides(client, home):
    guide = make_guide(make_guide_index(home), title="Как вступить в общество")
    HomePageFeaturedGuide.objects.create(
        home=home, page=guide, blurb="Одиннадцать простых шагов"
    )
    home.introduction = "<p>Мы объединяем урологов</p>"
    home.save_revision().publish()

    html = client.get("/").content.decode()

    assert "Мы объединяем урологов" in html
    assert "Как вступить в общество" in html
    assert "Одиннадцать простых шагов" in html
    assert "Общество урологов" in html  # society name from the settings in the header


def test_unpublished_or_private_featured_guides_are_not_shown(client, home):
    index = make_guide_index(home)
    hidden = make_guide(index, title="Секретная инструкция")
    draft = make_guide(index, title="Черновик инструкции")
    draft.unpublish()
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    HomePageFeaturedGuide.objects.create(home=home, page=hidden)
    HomePageFeaturedGuide.objects.create(home=home, page=draft)

    html = client.get("/").content.decode()

    assert "Секретная инструкция" not in html
    assert "Черновик инструкции" not in html


def test_guide_shows_numbered_steps_toc_faq_and_contacts(client, home):
    guide = make_guide(make_guide_index(home), steps=3, faqs=2, images=1)

    response = client.get(guide.url)
    html = response.content.decode()

    assert response.status_code == 200
    for number in (1, 2, 3):
        assert f'id="step-{number}"' in html  # anchors the table of contents links to
        assert f'href="#step-{number}"' in html
        assert f'<span class="step__number" aria-hidden="true">{number}</span>' in html
    assert 'alt="Снимок экрана шага 1"' in html
    assert '<details class="faq__item"' in html
    assert "Вопрос 2?" in html
    assert "Частые вопросы" in html
    # The joining help phone from the settings, in groups that never break inside.
    assert (
        '<span class="nowrap">+7</span> <span class="nowrap">(900)</span> '
        '<span class="nowrap">000-00-02</span>'
    ) in html
    assert 'href="tel:+79000000002"' in html
    assert "Полезный совет" in html


def test_guide_hides_contact_block_when_editor_turns_it_off(client, home):
    guide = make_guide(make_guide_index(home), show_contacts=False)
    html = client.get(guide.url).content.decode()
    assert 'id="contacts"' not in html


def test_guide_index_lists_only_live_public_guides(client, home):
    index = make_guide_index(home)
    make_guide(index, title="Открытая инструкция")
    private = make_guide(index, title="Закрытая инструкция")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get(index.url).content.decode()

    assert "Открытая инструкция" in html
    assert "Закрытая инструкция" not in html


def test_standard_page_renders_every_block(client, home):
    image = make_image()
    page = make_standard_page(
        home,
        title="Об обществе",
        body=[
            ("heading", {"text": "История общества", "level": "h2"}),
            ("paragraph", "<p>Основано давно</p>"),
            (
                "image",
                {"image": image, "alt_text": "Зал конгресса", "caption": "Съезд"},
            ),
            ("callout", {"kind": "warning", "title": "Важно", "text": "<p>Взносы</p>"}),
            (
                "table",
                {
                    "data": [["Год", "Событие"], ["1907", "Основание"], [None, ""]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Хронология",
                },
            ),
        ],
    )
    html = client.get(page.url).content.decode()
    assert "<h2>История общества</h2>" in html
    assert 'alt="Зал конгресса"' in html
    assert "<figcaption>Съезд</figcaption>" in html
    assert 'class="callout callout--warning"' in html
    assert '<th scope="col">Событие</th>' in html
    assert "<caption>Хронология</caption>" in html
    assert 'role="region" aria-label="Хронология"' in html
    assert html.count("<tr>") == 2  # the empty row the editor left is not shown


def test_menu_shows_only_live_public_pages_marked_for_menus(client, home):
    make_standard_page(home, title="В меню", show_in_menus=True)
    make_standard_page(home, title="Не в меню", show_in_menus=False)
    private = make_standard_page(home, title="Только для членов", show_in_menus=True)
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    html = client.get("/").content.decode()
    nav = html.split('id="main-nav-list"')[1].split("</ul>")[0]

    assert "В меню" in nav
    assert "Не в меню" not in nav
    assert "Только для членов" not in html


def test_sitemap_leaves_out_private_pages(client, home):
    make_standard_page(home, title="Публичная", slug="public-page")
    private = make_standard_page(home, title="Закрытая", slug="members-page")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    xml = client.get("/sitemap.xml").content.decode()

    assert "/public-page/" in xml
    assert "/members-page/" not in xml


class TestEditorPublishing:
    @pytest.fixture
    def editor_client(self, client, home):
        admin = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(admin)
        return client

    def post_guide(self, client, index, image, alt):
        data = nested_form_data(
            {
                "title": "Новая инструкция",
                "slug": "novaya",
                "summary": "",
                "introduction": rich_text("<p>Введение</p>"),
                "outro": rich_text(""),
                "show_contacts": "on",
                "steps": inline_formset(
                    [
                        {
                            "title": "Первый шаг",
                            "body": rich_text("<p>Сделайте это</p>"),
                            "image": image.pk,
                            "image_alt": alt,
                            "image_caption": "",
                            "callout_kind": "",
                            "callout_text": "",
                        }
                    ],
                    min=1,
                ),
                "faqs": inline_formset([]),
                "action-publish": "publish",
            }
        )
        url = reverse(
            "wagtailadmin_pages:add", args=("home", "instructionpage", index.pk)
        )
        return client.post(url, data)

    def test_guide_image_without_alt_text_cannot_be_published(
        self, editor_client, home
    ):
        index = make_guide_index(home)
        response = self.post_guide(editor_client, index, make_image(), alt="")

        assert response.status_code == 200  # the form again, with the error
        assert "альтернативный текст" in response.content.decode()
        assert not InstructionPage.objects.filter(slug="novaya").exists()

    def test_guide_image_with_alt_text_is_published(self, editor_client, home):
        index = make_guide_index(home)
        response = self.post_guide(
            editor_client, index, make_image(), alt="Форма входа"
        )

        assert response.status_code == 302
        page = InstructionPage.objects.get(slug="novaya")
        assert page.live
        assert page.steps.get().image_alt == "Форма входа"


def test_society_phone_must_be_a_phone_number(home):
    from django.core.exceptions import ValidationError

    from home.models import SocietySettings

    settings = SocietySettings.objects.get()
    settings.phone = "позвоните нам"
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "phone" in error.value.message_dict
    settings.phone = "+7 (977) 476-11-00"
    settings.join_help_phone = "8 800 555-35-35"
    settings.full_clean()


def test_every_page_type_has_a_template():
    """A page type without its template would answer 500 to every visitor."""
    from django.template.loader import get_template
    from django.test import RequestFactory
    from wagtail.models import get_page_models

    request = RequestFactory().get("/")
    for model in get_page_models():
        if model is Page:
            continue
        get_template(model().get_template(request))  # raises if it is missing


def test_no_access_is_a_russian_page_of_the_site(client, home):
    from tests.members.factories import make_member

    client.force_login(make_member())
    response = client.get(reverse("credits:checkin_events"))
    html = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="ru"' in html and "<h1>Нет доступа</h1>" in html


def test_an_expired_form_says_what_to_do_in_russian(home):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"login": "a@example.org", "password": "x"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Форма устарела</h1>" in html and "обновите страницу" in html
