"""The report as a reviewer reads it: contents in the paper's order, the index of the paper's
numbered items, figure names that never clash with the paper's, MathML formulas, evidence as
labelled tables, evidence grades, caveats beside experiment numbers, and Markdown that GitHub
renders as written (rendered here on test claims; tests/test_report_html.py opens the page in
Chromium)."""

from __future__ import annotations

import copy
import re

import pytest

from mixcheck.claims import INVENTORY, PAPER
from mixcheck.report.build import build_report
from mixcheck.report.html import render_html
from mixcheck.report.markdown import md_code, md_text, render_markdown
from mixcheck.report.mathml import relation_mathml, to_mathml
from mixcheck.paper.inventory import PAPER_INDEX, PAPER_SECTIONS
from mixcheck.report.model import nav_index, nav_sections


def paper_index(families):
    return nav_index(families, PAPER)


def paper_sections(families):
    return nav_sections(families, PAPER)

from test_report import ENV, SAMPLE_CLAIMS


def _report(claims, figures=None):
    return build_report(copy.deepcopy(claims), profile="ci", seed=0, figures=figures or [], environment=dict(ENV))


def _claim(cid, verdict="holds", **extra):
    return {"id": cid, "paper_ref": f"ref of {cid}", "statement": "s", "reading": "r", "method": "m",
            "verdict": verdict, "expected_verdict": verdict, "evidence": {"summary": f"evidence of {cid}"}, **extra}


def test_every_inventory_id_has_a_paper_section_and_an_index_entry():
    in_sections = [f for _, _, fams in PAPER_SECTIONS for f in fams]
    assert sorted(in_sections) == sorted(INVENTORY) and len(set(in_sections)) == len(in_sections)
    tested = {f for row in PAPER_INDEX for f in row[2]}
    assert tested == set(INVENTORY)
    # the paper's equation numbers, all of them, each once
    eqs = [int(m.group(1)) for row in PAPER_INDEX if (m := re.fullmatch(r"eq\. \((\d+)\)", row[0]))]
    assert sorted(eqs) == list(range(1, 35))
    labels = [row[0] for row in PAPER_INDEX]
    for item in ("Lemma 1", "Lemma 2", "Theorem 1", "Theorem 2", "Theorem 3", "Theorem 4",
                 "Fig. 1", "Fig. 2", "Fig. 3", "Fig. 4", "Table 1"):
        assert labels.count(item) == 1, item


def test_theorem_equations_link_to_their_theorem_claims():
    rows = {r["label"]: r for r in paper_index(INVENTORY)}
    assert rows["eq. (17)"]["tested_by"] == ["thm2"]
    assert rows["eq. (22)"]["tested_by"] == ["thm3"]
    assert rows["eq. (26)"]["tested_by"] == ["thm4"]
    assert rows["eq. (16)"]["tested_by"] == [] and "definition" in rows["eq. (16)"]["note"]


def test_sections_follow_the_paper_with_section_1_first():
    fams = ["lemma1", "thm4", "intro.linear", "table1", "thm2", "fig3", "eq18"]
    secs = paper_sections(fams)
    assert [s["anchor"] for s in secs] == ["section-1", "section-3", "section-4", "section-6", "section-7"]
    assert secs[2]["families"] == ["thm2", "eq18"]  # the theorem, then its proof
    assert secs[3]["families"] == ["fig3", "table1"]


def _page(claims, figures=None, tmp_path=None):
    return render_html(_report(claims, figures), base_dir=tmp_path)


def test_html_contents_index_and_back_links():
    claims = [_claim("lemma2/exact"), _claim("thm2/as-printed", "refuted"), _claim("intro.linear/grid"),
              _claim("thm4/real-mixup", "refuted")]
    page = _page(claims)
    nav = page[page.index('<nav id="contents"'):page.index("</nav>")]
    order = [nav.index(f'href="#{a}"') for a in ("summary", "section-1", "section-3", "section-4", "section-7", "paper-index")]
    assert order == sorted(order)
    body = page[page.index("</nav>"):]
    assert body.index('id="section-1"') < body.index('id="section-3"') < body.index('id="section-4"')
    row = re.search(r'<tr id="ref-eq-17">(.*?)</tr>', page).group(1)
    assert 'href="#family-thm2"' in row and 'href="#claim-thm2-as-printed"' in row
    row = re.search(r'<tr id="ref-eq-26">(.*?)</tr>', page).group(1)
    assert 'href="#claim-thm4-real-mixup"' in row
    assert 'not in this report' in re.search(r'<tr id="ref-eq-22">(.*?)</tr>', page).group(1)
    # a back link after the statements, the summary, the index, every family and the environment
    assert page.count('href="#contents"') == 4 + 4


