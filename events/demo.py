"""Demo content for the events app, called by `manage.py load_demo`.

Dates are relative to the day the loader runs, so there are always upcoming and past
events; running it again moves the same pages (found by slug) instead of duplicating.
"""

import datetime
from importlib import import_module

from django.utils import timezone

from core.models import Specialty

from .dates import event_zone
from .models import EventFormat, EventIndexPage, EventPage, EventType

ORGANISER = "Российское общество урологов"

INDEX_INTRO = (
    "<p>Съезды, конференции, школы и мастер-классы общества. Выберите специальность, "
    "чтобы увидеть мероприятия, которые дают баллы НМО именно вам.</p>"
)

# (start, end, title, speakers, hall)
CONGRESS_DAYS = [
    (
        "Пленарный день",
        [
            (
                "09:00",
                "10:00",
                "Открытие конгресса. Приветственное слово",
                "",
                "Пленарный зал",
            ),
            (
                "10:00",
                "11:30",
                "Урология в России: итоги года и клинические рекомендации",
                "Иванов С. А. (Москва); Кузнецова Е. В. (Санкт-Петербург)",
                "Пленарный зал",
            ),
            (
                "12:00",
                "13:30",
                "Рак предстательной железы: активное наблюдение или лечение?",
                "Орлов Д. Н. (Обнинск)",
                "Пленарный зал",
            ),
            (
                "14:30",
                "16:00",
                "Дебаты: гиперплазия простаты — HoLEP против ТУРП",
                "Волков А. И. (Москва); Гарипов Р. Р. (Казань)",
                "Зал А",
            ),
            ("16:30", "18:00", "Стендовые доклады молодых учёных", "", "Фойе"),
        ],
    ),
    (
        "Онкоурология",
        [
            (
                "09:00",
                "10:30",
                "Рак почки: органосохраняющая хирургия",
                "Соколов М. В. (Москва)",
                "Зал А",
            ),
            (
                "11:00",
                "12:30",
                "Рак мочевого пузыря: цистэктомия и отведение мочи",
                "Лебедев П. О. (Ростов-на-Дону)",
                "Зал А",
            ),
            (
                "14:00",
                "15:30",
                "Лекарственная терапия метастатического рака простаты",
                "Морозова Т. С. (Москва)",
                "Зал Б",
            ),
            (
                "16:00",
                "17:30",
                "Разбор клинических случаев",
                "Модератор: Орлов Д. Н.",
                "Зал Б",
            ),
        ],
    ),
    (
        "Эндоурология и детская урология",
        [
            (
                "09:00",
                "10:30",
                "Мочекаменная болезнь: перкутанная и ретроградная хирургия",
                "Гарипов Р. Р. (Казань)",
                "Зал А",
            ),
            (
                "11:00",
                "12:30",
                "Пузырно-мочеточниковый рефлюкс у детей",
                "Никитина О. Л. (Екатеринбург)",
                "Зал Б",
            ),
            (
                "13:30",
                "15:00",
                "Закрытие конгресса, вручение премий",
                "",
                "Пленарный зал",
            ),
        ],
    ),
]

SCHOOL_DAYS = [
    (
        "Диагностика",
        [
            (
                "10:00",
                "11:30",
                "ПСА, МРТ и биопсия: маршрутизация пациента",
                "Кузнецова Е. В.",
                "Аудитория 1",
            ),
            (
                "12:00",
                "13:30",
                "Стадирование: ПЭТ/КТ с ПСМА",
                "Захаров И. Г.",
                "Аудитория 1",
            ),
            ("14:30", "16:00", "Тестирование и обсуждение", "", "Аудитория 1"),
        ],
    ),
    (
        "Лечение",
        [
            (
                "10:00",
                "11:30",
                "Радикальная простатэктомия: отбор пациентов",
                "Орлов Д. Н.",
                "Аудитория 1",
            ),
            (
                "12:00",
                "13:30",
                "Лучевая терапия и её осложнения",
                "Белова Н. А.",
                "Аудитория 1",
            ),
            ("14:30", "16:00", "Итоговое тестирование НМО", "", "Аудитория 1"),
        ],
    ),
]

MASTER_CLASS_DAY = [
    (
        "",
        [
            (
                "09:00",
                "10:00",
                "Теория: анатомия и доступы при лапароскопической нефрэктомии",
                "Соколов М. В.",
                "Учебный класс",
            ),
            (
                "10:00",
                "13:00",
                "Трансляция операции из операционной",
                "Соколов М. В.; Гарипов Р. Р.",
                "Операционная № 3",
            ),
            (
                "14:00",
                "17:00",
                "Отработка навыков на тренажёрах",
                "Инструкторы симуляционного центра",
                "Симуляционный центр",
            ),
        ],
    )
]

