# Production image: gunicorn serving the site with config.settings.production.
FROM python:3.12-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_LINK_MODE=copy UV_COMPILE_BYTECODE=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production PATH="/app/.venv/bin:$PATH"
# Trade documents (marketplace/documents) are PDFs made by WeasyPrint: Pango (with HarfBuzz)
# lays the text out; DejaVu covers Latin and Arabic, Lohit Devanagari covers Hindi.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
       fonts-dejavu-core fonts-lohit-deva \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir uv && useradd --create-home --uid 1000 deh
WORKDIR /app
COPY pyproject.toml uv.lock .python-version ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# collectstatic needs settings to import; the build-time key is thrown away with this layer.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput
# Mount points owned by the app user (an empty named volume takes this ownership).
RUN mkdir -p /app/media /app/private-media && chown deh /app/media /app/private-media
USER deh
EXPOSE 8000
# Workers, threads and recycling: config/gunicorn.py (why, and the environment overrides).
CMD ["gunicorn", "-c", "config/gunicorn.py", "config.wsgi:application"]
