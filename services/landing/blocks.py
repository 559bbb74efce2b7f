"""The blocks that show the catalogue's own content: chosen case studies, and the
enquiry form with a service chosen (see agency.core.blocks)."""

from django.utils.translation import gettext_lazy as _

from agency.core.blocks import HEADING, INTRO, BlockType, Field, list_block, register


def _case_study_choices():
    from services.models import CaseStudy

    return [
        (pk, f"{title} ({language})")
        for pk, title, language in CaseStudy.objects.filter(
            trashed_at__isnull=True
        ).values_list("pk", "title", "language")
    ]


def _service_choices():
    from services.models import Service

    return [("", _("None: the visitor chooses"))] + [
        (slug, f"{name} ({language})")
        for slug, name, language in Service.objects.filter(
            trashed_at__isnull=True
        ).values_list("slug", "name", "language")
    ]


def _case_studies(value):
    from services.models import CaseStudy

    wanted = [int(item["case_study"]) for item in value.get("items", ())]
    found = {
        case.pk: case
        for case in CaseStudy.objects.published(language=None)
        .filter(pk__in=wanted)
        .select_related("industry")
    }
    return {"case_studies": [found[pk] for pk in wanted if pk in found]}


def _contact(value):
    from services.models import Service

    slug = value.get("service")
    service = Service.objects.published(language=None).filter(slug=slug).first()
    return {"service": service}


def register_all():
    register(
        list_block(
            "case_studies",
            _("Case studies"),
            _("Case study"),
            Field(
                "case_study",
                _("case study"),
                "choice",
                required=True,
                choices=_case_study_choices,
            ),
            help=_("Chosen from the case studies; unpublished ones are not shown."),
            max_items=6,
            extra_context=_case_studies,
        )
    )
    register(
        BlockType(
            "contact",
            _("Enquiry form"),
            help=_("Enquiries sent from it name this page and the variant seen."),
            fields=(
                HEADING,
                INTRO,
                Field(
                    "service",
                    _("service chosen"),
                    "choice",
                    choices=_service_choices,
                ),
            ),
            extra_context=_contact,
        )
    )
