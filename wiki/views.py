from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from accounts.models import Block
from accounts.services import can_block
from wiki import page_cache
from wiki.changes import changes_list
from wiki.conditional import (
    reader_privileges,
    reading_page,
    served_unrendered,
    version_of,
)
from wiki.editing import edit_submit, form_response
from wiki.filters import PageFilter, RecentChangesForm
from wiki.forms import PageCreateForm, PageEditForm
from wiki.guards import write_guard
from wiki.home import home_sections
from wiki.links import render_wiki_markdown
from wiki.markdown import RenderError
from wiki.models import Page
from wiki.page_cache import cached_for_visitors
from wiki.pagination import page_of, query_without, requested_page
from wiki.permissions import can_edit
from wiki.revision_views import (
    last_revision,
    revision_param,
    visible_revision_or_404,
)
from wiki.services import page_create
from wiki.visibility import can_see_hidden
from wiki.widgets import editor_target_set

LIST_PAGE_SIZE = 50
CHANGES_PAGE_SIZE = 50
HOME_CHANGES = 8


@cached_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    """The main page's text, the latest changes, and what other apps show here."""
    context = {
        "main_page": Page.objects.main_page(),
        "main_page_title": settings.MAIN_PAGE_TITLE,
        "changes": changes_list(limit=HOME_CHANGES),
        "sections": home_sections(request),
    }
    return render(request, "wiki/home.html", context)


@cached_for_visitors
def page_list(request: HttpRequest) -> HttpResponse:
    """Pages filtered by title and date; invalid filters are shown, never ignored."""
    return filtered_list(
        request,
        filterset_class=PageFilter,
        queryset=Page.objects.for_listing(),
        per_page=LIST_PAGE_SIZE,
        template_name="wiki/page_list.html",
        context_name="pages",
    )


def filtered_list(
    request: HttpRequest,
    *,
    filterset_class,
    queryset,
    per_page: int,
    template_name: str,
    context_name: str,
    extra_context: dict | None = None,
) -> HttpResponse:
    """A list filtered by a django-filter FilterSet, one page of it at a time.

    Invalid filters answer 400 with the form's errors and no list: a filter that
    was ignored would show a wrong list as if it were right. The page after the
    last is found by fetching one row more than a page, never by COUNT(*).
    """
    filterset = filterset_class(request.GET or None, queryset=queryset)
    rows, has_next, page_number = [], False, requested_page(request)
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        status = 200
        filtered = filterset.qs if filterset.is_bound else filterset.queryset
        rows, has_next = page_of(filtered, page_number, per_page)
    context = {
        "filterset": filterset,
        context_name: rows,
        "page_number": page_number,
        "has_next": has_next,
        "query": query_without(request, "page"),
        **(extra_context or {}),
    }
    return render(request, template_name, context, status=status)


