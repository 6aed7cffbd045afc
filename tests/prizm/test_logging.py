"""What the console shows an operator: one line per refused request, no traceback for a 403."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.test import RequestFactory
request = RequestFactory().get("/studio/audit/")
request.user = AnonymousUser()
print(response_for_exception(request, PermissionDenied("réservé aux administrateurs")).status_code)
"""


def test_a_403_is_logged_once_without_traceback(tmp_path):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "prizm.settings", "DEBUG": "1",
           "PRIZM_VAR_DIR": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "403"
    assert result.stderr.count("Forbidden (Permission denied): /studio/audit/") == 1
    assert "Traceback" not in result.stderr
