"""Every page type of the site: where it may live, what may live under it, and that
its edit form in the Wagtail admin posts back unchanged (Wagtail's own checks).

The table below names every page type; a new page type fails the first test until
its rules are written here.
"""

from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from events.models import EventIndexPage, EventPage
from home.models import HomePage, InstructionIndexPage, InstructionPage, StandardPage
from materials.models import MaterialPage, MembersAreaPage
from members.models import ConsentPage
from tests.events.factories import make_event, make_event_index, msk
from tests.factories import (
    make_guide,
    make_guide_index,
    make_home,
    make_standard_page,
)
from tests.materials.factories import make_area, make_material
from tests.members.factories import make_consent_page

# page type: (allowed parents, allowed children). Wagtail's plain `Page` is listed
# where the rules let it, but it can't be created in the admin (see below).
RULES = {
    HomePage: ({Page}, {Page, StandardPage, InstructionIndexPage, ConsentPage,
                        EventIndexPage, MembersAreaPage}),
    StandardPage: ({HomePage, StandardPage}, {Page, StandardPage}),
    InstructionIndexPage: ({HomePage}, {InstructionPage}),
    InstructionPage: ({InstructionIndexPage}, set()),
    ConsentPage: ({HomePage}, set()),
    EventIndexPage: ({HomePage}, {EventPage}),
    EventPage: ({EventIndexPage}, set()),
    MembersAreaPage: ({HomePage}, {MaterialPage}),
    MaterialPage: ({MembersAreaPage}, set()),
}  # fmt: skip


class TestPageRules(WagtailPageTestCase):
    def test_every_page_type_has_its_rules_here(self):
        assert set(get_page_models()) - {Page} == set(RULES)

    def test_each_page_type_lives_only_under_its_parents(self):
        for model, (parents, _children) in RULES.items():
            with self.subTest(model=model.__name__):
                self.assertAllowedParentPageTypes(model, parents)

    def test_each_page_type_holds_only_its_children(self):
        for model, (_parents, children) in RULES.items():
            with self.subTest(model=model.__name__):
                self.assertAllowedSubpageTypes(model, children)

    def test_editors_can_create_each_page_type_under_each_allowed_parent(self):
        for model, (parents, _children) in RULES.items():
            for parent in parents - {Page}:
                with self.subTest(model=model.__name__, parent=parent.__name__):
                    self.assertCanCreateAt(parent, model)

    def test_editors_cannot_create_a_page_type_anywhere_else(self):
        for model, (parents, _children) in RULES.items():
            for parent in set(RULES) - parents:
                with self.subTest(model=model.__name__, parent=parent.__name__):
                    self.assertCanNotCreateAt(parent, model)

    def test_the_plain_wagtail_page_cannot_be_created(self):
        # The rules above let it under home and standard pages, but Wagtail never
        # offers its base `Page` to editors.
        assert not Page.is_creatable
        assert Page not in HomePage.creatable_subpage_models()
        assert Page not in StandardPage.creatable_subpage_models()

    def test_one_home_page_and_one_consent_page_at_most(self):
        home = make_home()
        make_consent_page(home)
        assert not HomePage.can_create_at(Page.get_first_root_node())
        assert not ConsentPage.can_create_at(home)


class TestPagesRenderAndAreEditable(WagtailPageTestCase):
    """Each page type renders, and its edit form, as the admin draws it, saves
    without errors. StreamField editors are drawn by JavaScript, so their data is
    given here."""

    def setUp(self):
        self.home = make_home()

    def assertPageIsEditable(self, page, *args, **kwargs):  # noqa: N802 (Wagtail's name)
        self.assertPageIsRenderable(page)
        super().assertPageIsEditable(page, *args, **kwargs)

    def test_home_page(self):
        self.assertPageIsEditable(self.home)

    def test_standard_page(self):
        page = make_standard_page(self.home, body=[("paragraph", "<p>Текст</p>")])
        self.assertPageIsEditable(
            page,
            post_data=nested_form_data(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "introduction": "",
                    "body": streamfield([("paragraph", rich_text("<p>Новый</p>"))]),
                    "comments": inline_formset([]),
                }
            ),
        )

    def test_guide_index_and_guide(self):
        index = make_guide_index(self.home)
        self.assertPageIsEditable(index)
        self.assertPageIsEditable(make_guide(index, images=1))

    def test_consent_page(self):
        self.assertPageIsEditable(make_consent_page(self.home))

    def test_event_index(self):
        self.assertPageIsEditable(make_event_index(self.home))

    def test_event_page(self):
        event = make_event(
            make_event_index(self.home),
            "Школа урологов",
            start=msk(2027, 3, 14, 10),
            end=msk(2027, 3, 14, 18),
        )
        self.assertPageIsEditable(
            event,
            post_data=nested_form_data(
                {
                    "title": event.title,
                    "slug": event.slug,
                    "event_type": event.event_type,
                    "event_format": event.event_format,
                    "start": "2027-03-14 10:00",
                    "end": "2027-03-14 18:00",
                    "venue_name": event.venue_name,
                    "address": event.address,
                    "city": event.city,
                    "online_url": "",
                    "organiser": "",
                    "summary": event.summary,
                    "credits": "",
                    "registration_url": "",
                    "registration_text": rich_text(""),
                    "body": streamfield([]),
                    "programme": streamfield([]),
                    "documents": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )

    def test_members_area_and_material(self):
        # Members-only: rendered for a staff reader (anonymous visitors go to login).
        staff = self.create_superuser("editor")
        area = make_area(self.home)
        material = make_material(area)
        for page in (area, material):
            WagtailPageTestCase.assertPageIsRenderable(self, page, user=staff)
        WagtailPageTestCase.assertPageIsEditable(self, area)
        WagtailPageTestCase.assertPageIsEditable(
            self,
            material,
            post_data=nested_form_data(
                {
                    "title": material.title,
                    "slug": material.slug,
                    "teaser": material.teaser,
                    "date": "2026-06-15",
                    "topics": "",
                    "specialty": "",
                    "body": streamfield([("paragraph", rich_text("<p>Новый</p>"))]),
                    "video_url": "",
                    "attachments": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )
