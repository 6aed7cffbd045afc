"""Editorial data. Business rules live in services (workflow.py, drafting.py, quality/);
models hold data and the invariants the database can enforce."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from prizm.text import fold_key
from sources.models import Source


class NamedByFoldedKey(models.Model):
    """Categories and tags: a name people type, its slug, and `name_key` = fold_key(name), kept by
    save(), so names typed in any case, accents or ligatures find the same row on every database
    (SQLite's iexact folds ASCII only)."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name_key = models.CharField(_("clé du nom"), max_length=100, unique=True, editable=False)

    duplicate_message = ""  # "%(name)s" is the existing row's name

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_key = fold_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        twin = type(self).objects.filter(name_key=fold_key(self.name)).exclude(pk=self.pk).first()
        if twin is not None:
            raise ValidationError({"name": self.duplicate_message % {"name": twin.name}})


class Category(NamedByFoldedKey):
    duplicate_message = _("Une catégorie porte déjà ce nom (à la casse ou aux accents près) : « %(name)s ».")

    class Meta(NamedByFoldedKey.Meta):
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")


class Tag(NamedByFoldedKey):
    duplicate_message = _("Une étiquette porte déjà ce nom (à la casse ou aux accents près) : « %(name)s ».")

    class Meta(NamedByFoldedKey.Meta):
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")


class Brief(models.Model):
    """What an editor asks for: a topic, an angle and a chosen, ordered set of sources."""

    topic = models.CharField(_("sujet"), max_length=300)
    angle = models.TextField(_("angle souhaité"), blank=True)
    audience = models.CharField(_("public visé"), max_length=200, blank=True)
    sources = models.ManyToManyField(Source, through="BriefSource", related_name="briefs", verbose_name=_("sources"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="briefs", verbose_name=_("demandé par")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("briefs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.topic


class BriefSource(models.Model):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, verbose_name=_("brief"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))
    order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("source du brief")
        verbose_name_plural = _("sources du brief")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["brief", "source"], name="briefsource_unique")]


class Synthesis(models.Model):
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="syntheses", null=True, blank=True, verbose_name=_("brief"))
    title = models.CharField(_("titre"), max_length=300, blank=True)
    convergences = models.TextField(_("convergences"), blank=True)
    divergences = models.TextField(_("divergences"), blank=True)
    recommended_angle = models.TextField(_("angle recommandé"), blank=True)
    score = models.DecimalField(
        _("score"), max_digits=4, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="syntheses", verbose_name=_("sources"))
    job = models.ForeignKey("GenerationJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("tâche"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

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
    sources = models.ManyToManyField(Source, through="ArticleSource", related_name="articles", blank=True, verbose_name=_("sources"))
    style = models.CharField(_("style"), max_length=20, choices=ArticleStyle.choices, default=ArticleStyle.FACTUAL)
    variant_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="variants",
        verbose_name=_("variante de"),
    )
    brief = models.ForeignKey(Brief, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name=_("brief"))
    quality_score = models.FloatField(_("score qualité"), null=True, blank=True)
    # Which provider/model wrote the first draft ("offline", "openai:gpt-4o-mini", "import", "human").
    generated_by = models.CharField(_("généré par"), max_length=120, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, help_text=_("Verrou optimiste."))
    current_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("révision courante")
    )
    approved_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("révision approuvée")
    )
    published_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("révision publiée")
    )
    go_live_at = models.DateTimeField(_("mise en ligne"), null=True, blank=True)
    expire_at = models.DateTimeField(_("expiration"), null=True, blank=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True, db_index=True)
    first_published_at = models.DateTimeField(_("première publication"), null=True, blank=True)
    # Set while a review is requested (status in_review, or a published article whose new revision
    # waits for review); the review queue is ordered by it, oldest first.
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("soumis par")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles", verbose_name=_("créé par")
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

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
    article = models.ForeignKey(Article, on_delete=models.CASCADE, verbose_name=_("article"))
    source = models.ForeignKey(Source, on_delete=models.PROTECT, verbose_name=_("source"))
    order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("source de l'article")
        verbose_name_plural = _("sources de l'article")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "source"], name="articlesource_unique")]