def test_figure_names_never_use_another_paper_figure_number():
    from mixcheck.report.figures import FIGURES

    for spec in FIGURES:
        numbers = set(re.findall(r"Fig(?:\.|ure) (\d)", spec.label + " " + spec.title))
        reproduced = set(re.findall(r"\d", spec.id)) if spec.id.startswith("fig") else set()
        if spec.id == "table1":
            reproduced = {"3"}
        assert numbers <= reproduced, (spec.id, spec.label)
        assert spec.label, spec.id
    own = [s.label for s in FIGURES if "paper" not in s.label]
    assert own == ["R1", "R2"]


def test_derivation_steps_are_mathml_with_the_sympy_text_kept():
    claim = copy.deepcopy(SAMPLE_CLAIMS[0])
    claim["evidence"]["derivation"]["steps"].append(
        {"name": "second derivative", "lhs": "Derivative(-log(-theta), (theta, 2))", "rhs": "theta**(-2)",
         "relation": "=", "holds": True})
    page = _page([claim])
    assert "<math" in page and "<mfrac>" in page or "<msup>" in page
    assert 'title="Derivative(-log(-theta), (theta, 2)) = theta**(-2)"' in page
    assert "<pre>Derivative(-log(-theta), (theta, 2)) = theta**(-2)</pre>" in page  # the folded SymPy text
    # hand-written text that is not SymPy stays code
    assert "<code class=\"formula\">E[λ]</code>" in page


def test_mathml_printer_and_its_refusals():
    m = to_mathml("(alpha + 1)/(2*(2*alpha + 1))")
    assert m.startswith("<mrow>") and "<mfrac>" in m and "&#945;" in m
    assert "&#955;" in to_mathml("lambda**2*(1 - lambda)")  # the keyword `lambda` as a symbol
    for bad in ("os.system('ls')", "x.__class__", "E[λ]", "", "x" * 5000, None):
        assert to_mathml(bad) is None
    rel = relation_mathml("x**2", "<=", "x", title="t")
    assert "<mo>≤</mo>" in rel and rel.startswith('<math display="block" title="t">')


def test_evidence_dicts_and_records_are_labelled_tables_not_json():
    claim = _claim("lemma1/eq6")
    claim["evidence"].update({"search": {"examples": 40, "max_margin": -0.01},
                              "grid": [{"n": 4, "ok": True}, {"n": 8, "ok": False}], "worst_margin": -0.5})
    page = _page([claim])
    ev = page[page.index("Further evidence"):]
    assert "<th>search</th>" in ev and "<th>max margin</th>" in ev and "<th>worst margin</th>" in ev
    assert "<th>n</th><th>ok</th>" in ev
    assert '{"' not in ev.split("</article>")[0]


def test_backticks_in_prose_become_code_not_literal_backticks():
    page = _page([_claim("table1/x", "not-run", evidence={"summary": "run `mixcheck sweep` first"})])
    assert "run <code>mixcheck sweep</code> first" in page and "`mixcheck sweep`" not in page


def test_evidence_grades_beside_verdicts_and_in_the_banner():
    claims = [_claim("thm2/a", grade="proved", grade_detail={"method": "SymPy", "steps": 3}),
              _claim("thm2/b", "refuted", grade="counterexample"), _claim("thm2/c")]
    page = _page(claims)
    banner = page[page.index('aria-label="evidence grades"'):].split("</ul>")[0]
    assert "proved: <b>1</b>" in banner and "counterexample: <b>1</b>" in banner and "not recorded: <b>1</b>" in banner
    assert banner.index("proved") < banner.index("counterexample") < banner.index("not recorded")
    assert 'class="grade g-proved" title="method: SymPy; steps: 3"' in page
    assert page.count('class="grade g-none"') == 2  # thm2/c, in the summary and in its section
    md = render_markdown(_report(claims))
    assert "| proved | 1 |" in md and "✅ holds · proved" in md and "- **Evidence grade:** not recorded" in md
    # without any grade the banner says so
    assert "evidence grades: not recorded in these results" in _page([_claim("thm2/c")])


