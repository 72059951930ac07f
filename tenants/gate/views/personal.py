"""Showing a record's full ID and phone numbers to a manager: by POST, once, recorded."""

from django.utils.cache import add_never_cache_headers

from tenants.gate.services.personal_data import reveal


class RevealMixin:
    """Put before a record's detail view: POST answers the same page with the full numbers.

    The numbers are only ever in this one response (never in a URL, never in a redirect),
    and the browser is told not to keep it.
    """

    permission = "personal_data.reveal"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        revealed = reveal(self.object, by=request.user)
        response = self.render_to_response(self.get_context_data(revealed=revealed))
        add_never_cache_headers(response)
        return response
