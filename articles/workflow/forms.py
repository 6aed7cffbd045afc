"""Forms of the editorial workflow screens. They check formats and say what to fix; rules that
depend on the database and the workflow live in the services."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from articles.labels import body_too_long
from articles.models import ArticleStatus, Category
from articles.workflow.diffing import has_conflict_markers
from articles.workflow.editing import ArticleInput
from articles.workflow.previews import PREVIEW_MAX_DAYS

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ArticleEditForm(forms.Form):
    title = forms.CharField(
        label=_("Titre"), max_length=300,
        error_messages={"required": _("Donnez un titre à l'article."),
                        "max_length": _("Le titre est trop long (300 caractères au plus).")},
    )
    slug = forms.SlugField(
        label=_("Adresse (slug)"), max_length=200,
        help_text=_("Lettres minuscules, chiffres et tirets. Modifiable jusqu'à la première publication."),
        error_messages={"required": _("Donnez une adresse à l'article (par exemple reparer-plutot-que-jeter)."),
                        "invalid": _("L'adresse ne peut contenir que des lettres non accentuées, des chiffres et des tirets.")},
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
        error_messages={"max_length": _("La description est trop longue (1 000 caractères au plus).")},
    )
    body = forms.CharField(
        label=_("Texte (markdown)"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "true", "class": "editor-body"}),
    )
    category = forms.ModelChoiceField(
        label=_("Catégorie"), queryset=Category.objects.all(), required=False, empty_label=_("— aucune —"),
        error_messages={"invalid_choice": _("Cette catégorie n'existe plus ; choisissez-en une autre.")},
    )
    tags = forms.CharField(
        label=_("Étiquettes"), required=False, max_length=1000,
        help_text=_("Séparées par des virgules ; les nouvelles étiquettes sont créées."),
    )
    image = forms.CharField(
        label=_("Image"), required=False, max_length=500,
        help_text=_("Adresse http(s) ou chemin commençant par /."),
    )
    featured = forms.BooleanField(label=_("À la une"), required=False)
    reason = forms.CharField(
        label=_("Raison de la modification"), required=False, max_length=300,
        help_text=_("Facultatif ; apparaît dans l'historique."),
        error_messages={"max_length": _("La raison est trop longue (300 caractères au plus).")},
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.source_ids: list[int] = []

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if len(body) > settings.PRIZM_MAX_BODY_CHARS:
            raise forms.ValidationError(body_too_long(len(body)))
        if has_conflict_markers(body):
            raise forms.ValidationError(
                _("Le texte contient encore des marques de conflit (<<<<<<<, =======, >>>>>>>) : "
                  "choisissez entre les deux versions et supprimez ces lignes.")
            )
        return body

    def clean_image(self):
        image = self.cleaned_data["image"].strip()
        if image and not image.startswith(("http://", "https://", "/")):
            raise forms.ValidationError(_("Indiquez une adresse commençant par http://, https:// ou /."))
        return image

    def clean(self):
        cleaned = super().clean()
        raw = self.data.getlist("sources") if hasattr(self.data, "getlist") else self.data.get("sources", [])
        ids = []
        for value in raw:
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                self.add_error(None, _("La liste des sources est illisible ; rechargez la page."))
                break
        self.source_ids = ids
        return cleaned

    def to_input(self) -> ArticleInput:
        c = self.cleaned_data
        return ArticleInput(
            title=c["title"].strip(),
            description=c.get("description", "").strip(),
            body=c.get("body", ""),
            slug=c["slug"],
            sources=self.source_ids,
            category_id=c["category"].pk if c.get("category") else None,
            tags=[t.strip() for t in c.get("tags", "").split(",") if t.strip()],
            image=c.get("image", ""),
            featured=bool(c.get("featured")),
        )


def raw_input(data) -> ArticleInput:
    """The user's text as typed, even when the form is invalid: what the autosave keeps."""
    ids = []
    for value in data.getlist("sources"):
        try:
            ids.append(int(value))
        except (TypeError, ValueError):
            continue
    category = data.get("category") or None
    return ArticleInput(
        title=(data.get("title") or "")[:300],
        description=data.get("description") or "",
        body=(data.get("body") or "").replace("\r\n", "\n"),
        slug=data.get("slug") or "",
        sources=ids,
        category_id=int(category) if category and str(category).isdigit() else None,
        tags=[t.strip() for t in (data.get("tags") or "").split(",") if t.strip()],
        image=data.get("image") or "",
        featured=bool(data.get("featured")),
    )


