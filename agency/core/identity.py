"""The site's own settings (name, logo, contact details) for code that cannot import the
site app, which sits above it: the site app hands over its loader when it is ready."""

_loader = None


def settings_from(loader):
    global _loader
    _loader = loader


def site_settings():
    """The site's settings object (name, tagline, logo, ...)."""
    if _loader is None:
        raise RuntimeError("No site settings loader: is agency.site installed?")
    return _loader()
