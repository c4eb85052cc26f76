"""A visitor in real headless Chromium: home → guide → FAQ → visually-impaired mode."""

import pytest
from playwright.sync_api import expect

from home.models import HomePageFeaturedGuide, InstructionStep
from tests.browser import (
    LARGEST_A11Y,
    WIDE_FONT,
    assert_no_sideways_scroll,
    rendered_fonts,
    use_font,
    words_broken_without_hyphen,
)
from tests.factories import make_guide, make_guide_index, make_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def guide_site(live_server):
    home = make_home()
    guide = make_guide(
        make_guide_index(home), title="Как вступить в общество", slug="join", faqs=2
    )
    HomePageFeaturedGuide.objects.create(
        home=home, page=guide, blurb="Все шаги по порядку"
    )
    return live_server.url, guide


def test_visitor_reads_a_guide_and_keeps_the_accessible_mode(page, guide_site):
    base, guide = guide_site
    page.goto(base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    page.get_by_role("link", name="Как вступить в общество").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Как вступить в общество")
    expect(page.locator(".step")).to_have_count(3)

    question = page.locator("summary", has_text="Вопрос 1?")
    answer = page.locator(".faq__answer", has_text="Ответ 1")
    expect(answer).to_be_hidden()
    question.click()
    expect(answer).to_be_visible()
    expect(page.locator("details#faq-1")).to_have_attribute("open", "")

    page.get_by_role("link", name="Версия для слабовидящих").click()
    expect(page.locator("html")).to_have_class(
        "a11y a11y-size-large a11y-scheme-contrast"
    )
    page.get_by_role("link", name="Очень крупный шрифт").click()
    page.reload()
    expect(page.locator("html")).to_have_class(
        "a11y a11y-size-xlarge a11y-scheme-contrast"
    )
    font_size = page.evaluate("getComputedStyle(document.documentElement).fontSize")
    assert float(font_size.rstrip("px")) >= 25  # 162.5% of 16px

    page.goto(base + "/")  # another page: the mode is still on
    expect(page.locator("html")).to_have_class(
        "a11y a11y-size-xlarge a11y-scheme-contrast"
    )
    page.get_by_role("link", name="Обычная версия").click()
    expect(page.locator("html")).to_have_class("")


def test_guide_on_a_phone(phone, guide_site):
    base, guide = guide_site
    page = phone()
    page.goto(base + guide.url)
    assert_no_sideways_scroll(page, "guide")

    menu = page.get_by_role("button", name="Меню")
    expect(menu).to_be_visible()
    expect(page.locator("#main-nav-list")).to_be_hidden()
    menu.click()
    expect(page.locator("#main-nav-list")).to_be_visible()

    page.locator("summary", has_text="Вопрос 2?").click()
    expect(page.locator(".faq__answer", has_text="Ответ 2")).to_be_visible()


def test_pages_are_set_in_the_font_the_css_names(page, guide_site):
    """PT Sans is installed (README, .ci/run): tests measure what visitors see."""
    base, guide = guide_site
    page.goto(base + guide.url)
    assert rendered_fonts(page, "h1") == {"PT Sans"}
    assert rendered_fonts(page, ".guide__header .rich-text p") == {"PT Sans"}


@pytest.mark.parametrize("font", [None, WIDE_FONT], ids=["site-font", "wide-font"])
def test_accessible_mode_at_the_largest_size_fits_a_phone(phone, guide_site, font):
    base, guide = guide_site
    page = phone(a11y=LARGEST_A11Y)
    long_query = "/search/?q=" + "ж" * 300
    for url in ("/", guide.url, guide.get_parent().url, long_query):
        page.goto(base + url)
        expect(page.locator("html")).to_have_class(
            "a11y a11y-size-xlarge a11y-scheme-contrast"
        )
        if font:
            use_font(page, font)
        assert_no_sideways_scroll(page, f"{url} {font or ''}")


@pytest.mark.parametrize("font", [None, WIDE_FONT], ids=["site-font", "wide-font"])
def test_long_words_in_the_guide_contents_break_only_with_a_hyphen(
    phone, guide_site, font
):
    base, guide = guide_site
    titles = [
        "Зарегистрируйтесь на сайте",
        "Администрация подтверждает оплату",
        "Пользуйтесь материалами для членов общества",
    ]
    for step, title in zip(guide.steps.all(), titles, strict=True):
        InstructionStep.objects.filter(pk=step.pk).update(title=title)
    page = phone(a11y=LARGEST_A11Y)
    page.goto(base + guide.url)
    if font:
        use_font(page, font)
    expect(page.locator(".toc li").first).to_contain_text("Зарегистри")
    assert words_broken_without_hyphen(page, ".toc, .step__title, h1") == []
    assert_no_sideways_scroll(page, f"guide {font or ''}")
