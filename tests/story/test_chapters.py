"""Parameters matter: each chapter executed with another date and another highlighted province
says different things, and says them from the data."""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from support import chart_specs, glued, html_figures, raw_identifiers, vocabulary_codes

from airace import paths
from airace.chapters import CHAPTERS, STORY_PART, by_name
from airace.site import notebooks

CHAPTER_NAMES = [c.name for c in CHAPTERS if c.part == STORY_PART]
DEFAULT = {"as_of": "2025-12-31", "highlight": "440000"}
OTHER = {"as_of": "2025-02-28", "highlight": "510000"}


@pytest.fixture(scope="module", autouse=True)
def charts_elsewhere(tmp_path_factory):
    """Charts drawn by these test runs go to a scratch folder, not into the site's _static, and
    are not rendered to PNG: these tests read what the pages glue and the specs they draw."""
    settings = {paths.CHART_FOLDER_VARIABLE: str(tmp_path_factory.mktemp("charts")), paths.NO_IMAGES_VARIABLE: "1"}
    previous = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    yield
    for key, value in previous.items():
        if value is None:
            os.environ.pop(key)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Each chapter run with two parameter sets, two kernels at a time (each run is its own process)."""
    folder = tmp_path_factory.mktemp("chapters")
    runs = {(name, label): (by_name(name), parameters, folder / f"{name}-{label}.ipynb")
            for name in CHAPTER_NAMES for label, parameters in (("default", DEFAULT), ("other", OTHER))}

    def run(item):
        chapter, parameters, target = item
        notebooks.execute(chapter.notebook, target, chapter.run_parameters(parameters), progress_bar=False)
        return target

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(runs, pool.map(run, runs.values())))


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_highlight_changes_the_text_and_the_charts(executed, name):
    default, other = glued(executed[name, "default"]), glued(executed[name, "other"])
    assert default["highlight_name"] == "Guangdong" and other["highlight_name"] == "Sichuan"
    assert "Guangdong (广东省)" in default["highlight_paragraph"]
    assert "Sichuan (四川省)" in other["highlight_paragraph"]
    # The maps outline the highlighted province.
    assert any('datum.properties.code == \\"440000\\"' in f for f in html_figures(executed[name, "default"]))
    assert any('datum.properties.code == \\"510000\\"' in f for f in html_figures(executed[name, "other"]))


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_an_earlier_date_uses_fewer_facts(executed, name):
    default, other = glued(executed[name, "default"]), glued(executed[name, "other"])
    assert default["as_of"] == "31 December 2025" and other["as_of"] == "28 February 2025"
    assert default["key_findings"] != other["key_findings"], "facts stated after February 2025 must drop out"


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_every_glue_key_the_prose_reads_is_glued(executed, name):
    """The prose and the module agree on the glue keys, with either set of parameters."""
    prose = by_name(name).notebook.read_text(encoding="utf-8")
    wanted = set(re.findall(r"\{glue:md\}`([^`]+)`", prose)) | set(re.findall(r"```\{glue:md\} (\S+)", prose))
    assert wanted
    for label in ("default", "other"):
        assert not wanted - set(glued(executed[name, label])), label


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_charts_are_filed_under_the_chapter_name(executed, name):
    """The runner passes the name from the chapter list; chart ids and files use it."""
    figures = html_figures(executed[name, "default"])
    assert figures and all(f'id="figure-{name}-' in f and f"/charts/{name}/" in f for f in figures)


# --- Raw identifiers never reach readers ----------------------------------------------------------

def test_the_raw_identifier_check_can_fail():
    codes = vocabulary_codes()
    leaky = {"mark": "point", "encoding": {"shape": {"field": "qualifier", "type": "nominal"},
                                           "tooltip": [{"field": "kind", "type": "nominal"}]},
             "data": {"values": [{"qualifier": "more_than", "kind": "policy_amount", "hidden": "ai_firms"}]},
             "title": {"text": "Growth of ai_core_industry_scale", "subtitle": ["fine"]}}
    assert raw_identifiers(leaky, codes) == {"more_than", "policy_amount", "ai_core_industry_scale"}


@pytest.mark.parametrize("name", CHAPTER_NAMES)
def test_no_chart_shows_a_raw_identifier(executed, name):
    codes = vocabulary_codes()
    for label in ("default", "other"):
        for spec in chart_specs(executed[name, label]):
            assert not raw_identifiers(spec, codes), (label, spec.get("title"))


def test_policy_race_drops_targets_stated_after_the_date(executed):
    default, other = glued(executed["policy_race", "default"]), glued(executed["policy_race", "other"])
    # Shenzhen's 2026 targets were stated on 3 March 2025: known at the end of 2025, not in February.
    assert "Shenzhen's target is" in default["key_findings"]
    assert "Shenzhen's target is" not in other["key_findings"]


def test_compute_drops_the_march_2025_utilisation_figure(executed):
    default, other = glued(executed["compute", "default"]), glued(executed["compute", "other"])
    assert "%" in default["chengdu_used"] and "not yet reported" in other["chengdu_used"]


@pytest.mark.parametrize("code, name", [("440000", "Guangdong"), ("650000", "Xinjiang")])
def test_province_profiles_say_what_they_have_and_what_they_lack(tmp_path, code, name):
    target = tmp_path / f"{code}.ipynb"
    notebooks.execute(paths.NOTEBOOKS / "province.md", target, {"province": code, "as_of": "2025-12-31"},
                      progress_bar=False)
    values = glued(target)
    assert values["title"].startswith(name)
    fields = values["listed_fields"]
    for line in ("Computing-hub role", "Provincial data agency", "Data exchanges", "AI funds", "Vouchers"):
        assert line in fields
    assert " of 31 on GDP" in values["standfirst"]
    if code == "650000":
        # Xinjiang is in none of the articles: the page says so in a sentence, and gaps stay gaps.
        assert "no figures" in values["standfirst"]
        assert values["articles_paragraph"].startswith("None of the five articles")
        assert "Vouchers named in the sources**: the sources name none." in fields
        assert "The articles report no targets" in values["targets_paragraph"]
    else:
        assert "figures and" in values["standfirst"] and "ranks 1 of 31 on GDP" in values["standfirst"]
        assert "Shenzhen" in fields.split("Vouchers")[1], "the articles' Shenzhen vouchers are in the field"
