"""The order and keys of the book's PDF (airace/site/book_pdf.py); the PDF itself is checked in
tests/site/test_reader.py."""

from __future__ import annotations

from airace.site import book_pdf


def test_pages_print_in_the_order_of_the_contents(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("root: book/intro\nparts:\n  - caption: A\n    chapters:\n      - file: book/chapters/one\n"
                   "      - file: book/provinces/provinces\n        sections:\n          - file: book/provinces/110000\n"
                   "  - caption: B\n    chapters:\n      - file: book/method\n", encoding="utf-8")
    assert book_pdf.page_order(toc) == ["book/intro", "book/chapters/one", "book/provinces/provinces",
                                        "book/provinces/110000", "book/method"]


def test_a_page_is_printed_again_when_its_html_its_style_or_its_images_change(tmp_path):
    (tmp_path / "_static" / "charts").mkdir(parents=True)
    (tmp_path / "book").mkdir()
    page = tmp_path / "book" / "p.html"
    page.write_text('<img class="airace-static" src="../_static/charts/a.png">', encoding="utf-8")
    (tmp_path / "_static" / "charts" / "a.png").write_bytes(b"one")
    (tmp_path / "_static" / "airace.css").write_text("a {}", encoding="utf-8")
    first = book_pdf.page_key(tmp_path, "book/p")
    assert book_pdf.page_key(tmp_path, "book/p") == first
    (tmp_path / "_static" / "charts" / "a.png").write_bytes(b"two")
    second = book_pdf.page_key(tmp_path, "book/p")
    (tmp_path / "_static" / "airace.css").write_text("a { color: red }", encoding="utf-8")
    third = book_pdf.page_key(tmp_path, "book/p")
    page.write_text("<p>changed</p>", encoding="utf-8")
    assert len({first, second, third, book_pdf.page_key(tmp_path, "book/p")}) == 4
