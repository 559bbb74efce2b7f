"""Demo content of the services app (filled by its own issue)."""


def build():
    return None
