"""`import_sources FILE…` on the seed-000 format: happy path, idempotency, dry run and every refusal."""

import os
import subprocess
import sys
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from articles.models import Synthesis
from sources.models import Extract, Source
from tests.sources.conftest import SEED_000

pytestmark = pytest.mark.django_db

# A fictional document in the same format (organisations and figures invented).
FICTIONAL = """# Synthèse : La réparation de proximité dans les villes moyennes

### Sources vérifiées
**Source 1** : Observatoire Orbe – Baromètre
- URL : https://orbe.example.org/barometre-2024/
- Date : mars 2024
- Fiabilité : 8/10
- Extraits clés :
  * "Le nombre d'ateliers a progressé de 18 % entre 2021 et 2024."
  * "Le coût moyen d'une réparation s'établit à 67 euros."

**Source 2** : Gazette du Val – Article
- URL : https://gazette-val.example.com/reparation
- Date : 2023
- Fiabilité : 6/10
- Extraits clés :
  * "Six ménages sur dix ont renoncé à une réparation."

### Synthèse et angles
- **Convergences** : La réparation progresse partout.
- **Divergences** : Le coût reste discuté.
- **Angle Prizm recommandé** : Partir des ateliers.
- **Score global** : 8/10
"""


def run(*paths, dry_run=False):
    out, err = StringIO(), StringIO()
    args = [str(p) for p in paths] + (["--dry-run"] if dry_run else [])
    try:
        call_command("import_sources", *args, stdout=out, stderr=err)
        error = None
    except CommandError as exc:
        error = exc
    return out.getvalue(), err.getvalue(), error


