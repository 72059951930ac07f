"""Text that PostgreSQL cannot store: a NUL character, or half of a UTF-16 surrogate pair."""

import re
from collections.abc import Iterator

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def is_unstorable(text: str) -> bool:
    """Whether `text` holds a character that a PostgreSQL text or jsonb column refuses."""
    return UNSTORABLE.search(text) is not None


def unstorable_text_paths(data) -> Iterator[str]:
    """The dotted paths ("title.en", "items.2") of unstorable strings in parsed JSON.

    Keys count too. Walked with a stack, not recursion, so a deeply nested body that the
    JSON parser accepted cannot exhaust Python's recursion limit here.
    """
    stack = [("", data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if is_unstorable(value):
                yield path
        elif isinstance(value, dict):
            for key, item in value.items():
                key_path = f"{path}.{key}" if path else str(key)
                if is_unstorable(key):
                    yield path
                else:
                    stack.append((key_path, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{index}" if path else str(index), item)
                         for index, item in enumerate(value))  # fmt: skip
