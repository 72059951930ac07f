"""The public notice board of a site: no sign-in, an unguessable address, the reader's language."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language
from django.views.generic import TemplateView

from tenants.notices.board import board_sections, notice_text, notices_in_force
from tenants.notices.languages import LANGUAGE_NAMES, reader_language
from tenants.notices.services.notices import today
from tenants.sites.models import Site


class BoardView(TemplateView):
    """What residents read on their phones, or print: the notices in force at one site."""

    template_name = "notices/board.html"

    def get_context_data(self, **kwargs):
        site = get_object_or_404(Site, board_token=self.kwargs["token"])
        language = reader_language(get_language())
        notices = notices_in_force(site, today())
        return super().get_context_data(
            site=site,
            language=language,
            language_name=LANGUAGE_NAMES[language],
            texts=[notice_text(notice, language) for notice in notices],
            sections=board_sections(site, language=language, now=timezone.now()),
            **kwargs,
        )
