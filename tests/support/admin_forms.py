"""The POST data of admin forms, for the tests that send them."""


def inline_forms(prefix, *rows):
    """The inline formset `prefix` holding `rows` (each a dict of a new row's fields)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def service_form(**overrides):
    """A valid service, as the admin's add or change form posts it."""
    data = {
        "name": "Mini Program",
        "slug": "mini-program",
        "parent": "",
        "summary": "Apps inside WeChat.",
        "body": "<p>Body</p><script>alert(1)</script>",
        "published": "on",
        "deliverables": "Design\nBuild",
        "steps": "Discovery: a workshop",
        "price_note": "From ¥40,000",
        "tags": "mini program, wechat",
        "seo_title": "",
        "seo_description": "",
        **inline_forms("children"),
    }
    data.update(overrides)
    return data


def sub_service(name, slug):
    """A new sub-service, as a row of the service admin's inline."""
    return {
        "name": name,
        "slug": slug,
        "summary": "",
        "price_note": "",
        "published": "on",
    }