HOLEP_DAYS = [
    (
        "Теория и трансляции",
        [
            (
                "09:00",
                "10:30",
                "Лазерная энуклеация простаты: техника и кривая обучения",
                "Волков А. И.",
                "Конференц-зал",
            ),
            (
                "11:00",
                "15:00",
                "Две операции в прямом эфире",
                "Волков А. И.",
                "Операционная",
            ),
        ],
    ),
    (
        "Практика",
        [
            (
                "09:00",
                "13:00",
                "Работа на симуляторе под контролем наставника",
                "Волков А. И.",
                "Симуляционный центр",
            ),
        ],
    ),
]

WEBINAR_DAY = [
    (
        "",
        [
            ("16:00", "16:45", "Доклад", "Морозова Т. С.", ""),
            ("16:45", "17:30", "Ответы на вопросы слушателей", "", ""),
        ],
    )
]

CONFERENCE_DAYS = [
    (
        "Диагностика и консервативное лечение",
        [
            (
                "10:00",
                "11:30",
                "Метафилактика мочекаменной болезни",
                "Ковалёв С. Н. (Новосибирск)",
                "Зал 1",
            ),
            (
                "12:00",
                "13:30",
                "Ультразвуковая и КТ-диагностика камней",
                "Тихонова А. Ю.",
                "Зал 1",
            ),
            (
                "14:30",
                "16:00",
                "Камни у беременных: тактика",
                "Смирнова Е. П.",
                "Зал 2",
            ),
        ],
    ),
    (
        "Хирургия",
        [
            (
                "10:00",
                "11:30",
                "Контактная литотрипсия: гибкая уретероскопия",
                "Гарипов Р. Р.",
                "Зал 1",
            ),
            (
                "12:00",
                "13:30",
                "Перкутанная нефролитотомия в положении на спине",
                "Ковалёв С. Н.",
                "Зал 1",
            ),
        ],
    ),
]

ANDROLOGY_DAYS = [
    (
        "",
        [
            (
                "10:00",
                "11:30",
                "Мужское бесплодие: обследование пары",
                "Фёдоров В. К.",
                "Большой зал",
            ),
            (
                "12:00",
                "13:30",
                "Гипогонадизм: взгляд уролога и эндокринолога",
                "Фёдоров В. К.; Антонова Л. Д.",
                "Большой зал",
            ),
            (
                "14:30",
                "16:00",
                "Эректильная дисфункция: современные подходы",
                "Григорьев А. А.",
                "Большой зал",
            ),
        ],
    )
]

PEDIATRIC_DAYS = [
    (
        "",
        [
            (
                "10:00",
                "11:30",
                "Крипторхизм: сроки операции",
                "Никитина О. Л.",
                "Аудитория 210",
            ),
            (
                "12:00",
                "13:30",
                "Гипоспадия: выбор методики",
                "Никитина О. Л.",
                "Аудитория 210",
            ),
            (
                "14:30",
                "16:00",
                "Нейрогенный мочевой пузырь у детей",
                "Павлов Е. И.",
                "Аудитория 210",
            ),
        ],
    )
]

