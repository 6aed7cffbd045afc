"""import_articles FILE… — front-matter markdown articles (format of seeds 001–004) stored as drafts."""

from django.core.management.base import BaseCommand, CommandError

from articles.files.importing import (
    ArticleFileError,
    article_file_read,
    articles_import,
    parsed_gate_document,
)
from articles.quality import check_document

ACTIONS = {"created": "créé", "updated": "mis à jour", "unchanged": "inchangé", "skipped": "ignoré"}


class Command(BaseCommand):
    help = (
        "Importe des articles markdown à en-tête (title, description, date, sources…) comme brouillons, "
        "crée ou retrouve leurs sources depuis « Sources et références » et lance le contrôle qualité. "
        "Idempotent par slug ; un fichier illisible est refusé et rien n'est écrit."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Lire et contrôler sans rien écrire.")

    def handle(self, *args, files, dry_run=False, **options):
        parsed = self._read_all(files)
        if dry_run:
            self._dry_run(parsed)
            return
        try:
            outcomes = articles_import(parsed=parsed, user=None)
        except ArticleFileError as exc:
            raise CommandError(f"Aucun article importé : {exc}") from None
        for o in outcomes:
            self._outcome(o)
        self._totals(outcomes)

    def _read_all(self, files):
        parsed, errors = [], []
        for path in files:
            try:
                parsed.append(article_file_read(path))
            except ArticleFileError as exc:
                errors.append(exc)
        if errors:
            for exc in errors:
                self.stderr.write(f"✗ {exc}")
            raise CommandError(
                f"Aucun article importé : {len(errors)} fichier(s) illisible(s) sur {len(files)}. "
                "Corrigez-les puis relancez la commande."
            )
        return parsed

    def _dry_run(self, parsed):
        for p in parsed:
            result = check_document(parsed_gate_document(p))
            self._summary("à importer", p.slug, p.path, result)
        self.stdout.write(self.style.WARNING("--dry-run : rien n'a été écrit."))

    def _outcome(self, o):
        if o.action == "skipped":
            self.stdout.write(self.style.WARNING(f"ignoré  {o.parsed.slug}  ({o.parsed.path}) : {o.reason}"))
            return
        if o.action == "unchanged":
            self.stdout.write(f"inchangé  {o.parsed.slug}  ({o.parsed.path})")
            return
        self._summary(ACTIONS[o.action], o.parsed.slug, o.parsed.path, o.result, article_id=o.article.pk)
        parts = self._sources_parts(o)
        if parts:
            self.stdout.write("    sources : " + " ; ".join(parts))

    @staticmethod
    def _sources_parts(o) -> list[str]:
        parts = []
        if o.sources_created:
            parts.append(f"{len(o.sources_created)} créée(s) ({', '.join(o.sources_created)})")
        if o.sources_matched:
            parts.append(f"{len(o.sources_matched)} déjà enregistrée(s)")
        if o.sources_unregistered:
            parts.append(f"{len(o.sources_unregistered)} non enregistrée(s), sans URL valide "
                         f"({', '.join(o.sources_unregistered)})")
        return parts

    def _totals(self, outcomes):
        created = sum(1 for o in outcomes if o.action == "created")
        updated = sum(1 for o in outcomes if o.action == "updated")
        self.stdout.write(self.style.SUCCESS(
            f"{created} article(s) créé(s), {updated} mis à jour, {len(outcomes) - created - updated} inchangé(s) ou ignoré(s)."
        ))

    def _summary(self, action: str, slug: str, path: str, result, article_id=None):
        blockers = sorted({f.code for f in result.blockers})
        warnings = sorted({f.code for f in result.warnings})
        ref = f" #{article_id}" if article_id else ""
        line = f"{action}{ref}  {slug}  ({path}) — score {result.score:.2f}"
        if blockers:
            line += f" — {len(result.blockers)} bloquant(s) : {', '.join(blockers)}"
        if warnings:
            line += f" — {len(result.warnings)} avertissement(s) : {', '.join(warnings)}"
        self.stdout.write(self.style.WARNING(line) if blockers else line)
