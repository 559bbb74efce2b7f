"""Demo content of the articles app (filled by its own issue)."""


def build():
    return None
