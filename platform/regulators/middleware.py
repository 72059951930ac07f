from django.db import connection, transaction


class RegulatorReadOnlyMiddleware:
    """Run every request of a regulator in a read-only PostgreSQL transaction.

    Regulators must never change a company's data; rather than trust every view to
    remember it, the database itself refuses any write made while serving them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not getattr(user, "is_regulator", False):
            return self.get_response(request)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION READ ONLY")
            return self.get_response(request)
