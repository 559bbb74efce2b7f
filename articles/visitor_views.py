"""What a visitor's browser asks of an article: count this view, like it."""

from django.conf import settings
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from agency.core.visitors import (
    client_ip,
    is_bot,
    remember_visitor,
    too_many,
    visitor_id,
    visitor_key,
)

from .models import Article
from .services import article_counts, article_like_toggle, article_view_record


def _published_article_id(slug):
    ids = list(
        Article.objects.published().filter(slug=slug).values_list("pk", flat=True)
    )
    if not ids:
        raise Http404
    return ids[0]


@csrf_exempt  # A view count changes nothing a forger could want; likes need the token.
@never_cache
@require_POST
def article_beacon(request, slug):
    """Count a view (once per visitor per 30 minutes, never bots or staff) and answer
    with the fresh counts, this visitor's like and a CSRF token for the like button."""
    article_id = _published_article_id(slug)
    vid, new_visitor = visitor_id(request)
    key = visitor_key(request, vid)
    counted = False
    if not (
        is_bot(request)
        or request.user.is_staff
        or too_many(request, "beacon", settings.ARTICLES_BEACON_RATE)
    ):
        counted = article_view_record(
            article_id=article_id, visitor_key=key, address=client_ip(request)
        )
    counts = article_counts(article_id=article_id, visitor_key=key)
    response = JsonResponse(
        {
            "counted": counted,
            "view_count": counts.view_count,
            "like_count": counts.like_count,
            "liked": counts.liked,
            "csrf_token": _csrf_token(request),
        }
    )
    if new_visitor:
        remember_visitor(request, response, vid)
    return response


def _csrf_token(request):
    from django.middleware.csrf import get_token

    return get_token(request)


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


@never_cache
def article_like(request, slug):
    """GET: a small page with the like form (for browsers without JavaScript).
    POST: like the article, or take the like back; JSON for articles.js."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    article = get_object_or_404(
        Article.objects.published().only("pk", "title", "slug", "like_count"), slug=slug
    )
    vid, new_visitor = visitor_id(request)
    key = visitor_key(request, vid)
    if request.method == "POST":
        retry_after = None
        over = too_many(request, "like", settings.ARTICLES_LIKE_RATE)
        if over is not None:
            retry_after = over.retry_after
        else:
            counts = article_like_toggle(
                article_id=article.pk, visitor_key=key, address=client_ip(request)
            )
            if counts.refused:
                retry_after = settings.ARTICLES_LIKES_PER_ADDRESS[1]
        if retry_after is not None:
            message = _("Too many likes from your network just now. Try again later.")
            if _wants_json(request):
                response = JsonResponse({"error": message}, status=429)
            else:
                response = render(
                    request,
                    "articles/article_like.html",
                    {"article": article, "error": message, "liked": None},
                    status=429,
                )
            response["Retry-After"] = str(retry_after)
            return response
        if _wants_json(request):
            response = JsonResponse(
                {"liked": counts.liked, "like_count": counts.like_count}
            )
        else:
            response = redirect(f"{article.get_absolute_url()}#like")
    else:
        counts = article_counts(article_id=article.pk, visitor_key=key)
        response = render(
            request,
            "articles/article_like.html",
            {
                "article": article,
                "liked": counts.liked,
                "like_count": counts.like_count,
                "meta_title": _("Like: %(title)s") % {"title": article.title},
                "breadcrumbs": [
                    (article.title, article.get_absolute_url()),
                    (_("Like"), None),
                ],
            },
        )
    if new_visitor:
        remember_visitor(request, response, vid)
    return response
