"""What visitors see: the calendar with its filters, an event page, the home page."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from events.dates import to_event_time
from events.models import EventFormat, EventType
from tests.events.factories import (
    attach_document,
    make_document,
    make_event,
    make_event_index,
    msk,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def titles(response):
    return [event.title for event in response.context["listing"].events]


@pytest.fixture
def calendar(home):
    """Five upcoming and two past events of different types, cities, specialties."""
    index = make_event_index(home)
    now = timezone.now()
    events = {
        "congress": make_event(
            index,
            "Конгресс урологов",
            event_type=EventType.CONGRESS,
            city="Москва",
            start=now + 40 * DAY,
            end=now + 42 * DAY,
            credits=18,
            specialties=["urologiya", "onkologiya"],
        ),
        "school": make_event(
            index,
            "Школа онкоурологии",
            event_type=EventType.SCHOOL,
            city="Санкт-Петербург",
            start=now + 10 * DAY,
            end=now + 11 * DAY,
            credits=12,
            specialties=["onkologiya", "radioterapiya"],
        ),
        "master": make_event(
            index,
            "Мастер-класс по лапароскопии",
            event_type=EventType.MASTER_CLASS,
            city="Казань",
            start=now + 20 * DAY,
            credits=6,
            specialties=["urologiya", "khirurgiya"],
        ),
        "webinar": make_event(
            index,
            "Вебинар по инфекциям",
            event_type=EventType.WEBINAR,
            event_format=EventFormat.ONLINE,
            city="",
            start=now + 3 * DAY,
            credits=2,
            specialties=["urologiya", "akusherstvo-i-ginekologiya"],
        ),
        "conference": make_event(
            index,
            "Конференция в Москве",
            event_type=EventType.CONFERENCE,
            city="Москва",
            start=now + 70 * DAY,
            specialties=["nefrologiya"],
        ),
        "past_school": make_event(
            index,
            "Прошлая школа",
            event_type=EventType.SCHOOL,
            city="Москва",
            start=now - 40 * DAY,
            end=now - 39 * DAY,
            specialties=["urologiya"],
        ),
        "old_congress": make_event(
            index,
            "Прошлогодний конгресс",
            event_type=EventType.CONGRESS,
            city="Казань",
            start=now - 300 * DAY,
            end=now - 298 * DAY,
            specialties=["urologiya"],
        ),
    }
    make_event(index, "Черновик", start=now + 5 * DAY, publish=False)
    return index, events


UPCOMING_ORDER = [
    "Вебинар по инфекциям",
    "Школа онкоурологии",
    "Мастер-класс по лапароскопии",
    "Конгресс урологов",
    "Конференция в Москве",
]


def test_upcoming_soonest_first_past_separately(client, calendar):
    index, _ = calendar
    response = client.get(index.url)
    assert response.status_code == 200
    assert titles(response) == UPCOMING_ORDER
    html = response.content.decode()
    assert "Черновик" not in html
    assert "Прошлая школа" not in html

    past = client.get(index.url, {"when": "past"})
    assert titles(past) == ["Прошлая школа", "Прошлогодний конгресс"]
    assert 'aria-current="page">Прошедшие' in past.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "congress"}, ["Конгресс урологов"]),
        ({"city": "Москва"}, ["Конгресс урологов", "Конференция в Москве"]),
        (
            {"specialty": "onkologiya"},
            ["Школа онкоурологии", "Конгресс урологов"],
        ),
        (
            {"specialty": "urologiya"},
            [
                "Вебинар по инфекциям",
                "Мастер-класс по лапароскопии",
                "Конгресс урологов",
            ],
        ),
        ({"city": "Москва", "specialty": "urologiya"}, ["Конгресс урологов"]),
        ({"type": "school", "specialty": "onkologiya"}, ["Школа онкоурологии"]),
        ({"type": "school", "city": "Москва"}, []),
    ],
)
def test_filters_alone_and_combined(client, calendar, params, expected):
    index, _ = calendar
    response = client.get(index.url, params)
    assert response.status_code == 200
    assert titles(response) == expected


def test_month_filter_includes_events_overlapping_the_month(client, home):
    index = make_event_index(home)
    make_event(index, "Февральская школа", start=msk(2027, 2, 10), end=msk(2027, 2, 11))
    make_event(
        index, "Через границу месяца", start=msk(2027, 2, 28), end=msk(2027, 3, 2)
    )
    make_event(
        index, "Мартовский конгресс", start=msk(2027, 3, 20), end=msk(2027, 3, 22)
    )
    make_event(index, "Апрельская конференция", start=msk(2027, 4, 1, 0, 30))

    march = client.get(index.url, {"month": "2027-03"})
    assert titles(march) == ["Через границу месяца", "Мартовский конгресс"]
    html = march.content.decode()
    assert '<option value="2027-03" selected>Март 2027</option>' in html
    # 00:30 Moscow on 1 April is still 31 March in UTC: it belongs to April.
    assert titles(client.get(index.url, {"month": "2027-04"})) == [
        "Апрельская конференция"
    ]


def test_month_and_type_combined(client, home):
    index = make_event_index(home)
    make_event(index, "Школа в марте", event_type="school", start=msk(2027, 3, 5))
    make_event(index, "Конгресс в марте", event_type="congress", start=msk(2027, 3, 6))
    make_event(index, "Школа в мае", event_type="school", start=msk(2027, 5, 5))
    response = client.get(index.url, {"month": "2027-03", "type": "school"})
    assert titles(response) == ["Школа в марте"]


@pytest.mark.parametrize(
    "params",
    [
        {"type": "gala-dinner"},
        {"city": "Атлантида"},
        {"specialty": "astrologiya"},
        {"specialty": "' OR 1=1 --"},
        {"month": "2027-13"},
        {"month": "март"},
        {"month": "2027-3-1"},
        {"month": ""},
        {"when": "tomorrow"},
        {"page": "abc"},
        {"page": "-1"},
        {"type": ["gala", "banquet"], "city": "x" * 5000},
    ],
)
def test_unknown_or_malformed_values_give_the_unfiltered_list(client, calendar, params):
    index, _ = calendar
    response = client.get(index.url, params)
    assert response.status_code == 200
    assert titles(response) == UPCOMING_ORDER
    assert 'aria-invalid="true"' not in response.content.decode()


def test_a_bad_filter_is_dropped_and_good_ones_still_apply(client, calendar):
    index, _ = calendar
    response = client.get(index.url, {"city": "Москва", "month": "2027-99"})
    assert titles(response) == ["Конгресс урологов", "Конференция в Москве"]
    assert (
        response.context["filter_query"] == "city=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0"
    )


def test_pagination_keeps_filters_and_a_page_past_the_end_shows_the_last(client, home):
    index = make_event_index(home)
    now = timezone.now()
    for number in range(14):
        make_event(index, f"Школа {number:02d}", start=now + (number + 1) * DAY)
    make_event(index, "Конгресс", event_type="congress", start=now + 2 * DAY)

    first = client.get(index.url, {"type": "conference"})
    assert len(first.context["listing"].events) == 12
    html = first.content.decode()
    assert 'href="?page=2&amp;type=conference"' in html
    assert "Страница 1 из 2" in html

    last = client.get(index.url, {"type": "conference", "page": "99"})
    assert last.status_code == 200
    assert last.context["listing"].page_obj.number == 2
    assert titles(last) == ["Школа 12", "Школа 13"]


def test_friendly_empty_states(client, calendar):
    index, _ = calendar
    html = client.get(index.url, {"type": "school", "city": "Казань"}).content.decode()
    assert "Предстоящих мероприятий с такими фильтрами нет" in html
    assert "Показать все мероприятия" in html

    html = client.get(index.url, {"type": "school", "city": "Москва"}).content.decode()
    assert "Посмотреть 1 прошедшее мероприятие с этими фильтрами" in html
    assert "when=past" in html


def test_empty_calendar(client, home):
    index = make_event_index(home)
    html = client.get(index.url).content.decode()
    assert "Предстоящие мероприятия пока не объявлены" in html
    html = client.get(index.url, {"when": "past"}).content.decode()
    assert "Прошедших мероприятий пока нет" in html


def test_filter_choices_come_from_the_data(client, calendar):
    index, _ = calendar
    response = client.get(index.url)
    form = response.context["filter_form"]
    assert [c for c, _ in form.fields["city"].choices] == [
        "",
        "Казань",
        "Москва",
        "Санкт-Петербург",
    ]
    assert ("urologiya", "Урология") in form.fields["specialty"].choices


def test_private_events_are_not_listed_or_served_as_calendar_files(client, calendar):
    index, events = calendar
    secret = events["master"]
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.LOGIN
    )
    assert "Мастер-класс по лапароскопии" not in titles(client.get(index.url))
    assert client.get(f"/events-calendar/{secret.pk}.ics").status_code == 404
    feed = client.get("/events-calendar/upcoming.ics").content.decode()
    assert "лапароскоп" not in feed


@pytest.fixture
def congress(home):
    index = make_event_index(home)
    event = make_event(
        index,
        "Конгресс урологов",
        slug="congress",
        event_type=EventType.CONGRESS,
        event_format=EventFormat.HYBRID,
        start=msk(2027, 3, 12, 9),
        end=msk(2027, 3, 14, 18),
        venue_name="Центр международной торговли",
        address="Краснопресненская наб., 12",
        city="Москва",
        online_url="https://example.org/live",
        organiser="Общество урологов",
        summary="Главное событие года.",
        credits=18,
        specialties=["urologiya", "onkologiya"],
        registration_url="https://example.org/register",
        programme=[
            {
                "type": "day",
                "value": {
                    "date": "2027-03-12",
                    "title": "Пленарный день",
                    "sessions": [
                        {
                            "start_time": "11:00",
                            "end_time": "12:30",
                            "title": "Рак почки",
                            "speakers": "Соколов М. В.",
                            "hall": "Зал А",
                        },
                        {
                            "start_time": "09:00",
                            "end_time": "10:00",
                            "title": "Открытие конгресса",
                            "speakers": "",
                            "hall": "Пленарный зал",
                        },
                    ],
                },
            }
        ],
    )
    attach_document(event, make_document("Информационное письмо"))
    return event


def test_event_page_shows_what_a_doctor_needs(client, congress):
    response = client.get(congress.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "12–14 марта 2027 г." in html
    assert "Центр международной торговли" in html
    assert "Краснопресненская наб., 12" in html
    assert "18 ЗЕТ" in html
    assert "<li>Урология</li>" in html and "<li>Онкология</li>" in html
    assert "Также онлайн" in html
    assert "Информационное письмо" in html
    assert "Зарегистрироваться" in html
    assert f'href="/events-calendar/{congress.pk}.ics"' in html
    assert "Добавить в календарь" in html
    # Sessions are in time order, whatever order the editor typed them in.
    assert html.index("Открытие конгресса") < html.index("Рак почки")
    assert "09:00–10:00" in html
    assert 'Зал: <span lang="ru">Пленарный зал</span>' in html


def test_event_badge(client, home):
    index = make_event_index(home)
    now = timezone.now()
    ongoing = make_event(index, "Идёт сейчас", start=now - DAY, end=now + DAY)
    past = make_event(index, "Было", start=now - 3 * DAY, end=now - 2 * DAY)
    assert "event-badge--ongoing" in client.get(ongoing.url).content.decode()
    html = client.get(past.url).content.decode()
    assert 'event-badge--past">Прошло<' in html


def test_event_page_has_schema_org_json_ld_and_no_inline_script_or_style(
    client, congress
):
    response = client.get(congress.url)
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    inline = [(attrs, body) for attrs, body in scripts if body.strip()]
    assert [attrs.strip() for attrs, _ in inline] == ['type="application/ld+json"']
    data = json.loads(inline[0][1])
    assert data["@type"] == "Event"
    assert data["name"] == "Конгресс урологов"
    assert data["startDate"] == "2027-03-12T09:00:00+03:00"
    assert data["endDate"] == "2027-03-14T18:00:00+03:00"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["location"][0]["address"]["addressLocality"] == "Москва"
    assert data["location"][1]["url"] == "https://example.org/live"
    assert data["organizer"]["name"] == "Общество урологов"
    assert ' style="' not in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_json_ld_cannot_be_broken_out_of(client, home):
    index = make_event_index(home)
    event = make_event(index, "</script><script>alert(1)</script>")
    html = client.get(event.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "\\u003C/script\\u003E" in html


def test_home_page_shows_the_next_three_events(client, calendar):
    html = client.get("/").content.decode()
    assert "Ближайшие мероприятия" in html
    for title in UPCOMING_ORDER[:3]:
        assert title in html
    assert UPCOMING_ORDER[3] not in html
    assert "Прошлая школа" not in html
    assert html.index(UPCOMING_ORDER[0]) < html.index(UPCOMING_ORDER[1])
    assert "Все мероприятия" in html


def test_home_page_without_events(client, home):
    html = client.get("/").content.decode()
    assert "Скоро здесь появятся новые мероприятия" in html


# --- A past event keeps its record but offers nothing to join ----------------


def make_webinar(index, *, start, slug):
    return make_event(
        index,
        "Вебинар: нейрогенный мочевой пузырь",
        slug=slug,
        event_type=EventType.WEBINAR,
        event_format=EventFormat.ONLINE,
        city="",
        start=start,
        end=start + datetime.timedelta(hours=2),
        online_url="https://example.org/live-webinar",
        registration_url="https://example.org/register-webinar",
        registration_text="Регистрация по ссылке ниже.",
        credits=2,
        specialties=["urologiya"],
        programme=[
            {
                "type": "day",
                "value": {
                    "date": to_event_time(start).date().isoformat(),
                    "title": "",
                    "sessions": [
                        {
                            "start_time": f"{to_event_time(start):%H:%M}",
                            "end_time": None,
                            "title": "Уродинамика",
                            "speakers": "Иванов И. И.",
                            "hall": "",
                        }
                    ],
                },
            }
        ],
    )


@pytest.fixture
def past_webinar(home):
    index = make_event_index(home)
    start = timezone.now() - 10 * DAY
    return make_webinar(index, start=start, slug="webinar-neurogenic-bladder")


def test_past_event_says_it_is_over_and_offers_nothing_to_join(client, past_webinar):
    attach_document(past_webinar, make_document("Слайды лекции"))
    html = client.get(past_webinar.url).content.decode()
    assert 'event-badge--past">Прошло<' in html
    assert "Мероприятие завершилось." in html
    # Nothing to add to a calendar, join or register for...
    assert "Добавить в календарь" not in html
    assert f"/events-calendar/{past_webinar.pk}.ics" not in html
    assert "https://example.org/live-webinar" not in html
    assert "ссылка для подключения" not in html
    assert "https://example.org/register-webinar" not in html
    assert "Регистрация по ссылке ниже." not in html
    assert "Зарегистрироваться" not in html
    # ...but the record stays: programme, credits, documents.
    assert "Уродинамика" in html
    assert "2 ЗЕТ" in html
    assert "Слайды лекции" in html


def test_upcoming_event_offers_calendar_online_link_and_registration(client, home):
    index = make_event_index(home)
    webinar = make_webinar(index, start=timezone.now() + 10 * DAY, slug="next")
    html = client.get(webinar.url).content.decode()
    assert "Мероприятие завершилось." not in html
    assert "Добавить в календарь" in html
    assert 'href="https://example.org/live-webinar"' in html
    assert "ссылка для подключения" in html
    assert "Зарегистрироваться" in html
    assert "Регистрация по ссылке ниже." in html
    assert '"offers": {' in html


# --- The month filter offers the months of the open tab -------------------------


def month_values(response):
    return [
        value for value, _ in response.context["filter_form"].fields["month"].choices
    ][1:]


def month_of(event):
    return f"{to_event_time(event.start):%Y-%m}"


def test_month_choices_follow_the_tab(client, calendar):
    index, events = calendar
    upcoming = sorted(
        {
            month_of(events[key])
            for key in ("congress", "school", "master", "webinar", "conference")
        }
    )
    past = sorted({month_of(events["past_school"]), month_of(events["old_congress"])})
    assert not set(upcoming) & set(past)

    assert month_values(client.get(index.url)) == upcoming
    assert month_values(client.get(index.url, {"when": "past"})) == past


def test_every_offered_month_gives_results(client, calendar):
    index, _ = calendar
    for when in ("upcoming", "past"):
        params = {"when": when}
        months = month_values(client.get(index.url, params))
        assert months, f"the {when} tab offers no month"
        for month in months:
            response = client.get(index.url, {**params, "month": month})
            assert titles(response), f"{when} {month} gives no events"


def test_a_running_event_that_began_last_month_counts_for_this_month(client, home):
    index = make_event_index(home)
    now = timezone.now()
    this_month = to_event_time(now).date().replace(day=1)
    began = to_event_time(now).replace(day=1) - 2 * DAY  # last month, in Moscow
    make_event(index, "Длинная школа", start=began, end=now + 3 * DAY)
    response = client.get(index.url)
    assert month_values(response) == [f"{this_month:%Y-%m}"]
    assert month_values(client.get(index.url, {"when": "past"})) == []


def test_a_shared_month_survives_switching_tabs(client, calendar):
    index, events = calendar
    month = month_of(events["past_school"])
    response = client.get(index.url, {"month": month})
    # Kept and shown as chosen, though the upcoming tab has nothing that month.
    assert response.context["filters"] == {"month": month}
    assert f'<option value="{month}" selected>' in response.content.decode()
    assert response.context["listing"].past_count == 1
    past = client.get(index.url, {"month": month, "when": "past"})
    assert titles(past) == ["Прошлая школа"]


# --- Content keeps its language when the interface is English --------------------


def test_russian_content_is_marked_in_an_english_interface(client, congress):
    client.cookies["django_language"] = "en"
    html = client.get(congress.url).content.decode()
    assert '<html lang="en"' in html
    assert "Add to calendar" in html  # the interface is English
    assert '<h1 lang="ru">Конгресс урологов</h1>' in html
    assert '<p class="lead" lang="ru">Главное событие года.</p>' in html
    assert re.search(r'class="event-venue" lang="ru">\s*<strong>Центр', html)
    assert '<dd lang="ru">Общество урологов</dd>' in html
    assert '<ul class="event-specialties" lang="ru">' in html
    assert '— <span lang="ru">Пленарный день</span>' in html
    assert '<p class="session__title" lang="ru">Рак почки</p>' in html
    assert '<p class="session__speakers" lang="ru">Соколов М. В.</p>' in html
    assert 'Hall: <span lang="ru">Зал А</span>' in html
    assert 'lang="ru">Информационное письмо</a>' in html
    # Interface words are not marked as Russian.
    assert 'lang="ru">Add to calendar' not in html


def test_event_cards_mark_their_russian_content(client, calendar):
    index, _ = calendar
    client.cookies["django_language"] = "en"
    html = client.get(index.url).content.decode()
    assert '<h1 lang="ru">' in html
    assert re.search(
        r'<h2 class="event-card__title" lang="ru"><a href="[^"]+">Конгресс урологов',
        html,
    )
    assert '<span lang="ru">Москва</span>' in html
    assert '<span lang="ru">Урология, Онкология</span>' in html
    home_html = client.get("/").content.decode()
    assert '<h3 class="event-card__title" lang="ru">' in home_html