def write(tmp_path, text, name="synthese.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_seed_000_yields_its_three_sources_with_urls_dates_reliability_and_extracts():
    out, err, error = run(SEED_000)
    assert error is None, err
    assert Source.objects.count() == 3
    # The seed quotes 2 + 2 + 1 key extracts.
    assert Extract.objects.count() == 5
    fab = Source.objects.get(name="La French Fab")
    assert fab.url.startswith("https://www.lafrenchfab.fr/2025/06/19/")
    assert (fab.published_display, fab.reliability, fab.kind) == ("19/06/2025", 8, "article")
    dfm = Source.objects.get(name="DFM.fr")
    assert dfm.kind == "etude" and dfm.extracts.count() == 2
    dihnamic = Source.objects.get(name="Dihnamic")
    assert (dihnamic.published_display, dihnamic.published_precision, dihnamic.reliability) == ("2024", "year", 7)
    assert dihnamic.extracts.get().text.startswith("Les PME innovantes du secteur manufacturier")
    synthesis = Synthesis.objects.get()
    assert synthesis.title.startswith("Usages concrets et sectoriels de l’IA")
    assert synthesis.score == Decimal("7.5")
    assert "maintenance et production" in synthesis.convergences
    assert synthesis.divergences.startswith("Pas de divergences majeures")
    assert "démonstrateurs" in synthesis.recommended_angle
    assert set(synthesis.sources.all()) == set(Source.objects.all())
    assert "3 créée(s)" in out


def test_running_it_again_changes_nothing():
    run(SEED_000)
    stamps = dict(Source.objects.values_list("pk", "updated_at"))
    out, err, error = run(SEED_000)
    assert error is None
    assert (Source.objects.count(), Extract.objects.count(), Synthesis.objects.count()) == (3, 5, 1)
    assert dict(Source.objects.values_list("pk", "updated_at")) == stamps
    assert "rien à changer" in out and "0 créée(s)" in out


def test_reimport_updates_by_normalized_url_and_never_duplicates_extracts(tmp_path):
    run(write(tmp_path, FICTIONAL))
    changed = FICTIONAL.replace("Fiabilité : 6/10", "Fiabilité : 7/10").replace(
        "https://orbe.example.org/barometre-2024/", "https://WWW.orbe.example.org/barometre-2024?utm_source=lettre"
    ).replace('  * "Six ménages', '  * "Un ménage sur deux répare lui-même."\n  * "Six ménages')
    out, err, error = run(write(tmp_path, changed, "v2.txt"))
    assert error is None, err
    assert Source.objects.count() == 2
    gazette = Source.objects.get(name="Gazette du Val")
    assert gazette.reliability == 7
    assert gazette.extracts.count() == 2
    assert Source.objects.get(name="Observatoire Orbe").extracts.count() == 2
    assert "fiabilité 6 → 7" in out and "+1 extrait(s)" in out


def test_dry_run_prints_what_would_change_and_writes_nothing(tmp_path):
    out, err, error = run(SEED_000, dry_run=True)
    assert error is None
    assert "[simulation]" in out and "serait créée" in out and "La French Fab" in out
    assert (Source.objects.count(), Extract.objects.count(), Synthesis.objects.count()) == (0, 0, 0)
    run(SEED_000)
    out, _, _ = run(write(tmp_path, open(SEED_000, encoding="utf-8").read().replace("Fiabilité : 7/10", "Fiabilité : 9/10")), dry_run=True)
    assert "serait mise à jour : fiabilité 7 → 9" in out
    assert Source.objects.get(name="Dihnamic").reliability == 7


def test_a_reliability_of_12_is_refused_with_the_line_and_nothing_is_written(tmp_path):
    bad = write(tmp_path, open(SEED_000, encoding="utf-8").read().replace("Fiabilité : 7/10", "Fiabilité : 12/10"))
    out, err, error = run(bad)
    assert error is not None
    assert f"{bad}:23:" in err and "fiabilité 12/10" in err and "0–10" in err
    assert "rien n'a été écrit" in err
    # Sources 1 and 2 were valid, but the file is all or nothing.
    assert (Source.objects.count(), Extract.objects.count(), Synthesis.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(
    "change, line, reason",
    [
        (("- URL : https://gazette-val.example.com/reparation\n", ""), 12, "n'a pas d'URL"),
        (("https://gazette-val.example.com/reparation", "ftp://gazette-val.example.com/reparation"), 13, "URL invalide"),
        (("Fiabilité : 6/10", "Fiabilité : -1/10"), 15, "hors de l'échelle 0–10"),
        (("Fiabilité : 6/10", "Fiabilité : 6,5/10"), 15, "un nombre entier de 0 à 10"),
        (("Fiabilité : 6/10", "Fiabilité : très bonne"), 15, "fiabilité illisible"),
        (("- Fiabilité : 6/10\n", ""), 12, "n'a pas de fiabilité"),
        (("Date : 2023", "Date : l'an dernier"), 14, "date illisible"),
        (("Date : mars 2024", "Date : 31/02/2024"), 6, "date illisible"),
        (("https://gazette-val.example.com/reparation", "https://orbe.example.org/barometre-2024"), 13, "répète l'URL de la source 1"),
        (("Score global** : 8/10", "Score global** : 14/10"), 23, "score global"),
    ],
)
def test_malformed_files_are_refused_with_file_line_and_reason(tmp_path, change, line, reason):
    assert change[0] in FICTIONAL
    path = write(tmp_path, FICTIONAL.replace(*change))
    out, err, error = run(path)
    assert error is not None
    assert f"{path}:{line}:" in err, err
    assert reason in err
    assert Source.objects.count() == 0 and Synthesis.objects.count() == 0


def test_files_without_sources_or_not_utf8_are_refused(tmp_path):
    empty = write(tmp_path, "# Synthèse : rien\n\nDu texte sans source.\n", "vide.txt")
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(FICTIONAL.encode("latin-1", errors="replace"))
    out, err, error = run(empty, latin, tmp_path / "absent.txt")
    assert error is not None and "3 fichier(s) refusé(s)" in str(error)
    assert "aucune source trouvée" in err
    assert "UTF-8" in err and "fichier introuvable" in err


def test_one_transaction_per_file_good_files_are_imported_bad_ones_are_not(tmp_path):
    good = write(tmp_path, FICTIONAL, "bon.txt")
    bad = write(tmp_path, open(SEED_000, encoding="utf-8").read().replace("Fiabilité : 8/10", "Fiabilité : 11/10", 1), "mauvais.txt")
    out, err, error = run(bad, good)
    assert error is not None and "1 fichier(s) refusé(s) sur 2" in str(error)
    assert f"{bad}:7:" in err
    assert set(Source.objects.values_list("name", flat=True)) == {"Observatoire Orbe", "Gazette du Val"}


def test_the_command_exits_non_zero_on_a_refused_file(transactional_db, tmp_path):
    from tests.conftest import _test_database_url

    bad = write(tmp_path, open(SEED_000, encoding="utf-8").read().replace("Fiabilité : 7/10", "Fiabilité : 12/10"))
    env = {**os.environ, "DATABASE_URL": _test_database_url()}
    proc = subprocess.run([sys.executable, "manage.py", "import_sources", str(bad)], cwd=Path(settings.BASE_DIR),
                          env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert ":23:" in proc.stderr and "fiabilité 12/10" in proc.stderr
    assert Source.objects.count() == 0
