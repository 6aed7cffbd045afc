"""import_sources FILE… — register the sources (and synthesis) of documents in the seed-000 format."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.drafting.briefs import synthesis_import
from sources.limits import file_size_problem
from sources.synthesis_format import SynthesisFormatError, parse_synthesis


class DryRunRollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Importe les sources de synthèses au format « ### Sources vérifiées » (URL, date, fiabilité, extraits). "
        "Idempotent par URL normalisée ; un fichier invalide est refusé en entier."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Affiche ce qui changerait sans rien écrire.")

    def handle(self, *args, files, dry_run, **options):
        refused = 0
        for name in files:
            path = Path(name)
            too_large = file_size_problem(path)
            if too_large:
                self.stderr.write(f"{name} : refusé — {too_large} ; rien n'a été écrit.")
                refused += 1
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                self.stderr.write(f"{name} : refusé — fichier introuvable.")
                refused += 1
                continue
            except (UnicodeDecodeError, OSError) as exc:
                reason = "le fichier n'est pas du texte UTF-8" if isinstance(exc, UnicodeDecodeError) else str(exc)
                self.stderr.write(f"{name} : refusé — {reason} ; rien n'a été écrit.")
                refused += 1
                continue
            try:
                document = parse_synthesis(text)
                report = None
                try:
                    with transaction.atomic():  # one transaction per file: all or nothing
                        report = synthesis_import(document=document, user=None)
                        if dry_run:
                            raise DryRunRollback
                except DryRunRollback:
                    pass
            except SynthesisFormatError as exc:
                where = f"{name}:{exc.line}" if exc.line else name
                self.stderr.write(f"{where}: refusé — {exc.reason} ; rien n'a été écrit pour ce fichier.")
                refused += 1
                continue
            self._print_report(name, report, dry_run)
        if refused:
            raise CommandError(f"{refused} fichier(s) refusé(s) sur {len(files)}.", returncode=1)

    def _print_report(self, name, report, dry_run):
        would = "serait " if dry_run else ""
        prefix = "[simulation] " if dry_run else ""
        summary = (
            f"{prefix}{name} : {len(report.results)} source(s) — {report.created} créée(s), "
            f"{report.updated} mise(s) à jour, {report.unchanged} inchangée(s) ; "
            f"{report.extracts_added} extrait(s) ajouté(s)"
        )
        if report.synthesis_status:
            summary += f" ; synthèse {report.synthesis_status}"
        self.stdout.write(summary + ("" if report.changed else " — rien à changer") + ".")
        for result in report.results:
            source = result.source
            if result.created:
                detail = f"  + « {source.name} » {would}créée ({result.extracts_added} extrait(s)) — {source.url}"
            elif result.changed:
                parts = list(result.changes)
                if result.extracts_added:
                    parts.append(f"+{result.extracts_added} extrait(s)")
                detail = f"  ~ « {source.name} » {would}mise à jour : {', '.join(parts)}"
            else:
                detail = f"  = « {source.name} » inchangée"
            self.stdout.write(detail)
        if report.synthesis_status:
            self.stdout.write(f"  synthèse « {report.synthesis_title} » : {report.synthesis_status}")
