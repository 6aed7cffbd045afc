"""Markdown → sanitized HTML. LLM output and imported text are untrusted: raw HTML is not
rendered, the result is cleaned by nh3, links are limited to http(s) and in-page anchors.

Initial version; the public-site work owns and extends it (citations, TOC, link policy).
"""

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "sup", "sub",
    "div", "span", "nav", "img", "del", "s",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "id", "class"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "h2": {"id"}, "h3": {"id"}, "h4": {"id"},
    "div": {"class", "id"}, "span": {"class"}, "nav": {"class"}, "li": {"id"}, "sup": {"id"},
}


class _EscapeHtml(markdown.extensions.Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


def render_markdown(text: str) -> str:
    html = markdown.markdown(
        text or "",
        extensions=["tables", "footnotes", "toc", "sane_lists", _EscapeHtml()],
        output_format="html",
    )
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
