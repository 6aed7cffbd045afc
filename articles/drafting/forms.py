"""Forms of the drafting screens. The order of the chosen sources is the order of the `sources`
values in the request (the page lets the editor move them up and down)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from sources.models import Source

MAX_SOURCES = 12


class BriefForm(forms.Form):
    topic = forms.CharField(
        label=_("Sujet"),
        max_length=300,
        error_messages={
            "required": _("Indiquez le sujet de l'article."),
            "max_length": _("Le sujet tient en 300 caractères au plus (il en compte %(show_value)d)."),
        },
        help_text=_("Ce dont l'article doit parler, en une phrase."),
    )
    angle = forms.CharField(
        label=_("Angle souhaité"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facultatif : la question à laquelle l'article doit répondre, le point de vue à privilégier."),
    )
    audience = forms.CharField(
        label=_("Public visé"),
        required=False,
        max_length=200,
        help_text=_("Facultatif : par exemple « dirigeants de PME industrielles »."),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4().hex)
        self.chosen_sources: list[Source] = self._chosen_sources()

    def _source_ids(self) -> list[int]:
        if not self.is_bound:
            return [int(i) for i in self.initial.get("sources", [])]
        ids = []
        for raw in self.data.getlist("sources"):
            try:
                value = int(raw)
            except (TypeError, ValueError):
                continue
            if value not in ids:
                ids.append(value)
        return ids

    def _chosen_sources(self) -> list[Source]:
        ids = self._source_ids()
        found = {s.pk: s for s in Source.objects.filter(pk__in=ids)}
        self._missing_sources = [i for i in ids if i not in found]
        return [found[i] for i in ids if i in found]

    def clean(self):
        cleaned = super().clean()
        if self._missing_sources:
            self.add_error(
                None, _("Une des sources choisies n'existe plus (elle a peut-être été supprimée) : vérifiez la liste.")
            )
        if not self.chosen_sources:
            self.add_error(
                None,
                _("Choisissez au moins une source enregistrée : recherchez-la par son nom ou son adresse, puis cochez-la."),
            )
        elif len(self.chosen_sources) > MAX_SOURCES:
            self.add_error(
                None,
                _("Un brief réunit %(max)d sources au plus (vous en avez choisi %(n)d) : retirez les moins utiles.")
                % {"max": MAX_SOURCES, "n": len(self.chosen_sources)},
            )
        topic = " ".join((cleaned.get("topic") or "").split())
        if "topic" in cleaned and not topic:
            self.add_error("topic", _("Indiquez le sujet de l'article."))
        cleaned["topic"] = topic
        cleaned["sources"] = self.chosen_sources
        return cleaned


class RewriteForm(forms.Form):
    style = forms.ChoiceField(
        label=_("Style"),
        choices=[("conversational", _("Conversationnel")), ("concise", _("Concis"))],
        error_messages={
            "required": _("Choisissez un style de réécriture."),
            "invalid_choice": _("Style inconnu : choisissez « conversationnel » ou « concis »."),
        },
    )
