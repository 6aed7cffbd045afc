"""Editorial data. Business rules live in services (workflow.py, drafting.py, quality/);
models hold data and the invariants the database can enforce."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from prizm.text import fold_key
from sources.models import Source


class Category(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # fold_key(name), kept by save(): names typed in any case or accents find the same row on
    # every database (SQLite's iexact folds ASCII only).
    name_key = models.CharField(max_length=100, unique=True, editable=False)

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold_key(self.name)
        super().save(*args, **kwargs)


class Tag(models.Model):
    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    # fold_key(name), kept by save(): names typed in any case or accents find the same row on
    # every database (SQLite's iexact folds ASCII only).
    name_key = models.CharField(max_length=100, unique=True, editable=False)

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold_key(self.name)
        super().save(*args, **kwargs)


class Brief(models.Model):
    """What an editor asks for: a topic, an angle and a chosen, ordered set of sources."""

    topic = models.CharField(_("sujet"), max_length=300)
    angle = models.TextField(_("angle souhaité"), blank=True)
    audience = models.CharField(_("public visé"), max_length=200, blank=True)
    sources = models.ManyToManyField(Source, through="BriefSource", related_name="briefs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefs"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic


class BriefSource(models.Model):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["brief", "source"], name="briefsource_unique")]


class Synthesis(models.Model):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="syntheses", null=True, blank=True)
    title = models.CharField(_("titre"), max_length=300, blank=True)
    convergences = models.TextField(_("convergences"), blank=True)
    divergences = models.TextField(_("divergences"), blank=True)
    recommended_angle = models.TextField(_("angle recommandé"), blank=True)
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="syntheses")
    job = models.ForeignKey("GenerationJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("synthèse")
        verbose_name_plural = _("synthèses")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | (models.Q(score__gte=0) & models.Q(score__lte=10)),
                name="synthesis_score_0_10",
            ),
        ]

    def __str__(self) -> str:
        return self.title or (self.brief.topic if self.brief_id else str(self.pk))


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    IN_REVIEW = "in_review", _("En relecture")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    APPROVED = "approved", _("Approuvé")
    SCHEDULED = "scheduled", _("Programmé")
    PUBLISHED = "published", _("Publié")
    UNPUBLISHED = "unpublished", _("Dépublié")
    ARCHIVED = "archived", _("Archivé")


class ArticleStyle(models.TextChoices):
    FACTUAL = "factual", _("Factuel")
    CONVERSATIONAL = "conversational", _("Conversationnel")
    CONCISE = "concise", _("Concis")


class Article(models.Model):
    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    body = models.TextField(_("corps (markdown)"), blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT, db_index=True
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles",
        verbose_name=_("catégorie"),
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("étiquettes"))
    image = models.CharField(_("image"), max_length=500, blank=True)
    featured = models.BooleanField(_("à la une"), default=False)
    author_name = models.CharField(_("auteur affiché"), max_length=200, default="Prizm AI")
    sources = models.ManyToManyField(Source, through="ArticleSource", related_name="articles", blank=True)
    style = models.CharField(_("style"), max_length=20, choices=ArticleStyle.choices, default=ArticleStyle.FACTUAL)
    variant_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="variants",
        verbose_name=_("variante de"),
    )
    brief = models.ForeignKey(Brief, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    quality_score = models.FloatField(_("score qualité"), null=True, blank=True)
    # Which provider/model wrote the first draft ("offline", "openai:gpt-4o-mini", "import", "human").
    generated_by = models.CharField(_("généré par"), max_length=120, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Verrou optimiste."))
    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    go_live_at = models.DateTimeField(_("mise en ligne"), null=True, blank=True)
    expire_at = models.DateTimeField(_("expiration"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, db_index=True)
    first_published_at = models.DateTimeField(null=True, blank=True)
    # Set while a review is requested (status in_review, or a published article whose new revision
    # waits for review); the review queue is ordered by it, oldest first.
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-updated_at"]
        permissions = [
            ("access_studio", _("Accéder au studio")),
            ("review_article", _("Relire, approuver ou demander des modifications")),
            ("publish_article", _("Publier, programmer, dépublier")),
            ("override_finding", _("Lever un blocage du contrôle qualité avec une justification")),
            ("view_audit", _("Consulter le journal d'audit global")),
        ]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def free_slug(cls, text: str, *, exclude_pk: int | None = None) -> str:
        """A slug made from `text` that no other article (nor an old address kept as a redirect)
        holds: "titre", else "titre-2", "titre-3"…"""
        base = (slugify(text) or "article")[:180].strip("-")
        taken = cls.objects.exclude(pk=exclude_pk) if exclude_pk else cls.objects.all()
        redirects = SlugRedirect.objects.exclude(article_id=exclude_pk) if exclude_pk else SlugRedirect.objects.all()
        slug, n = base, 2
        while taken.filter(slug=slug).exists() or redirects.filter(old_slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


class ArticleSource(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "source"], name="articlesource_unique")]


class SlugRedirect(models.Model):
    """An old slug of a published article, redirected to its current URL."""

    old_slug = models.SlugField(max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs")


class Revision(models.Model):
    """A full snapshot. Approval and publication point at a revision."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # [{"id": 1, "name": "...", "url": "..."}] in article order, frozen at save time.
    sources = models.JSONField(default=list, blank=True)
    # Sanitized HTML of the body, rendered once when the revision is published.
    body_html = models.TextField(blank=True)
    # What the public page needs, frozen with body_html when the revision is published
    # (articles.rendering.revision_freeze_for_public): sources with kind, date, URL and reliability,
    # reading time, word count. Empty until then.
    public_data = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the revision came out of a generation job: the user who launched it counts as author
    # for the four-eyes rule.
    generated_by_job = models.ForeignKey(
        "GenerationJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    quality_score = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"


class AutosaveDraft(models.Model):
    """A user's unsaved work on an article: kept until they save or discard it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="autosaves")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    base_version = models.PositiveIntegerField()
    # The revision the user started from: the common ancestor for a three-way merge.
    base_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Ordered source ids as the user left them.
    sources = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="autosave_unique")]


class FindingSeverity(models.TextChoices):
    BLOCKER = "blocker", _("Bloquant")
    WARNING = "warning", _("Avertissement")


class Finding(models.Model):
    """One result of the quality gate for one revision."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=40, db_index=True)
    severity = models.CharField(max_length=10, choices=FindingSeverity.choices)
    message = models.TextField()
    excerpt = models.TextField(blank=True)
    line = models.PositiveIntegerField(null=True, blank=True)
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    # A stable key (code + normalized excerpt) so an override survives re-runs of the gate.
    fingerprint = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["severity", "line", "id"]

    @property
    def title(self) -> str:
        """Short explanation of the code (articles.quality.CODES), in the active language."""
        from .quality import CODES

        info = CODES.get(self.code)
        return str(info.title) if info else self.code

    @property
    def hint(self) -> str:
        """How to fix it, in the active language."""
        from .quality import CODES

        info = CODES.get(self.code)
        return str(info.hint) if info else ""


class FindingOverride(models.Model):
    """A reviewer's written decision to accept a blocker on an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="overrides")
    code = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "fingerprint"], name="override_unique"),
        ]


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approuvé")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")


class Review(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reviews")
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(max_length=20, choices=ReviewDecision.choices)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]


class Comment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    # Optional passage the comment is about.
    quote = models.TextField(blank=True)
    resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class PreviewLink(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links")
    token = models.CharField(max_length=64, unique=True, default=secrets.token_urlsafe)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Presence(models.Model):
    """Who has an article open in the editor, refreshed by htmx polling."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="presence_unique")]


class JobKind(models.TextChoices):
    SYNTHESIS = "synthesis", _("Synthèse")
    DRAFT = "draft", _("Rédaction")
    REWRITE = "rewrite", _("Réécriture")
    FETCH_SOURCE = "fetch_source", _("Import de source")
    RECHECK = "recheck", _("Contrôle qualité")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("En file")
    RUNNING = "running", _("En cours")
    SUCCEEDED = "succeeded", _("Terminé")
    FAILED = "failed", _("Échec")
    CANCELLED = "cancelled", _("Annulé")


class GenerationJob(models.Model):
    """The source of truth for background work: a Celery message only says "job N has work"."""

    kind = models.CharField(max_length=20, choices=JobKind.choices)
    status = models.CharField(max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    brief = models.ForeignKey(Brief, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    # The article the job produced (draft or rewrite variant).
    result_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="produced_by_jobs"
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    step = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    error = models.TextField(blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    celery_task_id = models.CharField(max_length=255, blank=True)
    provider = models.CharField(max_length=40, blank=True)
    model = models.CharField(max_length=120, blank=True)
    tokens_in = models.PositiveIntegerField(default=0)
    tokens_out = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=10, decimal_places=6, default=0)
    idempotency_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="job_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def style_label(self) -> str:
        """The rewrite style in words ("Conversationnel"), never the stored code."""
        style = (self.params or {}).get("style", "")
        return str(ArticleStyle(style).label) if style in ArticleStyle.values else style


class AuditEvent(models.Model):
    """Who did what, when. Keeps readable copies so it survives deletion of what it points at."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=60, blank=True, db_index=True)
    object_repr = models.CharField(max_length=300, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events")
    revision_number = models.PositiveIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
