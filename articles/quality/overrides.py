"""A reviewer accepts one blocker of the gate, in writing. The override is keyed by the finding's
fingerprint, so it survives re-runs of the gate and edits elsewhere in the text; it is audited and
shown with the article's findings and history."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from articles.audit import audit_record
from articles.models import Article, Finding, FindingOverride, FindingSeverity

REASON_MIN_CHARS = 10
REASON_MIN_WORDS = 2
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def _reason_problem(reason: str) -> str | None:
    words = reason.split()
    if len(reason) < REASON_MIN_CHARS or len(words) < REASON_MIN_WORDS:
        return _("Expliquez en une phrase au moins (10 caractères, plusieurs mots) pourquoi ce blocage peut être levé.")
    letters = _LETTERS.findall(reason.lower())
    if len(set(letters)) < 5 or len({w.lower() for w in words}) < 2:
        return _("Cette justification ne dit rien : expliquez pourquoi ce passage peut être publié tel quel.")
    return None


def finding_override(*, article: Article, finding: Finding, user, reason: str) -> FindingOverride:
    """Accept `finding` (a blocker of `article`) with a written `reason`.

    Requires the permission `articles.override_finding` (reviewers). Raises PermissionDenied or
    ValidationError (French message saying what to fix). Idempotent per finding: a second override
    replaces the reason. Audited as `finding.override`."""
    if user is None or not user.has_perm("articles.override_finding"):
        raise PermissionDenied(_("Seul un relecteur peut lever un blocage du contrôle qualité."))
    reason = (reason or "").strip()
    problem = _reason_problem(reason)
    if problem:
        raise ValidationError({"reason": [problem]})
    if finding.revision.article_id != article.pk:
        raise ValidationError(_("Ce constat ne concerne pas cet article."))
    if finding.severity != FindingSeverity.BLOCKER:
        raise ValidationError(_("Seuls les blocages se lèvent ; un avertissement n'empêche pas la publication."))
    with transaction.atomic():
        override, created = FindingOverride.objects.update_or_create(
            article=article, fingerprint=finding.fingerprint,
            defaults={"code": finding.code, "reason": reason, "by": user},
        )
        audit_record(
            actor=user, action="finding.override", obj=override, article=article, revision=finding.revision,
            data={
                "code": finding.code, "fingerprint": finding.fingerprint, "reason": reason,
                "excerpt": finding.excerpt[:300], "message": finding.message[:500], "line": finding.line,
                "replaced": not created,
            },
        )
    return override
