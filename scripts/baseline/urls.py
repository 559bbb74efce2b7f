"""The two baselines.

- /hello: Django's hello world.
- /bytes/<name>: the very bytes of one of the product's pages (captured by
  scripts/bench.py from the product's own response), kept in memory and sent as they
  are, with the same status and content type. What a page costs over this is what the
  product spends beyond sending the page.
"""

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt


def _load_pages():
    folder = Path(settings.BASELINE_PAGES) if settings.BASELINE_PAGES else None
    if not folder or not folder.is_dir():
        return {}
    pages = {}
    for body in folder.glob("*.body"):
        content_type = body.with_suffix(".type").read_text().strip()
        pages[body.stem] = (body.read_bytes(), content_type)
    return pages


PAGES = _load_pages()


def hello(request):
    return HttpResponse("Hello, world")


@csrf_exempt  # the contact row posts; its twin answers with the same bytes
def same_bytes(request, name):
    try:
        content, content_type = PAGES[name]
    except KeyError:
        raise Http404 from None
    return HttpResponse(content, content_type=content_type)


urlpatterns = [
    path("hello", hello),
    path("bytes/<slug:name>", same_bytes),
]
