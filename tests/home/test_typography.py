"""Soft hyphens for long Russian words; phone numbers and e-mails that wrap sensibly."""

from django.template import Context, Template

from home.typography import SOFT_HYPHEN, breakable, soft_hyphenate


def shown(text):
    return text.replace(SOFT_HYPHEN, "-")


def test_long_russian_words_get_soft_hyphens_between_syllables():
    assert shown(soft_hyphenate("Зарегистрируйтесь")) == "За-ре-гис-три-руй-тесь"
    assert shown(soft_hyphenate("Администрация")) == "Ад-ми-нис-тра-ция"


def test_short_words_latin_words_and_spaces_are_left_alone():
    text = "Дождитесь письма: e-mail и Registration"
    assert shown(soft_hyphenate(text)) == "Дож-ди-тесь письма: e-mail и Registration"


def test_a_break_never_leaves_a_single_letter():
    for word in ["июньский", "аэропорты", "объявление", "ЗАРЕГИСТРИРУЙТЕСЬ"]:
        parts = soft_hyphenate(word).split(SOFT_HYPHEN)
        assert "".join(parts) == word
        assert min(len(part) for part in parts) >= 2, parts


def test_a_phone_number_breaks_only_between_its_groups():
    html = breakable("+7 (967) 289-57-50")
    assert html == (
        '<span class="nowrap">+7</span> <span class="nowrap">(967)</span> '
        '<span class="nowrap">289-57-50</span>'
    )


def test_an_e_mail_breaks_after_the_at_sign_and_before_dots_and_is_escaped():
    assert breakable("support@edu.rosminzdrav.ru") == (
        "support@<wbr>edu<wbr>.rosminzdrav<wbr>.ru"
    )
    assert breakable('<b a="x">@x') == "&lt;b a=&quot;x&quot;&gt;@<wbr>x"


def test_the_template_filters_escape_what_they_are_given():
    rendered = Template(
        "{% load content_tags %}{{ title|soft_hyphens }} {{ phone|breakable }}"
    ).render(Context({"title": "<i>Президиума</i>", "phone": "<b>1 2</b>"}))
    assert rendered == (
        f"&lt;i&gt;Пре{SOFT_HYPHEN}зи{SOFT_HYPHEN}ди{SOFT_HYPHEN}ума&lt;/i&gt; "
        '<span class="nowrap">&lt;b&gt;1</span> <span class="nowrap">2&lt;/b&gt;</span>'
    )
