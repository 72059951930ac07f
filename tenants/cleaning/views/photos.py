"""A cleaning log's photo, streamed from storage to those who may see it; never a public URL."""

from django.http import FileResponse, Http404
from django.views import View

from guanjia.portal import CompanyPermissionRequiredMixin
from tenants.cleaning.models import CleaningLog


class PhotoView(CompanyPermissionRequiredMixin, View):
    """The photo of a log: for the company's staff who read cleaning at its site, and for the
    cleaner who took it. Anyone else finds nothing (404), whether the photo exists or not."""

    # Every member reaches the view; who sees which photo is decided below.
    permission = "portal.view"

    def get(self, request, pk):
        logs = CleaningLog.objects.filter(pk=pk).exclude(photo="")
        log = logs.filter(done_by=request.user).first()
        if log is None and self.access.has("cleaning.view"):
            log = logs.visible_to(self.access).first()
        if log is None:
            raise Http404
        try:
            photo = log.photo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(photo, content_type="image/jpeg")
        # Kept by the signed-in browser only, never by a shared cache on the way.
        response["Cache-Control"] = "private, max-age=3600"
        return response