def int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class DecisionForm(forms.Form):
    message = forms.CharField(
        label=_("Message à l'éditeur"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        error_messages={"max_length": _("Le message est trop long (5 000 caractères au plus).")},
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RequestChangesForm(DecisionForm):
    message = forms.CharField(
        label=_("Ce qu'il faut modifier"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        error_messages={"required": _("Dites à l'éditeur ce qu'il faut modifier : le message est obligatoire."),
                        "max_length": _("Le message est trop long (5 000 caractères au plus).")},
    )


class PublishForm(forms.Form):
    expire_at = forms.DateTimeField(
        label=_("Retirer du site le (facultatif)"), required=False, widget=DATETIME_WIDGET,
        error_messages={"invalid": _("Date d'expiration illisible : utilisez le sélecteur (jour et heure).")},
    )


class ScheduleForm(forms.Form):
    go_live_at = forms.DateTimeField(
        label=_("Mise en ligne le"), widget=DATETIME_WIDGET,
        error_messages={"required": _("Choisissez la date et l'heure de mise en ligne."),
                        "invalid": _("Date de mise en ligne illisible : utilisez le sélecteur (jour et heure).")},
    )
    expire_at = forms.DateTimeField(
        label=_("Retirer du site le (facultatif)"), required=False, widget=DATETIME_WIDGET,
        error_messages={"invalid": _("Date d'expiration illisible : utilisez le sélecteur (jour et heure).")},
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Commentaire"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        error_messages={"required": _("Écrivez votre commentaire avant de l'envoyer."),
                        "max_length": _("Le commentaire est trop long (5 000 caractères au plus).")},
    )
    quote = forms.CharField(
        label=_("Passage concerné (facultatif)"), required=False, max_length=2000,
        help_text=_("Copiez le passage tel qu'il figure dans le texte."),
        error_messages={"max_length": _("Le passage cité est trop long (2 000 caractères au plus).")},
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 2}), min_length=10, max_length=2000,
        error_messages={
            "required": _("Expliquez pourquoi ce blocage peut être levé."),
            "min_length": _("Expliquez en une phrase au moins (10 caractères) pourquoi ce blocage peut être levé."),
        },
    )


class PreviewLinkForm(forms.Form):
    days = forms.IntegerField(
        label=_("Valable (jours)"), min_value=1, max_value=PREVIEW_MAX_DAYS, initial=7,
        error_messages={
            "required": _("Indiquez une durée de validité en jours."),
            "min_value": _("La durée de validité doit être d'au moins 1 jour."),
            "max_value": _("La durée de validité ne peut pas dépasser %(limit_value)s jours."),
            "invalid": _("Indiquez un nombre entier de jours."),
        },
    )


class ArticleFilterForm(forms.Form):
    q = forms.CharField(label=_("Recherche"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous"))] + list(ArticleStatus.choices)
    )
    category = forms.ModelChoiceField(
        label=_("Catégorie"), queryset=Category.objects.all(), required=False, empty_label=_("Toutes")
    )


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Par"), required=False, max_length=150)
    article = forms.CharField(label=_("Article"), required=False, max_length=200)
    since = forms.DateField(
        label=_("Depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Date illisible : utilisez le format AAAA-MM-JJ.")},
    )
    until = forms.DateField(
        label=_("Jusqu'au"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Date illisible : utilisez le format AAAA-MM-JJ.")},
    )

    def __init__(self, *args, actions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Toutes"))] + [(a, a) for a in actions]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            self.add_error("until", _("La date de fin précède la date de début."))
        return cleaned
