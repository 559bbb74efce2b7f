"""Static files in production: WhiteNoise's compressed, hashed copies, each file's
address worked out once per process.

A hashed address (site.3f2a….css) comes from the manifest, which does not change while
a process runs (a deploy starts new processes); asking it again on every render (a
lookup, a split and a urljoin for each `{% static %}`, about 8 µs) added up to a few
per cent of an article's render with the page cache off. Only names the manifest holds
get an address (any other raises, as before, and is not remembered), so this keeps at
most one entry per collected file (WhiteNoise asks for all of them when it starts).
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self.urls[name]
        except KeyError:
            url = self.urls[name] = super().url(name)
            return url
