/* The book's search order (Sphinx's html_search_scorer, given its path by
 * airace/site/sphinx_pages.py). Sphinx's own scores, with one change: a province's page comes first
 * when the query is part of its title, in either language ("Guangdong", "广东"); otherwise a
 * chapter that names the province in a heading can outrank the province's own page. */
var Scorer = {
  score: (result) => {
    const [docname, title, anchor, , score] = result;
    const query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
    const provincePage = /^book\/provinces\/\d{6}$/.test(docname);
    if (query && provincePage && !anchor && title.toLowerCase().includes(query)) return score + 30;
    return score;
  },
  // Sphinx's defaults (searchtools.js), unchanged.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {0: 15, 1: 5, 2: -5},
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
