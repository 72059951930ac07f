"""Notice bodies: plain text with paragraphs, lists and bold, turned into safe HTML.

markdown-it's "zero" preset knows nothing but paragraphs; lists and emphasis are switched on
and nothing else. Raw HTML is off, so `<script>` in a body is escaped and shown as text,
and there are no links or images: a company's text cannot run script in a browser or make
the PDF renderer fetch anything.
"""

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_renderer = MarkdownIt("zero", {"breaks": True, "html": False}).enable(
    ["emphasis", "list", "newline"]
)


def body_html(text: str) -> SafeString:
    """The HTML of a notice body; everything the company wrote is escaped."""
    return mark_safe(_renderer.render(text or ""))  # noqa: S308 - escaped by the renderer
