"""Factories of the services app."""

import factory

__all__ = [
    "IndustryFactory",
    "ServiceFactory",
    "CaseStudyFactory",
    "CaseStudyImageFactory",
    "CaseStudyResultFactory",
    "SolutionFactory",
]


def many_to_many(field):
    """Set the many-to-many `field` to the objects the call names:
    CaseStudyFactory(services=[service])."""

    def set_objects(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field).set(extracted)

    return factory.PostGeneration(set_objects)


class CatalogueFactory(factory.django.DjangoModelFactory):
    """A page of the catalogue; its many-to-many fields are set after it is saved."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.Industry"
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Industry {n}")
    slug = factory.Sequence(lambda n: f"industry-{n}")


class ServiceFactory(CatalogueFactory):
    class Meta:
        model = "services.Service"

    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")
    summary = "What this service does for you."
    body = "<p>Body</p>"
    deliverables = "Design\nBuild"
    steps = "Discovery: a workshop\nLaunch: go live"
    price_note = "From ¥10,000"
    image = factory.django.ImageField(width=320, height=180, color="blue")


class CaseStudyFactory(CatalogueFactory):
    class Meta:
        model = "services.CaseStudy"

    title = factory.Sequence(lambda n: f"Case study {n}")
    slug = factory.Sequence(lambda n: f"case-{n}")
    client_name = factory.Sequence(lambda n: f"Client {n}")
    industry = factory.SubFactory(IndustryFactory)
    summary = "What we did and what it changed."
    body = "<p>Body</p>"
    cover = factory.django.ImageField(width=320, height=180, color="green")

    services = many_to_many("services")


class CaseStudyImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.CaseStudyImage"

    case_study = factory.SubFactory(CaseStudyFactory)
    image = factory.django.ImageField(width=320, height=180, color="red")
    caption = factory.Sequence(lambda n: f"Screen {n}")


class CaseStudyResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "services.CaseStudyResult"

    case_study = factory.SubFactory(CaseStudyFactory)
    value = "+120%"
    label = "orders"


class SolutionFactory(CatalogueFactory):
    class Meta:
        model = "services.Solution"

    title = factory.Sequence(lambda n: f"Solution {n}")
    slug = factory.Sequence(lambda n: f"solution-{n}")
    industry = factory.SubFactory(IndustryFactory)
    summary = "A ready path for one industry."
    body = "<p>Body</p>"

    services = many_to_many("services")
    case_studies = many_to_many("case_studies")
