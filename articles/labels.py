"""Words people read instead of the codes the code uses: audit actions, finding codes, people.

One place, so the journal, the findings panel, the blocked-submit message and the review screens
say the same thing (French, translated to English like every UI string)."""

import json

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.quality import CODES

AUDIT_ACTIONS = {
    "article.approve": _("Approbation"),
    "article.archive": _("Archivage"),
    "article.back_to_review": _("Renvoi en relecture après modification"),
    "article.comment": _("Commentaire"),
    "article.expire": _("Expiration (dépublication programmée)"),
    "article.generated": _("Brouillon généré"),
    "article.import": _("Import d'un fichier"),
    "article.publish": _("Publication"),
    "article.publish_failed": _("Publication programmée impossible"),
    "article.publish_scheduled": _("Publication programmée"),
    "article.request_changes": _("Modifications demandées"),
    "article.restore": _("Restauration"),
    "article.revert": _("Retour à une révision"),
    "article.save": _("Enregistrement d'une révision"),
    "article.schedule": _("Programmation"),
    "article.submit": _("Soumission en relecture"),
    "article.unpublish": _("Dépublication"),
    "article.unschedule": _("Programmation annulée"),
    "article.withdraw": _("Retrait de la relecture"),
    "autosave.discard": _("Brouillon automatique abandonné"),
    "brief.created": _("Brief ouvert"),
    "extract.add": _("Extrait ajouté"),
    "extract.delete": _("Extrait supprimé"),
    "extract.update": _("Extrait modifié"),
    "finding.override": _("Blocage levé"),
    "job.cancelled": _("Tâche annulée"),
    "job.created": _("Tâche lancée"),
    "job.retried": _("Tâche relancée"),
    "preview.create": _("Lien de prévisualisation créé"),
    "preview.revoke": _("Lien de prévisualisation révoqué"),
    "source.create": _("Source enregistrée"),
    "source.delete": _("Source supprimée"),
    "source.update": _("Source modifiée"),
    "synthesis.import": _("Synthèse importée"),
}


def audit_action_label(action: str) -> str:
    """The label of an audit action; an action without one is shown as it is stored."""
    return str(AUDIT_ACTIONS.get(action, action))


def finding_label(code: str) -> str:
    """Short explanation of a gate code ("Citation introuvable dans la source")."""
    info = CODES.get(code)
    return info.title if info else code


def person(user) -> str:
    """How a person is named on screen: full name, else login; "—" for nobody."""
    if user is None or not getattr(user, "pk", None):
        return "—"
    return user.get_full_name() or user.get_username()


def audit_details(event) -> list[tuple[str, str]]:
    """An event's data as readable (key, text) pairs: lists joined, dates localized, empties left out."""
    out = []
    for key, value in (event.data or {}).items():
        if value is None or value is False or value == "" or value == [] or value == {}:
            continue
        if isinstance(value, bool):
            text = gettext("oui")
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif isinstance(value, dict):
            text = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
            parsed = parse_datetime(value)
            text = timezone.localtime(parsed).strftime("%d/%m/%Y %H:%M") if parsed else value
        else:
            text = str(value)
        out.append((key, text))
    return out


def with_details(events) -> list:
    events = list(events)
    for event in events:
        event.details = audit_details(event)
    return events


def body_too_long(length: int) -> str:
    """What an editor or an importer is told about a body over PRIZM_MAX_BODY_CHARS."""
    return gettext(
        "Le texte est trop long : %(length)s caractères pour %(limit)s au plus (PRIZM_MAX_BODY_CHARS). "
        "Scindez l'article en plusieurs."
    ) % {"length": _thousands(length), "limit": _thousands(settings.PRIZM_MAX_BODY_CHARS)}


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", "\u202f")
