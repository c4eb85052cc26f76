"""People: the custom user model (e-mail is the login), profiles, personal codes and
consents. Their history is in the audit trail (core.audit)."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BODY_FEATURES

from .codes import format_code
from .display import format_phone


class UserManager(BaseUserManager):
    """Creates users keyed by e-mail; an address matches only its own spelling.

    Every address is stored, looked up and used as a rate-limit key in one
    spelling, `normalize_email`'s. Look-ups compare that spelling exactly: an
    `iexact` look-up is `UPPER(a) = UPPER(b)` on PostgreSQL, which folds the
    dotless `ı` to `I` and would let `admın@…` log in as `admin@…`.
    """

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        """The one spelling of an address: trimmed, in lower case (as allauth
        stores its EmailAddress rows)."""
        return (email or "").strip().lower()

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError(
                "A superuser must have is_staff=True and is_superuser=True."
            )
        user = self._create_user(email, password, **extra_fields)
        # Made at the server's terminal (createsuperuser) by whoever runs the site: the
        # address counts as confirmed, or the admin login (which requires a confirmed
        # address) would refuse the first administrator.
        from allauth.account.models import EmailAddress

        EmailAddress.objects.using(self._db).create(
            user=user, email=user.email, verified=True, primary=True
        )
        return user

    def get_by_natural_key(self, username):
        return self.get(email=self.normalize_email(username))


class User(AbstractUser):
    """A person with an account on the site: a visitor who registered, a member, staff.

    E-mail is the login and is unique regardless of case. Names follow Russian usage:
    фамилия (last name), имя (first name) and the optional отчество (patronymic).
    """

    username = None
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["last_name", "first_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="members_user_email_ci_unique"
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email)

    def save(self, *args, **kwargs):
        # Look-ups compare the stored spelling exactly (see UserManager).
        self.email = UserManager.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self):
        """Фамилия Имя Отчество, as Russian documents write it."""
        parts = [self.last_name, self.first_name, self.patronymic]
        return " ".join(part for part in parts if part).strip()

    def get_greeting_name(self):
        """Имя Отчество, the polite way to address a person in Russian; the first
        name alone when there is no patronymic (empty when neither is known)."""
        parts = [self.first_name, self.patronymic] if self.first_name else []
        return " ".join(part for part in parts if part).strip()

    def get_short_name(self):
        return self.first_name or self.email


class AcademicDegree(models.TextChoices):
    """Russian academic degrees as doctors state them."""

    CANDIDATE = "candidate", _("Candidate of Medical Sciences")
    DOCTOR = "doctor", _("Doctor of Medical Sciences")


# The fields a person states about themselves, said once: signup, the cabinet's
# form, the profile service and the staff screens use these lists.
USER_NAME_FIELDS = ("last_name", "first_name", "patronymic")
PROFILE_FIELDS = (
    "phone",
    "city",
    "specialty",
    "workplace",
    "position",
    "academic_degree",
)


class MemberProfile(models.Model):
    """What the society needs to know about a registered person besides the login.

    Filled in at signup; the member edits it in the personal cabinet. The phone is
    stored normalised (+7XXXXXXXXXX) so that staff can search it whatever way it
    was typed.
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    phone = models.CharField(_("phone"), max_length=12)
    city = models.CharField(_("city or region"), max_length=150)
    specialty = models.ForeignKey(
        "core.Specialty",
        verbose_name=_("specialty"),
        on_delete=models.PROTECT,
        related_name="member_profiles",
    )
    workplace = models.CharField(_("place of work"), max_length=255)
    position = models.CharField(_("position"), max_length=255, blank=True)
    academic_degree = models.CharField(
        _("academic degree"),
        max_length=20,
        choices=AcademicDegree.choices,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member profile")
        verbose_name_plural = _("member profiles")

    def __str__(self):
        return str(self.user)

    @property
    def code_display(self):
        """The member's personal code as people read it, or "" if none yet."""
        try:
            code = self.user.personal_code
        except PersonalCode.DoesNotExist:
            return ""
        return code.display

    @property
    def phone_display(self):
        """+7 (XXX) XXX-XX-XX for people to read."""
        return format_phone(self.phone)


class PersonalCode(models.Model):
    """The member's code for life: said or shown at events to identify them.

    `code` is short enough to dictate (8 characters of an unambiguous alphabet,
    shown as XXXX-XXXX). `qr_token` is a separate long random token that the QR
    encodes, so that the QR never reveals an id and cannot be guessed.
    Only staff can replace the code (see services.personal_code_regenerate).
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="personal_code",
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    qr_token = models.CharField(_("QR token"), max_length=64, unique=True)
    # When the current code was issued: set again when staff replace the code.
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    mail_sent_at = models.DateTimeField(_("code e-mail sent"), null=True, blank=True)
    mail_failed_at = models.DateTimeField(
        _("code e-mail failed"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("personal code")
        verbose_name_plural = _("personal codes")

    def __str__(self):
        return self.display

    @property
    def display(self):
        """The code grouped for reading: K7MD-9QX4."""
        return format_code(self.code)


class ConsentPage(Page):
    """The text people agree to when they tick the personal-data consent at signup.

    Each recorded consent keeps the version label and the revision of this page that
    was live at the time, so the society can show exactly what was agreed to.
    """

    version = models.CharField(
        _("version"),
        max_length=50,
        help_text=_("Change it whenever the text changes, e.g. 2025-01."),
    )
    body = RichTextField(_("text"), features=BODY_FEATURES)

    content_panels = Page.content_panels + [
        FieldPanel("version"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [index.SearchField("body")]
    search_listed_last = True  # site search: after content pages (home/search.py)

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("personal data consent page")

    @property
    def version_label(self):
        """The editor's label and the live revision, e.g. `2025-01 (rev. 12)`."""
        revision = self.live_revision_id or self.latest_revision_id
        return f"{self.version} (rev. {revision})" if revision else self.version


class Consent(models.Model):
    """A record that a person agreed to the processing of personal data (152-FZ)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    page = models.ForeignKey(
        ConsentPage,
        verbose_name=_("consent text"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.CharField(_("version of the text"), max_length=100)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} — {self.version}"
