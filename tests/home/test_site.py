"""Site-wide behaviour: language, search, accessibility mode, errors, demo content."""

import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import PageViewRestriction

from home.models import InstructionPage
from tests.factories import make_guide, make_guide_index, make_standard_page

pytestmark = pytest.mark.django_db


# --- language ------------------------------------------------------------------------


def test_russian_by_default_even_for_an_english_browser(client, home):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="ru"' in html
    assert "Версия для слабовидящих" in html
    assert response["Content-Language"] == "ru"


def test_visitor_can_switch_to_english_and_back(client, home):
    response = client.get("/language/", {"lang": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Visually-impaired version" in html

    client.get("/language/", {"lang": "ru", "next": "/"})
    assert "Версия для слабовидящих" in client.get("/").content.decode()


def test_the_language_cookie_is_same_site_lax_and_hidden_from_scripts(client, home):
    response = client.get("/language/", {"lang": "en", "next": "/"})
    header = response.cookies[settings.LANGUAGE_COOKIE_NAME].output()
    assert "SameSite=Lax" in header
    assert "HttpOnly" in header


def test_the_language_cookie_is_https_only_in_production(client, home, monkeypatch):
    from tests.home.test_security import production_security_settings

    with override_settings(**production_security_settings(monkeypatch)):
        response = client.get(
            "/language/",
            {"lang": "en", "next": "/"},
            HTTP_HOST="society.example.org",
            secure=True,
        )
    header = response.cookies[settings.LANGUAGE_COOKIE_NAME].output()
    assert "SameSite=Lax" in header
    assert "Secure" in header


def test_language_switch_is_a_get_form_that_returns_to_the_page(client, home):
    html = client.get("/search/?q=x").content.decode()
    assert '<form action="/language/" method="get" class="lang-switch">' in html
    assert '<input name="next" type="hidden" value="/search/?q=x">' in html

    response = client.get("/language/", {"lang": "en", "next": "/search/?q=x"})
    assert response["Location"] == "/search/?q=x"
    assert response.cookies["django_language"].value == "en"


def test_unknown_language_is_ignored(client, home):
    response = client.get("/language/", {"lang": "de", "next": "/"})
    assert response.status_code == 302
    assert "django_language" not in response.cookies


def test_language_switch_never_redirects_off_site(client, home):
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver/",  # even this host: only relative paths
    ):
        response = client.get("/language/", {"lang": "en", "next": target})
        assert response["Location"] == "/", target


def test_unknown_url_gets_the_site_404_in_russian(client, home):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Страница не найдена" in html
    assert "Общество урологов" in html  # inside the site design, with the header


def test_russian_catalogues_are_complete():
    """Every project catalogue is fully translated: no empty or fuzzy entries."""
    base = Path(settings.BASE_DIR)
    catalogues = [
        path
        for path in base.glob("**/locale/ru/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    ]
    assert base / "locale/ru/LC_MESSAGES/django.po" in catalogues
    for path in catalogues:
        text = path.read_text(encoding="utf-8")
        entries = text.split("\n\n")[1:]  # the first entry is the header
        untranslated = [
            entry
            for entry in entries
            if re.search(r'^msgstr(\[\d\])? ""\n?$', entry.strip(), re.M)
            and not re.search(r'^msgstr(\[\d\])? ""\n"', entry, re.M)
        ]
        fuzzy = [entry for entry in entries if "#, fuzzy" in entry]
        assert not untranslated, f"{path}: untranslated {untranslated[:3]}"
        assert not fuzzy, f"{path}: fuzzy {fuzzy[:3]}"
        # msgfmt's own checks: format strings match, every plural form is there.
        result = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(path)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"{path}: {result.stderr}"
        for entry in entries:
            if "msgid_plural" in entry:
                forms = re.findall(r"^msgstr\[(\d)\]", entry, re.M)
                assert forms == ["0", "1", "2", "3"], f"{path}: {entry[:80]}"


def test_no_message_is_translated_two_ways_across_catalogues():
    """Django merges every app's catalogue into one: a bare msgid translated differently in
    two apps (or differently from Django's own catalogue) shows one app's wording on the
    other's screen. Ambiguous short strings take a context (pgettext) instead."""
    import gettext

    import django

    base = Path(settings.BASE_DIR)
    catalogues = [
        path
        for path in base.glob("**/locale/ru/LC_MESSAGES/django.mo")
        if ".venv" not in path.parts
    ]
    assert len(catalogues) > 5, "compile the catalogues first (make messages)"
    django_mo = Path(django.__file__).parent / "conf/locale/ru/LC_MESSAGES/django.mo"
    translations = {}
    for path in [*catalogues, django_mo]:
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog
        for msgid, msgstr in catalogue.items():
            if msgid and (path != django_mo or msgid in translations):
                translations.setdefault(msgid, {}).setdefault(msgstr, []).append(
                    path.as_posix().split("/locale/")[0].rsplit("/", 1)[-1]
                )
    clashes = {msgid: seen for msgid, seen in translations.items() if len(seen) > 1}
    assert not clashes, clashes


# --- search --------------------------------------------------------------------------


def test_search_finds_public_pages_and_never_private_ones(client, home):
    make_standard_page(
        home, title="Открытая", slug="open", introduction="Пиелонефрит открытый текст"
    )
    private = make_standard_page(
        home, title="Закрытая", slug="closed", introduction="Секретуролог уникальный"
    )
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = make_standard_page(
        home, title="Черновик", slug="draft", introduction="Секретуролог черновой"
    )
    draft.unpublish()

    found = client.get("/search/", {"q": "Пиелонефрит"}).content.decode()
    hidden = client.get("/search/", {"q": "Секретуролог"}).content.decode()

    assert "Открытая" in found
    assert "Секретуролог" in hidden  # the query is echoed back…
    assert "/closed/" not in hidden  # …but the private page is not listed
    assert "/draft/" not in hidden
    assert "ничего не найдено" in hidden


def test_search_matches_guide_steps(client, home):
    make_guide(make_guide_index(home), title="Как вступить", slug="join")
    html = client.get("/search/", {"q": "Вопрос"}).content.decode()
    assert "/guides/join/" in html


def test_search_with_bad_page_number_shows_a_page_not_an_error(client, home):
    make_standard_page(home, title="Страница", slug="p", introduction="Цистит")
    for page in ("abc", "999", "-1"):
        response = client.get("/search/", {"q": "Цистит", "page": page})
        assert response.status_code == 200
        assert "/p/" in response.content.decode()


# --- visually-impaired mode ----------------------------------------------------------


def test_visually_impaired_mode_persists_across_pages(client, home):
    guide = make_guide(make_guide_index(home))
    response = client.get("/accessibility/", {"mode": "on", "next": guide.url})
    assert response.status_code == 302
    assert response["Location"] == guide.url

    html = client.get("/").content.decode()
    assert 'class="a11y a11y-size-large a11y-scheme-contrast"' in html
    assert "Обычная версия" in html

    client.get("/accessibility/", {"size": "xlarge", "scheme": "inverted", "next": "/"})
    client.get("/accessibility/", {"images": "hide", "next": "/"})
    html = client.get(guide.url).content.decode()
    assert "a11y-size-xlarge a11y-scheme-inverted a11y-no-images" in html

    client.get("/accessibility/", {"mode": "off", "next": "/"})
    assert '<html lang="ru" class="">' in client.get("/").content.decode()


def test_accessibility_switch_never_redirects_off_site(client, home):
    for target in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ):
        response = client.get("/accessibility/", {"mode": "on", "next": target})
        assert response["Location"] == "/"


def test_tampered_accessibility_cookie_falls_back_to_defaults(client, home):
    client.cookies["a11y"] = 'on|"><script>|evil|x'
    html = client.get("/").content.decode()
    assert 'class="a11y a11y-size-large a11y-scheme-contrast"' in html
    assert "<script>|" not in html


# --- demo content --------------------------------------------------------------------


def test_load_demo_builds_the_site_and_is_safe_to_run_twice(client, capsys):
    call_command("load_demo")
    call_command("load_demo")
    output = capsys.readouterr().out

    assert "admin@example.org" in output
    join = InstructionPage.objects.get(slug="kak-vstupit")
    assert join.steps.count() == 11
    assert InstructionPage.objects.get(slug="registraciya-na-portale-nmo").faqs.exists()
    assert InstructionPage.objects.count() == 2

    home_html = client.get("/").content.decode()
    assert "Российское общество урологов" in home_html
    assert "+7 (977) 476-11-00" in re.sub(r"<[^>]+>", "", home_html)
    guide_html = client.get(join.url).content.decode()
    assert "5 рабочих дней" in guide_html
    assert "+7 (967) 289-57-50" in re.sub(r"<[^>]+>", "", guide_html)
    for slug in ("about", "contacts"):
        assert client.get(f"/{slug}/").status_code == 200


# --- content language in an English interface ---------------------------------------


def test_russian_content_is_marked_as_russian_in_the_english_interface(client, home):
    guide = make_guide(make_guide_index(home), title="Как вступить")
    client.get("/language/", {"lang": "en", "next": "/"})
    html = client.get(guide.url).content.decode()
    assert '<html lang="en"' in html
    assert '<h1 lang="ru">Как вступить</h1>' in html
    assert '<details class="faq__item" id="faq-1" lang="ru">' in html
    assert "Frequently asked questions" in html  # the interface itself is English


def test_search_understands_russian_word_forms_on_postgresql(client, home, is_postgres):
    if not is_postgres:
        pytest.skip("Russian stemming needs PostgreSQL's full-text search")
    make_standard_page(
        home, title="Членство", slug="dues", introduction="Членские взносы и урологов"
    )
    for query in ("взнос", "взносы", "уролог"):
        html = client.get("/search/", {"q": query}).content.decode()
        assert "/dues/" in html, query


def test_server_error_page_is_in_the_site_design_and_needs_no_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/broken/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Что-то пошло не так" in html
    assert "/static/css/site.css" in html


def test_search_pages_keep_a_query_with_special_characters(client, home):
    for number in range(12):
        make_standard_page(
            home, title=f"Стр {number}", slug=f"p{number}", introduction="a&b #1 +2%"
        )
    html = client.get("/search/", {"q": "a&b #1"}).content.decode()
    assert "?page=2&amp;q=a%26b+%231" in html
    second = client.get("/search/?page=2&q=a%26b+%231").content.decode()
    assert 'value="a&amp;b #1"' in second


def test_load_demo_refuses_to_run_with_production_settings(settings):
    from django.core.management.base import CommandError

    settings.DEMO_CONTENT_ALLOWED = False
    with pytest.raises(CommandError, match="published passwords"):
        call_command("load_demo")


def test_wagtail_admin_password_reset_is_off(client, home):
    """Staff use the site's rate-limited reset; the admin's own form is switched off."""
    from django.core import mail

    response = client.post("/admin/password_reset/", {"email": "someone@example.org"})
    assert response.status_code == 404
    assert mail.outbox == []


@pytest.mark.django_db
def test_default_workflow_task_and_groups_have_russian_names():
    from django.contrib.auth.models import Group
    from wagtail.models import Task, Workflow

    assert list(Workflow.objects.values_list("name", flat=True)) == [
        "Согласование публикации"
    ]
    assert list(Task.objects.values_list("name", flat=True)) == ["Проверка модератором"]
    assert {"Модераторы", "Редакторы"} <= set(
        Group.objects.values_list("name", flat=True)
    )
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
