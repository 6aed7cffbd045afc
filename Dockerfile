# Production image: gunicorn + whitenoise for the web, the same image runs the worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PRIZM_VAR_DIR=/app/var
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY prizm ./prizm
COPY sources ./sources
COPY articles ./articles
RUN pip install .
COPY . .
RUN python manage.py compilemessages --ignore=.venv -v 0 \
 && DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0 \
 && useradd --system --home /app prizm && mkdir -p /app/var && chown -R prizm /app/var
USER prizm
EXPOSE 8000
CMD ["gunicorn", "prizm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
