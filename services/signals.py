"""Keep the cached blocks (home, footer, sidebar) in step with the catalogue."""

from django.db.models.signals import m2m_changed, post_delete, post_save


def invalidate_blocks(**kwargs):
    from .templatetags.services_tags import invalidate_block_cache

    invalidate_block_cache()


def connect():
    from .models import CaseStudy, CaseStudyResult, Industry, Service, Solution

    for model in (Service, CaseStudy, CaseStudyResult, Industry, Solution):
        uid = f"services-blocks-{model.__name__}"
        post_save.connect(invalidate_blocks, sender=model, dispatch_uid=uid)
        post_delete.connect(invalidate_blocks, sender=model, dispatch_uid=f"{uid}-del")
    m2m_changed.connect(
        invalidate_blocks,
        sender=CaseStudy.services.through,
        dispatch_uid="services-blocks-case-services",
    )
