"""Fill an empty site with demo content. Safe to run again: existing pages are kept."""

import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.demo import load_all
from home import demo_content as text
from home.models import (
    HomePage,
    HomePageFeaturedGuide,
    InstructionFAQ,
    InstructionIndexPage,
    InstructionPage,
    InstructionStep,
    SocietySettings,
    StandardPage,
)

DEMO_ADMIN_EMAIL = "admin@example.org"
DEMO_ADMIN_PASSWORD = os.environ.get("DEMO_ADMIN_PASSWORD", "demo-admin-2026")
# Screenshots of the site's own screens (scripts/screenshots.py makes them).
DEMO_IMAGES = Path(__file__).resolve().parents[2] / "demo_images"


class Command(BaseCommand):
    help = "Create demo content: settings, home page, guides, about and contacts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even where DEMO_CONTENT_ALLOWED is off (a staging copy, say).",
        )

    def handle(self, *args, **options):
        if not (
            getattr(django_settings, "DEMO_CONTENT_ALLOWED", False)
            or options["allow_production"]
        ):
            raise CommandError(
                "load_demo creates accounts with published passwords; it runs only "
                "with the dev or test settings (or --allow-production on a staging "
                "copy with DEMO_ADMIN_PASSWORD set)."
            )
        if options["allow_production"] and not os.environ.get("DEMO_ADMIN_PASSWORD"):
            raise CommandError("Set DEMO_ADMIN_PASSWORD to a secret of your own.")
        with transaction.atomic():
            home = self.home_page()
            self.society_settings()
            self.about_pages(home)
            guides = self.guides(home)
            self.featured(home, guides)
            self.admin_user()
        # Each app adds its own demo content under the same home page through the
        # register_demo_content hook (core.demo). The e-mails the demo's decisions send
        # (approvals, receipts) go to memory, not the console, so the logins printed
        # below stay readable; each one is in the admin's outgoing-mail list.
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
        ):
            load_all(home=home, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        admin_url = django_settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/admin/"
        self.stdout.write(
            f"Admin: {admin_url}  login {DEMO_ADMIN_EMAIL}  "
            f"password {DEMO_ADMIN_PASSWORD}"
        )

    # --- pages -------------------------------------------------------------------------

    def home_page(self):
        home = HomePage.objects.first()
        root = Page.get_first_root_node()
        if home is None:
            # Replace Wagtail's "Welcome" placeholder page with the society's home page.
            placeholder = root.get_children().filter(slug="home").first()
            if placeholder is not None:
                placeholder.slug = "welcome-placeholder"
                placeholder.save()
            home = HomePage(
                title="Главная",
                slug="home",
                hero_title="Российское общество урологов",
                hero_text=(
                    "Профессиональное сообщество урологов России: конгрессы и школы "
                    "с баллами НМО, клинические рекомендации и поддержка коллег."
                ),
                introduction=text.HOME_INTRO,
                seo_title="Российское общество урологов",
                search_description=(
                    "Вступление в общество, мероприятия с баллами НМО и личный "
                    "кабинет участника."
                ),
            )
            root.add_child(instance=home)
            home.save_revision().publish()
            site = Site.objects.filter(is_default_site=True).first()
            if site is None:
                site = Site(is_default_site=True)
            base_url = urlsplit(django_settings.WAGTAILADMIN_BASE_URL)
            site.hostname = base_url.hostname or "localhost"
            site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
            site.site_name = "Российское общество урологов"
            site.root_page = home
            site.save()
            if placeholder is not None:
                placeholder.delete()
        return home

    def society_settings(self):
        site = Site.objects.get(is_default_site=True)
        settings = SocietySettings.for_site(site)
        if not settings.phone:
            settings.full_name = "Российское общество урологов"
            settings.short_name = "РОУ"
            settings.address = "г. Москва, ул. Большая Пироговская, д. 2, стр. 1"
            settings.phone = "+7 (977) 476-11-00"
            settings.join_help_phone = "+7 (967) 289-57-50"
            settings.email = "mail@ooorou.ru"
            settings.working_hours = "Пн–Пт, 10:00–18:00 (мск)"
            settings.save()
        return settings

    def child(self, parent, model, slug, **fields):
        """The child page with this slug, created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def about_pages(self, home):
        self.child(
            home,
            StandardPage,
            "about",
            title="Об обществе",
            show_in_menus=True,
            introduction="Профессиональное объединение урологов России.",
            body=text.ABOUT_BODY,
        )
        settings = SocietySettings.for_site(Site.objects.get(is_default_site=True))
        self.child(
            home,
            StandardPage,
            "contacts",
            title="Контакты",
            show_in_menus=True,
            introduction="Как связаться с обществом.",
            body=text.contacts_body(settings),
        )

    def guides(self, home):
        index = self.child(
            home,
            InstructionIndexPage,
            "instructions",
            title="Инструкции",
            show_in_menus=True,
            introduction="<p>Пошаговые инструкции для участников и членов общества.</p>",
        )
        join = self.guide(
            index,
            "kak-vstupit",
            "Как вступить в общество",
            "Одиннадцать шагов от регистрации на сайте до доступа к материалам для "
            "членов общества.",
            text.JOIN_INTRO,
            text.JOIN_STEPS,
            text.JOIN_FAQ,
            screenshots=text.JOIN_SCREENSHOTS,
        )
        nmo = self.guide(
            index,
            "registraciya-na-portale-nmo",
            "Регистрация на портале НМО",
            "Как создать личный кабинет на портале непрерывного медицинского "
            "образования и пятилетний цикл.",
            text.NMO_INTRO,
            text.NMO_STEPS,
            text.NMO_FAQ,
            screenshots={},
        )
        return [join, nmo]

    def guide(self, index, slug, title, summary, intro, steps, faqs, screenshots):
        existing = index.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = InstructionPage(
            slug=slug, title=title, summary=summary, introduction=intro
        )
        for number, (step_title, body, kind, callout) in enumerate(steps):
            filename, alt, caption = screenshots.get(number + 1, ("", "", ""))
            image = self.demo_screenshot(filename, caption) if filename else None
            page.steps.add(
                InstructionStep(
                    sort_order=number,
                    title=step_title,
                    body=body,
                    image=image,
                    image_alt=alt if image else "",
                    image_caption=caption if image else "",
                    callout_kind=kind,
                    callout_text=callout,
                )
            )
        for number, (question, answer) in enumerate(faqs):
            page.faqs.add(
                InstructionFAQ(sort_order=number, question=question, answer=answer)
            )
        index.add_child(instance=page)
        page.save_revision().publish()
        return page

    def featured(self, home, guides):
        if home.featured_guides.exists():
            return
        for number, guide in enumerate(guides):
            HomePageFeaturedGuide.objects.create(
                home=home, page=guide, sort_order=number, blurb=guide.summary
            )
        join = guides[0]
        HomePage.objects.filter(pk=home.pk).update(
            hero_cta_page=join, hero_cta_text="Как вступить в общество"
        )

    # --- other -------------------------------------------------------------------------

    def demo_screenshot(self, filename, caption):
        """A screenshot of the site from home/demo_images/ as a Wagtail image."""
        path = DEMO_IMAGES / filename
        if not path.exists():
            self.stderr.write(f"{path} is missing: run scripts/screenshots.py")
            return None
        image_model = get_image_model()
        title = f"Демо: {caption}"
        existing = image_model.objects.filter(title=title).first()
        if existing:
            return existing
        with path.open("rb") as handle:
            return image_model.objects.create(
                title=title, file=ImageFile(handle, name=filename)
            )

    def admin_user(self):
        User = get_user_model()
        if not User.objects.filter(email__iexact=DEMO_ADMIN_EMAIL).exists():
            User.objects.create_superuser(
                email=DEMO_ADMIN_EMAIL,
                password=DEMO_ADMIN_PASSWORD,
                last_name="Администратор",
                first_name="Демо",
            )
        # A demo database made before superusers got a confirmed address.
        from allauth.account.models import EmailAddress

        admin = User.objects.get(email__iexact=DEMO_ADMIN_EMAIL)
        EmailAddress.objects.update_or_create(
            user=admin, email=admin.email, defaults={"verified": True, "primary": True}
        )
