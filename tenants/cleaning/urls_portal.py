"""Portal pages of cleaning and disinfection; included in the portal's namespace by
tenants.portal.urls. Each views module lists its own pages: the cleaner's phone, the
managers' pages, and the printed sheets and forms."""

from tenants.cleaning.views import documents, manager, phone

urlpatterns = [*phone.urlpatterns, *manager.urlpatterns, *documents.urlpatterns]
