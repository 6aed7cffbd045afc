"""check_articles [FILE…] [--all] [--json] — the quality gate on files or stored articles (read-only).

Exit status 1 when any blocker is found (or a file cannot be read)."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.files.importing import ArticleFileError, article_file_read, parsed_gate_document
from articles.models import Article
from articles.quality import check_document
from articles.quality.store import current_revisions, revision_documents

BATCH = 500


def _entry(key: str, name: str, result) -> dict:
    return {
        key: name,
        "score": result.score,
        "publishable": result.publishable,
        "findings": [f.as_dict() for f in result.findings],
    }


class Command(BaseCommand):
    help = (
        "Contrôle qualité de fichiers d'articles (leurs références résolues contre les sources enregistrées) "
        "ou des articles enregistrés (--all, ou un slug). Code de sortie 1 s'il reste un bloquant."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="*", metavar="FILE", help="Fichiers markdown, ou slugs d'articles enregistrés.")
        parser.add_argument("--all", action="store_true", help="Contrôler tous les articles enregistrés.")
        parser.add_argument("--json", action="store_true", help="Sortie JSON pour les machines.")

    def handle(self, *args, targets, all=False, json=False, **options):
        if not targets and not all:
            raise CommandError("Indiquez des fichiers à contrôler, ou --all pour les articles enregistrés.")
        entries: list[dict] = []
        slugs: list[str] = []
        for target in targets:
            if Path(target).exists():
                entries.append(self._check_file(target))
            else:
                slugs.append(target)
        if slugs:
            found = dict(Article.objects.filter(slug__in=slugs).values_list("slug", "pk"))
            for slug in slugs:
                if slug not in found:
                    entries.append({"file": slug, "error": "ni un fichier existant, ni le slug d'un article enregistré",
                                    "line": None, "score": None, "publishable": False, "findings": []})
            entries.extend(self._check_articles(list(found.values())))
        if all:
            ids = list(Article.objects.exclude(current_revision=None).order_by("pk").values_list("pk", flat=True))
            entries.extend(self._check_articles(ids))
        if json:
            self.stdout.write(_dumps(entries))
        else:
            self._print(entries)
        if any(not e["publishable"] for e in entries):
            sys.exit(1)

    def _check_file(self, path: str) -> dict:
        try:
            parsed = article_file_read(path)
        except ArticleFileError as exc:
            return {"file": path, "error": exc.reason, "line": exc.line, "score": None, "publishable": False, "findings": []}
        return _entry("file", path, check_document(parsed_gate_document(parsed)))

    def _check_articles(self, ids: list[int]) -> list[dict]:
        out = []
        for i in range(0, len(ids), BATCH):
            for revision, doc in revision_documents(current_revisions(ids[i:i + BATCH])):
                out.append(_entry("article", revision.article.slug, check_document(doc)))
        return out

    def _print(self, entries: list[dict]) -> None:
        for e in entries:
            name = e.get("file") or e.get("article")
            if e.get("error"):
                where = f":{e['line']}" if e.get("line") else ""
                self.stdout.write(self.style.ERROR(f"✗ {name}{where} — illisible : {e['error']}"))
                continue
            blockers = [f for f in e["findings"] if f["severity"] == "blocker"]
            warnings = [f for f in e["findings"] if f["severity"] == "warning"]
            head = f"{'✗' if blockers else '✓'} {name} — score {e['score']:.2f} — {len(blockers)} bloquant(s), {len(warnings)} avertissement(s)"
            self.stdout.write(self.style.ERROR(head) if blockers else self.style.SUCCESS(head))
            for f in e["findings"]:
                line = f"L{f['line']}" if f["line"] else "—"
                label = "BLOQUANT" if f["severity"] == "blocker" else "avertissement"
                self.stdout.write(f"    {line:>5}  {label:<13} {f['code']:<20} {f['message']}")
                if f["excerpt"] and f["code"] not in ("source_uncited", "source_missing_url"):
                    excerpt = " ".join(f["excerpt"].split())
                    self.stdout.write(f"           « {excerpt[:140]}{'…' if len(excerpt) > 140 else ''} »")
        blocked = sum(1 for e in entries if not e["publishable"])
        summary = f"{len(entries)} contrôlé(s), {blocked} avec bloquant(s) ou illisible(s)."
        self.stdout.write(self.style.ERROR(summary) if blocked else self.style.SUCCESS(summary))


def _dumps(entries) -> str:
    return json.dumps(entries, ensure_ascii=False, indent=2)
