"""No built page shows a converter gloss or a machine-reworded form inside a quotation.

A quotation is Chinese text inside “…” or "…" in a page's visible text, or any element marked
lang="zh" (the province pages' quote cells). Scripts, styles and code are not visible text."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from airace import paths
from airace.data.quotes import problems

CJK = re.compile(r"[\u3400-\u9fff]")
QUOTED = re.compile(r"“([^”]{2,400})”|\"([^\"\n]{2,400})\"")


def quotations(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "noscript", "template"]):
        hidden.decompose()
    # Quote cells are marked lang="zh"; the spans every page wraps Chinese in (zh-Hans/zh-Hant) are not quotes.
    found = [el.get_text(" ", strip=True) for el in soup.find_all(attrs={"lang": re.compile(r"^zh$")})]
    text = soup.get_text(" ")
    found += [a or b for a, b in QUOTED.findall(text)]
    return [q for q in found if CJK.search(q)]


def bad_quotations(html: str) -> list[tuple[str, list[str]]]:
    return [(q, problems(q)) for q in quotations(html) if problems(q)]


def test_the_check_catches_glosses_and_reworded_forms():
    """The check itself can fail: a gloss in a lang=zh cell and a reworded form in quotation marks."""
    page = ("<p>Shenzhen: “每年靈通100個以上應(yīng)用場景” and "
            "<span lang='zh'>東談主工智能</span>; fine: “人工智能”</p><script>“數(shù)據(jù)”</script>")
    found = bad_quotations(page)
    assert [q for q, _ in found] == ["東談主工智能", "每年靈通100個以上應(yīng)用場景"]


def pages() -> list:
    return sorted(p for p in paths.SITE.rglob("*.html")
                  if p.relative_to(paths.SITE).parts[0] not in ("_static", "_sources"))


def test_no_page_shows_a_gloss_or_reworded_form_in_a_quotation(site):
    checked = pages()
    assert len(checked) > 30, "the site has its chapters and province pages"
    bad = {}
    for page in checked:
        found = bad_quotations(page.read_text(encoding="utf-8"))
        if found:
            bad[str(page.relative_to(site))] = found[:3]
    assert not bad, bad


def test_no_page_carries_a_converter_gloss_anywhere(site):
    """Not in a quotation, a tooltip or the data a chart embeds: the verbatim copy text stays in
    the ledger and the data download, pages carry only the display form."""
    from airace.data.quotes import GLOSS
    found = {str(page.relative_to(site)): len(GLOSS.findall(page.read_text(encoding="utf-8"))) for page in pages()}
    assert not {page: n for page, n in found.items() if n}, "pages carry converter glosses"
