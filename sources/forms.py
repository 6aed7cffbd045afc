from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from prizm.links import clean_url

from .dates import PartialDateError, parse_partial_date, partial_date_input
from .models import RELIABILITY_MAX, RELIABILITY_MIN, Source, SourceKind, SourceLanguage
from .services import source_find_duplicate

RELIABILITY_ERRORS = {
    "min_value": _("La fiabilité va de 0 à 10 : %(limit_value)s au minimum."),
    "max_value": _("La fiabilité va de 0 à 10 : %(limit_value)s au maximum."),
    "invalid": _("Indiquez la fiabilité par un nombre entier de 0 à 10."),
    "required": _("Indiquez la fiabilité de la source, de 0 à 10."),
}


class FieldBoundField(BoundField):
    """Under a field the studio shows its error instead of its help text (the help comes back once
    the field is valid), so the input is described by whichever of the two is on screen."""

    @property
    def aria_describedby(self):
        if self.field.widget.attrs.get("aria-describedby") or not self.auto_id or self.is_hidden:
            return super().aria_describedby
        if self.errors:
            return f"{self.auto_id}_error"
        return f"{self.auto_id}_helptext" if self.help_text else ""


URL_HELP = _("Obligatoire, en http:// ou https://. Les paramètres de suivi (utm_…, fbclid…) sont retirés ; "
             "une même adresse en http:// et en https:// désigne la même source.")


def https_formfield(field, **kwargs):
    """Model URLFields complete a bare domain with https:// (Django 6's default, chosen now)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class SourceForm(forms.ModelForm):
    """Create or edit a source. The partial date is typed as text: "2024", "03/2025", "12/03/2025"."""

    bound_field_class = FieldBoundField

    url = forms.URLField(
        label=_("Adresse (URL)"), max_length=1000, assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://", "autofocus": True}),
        help_text=URL_HELP,
        error_messages={"required": _("L'adresse de la source est obligatoire."),
                        "invalid": _("Saisissez une adresse web complète commençant par http:// ou https://.")},
    )

    published = forms.CharField(
        label=_("Date de publication"), required=False, max_length=40,
        help_text=_("Année (2024), mois (03/2025 ou mars 2025) ou date complète (12/03/2025)."),
    )
    reliability = forms.IntegerField(
        label=_("Fiabilité (0 à 10)"), min_value=RELIABILITY_MIN, max_value=RELIABILITY_MAX,
        error_messages=RELIABILITY_ERRORS, help_text=_("De 0 (douteuse) à 10 (référence)."),
    )

    class Meta:
        model = Source
        formfield_callback = https_formfield
        fields = ["url", "name", "publisher", "kind", "published", "reliability", "language", "notes", "text"]
        # `url` and `reliability` are declared above: their Meta labels, help and messages would be ignored.
        labels = {
            "name": _("Nom"), "publisher": _("Éditeur"), "kind": _("Type"),
            "language": _("Langue"), "notes": _("Notes internes"), "text": _("Texte intégral"),
        }
        help_texts = {
            "text": _("Facultatif. Le contrôle qualité vérifie les citations et les chiffres contre ce texte et "
                      "les extraits."),
        }
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "name": {"required": _("Donnez un nom à la source (le titre du document).")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicate: Source | None = None
        self.fields["reliability"].widget.attrs.update({"min": RELIABILITY_MIN, "max": RELIABILITY_MAX, "step": 1})
        if self.instance.pk and not self.is_bound:
            self.initial["published"] = partial_date_input(self.instance.published_on, self.instance.published_precision)

    def clean_url(self):
        url = clean_url(self.cleaned_data["url"])
        existing = source_find_duplicate(url=url, exclude_pk=self.instance.pk)
        if existing:
            self.duplicate = existing
            raise ValidationError(
                _("Cette URL est déjà enregistrée : source « %(name)s » (n° %(id)s)."),
                code="duplicate", params={"name": existing.name, "id": existing.pk},
            )
        return url

    def clean_published(self):
        try:
            return parse_partial_date(self.cleaned_data.get("published", ""))
        except PartialDateError as exc:
            raise ValidationError(str(exc)) from None

    def _post_clean(self):
        published = self.cleaned_data.get("published")
        if isinstance(published, tuple):
            self.instance.published_on, self.instance.published_precision = published
        super()._post_clean()

    def _get_validation_exclusions(self):
        # The services own uniqueness (with a message that links to the existing source).
        exclusions = super()._get_validation_exclusions()
        exclusions.add("normalized_url")
        return exclusions

    def service_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "published"}
        data["published_on"], data["published_precision"] = self.cleaned_data["published"]
        return data


class ExtractForm(forms.Form):
    text = forms.CharField(
        label=_("Citation exacte"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Collez la citation exacte de la source.")},
    )
    locator = forms.CharField(label=_("Emplacement"), required=False, max_length=200,
                              widget=forms.TextInput(attrs={"placeholder": _("p. 12, section 3…")}))


ExtractFormSet = forms.formset_factory(ExtractForm, extra=1, max_num=50, validate_max=True)


SORTS = [
    ("name", _("Nom (A → Z)")),
    ("-reliability", _("Fiabilité (la plus haute d'abord)")),
    ("reliability", _("Fiabilité (la plus basse d'abord)")),
    ("-published_on", _("Date (la plus récente d'abord)")),
    ("published_on", _("Date (la plus ancienne d'abord)")),
    ("-created_at", _("Ajoutées récemment")),
]
RELIABILITY_CHOICES = [("", "—")] + [(str(i), str(i)) for i in range(RELIABILITY_MIN, RELIABILITY_MAX + 1)]


class SourceFilterForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Nom, éditeur ou URL")}))
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("Tous"))] + SourceKind.choices)
    reliability_min = forms.TypedChoiceField(label=_("Fiabilité min"), required=False, coerce=int,
                                             empty_value=None, choices=RELIABILITY_CHOICES)
    reliability_max = forms.TypedChoiceField(label=_("Fiabilité max"), required=False, coerce=int,
                                             empty_value=None, choices=RELIABILITY_CHOICES)
    language = forms.ChoiceField(label=_("Langue"), required=False,
                                 choices=[("", _("Toutes"))] + SourceLanguage.choices)
    sort = forms.ChoiceField(label=_("Trier par"), required=False, choices=SORTS)

    def clean(self):
        data = super().clean()
        low, high = data.get("reliability_min"), data.get("reliability_max")
        if low is not None and high is not None and low > high:
            raise ValidationError(_("La fiabilité minimale (%(low)s) dépasse la maximale (%(high)s) : inversez-les."),
                                  params={"low": low, "high": high})
        return data


class FetchRequestForm(forms.Form):
    bound_field_class = FieldBoundField

    url = forms.CharField(
        label=_("Adresse de la page"), max_length=1000,
        widget=forms.URLInput(attrs={"placeholder": "https://", "autofocus": True}),
        error_messages={"required": _("Collez l'adresse de la page à importer.")},
        help_text=_("La page est lue en arrière-plan ; vous relisez et confirmez la source avant qu'elle soit "
                    "enregistrée."),
    )
