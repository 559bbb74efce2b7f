"""Demo content of the leads app (filled by its own issue)."""


def build():
    return None