EVENTS = [
    {
        "slug": "congress-rou",
        "title": "XXVI Конгресс Российского общества урологов",
        "event_type": EventType.CONGRESS,
        "event_format": EventFormat.HYBRID,
        "offset_days": 45,
        "days": 3,
        "hours": (9, 18),
        "venue_name": "Центр международной торговли",
        "address": "Краснопресненская наб., 12",
        "city": "Москва",
        "online_url": "https://example.org/online/congress",
        "summary": "Главное событие года для урологов: клинические рекомендации, "
        "онкоурология, эндоурология, детская урология. Очно в Москве и онлайн.",
        "credits": 18,
        "specialties": ["urologiya", "onkologiya", "detskaya-urologiya-andrologiya"],
        "programme": CONGRESS_DAYS,
        "registration_url": "https://example.org/register/congress",
        "registration_text": "<p>Участие для членов общества с оплаченным взносом "
        "бесплатное. Для получения баллов НМО зарегистрируйтесь на портале "
        '<a href="https://edu.rosminzdrav.ru/">edu.rosminzdrav.ru</a> '
        "и отметьтесь на стойке регистрации каждый день.</p>",
        "body": "Конгресс собирает урологов, онкологов и детских урологов со всей страны. "
        "В программе — пленарные лекции, секции по онкоурологии и эндоурологии, "
        "дебаты и конкурс молодых учёных.",
    },
    {
        "slug": "school-oncourology-prostate",
        "title": "Школа онкоурологии: рак предстательной железы",
        "event_type": EventType.SCHOOL,
        "event_format": EventFormat.IN_PERSON,
        "offset_days": 20,
        "days": 2,
        "hours": (10, 16),
        "venue_name": "НМИЦ онкологии им. Н. Н. Петрова",
        "address": "пос. Песочный, ул. Ленинградская, 68",
        "city": "Санкт-Петербург",
        "summary": "Двухдневная школа для урологов и онкологов: от ПСА-скрининга до "
        "лучевой терапии. Разборы клинических случаев и итоговое тестирование.",
        "credits": 12,
        "specialties": ["urologiya", "onkologiya", "radioterapiya"],
        "programme": SCHOOL_DAYS,
        "registration_url": "https://example.org/register/school-prostate",
        "body": "Школа рассчитана на 60 слушателей. Для участия нужна предварительная "
        "регистрация: места распределяются в порядке подачи заявок.",
    },
    {
        "slug": "master-class-laparoscopic-nephrectomy",
        "title": "Мастер-класс по лапароскопической нефрэктомии",
        "event_type": EventType.MASTER_CLASS,
        "event_format": EventFormat.IN_PERSON,
        "offset_days": 10,
        "days": 1,
        "hours": (9, 17),
        "venue_name": "Республиканская клиническая больница",
        "address": "Оренбургский тракт, 138",
        "city": "Казань",
        "summary": "Операции в прямой трансляции и работа на тренажёрах под "
        "руководством опытных хирургов. Группа до 12 человек.",
        "credits": 6,
        "specialties": ["urologiya", "khirurgiya"],
        "programme": MASTER_CLASS_DAY,
        "registration_text": "<p>Заявки принимаются по электронной почте "
        "education@example.org до заполнения группы.</p>",
        "body": "Мастер-класс для урологов со стажем лапароскопических операций от "
        "одного года.",
    },
    {
        "slug": "webinar-uti-women",
        "title": "Вебинар: инфекции мочевыводящих путей у женщин",
        "event_type": EventType.WEBINAR,
        "event_format": EventFormat.ONLINE,
        "offset_days": 5,
        "days": 1,
        "hours": (16, 18),
        "online_url": "https://example.org/webinar/uti",
        "summary": "Антибактериальная терапия и профилактика рецидивов цистита: "
        "что изменилось в клинических рекомендациях.",
        "credits": 2,
        "specialties": [
            "urologiya",
            "akusherstvo-i-ginekologiya",
            "terapiya",
            "obshchaya-vrachebnaya-praktika",
        ],
        "programme": WEBINAR_DAY,
        "registration_url": "https://example.org/register/webinar-uti",
        "body": "Вебинар проходит на платформе общества; ссылку для входа пришлём "
        "после регистрации.",
    },
    {
        "slug": "conference-urolithiasis",
        "title": "Конференция «Мочекаменная болезнь: от диагностики до реабилитации»",
        "event_type": EventType.CONFERENCE,
        "event_format": EventFormat.IN_PERSON,
        "offset_days": 75,
        "days": 2,
        "hours": (10, 16),
        "venue_name": "Новосибирский государственный медицинский университет",
        "address": "Красный проспект, 52",
        "city": "Новосибирск",
        "summary": "Региональная конференция для урологов, нефрологов и врачей "
        "ультразвуковой диагностики.",
        "credits": 10,
        "specialties": [
            "urologiya",
            "nefrologiya",
            "ultrazvukovaya-diagnostika",
            "rentgenologiya",
        ],
        "programme": CONFERENCE_DAYS,
        "registration_url": "https://example.org/register/urolithiasis",
        "body": "Время в программе — московское (в Новосибирске на 4 часа больше).",
    },
    {
        "slug": "master-class-holep",
        "title": "Мастер-класс: лазерная энуклеация простаты (HoLEP)",
        "event_type": EventType.MASTER_CLASS,
        "event_format": EventFormat.IN_PERSON,
        "offset_days": 0,
        "days": 2,
        "hours": (9, 15),
        "venue_name": "Университетская клиническая больница № 2",
        "address": "ул. Погодинская, 1, стр. 1",
        "city": "Москва",
        "summary": "Практический курс для урологов, осваивающих гольмиевую лазерную "
        "энуклеацию гиперплазии простаты.",
        "credits": 8,
        "specialties": ["urologiya"],
        "programme": HOLEP_DAYS,
        "body": "Участники получают доступ к видеозаписям операций на месяц после курса.",
    },
    {
        "slug": "webinar-neurogenic-bladder",
        "title": "Вебинар: нейрогенная дисфункция мочевого пузыря",
        "event_type": EventType.WEBINAR,
        "event_format": EventFormat.ONLINE,
        "offset_days": -10,
        "days": 1,
        "hours": (16, 18),
        "online_url": "https://example.org/webinar/neurogenic",
        "summary": "Уродинамическое обследование и ботулинотерапия: разбор случаев.",
        "credits": 2,
        "specialties": ["urologiya", "detskaya-urologiya-andrologiya"],
        "programme": WEBINAR_DAY,
        "body": "Запись вебинара доступна членам общества в личном кабинете.",
    },
    {
        "slug": "school-pediatric-urology",
        "title": "Школа детской урологии-андрологии",
        "event_type": EventType.SCHOOL,
        "event_format": EventFormat.IN_PERSON,
        "offset_days": -30,
        "days": 1,
        "hours": (10, 16),
        "venue_name": "Областная детская клиническая больница",
        "address": "ул. Серафимы Дерябиной, 32",
        "city": "Екатеринбург",
        "summary": "Однодневная школа по самым частым операциям в детской урологии.",
        "credits": 6,
        "specialties": ["detskaya-urologiya-andrologiya", "urologiya", "khirurgiya"],
        "programme": PEDIATRIC_DAYS,
        "body": "Материалы школы опубликованы в разделе документов.",
    },
    {
        "slug": "conference-andrology",
        "title": "Конференция «Андрология и мужское здоровье»",
        "event_type": EventType.CONFERENCE,
        "event_format": EventFormat.HYBRID,
        "offset_days": -90,
        "days": 1,
        "hours": (10, 16),
        "venue_name": "Гостиница «Космос»",
        "address": "пр. Мира, 150",
        "city": "Москва",
        "online_url": "https://example.org/online/andrology",
        "summary": "Урологи и эндокринологи о бесплодии, гипогонадизме и эректильной "
        "дисфункции.",
        "credits": 6,
        "specialties": ["urologiya", "endokrinologiya"],
        "programme": ANDROLOGY_DAYS,
        "body": "Конференция прошла в смешанном формате: 320 участников в зале и "
        "более 900 онлайн.",
    },
]


