from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class Source(models.Model):
    """A document an article may rest on. The URL is unique once normalized."""

    name = models.CharField(_("nom"), max_length=300)
    publisher = models.CharField(_("éditeur"), max_length=200, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=SourceKind.choices, default=SourceKind.ARTICLE)
    url = models.URLField(_("URL"), max_length=1000)
    normalized_url = models.CharField(_("URL normalisée"), max_length=1000, unique=True, editable=False)
    # A partial date is stored as its first day plus the precision the source gives.
    published_on = models.DateField(_("date de publication"), null=True, blank=True)
    published_precision = models.CharField(
        _("précision de la date"), max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    reliability = models.PositiveSmallIntegerField(
        _("fiabilité"), default=5, validators=[MinValueValidator(0), MaxValueValidator(10)],
        help_text=_("De 0 (douteuse) à 10 (référence)."),
    )
    language = models.CharField(_("langue"), max_length=10, default="fr")
    notes = models.TextField(_("notes"), blank=True)
    # Main text fetched from the URL or pasted; the quality gate verifies quotes and figures against it.
    text = models.TextField(_("texte intégral"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reliability__gte=0) & models.Q(reliability__lte=10),
                name="source_reliability_0_10",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from .urls_normalize import normalize_url

        self.normalized_url = normalize_url(self.url)
        super().save(*args, **kwargs)


class Extract(models.Model):
    """An exact quote from a source, with where it stands in it."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="extracts")
    text = models.TextField(_("citation exacte"))
    locator = models.CharField(_("emplacement"), max_length=200, blank=True, help_text=_("Page, section…"))
    order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("extrait")
        verbose_name_plural = _("extraits")
        ordering = ["source", "order", "id"]

    def __str__(self) -> str:
        return self.text[:80]