class SlugRedirect(models.Model):
    """An old slug of a published article, redirected to its current URL."""

    old_slug = models.SlugField(_("ancien slug"), max_length=200, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("article"))

    class Meta:
        verbose_name = _("redirection d'adresse")
        verbose_name_plural = _("redirections d'adresse")


class Revision(models.Model):
    """A full snapshot. Approval and publication point at a revision."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("article"))
    number = models.PositiveIntegerField(_("numéro"))
    title = models.CharField(_("titre"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    body = models.TextField(_("corps (markdown)"), blank=True)
    # [{"id": 1, "name": "...", "url": "..."}] in article order, frozen at save time.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    # Sanitized HTML of the body, rendered once when the revision is published.
    body_html = models.TextField(_("corps (HTML publié)"), blank=True)
    # What the public page needs, frozen with body_html when the revision is published
    # (articles.public.rendering.revision_freeze_for_public): sources with kind, date, URL and reliability,
    # reading time, word count. Empty until then.
    public_data = models.JSONField(_("données publiques"), default=dict, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("auteur")
    )
    # Set when the revision came out of a generation job: the user who launched it counts as author
    # for the four-eyes rule.
    generated_by_job = models.ForeignKey(
        "GenerationJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("générée par la tâche")
    )
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    quality_score = models.FloatField(_("score qualité"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), default=timezone.now)

    class Meta:
        verbose_name = _("révision")
        verbose_name_plural = _("révisions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="revision_number_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} r{self.number}"


class AutosaveDraft(models.Model):
    """A user's unsaved work on an article: kept until they save or discard it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="autosaves", verbose_name=_("article"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("utilisateur"))
    base_version = models.PositiveIntegerField(_("version de départ"))
    # The revision the user started from: the common ancestor for a three-way merge.
    base_revision = models.ForeignKey(
        "Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("révision de départ")
    )
    title = models.CharField(_("titre"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    body = models.TextField(_("corps (markdown)"), blank=True)
    # Ordered source ids as the user left them.
    sources = models.JSONField(_("sources"), default=list, blank=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("brouillon automatique")
        verbose_name_plural = _("brouillons automatiques")
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="autosave_unique")]


class FindingSeverity(models.TextChoices):
    BLOCKER = "blocker", _("Bloquant")
    WARNING = "warning", _("Avertissement")


class Finding(models.Model):
    """One result of the quality gate for one revision."""

    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="findings", verbose_name=_("révision"))
    code = models.CharField(_("code"), max_length=40, db_index=True)
    severity = models.CharField(_("gravité"), max_length=10, choices=FindingSeverity.choices)
    message = models.TextField(_("message"))
    excerpt = models.TextField(_("extrait"), blank=True)
    line = models.PositiveIntegerField(_("ligne"), null=True, blank=True)
    start = models.PositiveIntegerField(_("début"), null=True, blank=True)
    end = models.PositiveIntegerField(_("fin"), null=True, blank=True)
    # A stable key (code + normalized excerpt) so an override survives re-runs of the gate.
    fingerprint = models.CharField(_("empreinte"), max_length=64, db_index=True)

    class Meta:
        verbose_name = _("constat")
        verbose_name_plural = _("constats")
        ordering = ["severity", "line", "id"]

    @property
    def title(self) -> str:
        """Short explanation of the code (articles.quality.CODES), in the active language."""
        from articles.quality import CODES  # not at the top: the quality package imports these models

        info = CODES.get(self.code)
        return str(info.title) if info else self.code

    @property
    def hint(self) -> str:
        """How to fix it, in the active language."""
        from articles.quality import CODES  # not at the top: the quality package imports these models

        info = CODES.get(self.code)
        return str(info.hint) if info else ""


