"""Messages of Django and DRF that the project translates itself, so `make messages` keeps them.

Their libraries translate them into Chinese but ship no Japanese (DRF's field errors, its schema
descriptions) or neither Japanese nor Korean (a password validator, the admin's sign-in pages).
The project's catalogs take precedence over the libraries', so a caller reads these in their own
language; any message still missing falls back to English, never to Chinese
(language_fallback.py). Nothing imports this module: it only marks the strings for extraction.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

REST_FRAMEWORK = (
    gettext_noop("Must be a valid UUID."),
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Not a valid string."),
    gettext_noop("Invalid input."),
    gettext_noop("Datetime value out of range."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Surrogate characters are not allowed: U+{code_point:X}."),
    gettext_noop(
        'Enter a valid "slug" consisting of Unicode letters, numbers, underscores, or hyphens.'
    ),
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    # What the API schema says of the query parameters and ids.
    gettext_noop("A page number within the paginated result set."),
    gettext_noop("Number of results to return per page."),
    gettext_noop("The initial index from which to return the results."),
    gettext_noop("The pagination cursor value."),
    gettext_noop("A search term."),
    gettext_noop("Which field to use when ordering the results."),
    gettext_noop("A {value_type} identifying this {name}."),
    gettext_noop("UUID string"),
    gettext_noop("unique integer value"),
    gettext_noop("unique value"),
    # The browsable API.
    gettext_noop("Extra Actions"),
    gettext_noop("content"),
    gettext_noop("main content"),
    gettext_noop("navbar"),
    gettext_noop("request form"),
    gettext_noop("request info"),
    gettext_noop("response info"),
)

AUTH = (
    # Django's catalogs still hold this older form, which the check of what Chinese readers
    # get (tests/project/test_no_chinese_fallback.py) finds; Django 5.2 itself says the one below.
    ngettext_lazy(
        "This password is too short. It must contain at least %(min_length)d character.",
        "This password is too short. It must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        8,
    ),
)

ADMIN = (
    gettext_noop("Are you sure?"),
    gettext_noop("Enter a username and password."),
    gettext_noop(
        "First, enter a username and password. Then, you’ll be able to edit more user options."
    ),
    gettext_noop("Forgotten your password or username?"),
    gettext_noop("Your username, in case you’ve forgotten:"),
)
