"""Link-preview cards for pages without a chart: the book's name, the page's title and the site's
address on a plain 1200 x 630 image (the size Open Graph and Twitter cards display whole),
drawn with Pillow and its bundled font so the image is the same on every machine."""

from __future__ import annotations

import io
import textwrap

from airace.story.charts import BASE, INK, MUTED

WIDTH, HEIGHT = 1200, 630
MARGIN = 80


def card_png(site_title: str, page_title: str, address: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    # Pillow's own scalable font (no system fonts): the same pixels wherever the book is built.
    small, large = ImageFont.load_default(size=34), ImageFont.load_default(size=72)
    draw.rectangle([0, 0, WIDTH, 16], fill=BASE)
    draw.text((MARGIN, MARGIN), site_title, font=small, fill=MUTED)
    y = MARGIN + 90
    for line in textwrap.wrap(page_title, 26)[:4]:
        draw.text((MARGIN, y), line, font=large, fill=INK)
        y += 88
    draw.text((MARGIN, HEIGHT - MARGIN - 34), address, font=small, fill=MUTED)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
