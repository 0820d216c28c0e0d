"""Every path the project uses, in one place. Other modules import from here, never build paths."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "airace"


def checkout_of(folder: Path) -> Path | None:
    """The checkout of this project that contains `folder` (the nearest folder up with the package
    and the book's configuration), or None."""
    for candidate in (folder.resolve(), *folder.resolve().parents):
        if (candidate / "airace" / "__init__.py").is_file() and (candidate / "_config.yml").is_file():
            return candidate
    return None


def package_files() -> list[Path]:
    """Every module of the package, in every layer, in a stable order: what rebuild keys hash."""
    return sorted(PACKAGE.rglob("*.py"))


CONFIG = ROOT / "_config.yml"

DATA_RAW = ROOT / "data" / "raw"
SUPPLEMENTARY = DATA_RAW / "supplementary"
# Complete 31-province tables from official statistics and one published tally (see its SOURCES.md).
COMPLETE = DATA_RAW / "complete"
DATA_CLEAN = ROOT / "data" / "clean"
DATAPACKAGE = DATA_CLEAN / "datapackage.json"

SOURCES = DATA_RAW / "sources.csv"
FACTS = DATA_RAW / "facts.csv"
REGIONS = DATA_RAW / "regions.csv"
POLICY_EVENTS = DATA_RAW / "policy_events.csv"
# What later reports said of the ledger's targets (the promise tracker's outcomes).
OUTCOMES = DATA_RAW / "outcomes.csv"
FUND_NAMES_EN = DATA_RAW / "fund_names_en.csv"

MAPS = ROOT / "maps"
PROVINCE_TOPOLOGY = MAPS / "provinces.topo.json"
CITY_POINTS = MAPS / "cities.csv"

NOTEBOOKS = ROOT / "notebooks"
BOOK = ROOT / "book"
CHANGELOG = BOOK / "changelog.md"   # its entries' dates are the book's publication dates
CORRECTIONS = BOOK / "corrections.csv"   # the corrections log: date, page, wrong, right, what
STATIC = BOOK / "_static"
STATIC_VENDOR = STATIC / "vendor"
STATIC_MAPS = STATIC / "geo"  # not "maps" or "data": Sphinx applies exclude_patterns to static files
STATIC_DATA = STATIC / "tables"
STATIC_CHARTS = STATIC / "charts"
STATIC_DOWNLOADS = STATIC / "downloads"
DATA_ARCHIVE = STATIC_DOWNLOADS / "china-local-ai-race-data.zip"  # the whole dataset, linked from the data page
# Where a running notebook writes its chart files, when set (the build runner sets it per chapter).
CHART_FOLDER_VARIABLE = "AIRACE_CHART_FOLDER"
# Set only by tests that read what a page glues and draws: no chart is rendered to PNG. The build
# never sets it; the site tests check the images.
NO_IMAGES_VARIABLE = "AIRACE_NO_CHART_IMAGES"
NODE_MODULES = ROOT / "node_modules"
# The pinned dependencies: an upgrade of any of them re-executes every page.
DEPENDENCY_PINS = (ROOT / "requirements.txt", ROOT / "package-lock.json")
TOC = ROOT / "_toc.yml"

BUILD = ROOT / "_build"
SITE = BUILD / "html"            # the published site: only ever replaced whole
WORK = BUILD / "work"            # Jupyter Book's own output dir, kept for incremental builds
WORK_HTML = WORK / "_build" / "html"
SITE_NEW = BUILD / "html.new"    # the next site, complete before it replaces SITE
BUILD_LOCK = BUILD / "build.lock"  # held by the one build running in this tree
STAMPS = BUILD / "stamps"        # what each executed page read, and those inputs' digests
FAILED = BUILD / "failed"        # executed copies of notebooks that failed, for debugging

# Executed chapters live in book/chapters/NAME.ipynb and are built to book/chapters/NAME.html,
# so from a chapter page the site root is two levels up.
SITE_ROOT_FROM_CHAPTER = "../.."
STATIC_URL_FROM_CHAPTER = f"{SITE_ROOT_FROM_CHAPTER}/_static"