def _programme(spec, first_day):
    days = []
    for number, (title, sessions) in enumerate(spec["programme"]):
        days.append(
            {
                "type": "day",
                "value": {
                    "date": (first_day + datetime.timedelta(days=number)).isoformat(),
                    "title": title,
                    "sessions": [
                        {
                            "start_time": start,
                            "end_time": end,
                            "title": session_title,
                            "speakers": speakers,
                            "hall": hall,
                        }
                        for start, end, session_title, speakers, hall in sessions
                    ],
                },
            }
        )
    return days


def _specialties():
    """The seeded specialty list by slug (re-seeded if a test database was flushed)."""
    seeded = import_module("events.migrations.0002_seed_specialties").SPECIALTIES
    for order, (slug, name) in enumerate(seeded, start=1):
        Specialty.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order * 10}
        )
    return {s.slug: s for s in Specialty.objects.all()}


def _event_index(home):
    index = EventIndexPage.objects.child_of(home).first()
    if index is None:
        index = EventIndexPage(
            title="Мероприятия",
            slug="events",
            introduction=INDEX_INTRO,
            show_in_menus=True,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def load(*, home, stdout):
    """Create or update this app's demo content under `home`; safe to run twice."""
    index = _event_index(home)
    today = timezone.localdate(timezone=event_zone())
    specialties = _specialties()
    created = updated = 0
    for spec in EVENTS:
        first_day = today + datetime.timedelta(days=spec["offset_days"])
        last_day = first_day + datetime.timedelta(days=spec["days"] - 1)
        start_hour, end_hour = spec["hours"]
        start = datetime.datetime.combine(
            first_day, datetime.time(start_hour), tzinfo=event_zone()
        )
        end = datetime.datetime.combine(
            last_day, datetime.time(end_hour), tzinfo=event_zone()
        )
        fields = {
            "title": spec["title"],
            "event_type": spec["event_type"],
            "event_format": spec["event_format"],
            "start": start,
            "end": end,
            "venue_name": spec.get("venue_name", ""),
            "address": spec.get("address", ""),
            "city": spec.get("city", ""),
            "online_url": spec.get("online_url", ""),
            "organiser": ORGANISER,
            "summary": spec["summary"],
            "credits": spec["credits"],
            "registration_url": spec.get("registration_url", ""),
            "registration_text": spec.get("registration_text", ""),
            "body": [{"type": "paragraph", "value": f"<p>{spec['body']}</p>"}],
            "programme": _programme(spec, first_day),
        }
        page = EventPage.objects.child_of(index).filter(slug=spec["slug"]).first()
        if page is None:
            page = EventPage(slug=spec["slug"], **fields)
            page.specialties = [specialties[s] for s in spec["specialties"]]
            index.add_child(instance=page)
            created += 1
        else:
            for name, value in fields.items():
                setattr(page, name, value)
            page.specialties = [specialties[s] for s in spec["specialties"]]
            updated += 1
        page.save_revision().publish()
    stdout.write(f"Events: {created} created, {updated} updated under “{index.title}”.")
