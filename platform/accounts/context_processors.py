from accounts.access import access_for


def membership(request):
    """Expose the current company and what the user may do there to every template."""
    access = access_for(request)
    company = getattr(request, "tenant", None)
    return {
        "company": company if access is not None else None,
        "membership": getattr(request, "membership", None),
        "perms_for": PermissionLookup(access),
    }


class PermissionLookup:
    """Lets templates ask `{% if perms_for.sites_create %}` (the dot becomes an underscore).

    The action is the part after the last underscore: `personal_data_reveal` is
    `personal_data.reveal`.
    """

    def __init__(self, access):
        self.access = access

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        area, _sep, action = name.rpartition("_")
        permission = f"{area}.{action}"
        return self.access is not None and self.access.has(permission)