def page_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The current page, or an old revision of it with ?revision=<id>."""
    if page_cache.may_reuse(request) and not request.GET:
        response = _page_unrendered(request, slug)
        if response is not None:
            return response
    page = get_object_or_404(Page.objects.defer("body"), slug=slug)
    revision_id = revision_param(request, "revision")
    context = {"page": page, "can_edit": can_edit(page, request.user)}
    if revision_id:
        context.update(_old_revision_context(page, revision_id, request.user))
    else:
        context["last_revision"] = last_revision(page, request.user)
    return reading_page(request, page, "wiki/page_detail.html", context)


def _page_unrendered(request: HttpRequest, slug: str) -> HttpResponse | None:
    """The fast path of the most read view: a 304 or the stored page from one
    query for the page (and, for a logged-in reader, the session, user and
    blocks queries any page of theirs makes); None when it must be rendered.

    The key is the one the full view computes (reading_version), from the same
    values: can_edit() and the reader's privileges need only the protection, and
    the last revision's editor is taken out as redacted() would.
    """
    state = Page.objects.reading_state(slug)
    if state is None:
        return None
    pk, number, protection, html, toc, last = state
    page = Page(pk=pk, slug=slug, version=number, protection=protection)
    user = request.user
    if last is not None:
        history_id, summary_hidden, editor_hidden, editor = last
        if editor_hidden and not can_see_hidden(user):
            editor = None
        last = (history_id, summary_hidden, editor_hidden, editor)
    version = version_of(
        request,
        label=Page._meta.label,
        pk=pk,
        version=number,
        protection=protection,
        derived=(html, toc),
        shown=(can_edit(page, user), last, *reader_privileges(page, user)),
    )
    return version and served_unrendered(request, version)


def _old_revision_context(page: Page, revision_id: int, user) -> dict:
    revision = visible_revision_or_404(page, revision_id, user)
    try:
        rendered = render_wiki_markdown(revision.body)
        html, toc = rendered.html, rendered.toc_html
    except RenderError:
        html, toc = "", ""
    return {"revision": revision, "revision_html": html, "revision_toc": toc}


@login_required
def page_create_view(request: HttpRequest) -> HttpResponse:
    refusal = write_guard(request)
    initial = {"title": request.GET.get("title", "")}
    form = PageCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and refusal is None and form.is_valid():
        if form.existing_page:
            # The same new page submitted twice (a double click): it exists now.
            return redirect(form.existing_page)
        try:
            page = page_create(
                user=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Created “{page.title}”.")
            return redirect(page)
    context = {"form": form, "creating": True}
    return form_response(request, "wiki/page_form.html", context, refusal)


@login_required
def page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    page = get_object_or_404(Page, slug=slug)
    refusal = write_guard(request, page)
    initial = {"body": page.body, "base_version": page.version}
    form = PageEditForm(request.POST or None, initial=initial)
    editor_target_set(form, kind="page", obj=page)
    context = {"form": form, "page": page, "creating": False}
    if request.method == "POST" and refusal is None and form.is_valid():
        values = {"body": form.cleaned_data["body"]}
        response = edit_submit(
            request, obj=page, form=form, values=values, context=context
        )
        if response:
            return response
        context["page"] = context.get("current", page)
    return form_response(request, "wiki/page_form.html", context, refusal)


@cached_for_visitors
def recent_changes(request: HttpRequest) -> HttpResponse:
    context = _changes_context(request)
    return render(
        request,
        "wiki/recent_changes.html",
        context,
        status=400 if context["form"].errors else 200,
    )


# Not in the page cache: a block shown here ends by itself, with no write to count.
def user_profile(request: HttpRequest, username: str) -> HttpResponse:
    """A user's public profile and contributions."""
    profile_user = get_object_or_404(
        get_user_model(), username__iexact=username, is_active=True
    )
    if profile_user.username != username:
        return redirect(profile_user, permanent=True)
    context = _changes_context(request, username=profile_user.username)
    context["profile_user"] = profile_user
    # Shown to everyone, as MediaWiki does: a block is public record.
    context["blocks"] = list(
        Block.objects.active().filter(user=profile_user).select_related("created_by")
    )
    context["can_block"] = can_block(request.user)
    return render(
        request,
        "wiki/user_profile.html",
        context,
        status=400 if context["form"].errors else 200,
    )


def _changes_context(request: HttpRequest, *, username: str | None = None) -> dict:
    form = RecentChangesForm(request.GET or None)
    changes: list = []
    if not form.is_bound or form.is_valid():
        filters = form.cleaned_data if form.is_bound else {}
        since = filters.get("since")
        changes = changes_list(
            kinds=[filters["kind"]] if filters.get("kind") else None,
            username=username or filters.get("user") or None,
            hide_minor=filters.get("hide_minor", False),
            since=timezone.make_aware(datetime.combine(since, time.min))
            if since
            else None,
            before=filters.get("before"),
            limit=CHANGES_PAGE_SIZE + 1,
            include_hidden=can_see_hidden(request.user),
        )
    older = None
    if len(changes) > CHANGES_PAGE_SIZE:
        changes = changes[:CHANGES_PAGE_SIZE]
        older = changes[-1].revision.history_date.isoformat()
    return {
        "form": form,
        "changes": changes,
        "older": older,
        "query": query_without(request, "before"),
    }
