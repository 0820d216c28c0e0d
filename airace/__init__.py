"""The code behind the book on China's local AI race: paths, regions, sources, cleaning,
schemas, geometry, charts and the build runner. It holds no prose; notebooks tell the story."""

# Importing the package in a page's kernel starts recording what the page reads (airace/reads.py).
from airace import reads as _reads  # noqa: F401
