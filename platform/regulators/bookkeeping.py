"""The platform's own records about a regulator, written outside their read-only transaction.

A regulator's request reads companies' data in a transaction PostgreSQL keeps read-only
(`regulators.middleware`). What the platform records about the regulator themselves —
signing in and out (axes' access log, the session) and what they looked at — is not company
data and must still be written: by a view marked `platform_bookkeeping`, which runs outside
that transaction, or by a callback given to `after_read_only` from a view that reads.
"""

from collections.abc import Callable


def platform_bookkeeping(view):
    """Mark a view that writes only the platform's records about the person, e.g. signing out.

    A regulator's request to it runs outside the read-only transaction, so such a view must not
    read or change company data.
    """
    view.platform_bookkeeping = True
    return view


def is_platform_bookkeeping(view) -> bool:
    return getattr(view, "platform_bookkeeping", False)


def after_read_only(request, callback: Callable[[], None]) -> None:
    """Run `callback` once the request's read-only transaction has ended (at once without one)."""
    pending = getattr(request, "after_read_only", None)
    if pending is None:
        callback()
    else:
        pending.append(callback)


def run_after_read_only(request) -> None:
    """Run the callbacks a read-only request left, now that its transaction has ended."""
    pending, request.after_read_only = request.after_read_only, None
    for callback in pending:
        callback()