class FindingOverride(models.Model):
    """A reviewer's written decision to accept a blocker on an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="overrides", verbose_name=_("article"))
    code = models.CharField(_("code"), max_length=40)
    fingerprint = models.CharField(_("empreinte"), max_length=64)
    reason = models.TextField(_("justification"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("levé par"))
    created_at = models.DateTimeField(_("levé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("blocage levé")
        verbose_name_plural = _("blocages levés")
        constraints = [
            models.UniqueConstraint(fields=["article", "fingerprint"], name="override_unique"),
        ]


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approuvé")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")


class Review(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("article"))
    revision = models.ForeignKey(Revision, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("révision"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("relecteur"))
    decision = models.CharField(_("décision"), max_length=20, choices=ReviewDecision.choices)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("relecture")
        verbose_name_plural = _("relectures")
        ordering = ["-created_at"]


class Comment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments", verbose_name=_("article"))
    revision = models.ForeignKey(Revision, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("révision"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("auteur"))
    text = models.TextField(_("texte"))
    # Optional passage the comment is about.
    quote = models.TextField(_("passage cité"), blank=True)
    resolved = models.BooleanField(_("résolu"), default=False)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at"]


class PreviewLink(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="preview_links", verbose_name=_("article"))
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=secrets.token_urlsafe)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("créé par"))
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lien de prévisualisation")
        verbose_name_plural = _("liens de prévisualisation")
        ordering = ["-created_at"]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class Presence(models.Model):
    """Who has an article open in the editor, refreshed by htmx polling."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="presences", verbose_name=_("article"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("utilisateur"))
    seen_at = models.DateTimeField(_("vu le"), default=timezone.now)

    class Meta:
        verbose_name = _("présence")
        verbose_name_plural = _("présences")
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

    kind = models.CharField(_("type"), max_length=20, choices=JobKind.choices)
    status = models.CharField(_("statut"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True)
    brief = models.ForeignKey(Brief, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs", verbose_name=_("brief"))
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs", verbose_name=_("article"))
    # The article the job produced (draft or rewrite variant).
    result_article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="produced_by_jobs", verbose_name=_("article produit")
    )
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs", verbose_name=_("source"))
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    result = models.JSONField(_("résultat"), default=dict, blank=True)
    progress = models.PositiveSmallIntegerField(_("progression"), default=0, validators=[MaxValueValidator(100)])
    step = models.CharField(_("étape"), max_length=200, blank=True)
    # What a streaming model has written so far in the current step (its end), for the job page.
    live_text = models.TextField(_("texte reçu"), blank=True)
    live_tokens = models.PositiveIntegerField(_("jetons reçus"), default=0)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("tentatives au plus"), default=3)
    error = models.TextField(_("erreur"), blank=True)
    deadline = models.DateTimeField(_("échéance"), null=True, blank=True)
    celery_task_id = models.CharField(_("tâche Celery"), max_length=255, blank=True)
    provider = models.CharField(_("fournisseur"), max_length=40, blank=True)
    model = models.CharField(_("modèle"), max_length=120, blank=True)
    tokens_in = models.PositiveIntegerField(_("jetons en entrée"), default=0)
    tokens_out = models.PositiveIntegerField(_("jetons en sortie"), default=0)
    cost = models.DecimalField(_("coût"), max_digits=10, decimal_places=6, default=0)
    idempotency_key = models.CharField(_("clé d'idempotence"), max_length=100, unique=True, null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs", verbose_name=_("demandée par")
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("démarrée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("tâche de génération")
        verbose_name_plural = _("tâches de génération")
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

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("acteur"))
    actor_name = models.CharField(_("nom de l'acteur"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("type d'objet"), max_length=60, blank=True)
    object_id = models.CharField(_("identifiant de l'objet"), max_length=60, blank=True, db_index=True)
    object_repr = models.CharField(_("objet"), max_length=300, blank=True)
    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit_events", verbose_name=_("article"))
    revision_number = models.PositiveIntegerField(_("révision"), null=True, blank=True)
    data = models.JSONField(_("données"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("événement d'audit")
        verbose_name_plural = _("événements d'audit")
        ordering = ["-created_at", "-id"]
