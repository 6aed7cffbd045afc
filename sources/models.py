"""The source registry. Business rules live in services.py; models hold data and the invariants the
database can enforce (unique normalized URL, reliability 0–10)."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prizm.links import clean_url, normalize_url

from .dates import partial_date_display, partial_date_iso


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    ETUDE = "etude", _("Étude")
    COMMUNIQUE = "communique", _("Communiqué")
    RAPPORT = "rapport", _("Rapport")
    BAROMETRE = "barometre", _("Baromètre")
    ENQUETE = "enquete", _("Enquête")
    NOTE = "note", _("Note")
    AUTRE = "autre", _("Autre")


class DatePrecision(models.TextChoices):
    YEAR = "year", _("Année")
    MONTH = "month", _("Mois")
    DAY = "day", _("Jour")


class SourceLanguage(models.TextChoices):
    FR = "fr", _("Français")
    EN = "en", _("Anglais")
    DE = "de", _("Allemand")
    ES = "es", _("Espagnol")
    IT = "it", _("Italien")
    OTHER = "autre", _("Autre langue")


http_url_validator = URLValidator(
    schemes=["http", "https"], message=_("Saisissez une adresse web complète commençant par http:// ou https://.")
)

RELIABILITY_MIN, RELIABILITY_MAX = 0, 10


class Source(models.Model):
    """A document an article may rest on. The URL is stored without tracking parameters and is unique
    once normalized (see prizm/links.py)."""

    name = models.CharField(_("nom"), max_length=300)
    publisher = models.CharField(_("éditeur"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=SourceKind.choices, default=SourceKind.ARTICLE)
    url = models.URLField(_("URL"), max_length=1000, validators=[http_url_validator])
    normalized_url = models.CharField(_("URL normalisée"), max_length=1000, unique=True, editable=False)
    # A partial date is stored as its first day plus the precision the source gives.
    published_on = models.DateField(_("date de publication"), null=True, blank=True)
    published_precision = models.CharField(
        _("précision de la date"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    reliability = models.PositiveSmallIntegerField(
        _("fiabilité"), default=5,
        validators=[
            MinValueValidator(RELIABILITY_MIN, _("La fiabilité va de 0 à 10 : %(limit_value)s au minimum.")),
            MaxValueValidator(RELIABILITY_MAX, _("La fiabilité va de 0 à 10 : %(limit_value)s au maximum.")),
        ],
        help_text=_("De 0 (douteuse) à 10 (référence)."),
    )
    language = models.CharField(_("langue"), max_length=10, choices=SourceLanguage.choices, default=SourceLanguage.FR)
    notes = models.TextField(_("notes"), blank=True)
    # Main text fetched from the URL or pasted; the quality gate verifies quotes and figures against it.
    text = models.TextField(_("texte intégral"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("enregistrée par"),
    )
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reliability__gte=RELIABILITY_MIN) & models.Q(reliability__lte=RELIABILITY_MAX),
                name="source_reliability_0_10",
            ),
        ]
        indexes = [models.Index(fields=["kind"]), models.Index(fields=["reliability"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):

        self.url = clean_url(self.url)
        self.normalized_url = normalize_url(self.url)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "url" in update_fields:
            kwargs["update_fields"] = {*update_fields, "normalized_url"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("studio:source_detail", args=[self.pk])

    @property
    def published_display(self) -> str:
        """"2024", "mars 2025" or "12/03/2025": what the source itself tells us, no more."""
        return partial_date_display(self.published_on, self.published_precision)

    @property
    def published_iso(self) -> str:
        return partial_date_iso(self.published_on, self.published_precision)

    @property
    def reliability_percent(self) -> int:
        return int(self.reliability) * 10


class Extract(models.Model):
    """An exact quote from a source, with where it stands in it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="extracts", verbose_name=_("source"))
    text = models.TextField(_("citation exacte"))
    locator = models.CharField(_("emplacement"), max_length=200, blank=True, help_text=_("Page, section…"))
    order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("extrait")
        verbose_name_plural = _("extraits")
        ordering = ["source", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class FetchStatus(models.TextChoices):
    QUEUED = "queued", _("En file")
    RUNNING = "running", _("En cours")
    SUCCEEDED = "succeeded", _("Récupérée")
    FAILED = "failed", _("Échec")


class SourceFetch(models.Model):
    """An editor's request to pre-fill a source from a URL. The row is the truth; the Celery message
    only says "fetch N has work". A fetch past its deadline is shown (and then stored) as failed."""

    url = models.URLField(_("URL"), max_length=1000, validators=[http_url_validator])
    status = models.CharField(
        _("statut"), max_length=10, choices=FetchStatus.choices, default=FetchStatus.QUEUED, db_index=True
    )
    error = models.TextField(_("erreur"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    deadline = models.DateTimeField(_("échéance"))
    # What was fetched and extracted.
    final_url = models.CharField(_("adresse finale"), max_length=1000, blank=True)
    content_type = models.CharField(_("type de contenu"), max_length=200, blank=True)
    title = models.CharField(_("titre"), max_length=300, blank=True)
    publisher = models.CharField(_("éditeur"), max_length=200, blank=True)
    published_on = models.DateField(_("date de publication"), null=True, blank=True)
    published_precision = models.CharField(_("précision de la date"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    language = models.CharField(_("langue"), max_length=10, blank=True)
    text = models.TextField(_("texte extrait"), blank=True)
    # The source the editor confirmed from this fetch.
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="fetches", verbose_name=_("source")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("demandé par"),
    )
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("import depuis une URL")
        verbose_name_plural = _("imports depuis une URL")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.url

    @staticmethod
    def default_deadline():
        # Connect + read for the page, with room for a queue that is a little behind.
        return timezone.now() + timedelta(seconds=settings.PRIZM_FETCH_TIMEOUT * 3 + 60)

    @property
    def is_overdue(self) -> bool:
        return self.status in (FetchStatus.QUEUED, FetchStatus.RUNNING) and self.deadline < timezone.now()

    @property
    def is_pending(self) -> bool:
        return self.status in (FetchStatus.QUEUED, FetchStatus.RUNNING) and not self.is_overdue

    @property
    def published_display(self) -> str:
        return partial_date_display(self.published_on, self.published_precision)