def test_caveats_are_shown_beside_the_experiment_numbers():
    fig = {"id": "table1", "label": "Table 1 and Fig. 3 (paper) beside ours", "title": "gap", "claims": ["table1"],
           "status": "skipped", "reason": "no recorded results", "files": {},
           "data": {"caveats": ["CPU-scale sweep: 2 epochs, far from the paper's 200"],
                    "table": {"columns": ["dataset", "α = 0.1"], "rows": [["paper", "0.006"]]}}}
    claims = [_claim("table1/printed-monotone", "refuted", evidence={"summary": "not monotone",
                                                                       "caveats": ["the paper's own numbers"]})]
    page = _page(claims, [fig])
    box = page[page.index('id="figure-table1"'):]
    assert box.index('class="caveats"') < box.index('<table class="data">')
    assert "CPU-scale sweep: 2 epochs" in box and "the paper&#x27;s own numbers" in page
    md = render_markdown(_report(claims, [fig]))
    assert "> - CPU-scale sweep: 2 epochs, far from the paper's 200" in md and "> **Caveats**" in md


@pytest.mark.parametrize("text, expected", [
    ("R̂*_B − R̂_B", "R̂\\*\\_B − R̂\\_B"),
    ("2*n**(3/2) and x_i", "2\\*n\\*\\*(3/2) and x\\_i"),
    ("see [1] <b>", "see \\[1\\] \\<b\\>"),
    ("costs $5 | more", "costs \\$5 \\| more"),
    ("run `mixcheck sweep` (a_b)", "run `mixcheck sweep` (a\\_b)"),
    ("# not a heading", "\\# not a heading"),
])
def test_markdown_prose_is_escaped_and_code_spans_kept(text, expected):
    assert md_text(text) == expected


def test_markdown_code_spans_hold_backticks_and_pipes():
    assert md_code("a`b") == "``a`b``"
    assert md_code("x | y", table=True) == "`x \\| y`"


def _unescaped(md: str) -> list[str]:
    """Emphasis characters outside code spans, math, links' targets and our own ** bold markers."""
    text = re.sub(r"\$`[^`]*`\$", "", md)
    text = re.sub(r"``.*?``|`[^`\n]*`", "", text)
    text = re.sub(r"\]\(#[^)]*\)", "]", text)
    text = re.sub(r'<a id="[^"]*"></a>', "", text)
    text = text.replace("**", "")
    return re.findall(r"(?<!\\)[*_]", text)


def test_rendered_markdown_has_no_stray_emphasis():
    claims = copy.deepcopy(SAMPLE_CLAIMS)
    claims[1]["evidence"]["summary"] = "R̂*_B exceeds 2*n**(3/2) for x_i"
    md = render_markdown(_report(claims))
    assert _unescaped(md) == []
    assert "R̂\\*\\_B exceeds 2\\*n\\*\\*(3/2) for x\\_i" in md
    assert "## Contents" in md and "(#ref-eq-17)" not in md and '<a id="ref-eq-17"></a>' in md
    assert "[`as-printed`](#claim-thm2-as-printed)" in md
    assert md.count("[↑ contents](#contents)") >= 3


def test_one_combined_verdict_per_statement():
    from mixcheck.report.model import statement_verdicts

    rows = statement_verdicts([
        {"id": "eq1/a", "verdict": "holds", "paper_ref": "eq. (1)"},
        {"id": "eq1/b", "verdict": "holds", "paper_ref": "eq. (1)"},
        {"id": "eq2/as-printed", "verdict": "refuted", "paper_ref": "eq. (2)"},
        {"id": "eq2/corrected", "verdict": "holds", "paper_ref": "eq. (2)"},
    ])
    assert [(r["id"], r["verdict"]) for r in rows] == [("eq1", "holds"), ("eq2", "mixed")]
    assert rows[1]["line"] == "refuted (as-printed); holds (corrected)"
    assert rows[1]["counts"] == {"refuted": 1, "holds": 1}
