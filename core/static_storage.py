"""The production storage of static files: WhiteNoise's compressed, hashed copies, with each
file's URL remembered once worked out."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """`{% static %}` looks the hashed name up in the manifest and builds the URL on every
    call (30-50 µs each, three a page on the bench machine). The manifest is read when the
    process starts and never changes while it runs (a deploy starts new processes), so the
    answer for a name never changes either."""

    # The templates name a few dozen files; a name from elsewhere must not grow this forever.
    MAX_REMEMBERED = 1000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = super().url(name)
            if len(self._urls) < self.MAX_REMEMBERED:
                self._urls[name] = url
            return url
