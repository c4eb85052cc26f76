"""Page-type rules and the checks editors meet in the Wagtail admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from tests.events.factories import make_event, make_event_index, msk
from tests.factories import UserFactory, make_standard_page

pytestmark = pytest.mark.django_db


def test_event_index_lives_only_under_the_home_page(home):
    assert EventIndexPage.can_create_at(home)
    assert EventIndexPage.allowed_parent_page_models() == [HomePage]
    standard = make_standard_page(home, slug="about")
    assert not EventIndexPage.can_create_at(standard)


def test_events_live_only_under_an_event_index(home):
    index = make_event_index(home)
    assert EventPage.can_create_at(index)
    assert not EventPage.can_create_at(home)
    assert EventPage.allowed_parent_page_models() == [EventIndexPage]
    assert EventIndexPage.allowed_subpage_models() == [EventPage]
    assert EventPage.allowed_subpage_models() == []
    assert not StandardPage.can_create_at(index)
    assert not EventPage.can_create_at(Page.get_first_root_node())


def test_model_rejects_end_before_start_and_negative_credits(home):
    index = make_event_index(home)
    event = make_event(index, start=msk(2027, 3, 12), end=msk(2027, 3, 13))
    event.end = msk(2027, 3, 11)
    event.credits = -2
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    errors = caught.value.message_dict
    assert "end" in errors
    assert "credits" in errors


def test_programme_day_outside_the_event_is_rejected(home):
    index = make_event_index(home)
    event = make_event(index, start=msk(2027, 3, 12), end=msk(2027, 3, 13, 18))
    event.programme = [
        {
            "type": "day",
            "value": {"date": "2027-03-20", "title": "", "sessions": []},
        }
    ]
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "programme" in caught.value.message_dict


def test_database_refuses_end_before_start(home):
    """The check constraint backs the form validation for any other write path."""
    from django.db import IntegrityError, transaction

    index = make_event_index(home)
    event = make_event(index, start=msk(2027, 3, 12), end=msk(2027, 3, 13))
    with pytest.raises(IntegrityError), transaction.atomic():
        EventPage.objects.filter(pk=event.pk).update(end=msk(2027, 3, 1))


@pytest.fixture
def editor_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def admin_event_data(**overrides):
    data = {
        "title": "Школа урологов",
        "slug": "school",
        "event_type": "school",
        "event_format": "in_person",
        "start": "2027-03-14 10:00",
        "end": "2027-03-15 18:00",
        "venue_name": "Конгресс-центр",
        "address": "ул. Ленина, 1",
        "city": "Казань",
        "online_url": "",
        "organiser": "Общество урологов",
        "summary": "Школа для урологов.",
        "credits": "6",
        "registration_url": "",
        "registration_text": rich_text(""),
        "body": streamfield([]),
        "programme": streamfield([]),
        "documents": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=("events", "eventpage", index.pk))


def test_editor_sees_clear_messages_for_bad_dates_and_credits(editor_client, home):
    index = make_event_index(home)
    response = editor_client.post(
        add_url(index),
        admin_event_data(end="2027-03-13 18:00", credits="-3"),
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Мероприятие не может закончиться раньше, чем начнётся" in html
    assert "Количество баллов не может быть отрицательным" in html
    assert not EventPage.objects.exists()


def test_editor_creates_an_event_in_moscow_time(editor_client, home):
    index = make_event_index(home)
    specialty_ids = list(
        EventPage.specialties.field.related_model.objects.filter(
            slug__in=["urologiya", "onkologiya"]
        ).values_list("pk", flat=True)
    )
    data = admin_event_data()
    data["specialties"] = [str(pk) for pk in specialty_ids]
    response = editor_client.post(add_url(index), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = EventPage.objects.get(slug="school")
    assert event.start == datetime.datetime(2027, 3, 14, 7, 0, tzinfo=datetime.UTC)
    assert sorted(event.specialties.values_list("slug", flat=True)) == [
        "onkologiya",
        "urologiya",
    ]


def test_specialties_are_checkboxes_in_the_editor(editor_client, home):
    index = make_event_index(home)
    html = editor_client.get(add_url(index)).content.decode()
    assert 'type="checkbox" name="specialties"' in html
    assert "Урология" in html


def test_event_created_in_code_gets_a_latin_slug_from_its_russian_title(home):
    index = EventIndexPage(title="Мероприятия общества")
    home.add_child(instance=index)
    assert index.slug == "meropriyatiya-obshchestva"
