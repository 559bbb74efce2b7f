"""Translations made the way tests need them: a piece's copy in another language."""

__all__ = ["translation_of"]


def translation_of(original, factory, *, language="zh-hans", **fields):
    """A row made by `factory` in `language`, linked to `original` as its translation."""
    return factory(
        language=language, translation_key=original.translation_key, **fields
    )
