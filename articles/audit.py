"""Audit trail: one call per action that matters. Events keep readable copies of who and what,
so they survive the deletion of the objects they point at."""

from articles.models import Article, AuditEvent


def audit_record(*, actor, action: str, obj=None, article: Article | None = None, revision=None, data: dict | None = None) -> AuditEvent:
    if article is None and isinstance(obj, Article):
        article = obj
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=(actor.get_username() if getattr(actor, "pk", None) else (str(actor) if actor else "système")),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        article=article,
        revision_number=getattr(revision, "number", None),
        data=data or {},
    )
