from accounts.access import access_for
from tenants.portal.menu import menu_for


def portal_menu(request):
    """The menu of the portal for members of this host's company; empty for everyone else.

    Partners (API keys), outsiders and the platform host have no portal to find their way in.
    """
    access = access_for(request)
    if access is None or getattr(request, "membership", None) is None:
        return {"portal_menu": []}
    return {"portal_menu": menu_for(access, path=request.path, query=request.GET)}
