"""Notices in the portal: the list with each language's state, one notice, its history, posters."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.notices.board import board_url
from tenants.notices.formatting import body_html
from tenants.notices.languages import LANGUAGE_NAMES, NOTICE_LANGUAGES, STATE_LABELS
from tenants.notices.models import Notice, NoticeStatus
from tenants.notices.posters import ALL_LANGUAGES, render_poster
from tenants.notices.views.editor import NoticeFromUrlMixin
from tenants.sites.models import Site


def language_marks(notice: Notice) -> list[dict]:
    """Each language's state, for the ✓ / missing / outdated marks beside a notice."""
    return [
        {
            "language": language,
            "name": LANGUAGE_NAMES[language],
            "state": state,
            "label": STATE_LABELS[state],
        }
        for language, state in notice.language_states.items()
    ]


def language_texts(title: dict, body: dict, *, written_only: bool = False) -> list[dict]:
    """Each language's title and body HTML, for the side-by-side reading of a notice or version."""
    return [
        {
            "language": language,
            "name": LANGUAGE_NAMES[language],
            "title": title.get(language, ""),
            "body": body_html(body.get(language, "")),
        }
        for language in NOTICE_LANGUAGES
        if not written_only or title.get(language) or body.get(language)
    ]


class NoticeListView(CompanyPermissionRequiredMixin, ListView):
    permission = "notices.view"
    template_name = "notices/list.html"
    context_object_name = "notices"
    paginate_by = 50

    def get_queryset(self):
        notices = Notice.objects.visible_to(self.access).prefetch_related("sites", "gates__site")
        status = self.request.GET.get("status")
        if status in NoticeStatus.values:
            notices = notices.filter(status=status)
        site = self.request.GET.get("site", "")
        if site.isdigit():
            notices = notices.filter(sites=site)
        if self.request.GET.get("translations") == "incomplete":
            # A translation missing or written before the Chinese last changed.
            notices = notices.filter(pk__in=notices.with_translation_gaps())
        return notices

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for notice in context["notices"]:
            notice.marks = language_marks(notice)
        return context | {
            "statuses": NoticeStatus.choices,
            "sites": Site.objects.visible_to(self.access),
            "languages": [LANGUAGE_NAMES[language] for language in NOTICE_LANGUAGES],
        }


class NoticeDetailView(NoticeFromUrlMixin, CompanyPermissionRequiredMixin, DetailView):
    permission = "notices.view"
    template_name = "notices/detail.html"
    context_object_name = "notice"

    def get_object(self):
        return self.get_notice()

    def get_context_data(self, **kwargs):
        notice = self.object
        editable = (
            self.access.has("notices.change")
            and Notice.objects.editable_by(self.access).filter(pk=notice.pk).exists()
        )
        return super().get_context_data(
            marks=language_marks(notice),
            texts=language_texts(notice.title, notice.body),
            sites=notice.sites.all(),
            gates=notice.gates.select_related("site"),
            editable=editable,
            poster_languages=[(ALL_LANGUAGES, None), *LANGUAGE_NAMES.items()],
            **kwargs,
        )


class NoticeHistoryView(NoticeFromUrlMixin, CompanyPermissionRequiredMixin, DetailView):
    permission = "notices.view"
    template_name = "notices/history.html"
    context_object_name = "notice"

    def get_object(self):
        return self.get_notice()

    def get_context_data(self, **kwargs):
        versions = list(self.object.versions.select_related("published_by"))
        for version in versions:
            version.texts = language_texts(version.title, version.body, written_only=True)
        return super().get_context_data(versions=versions, **kwargs)


class NoticePosterView(NoticeFromUrlMixin, CompanyPermissionRequiredMixin, DetailView):
    """The A4 poster PDF of a notice at one of its sites: ?site=<id>&language=<code or all>."""

    permission = "notices.view"

    def get(self, request, *args, **kwargs):
        notice = self.get_notice()
        language = request.GET.get("language", ALL_LANGUAGES)
        if language != ALL_LANGUAGES and language not in NOTICE_LANGUAGES:
            raise Http404
        sites = notice.sites.filter(pk__in=Site.objects.visible_to(self.access))
        site_id = request.GET.get("site", "")
        site = (
            get_object_or_404(sites, pk=site_id)
            if site_id.isdigit()
            else sites.order_by("pk").first()
        )
        if site is None:
            raise Http404
        pdf = render_poster(
            notice, site=site, language=language, board_url=board_url(site, request.tenant)
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        filename = f"notice-{notice.pk}-{language}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
