"""The demo guides describe the real site: the labels they quote are the ones a visitor
sees, their illustrations are screenshots of the site, their links are links."""

import io
import re

from django.core import mail
from django.core.management import call_command
from PIL import Image

from events.models import EventPage
from home import demo_content
from home.management.commands.load_demo import DEMO_IMAGES
from home.models import InstructionPage
from tests.members.factories import (
    make_consent_page,
    make_member,
    make_specialty,
    signup_data,
)

QUOTED = re.compile(r"«([^»]+)»")


def join_step(number):
    """The text of the joining guide's step `number` (1-based)."""
    return demo_content.JOIN_STEPS[number - 1][1]


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_joining_steps_quote_the_labels_of_the_real_signup_link_and_button(
    client, home
):
    make_consent_page(home)
    header = client.get("/").content.decode()
    signup = client.get("/accounts/signup/").content.decode()
    [link] = re.findall(
        r'<a href="/accounts/signup/" class="button">([^<]+)</a>', header
    )
    [button] = re.findall(
        r'<button type="submit" class="button[^"]*">([^<]+)</button>', signup
    )
    assert QUOTED.findall(join_step(1)) == [link]
    assert QUOTED.findall(join_step(3)) == [button]


def test_the_activation_step_quotes_the_link_of_the_real_e_mail(
    client, home, django_capture_on_commit_callbacks
):
    make_consent_page(home)
    make_specialty()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/signup/", signup_data())
    [message] = mail.outbox
    html = message.alternatives[0][0]
    for label in QUOTED.findall(join_step(4)):
        assert label in text_of(html), label


def test_the_faq_names_the_cabinet_section_that_shows_the_code(client, home):
    client.force_login(make_member())
    menu = text_of(client.get("/cabinet/").content.decode())
    [answer] = [a for q, a in demo_content.JOIN_FAQ if "потерял" in q]
    for label in QUOTED.findall(answer):
        assert label in menu, label


def test_the_guide_illustrations_are_small_committed_screenshots():
    for filename, alt, caption in demo_content.JOIN_SCREENSHOTS.values():
        path = DEMO_IMAGES / filename
        with Image.open(path) as image:
            assert image.format == "PNG" and image.width <= 800, filename
        assert path.stat().st_size < 60 * 1024, filename
        assert len(alt) > len(caption) > 10


def test_load_demo_illustrates_the_guide_and_links_the_nmo_portal(client, db):
    call_command("load_demo", stdout=io.StringIO(), stderr=io.StringIO())
    join = InstructionPage.objects.get(slug="kak-vstupit")
    steps = list(join.steps.all())
    for number, (filename, alt, _caption) in demo_content.JOIN_SCREENSHOTS.items():
        step = steps[number - 1]
        assert step.image_alt == alt
        with step.image.file.open("rb") as stored:
            assert stored.read() == (DEMO_IMAGES / filename).read_bytes()
    assert sum(1 for step in steps if step.image) == len(demo_content.JOIN_SCREENSHOTS)
    guide_html = client.get(join.url).content.decode()
    assert guide_html.count('class="figure__img"') == len(demo_content.JOIN_SCREENSHOTS)

    nmo = InstructionPage.objects.get(slug="registraciya-na-portale-nmo")
    congress = EventPage.objects.get(slug="congress-rou")
    for page in (nmo, congress):
        html = client.get(page.url).content.decode()
        assert '<a href="https://edu.rosminzdrav.ru/">edu.rosminzdrav.ru</a>' in html
        outside_links = re.sub(r"<a\b[^>]*>.*?</a>", "", html, flags=re.S)
        assert "rosminzdrav" not in outside_links, page.url


def test_the_membership_steps_quote_the_real_section_and_buttons(
    client, home, settings
):
    """Steps 6, 8 and 10 name the cabinet section, the apply and pay buttons and the
    receipt button as the site shows them («Оплатить онлайн» appears only with an
    online provider on, and the guide says so)."""
    from membership.services import application_approve
    from tests.membership.factories import (
        make_applicant,
        make_application,
        make_board_member,
    )
    from tests.payments.factories import bank_settings

    settings.STRIPE_SECRET_KEY = settings.YOOKASSA_SHOP_ID = None
    bank_settings()
    applicant = make_applicant(email="guide.applicant@example.org")
    client.force_login(applicant)
    seen = text_of(client.get("/cabinet/membership/").content.decode())
    board = make_board_member(email="guide.board@example.org")
    application_approve(application=make_application(applicant), actor=board)
    seen += text_of(client.get("/cabinet/membership/").content.decode())
    response = client.post("/cabinet/membership/pay/")
    seen += text_of(client.get(response["Location"]).content.decode())
    quoted = {
        label for number in (6, 8, 10) for label in QUOTED.findall(join_step(number))
    } - {"Оплатить онлайн"}
    assert quoted == {
        "Членство и взносы",
        "Подать заявку на вступление",
        "Оплатить взнос",
        "Отправить квитанцию",
    }
    for label in quoted:
        assert label in seen, label
    assert "картой" not in seen.split("Оплатите", 1)[1][:200]
