from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from agency.core import fragments
from agency.core import search as site_search
from agency.core.i18n import InItsOwnLanguage

from . import search, widgets
from .models import Article, AuthorProfile, Category
from .selectors import (
    article_around,
    article_for_page,
    article_whole,
    article_with_counts,
)

PAGE_SIZE = 12


# --- Lists ------------------------------------------------------------------------------


class KeptCountPaginator(Paginator):
    """A paginator whose count is kept with the page's fragments (agency.core.fragments):
    counting 100k published articles reads a whole index on every page of every list,
    and the count changes only when content does (or a scheduled article goes live,
    which bounds how long it is kept)."""

    def __init__(self, *args, count_name, count_vary, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name = count_name
        self.count_vary = count_vary

    @cached_property
    def count(self):
        return fragments.kept(
            self.count_name,
            lambda: Paginator.count.func(self),
            vary=self.count_vary,
        )


class PageRangeMixin:
    """Give templates the page numbers to show: 1 … 4 5 [6] 7 8 … 20."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context


class ArticleListView(PageRangeMixin, ListView):
    """All published articles, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        return Article.objects.published().for_cards()

    def get_paginator(self, queryset, per_page, **kwargs):
        # Every page of a list (?page=N) has the same count: keyed by the list's path.
        return KeptCountPaginator(
            queryset,
            per_page,
            count_name="article-list-count",
            count_vary=[self.request.path],
            **kwargs,
        )

    def get_heading(self):
        return _("Articles")

    def get_crumb(self):
        """Name the part of the articles a filtered list shows (a tag, an author)."""
        return None

    def get_breadcrumbs(self):
        crumb = self.get_crumb()
        if crumb is None:
            return [(_("Articles"), None)]
        return [(_("Articles"), reverse("articles:article_list")), (crumb, None)]

    def get_meta_title(self):
        return self.get_heading()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heading"] = self.get_heading()
        context["breadcrumbs"] = self.get_breadcrumbs()
        widgets.prefetch_cards(context["articles"], 2)
        # The <head> (agency.core.seo) reads meta_title; later pages say which page they are.
        title = self.get_meta_title()
        page = context.get("page_obj")
        if page is not None and page.number > 1:
            title = _("%(title)s (page %(number)s)") % {
                "title": title,
                "number": page.number,
            }
        context["meta_title"] = title
        return context


class CategoryArticleListView(ArticleListView):
    """A category's articles, its sub-categories' included."""

    template_name = "articles/category_detail.html"

    def get_queryset(self):
        slug = self.kwargs["slug"]
        # The category and its sub-categories in one query.
        family = list(
            Category.objects.filter(Q(slug=slug) | Q(parent__slug=slug))
            .select_related("parent")
            .order_by("order", "name")
        )
        found = [c for c in family if c.slug == slug]
        if not found:
            raise Http404
        self.category = found[0]
        self.subcategories = [c for c in family if c.parent_id == self.category.pk]
        return (
            super()
            .get_queryset()
            .in_category(self.category, [c.pk for c in self.subcategories])
        )

    def get_heading(self):
        return self.category.display_name

    def get_meta_title(self):
        return self.category.display_seo_title or self.category.display_name

    def get_breadcrumbs(self):
        crumbs = [(_("Articles"), reverse("articles:article_list"))]
        if self.category.parent:
            crumbs.append(
                (
                    self.category.parent.display_name,
                    self.category.parent.get_absolute_url(),
                )
            )
        crumbs.append((self.category.display_name, None))
        return crumbs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["subcategories"] = self.subcategories
        context["seo_object"] = self.category
        return context


class TagArticleListView(ArticleListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tagged_items__tag=self.tag)

    def get_heading(self):
        return _("Articles tagged “%(tag)s”") % {"tag": self.tag.name}

    def get_crumb(self):
        return self.tag.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag"] = self.tag
        return context


class AuthorArticleListView(ArticleListView):
    template_name = "articles/author_detail.html"

    def get_queryset(self):
        self.profile = get_object_or_404(
            AuthorProfile.objects.select_related("user"), slug=self.kwargs["slug"]
        )
        return super().get_queryset().filter(author_id=self.profile.user_id)

    def get_heading(self):
        return self.profile.display_name

    def get_crumb(self):
        return self.profile.display_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # No page for authors with nothing published (the count is already known).
        if not context["paginator"].count:
            raise Http404
        context["profile"] = self.profile
        context["seo_object"] = self.profile
        context["meta_description"] = self.profile.display_bio
        return context


# --- One article ------------------------------------------------------------------------


class Around:
    """Previous, next and related articles, looked up (one query) only when the page's
    kept HTML for them (its `{% fragment %}`) has to be rendered again."""

    def __init__(self, article, tags):
        self.article = article
        self.tags = tags

    @cached_property
    def _found(self):
        found = article_around(self.article, tag_ids=[tag.pk for tag in self.tags])
        widgets.prefetch_cards(found[2], 3)
        return found

    @property
    def previous(self):
        return self._found[0]

    @property
    def next(self):
        return self._found[1]

    @property
    def related(self):
        return self._found[2]


class ArticleDetailView(InItsOwnLanguage, DetailView):
    """The article page. Its HTML is the same for every visitor (so it can be cached):
    counts that change per visitor come from the beacon, through articles.js."""

    template_name = "articles/article_detail.html"
    context_object_name = "article"
    preview = False

    def get_queryset(self):
        return Article.objects.published()

    # The page is mostly fragments kept in the cache (agency.core.fragments), keyed by slug.
    FRAGMENTS = ("article-head", "article-breadcrumbs", "article-content")

    def get_object(self, queryset=None):
        if not self.preview:
            # One round trip to the cache for all the page's fragments. When they are
            # all kept, the article need only be found (is it there, is it published?)
            # and its counts read (the `{% fresh %}` parts of the page).
            slug = self.kwargs["slug"]
            fragments.prefetch(
                *((name, [slug]) for name in self.FRAGMENTS),
                *fragments.page_fragments(self.request),
            )
            if all(fragments.is_kept(name, [slug]) for name in self.FRAGMENTS):
                article = article_with_counts(slug)
            else:
                article = article_for_page(slug)
            if article is None:
                raise Http404
            return article
        if queryset is None:
            queryset = self.get_queryset()
        return get_object_or_404(self.whole(queryset), **self.get_lookup())

    def whole(self, queryset):
        return article_whole(queryset)

    def get_lookup(self):
        return {"slug": self.kwargs["slug"]}

    @cached_property
    def whole_article(self):
        """The article with all the page shows: read again only in the rare case that a
        fragment expired between the prefetch and its rendering."""
        if "body" not in self.object.get_deferred_fields():
            return self.object
        return self.whole(Article.objects.all()).get(pk=self.object.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "body" in self.object.get_deferred_fields():
            # Its HTML is kept: the whole article is read only if a part must be
            # made again after all.
            whole = SimpleLazyObject(lambda: self.whole_article)
            tags = SimpleLazyObject(lambda: self.whole_article.tag_list)
            crumbs = SimpleLazyObject(lambda: self.breadcrumbs(self.whole_article))
        else:  # read whole already: no proxy between the templates and it
            whole, tags = self.object, self.object.tag_list
            crumbs = self.breadcrumbs(whole)
        context.update(
            article=whole,
            seo_object=whole,
            tags=tags,
            around=Around(whole, tags),
            breadcrumbs=crumbs,
            preview=self.preview,
        )
        return context

    def breadcrumbs(self, article):
        crumbs = []
        if article.category.parent:
            parent = article.category.parent
            crumbs.append((parent.display_name, parent.get_absolute_url()))
        crumbs += [
            (article.category.display_name, article.category.get_absolute_url()),
            (article.title, None),
        ]
        return crumbs


@method_decorator(never_cache, name="dispatch")
@method_decorator(login_required, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """Staff see any article, draft or scheduled, as visitors will: never cached,
    never indexed, never counted."""

    preview = True

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (
            user.is_staff
            and (
                user.has_perm("articles.change_article")
                or user.has_perm("articles.view_article")
            )
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Article.objects.all()

    def get_lookup(self):
        return {"pk": self.kwargs["pk"]}

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


# --- Search -----------------------------------------------------------------------------


class SearchView(PageRangeMixin, ListView):
    template_name = "articles/search.html"
    context_object_name = "results"
    paginate_by = 10
    # What other apps find (services, case studies, solutions), above the articles.
    elsewhere_limit = 4

    def get(self, request, *args, **kwargs):
        self.query, self.shortened = search.clean_query(request.GET.get("q", ""))
        self.fallback = False
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if not self.query:
            return Article.objects.none()
        published = Article.objects.published().select_related("category")
        results = search.search_articles(published, self.query)
        if search.uses_full_text() and search.has_cjk(self.query) and not len(results):
            # Chinese is indexed as words and character pairs (agency.core.textsearch);
            # what that misses (one character ending a word) is matched by containment.
            self.fallback = True
            results = search.containment_search(published, self.query, body=False)
        return results

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        highlighted = search.uses_full_text() and not self.fallback
        for article in context["results"]:
            if highlighted:
                article.snippet = search.highlight(article.headline)
                article.title_html = search.highlight(article.title_headline)
            else:
                article.snippet = search.snippet(article, self.query)
                article.title_html = search.highlight(article.title, self.query)
        paginator = context.get("paginator")
        page = context.get("page_obj")
        first_page = page is None or page.number == 1
        context.update(
            query=self.query,
            # Only beside the first page of articles: the later pages are the articles'.
            elsewhere=(
                site_search.find_elsewhere(self.query, limit=self.elsewhere_limit)
                if self.query and first_page
                else []
            ),
            search_query=self.query,
            shortened=self.shortened,
            # Full-text relevance stops at the window: say so rather than a false total.
            window=search.RANK_WINDOW,
            capped=bool(
                highlighted and paginator and paginator.count >= search.RANK_WINDOW
            ),
            max_length=search.MAX_QUERY_LENGTH,
            breadcrumbs=[(_("Search"), None)],
            meta_title=(
                _("Search: %(query)s") % {"query": self.query}
                if self.query
                else _("Search")
            ),
        )
        return context
