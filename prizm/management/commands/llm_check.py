"""manage.py llm_check [--json]: call the configured LLM server once per output mode and say what works.

Run it before the first draft against a new server (see the README's server profiles). Exit status 1
when no mode works.
"""

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from prizm.llm.check import llm_check


class Command(BaseCommand):
    help = "Vérifie le serveur de langage configuré : modes de sortie structurée, modèle, latence, jetons."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Écrire le rapport en JSON.")

    def handle(self, *args, **options):
        if not settings.OPENAI_API_KEY:
            self.stderr.write(
                "OPENAI_API_KEY est vide : le fournisseur hors ligne est utilisé, il n'y a pas de serveur à vérifier. "
                "Renseignez OPENAI_API_KEY (n'importe quelle valeur pour un serveur local) et OPENAI_BASE_URL."
            )
            sys.exit(1)
        report = llm_check()
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(f"Serveur : {report['server']} · modèle demandé : {report['model']}")
            self.stdout.write(f"Modèle annoncé par le serveur : {report['reported_model'] or '—'}")
            for mode, outcome in report["modes"].items():
                mark = "oui" if outcome["ok"] else "non"  # accepted by the server (detail: answer on schema or not)
                self.stdout.write(f"  {mode:<20} {mark:<4} {outcome['ms']:>6} ms  {outcome['detail']}")
            self.stdout.write(f"Consommation de jetons rapportée : {'oui' if report['usage_reported'] else 'non'}")
            best = report["best_mode"]
            self.stdout.write(f"Mode retenu : {best}" if best else "Aucun mode ne fonctionne : vérifiez OPENAI_BASE_URL et PRIZM_LLM_MODEL.")
        if not report["best_mode"]:
            sys.exit(1)
