"""Studio display helpers: one way to show a score, a person, an audit action and a finding code."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from articles import labels

register = template.Library()


def score_percent(value) -> int | None:
    """A quality score (0–1) as the whole number shown everywhere (0–100)."""
    if value is None:
        return None
    return round(float(value) * 100)


@register.simple_tag
def quality_score(value, size: str = ""):
    """`85/100` with its colour band; "—" when the gate has not scored it."""
    percent = score_percent(value)
    if percent is None:
        return format_html('<span class="muted" title="{}">—</span>', _("Pas encore contrôlé"))
    band = "good" if percent >= 80 else "fair" if percent >= 50 else "poor"
    return format_html(
        '<span class="quality-score quality-score--{}{}" title="{}">{}<span class="quality-score__unit">/100</span></span>',
        band, f" quality-score--{size}" if size else "", _("Score de confiance, de 0 à 100"), percent,
    )


@register.filter
def person(user) -> str:
    return labels.person(user)


@register.filter
def audit_action(action: str) -> str:
    return labels.audit_action_label(action)


@register.filter
def finding_label(code: str) -> str:
    return labels.finding_label(code)


@register.simple_tag
def js_strings() -> dict:
    """UI strings of the studio's JavaScript (static/js/prizm.js, editor.js) in the page's language,
    for `|json_script:"prizm-strings"` (data, not executable script; the scripts fall back to French)."""
    return {
        "copied": _("Copié ✓"),
        "merge_confirm": _("Remplacer le texte fusionné ? (Vos deux textes restent affichés plus haut.)"),
        "autosave_failed": _("Brouillon automatique impossible pour l'instant : votre texte reste dans la page ; "
                             "enregistrez ou réessayez."),
        "forbidden": _("Action non autorisée."),
        "conflict": _("Conflit : le contenu a changé entre-temps."),
        "request_failed": _("La requête a échoué ({status}). Rien n'est perdu : réessayez."),
        "unreachable": _("Serveur injoignable. Vérifiez votre connexion ; rien n'est perdu."),
        "close": _("Fermer ce message"),
    }
