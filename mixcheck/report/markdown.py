"""``report.md``: the report in GitHub-flavoured Markdown (figures linked from ``figures/``).

Prose is escaped (``*``, ``_``, ``[``, ``<``, ``$``, ``|`` … never turn into emphasis, links,
HTML, math or table cells); `code spans` in the claims' text stay code spans; formulas are
GitHub math (``$`…`$``, from the derivation steps' LaTeX) with the SymPy text as code.
Order: banner, contents by paper section, summary, index of the paper's numbered items,
one section per paper section with its claims and figures, environment.
"""

from __future__ import annotations

import re

from .model import VERDICTS, family, layout, report_index, report_sections, report_statements
from .evidence import (derivation_result, fmt, fmt_json, grade_counts, grade_of, humanize, matrix_like, split_evidence,
                       step_status)

__all__ = ["render_markdown", "verdict_line", "md_text", "md_code"]

_MARK = {"holds": "✅ holds", "refuted": "❌ refuted", "inconclusive": "⚠️ inconclusive", "not-run": "⏸ not-run",
         "error": "💥 error"}
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$&])")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_TOP = "[↑ contents](#contents)"


def md_code(text, table: bool = False) -> str:
    """``text`` as one code span (a longer fence when it holds backticks); pipes escaped in a table."""
    text = " ".join(str(text).split())
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    out = f"{fence}{pad}{text}{pad}{fence}"
    return out.replace("|", "\\|") if table else out


def md_text(text, table: bool = False) -> str:
    """Prose for Markdown: every character GitHub would read as markup is escaped; `code spans`
    already in the text stay code spans. One line."""
    text = " ".join(str("" if text is None else text).split())
    out, pos = [], 0
    for m in _CODE_SPAN.finditer(text):
        out.append(_SPECIAL.sub(r"\\\1", text[pos:m.start()]))
        out.append(md_code(m.group(1), table))
        pos = m.end()
    out.append(_SPECIAL.sub(r"\\\1", text[pos:]))
    return "".join(out)


def _cell(text) -> str:
    return md_text(text, table=True)


def _anchor(prefix: str, ident: str) -> str:
    return prefix + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in str(ident).lower())


def _claim_link(cid: str, label: str | None = None) -> str:
    return f"[{md_code(label or cid, table=True)}](#{_anchor('claim-', cid)})"


def verdict_line(summary: dict) -> str:
    """One sentence: the counts per verdict and whether every verdict is the expected one."""
    extra = [v for v, n in summary["counts"].items() if v not in VERDICTS and n]
    counts = ", ".join(f"{summary['counts'].get(v, 0)} {v}" for v in (*VERDICTS, *extra))
    head = f"{summary['total']} claims checked: {counts}."
    if summary["all_expected"]:
        return head + " Every verdict equals the verdict recorded with its claim."
    mism = ", ".join(summary["mismatches"])
    return head + f" {len(summary['mismatches'])} verdict(s) differ from the recorded one: {mism}."


def _grade(c: dict) -> str:
    return grade_of(c) or "not recorded"


def _math(latex, sympy_text) -> str:
    """GitHub math from ``latex`` (``$`…`$``), else the SymPy text as code."""
    if isinstance(latex, str) and latex.strip() and "`" not in latex:
        return f"$`{' '.join(latex.split())}`$"
    return md_code(sympy_text)


def _value_md(value) -> str:
    if isinstance(value, (dict, list)):
        return md_code(fmt_json(value, limit=300))
    return md_code(fmt(value))


def _matrix_md(key: str, value) -> list[str]:
    out = [f"- {md_code(key)} ({len(value)} × {len(value[0])}):", "",
           "  | row | " + " | ".join(f"{j}" for j in range(len(value[0]))) + " |",
           "  | ---: | " + " | ".join("---:" for _ in value[0]) + " |"]
    out += [f"  | {i} | " + " | ".join(_cell(fmt(x, 10)) for x in row) + " |" for i, row in enumerate(value)]
    return out + [""]


def _records_md(rows: list[dict]) -> list[str]:
    cols = list(dict.fromkeys(k for r in rows for k in r))
    out = ["  | " + " | ".join(_cell(humanize(c)) for c in cols) + " |", "  |" + " --- |" * len(cols)]
    out += ["  | " + " | ".join(md_code(fmt(r.get(c)) if not isinstance(r.get(c), (dict, list))
                                        else fmt_json(r.get(c), limit=120), table=True) if c in r else ""
                                for c in cols) + " |" for r in rows]
    return out + [""]


def _kv_md(items: dict) -> list[str]:
    out = []
    for key, value in items.items():
        if matrix_like(value):
            out += _matrix_md(key, value)
        elif isinstance(value, list) and value and all(isinstance(r, dict) for r in value) and len(value) <= 20:
            out += [f"- {md_text(humanize(key))}:", ""] + _records_md(value)
        elif isinstance(value, dict) and value and len(value) <= 12 and all(
                not isinstance(v, (dict, list)) for v in value.values()):
            out.append(f"- {md_text(humanize(key))}: " + "; ".join(f"{md_text(humanize(k))} {_value_md(v)}"
                                                                  for k, v in value.items()))
        elif isinstance(value, str) and len(value) > 30 and "\n" not in value:
            out.append(f"- {md_text(humanize(key))}: {md_text(value)}")
        else:
            out.append(f"- {md_text(humanize(key))}: {_value_md(value)}")
    return out


def _caveats_md(caveats) -> list[str]:
    if not caveats:
        return []
    return ["> **Caveats**", ">"] + [f"> - {md_text(c)}" for c in caveats] + [""]


def _derivation_md(d: dict) -> list[str]:
    steps = d.get("steps", [])
    ok = sum(1 for st in steps if st.get("holds"))
    lines = [f"Derivation {md_code(d.get('id', ''))} — {md_text(d.get('title', ''))} ({ok}/{len(steps)} steps check)."
             + (f" {md_text(d['summary'])}" if d.get("summary") else ""), ""]
    if d.get("source"):
        lines.append(f"- Source: {md_text(d['source'])}")
    lines += [f"- Assumption: {md_text(a)}" for a in d.get("assumptions") or []]
    res = derivation_result(d)
    if res is not None:
        lines.append(f"- Result: {_math(d.get('result_latex'), res if isinstance(res, str) else fmt_json(res, limit=300))}")
    lines.append("")
    marks = {"holds": "✓ holds", "fails-as-recorded": "✗ fails (as recorded)", "fails": "✗ fails"}
    for i, st in enumerate(steps, start=1):
        rel = st.get("relation", "=")
        sympy_text = f"{st.get('lhs')} {rel} {st.get('rhs')}"
        name = f"**{md_text(st['name'])}** " if st.get("name") else ""
        lines.append(f"{i}. {name}{marks[step_status(st)]}: {_math(st.get('latex'), sympy_text)}")
        extra = []
        if st.get("latex") and len(sympy_text) <= 300:
            extra.append(f"SymPy: {md_code(sympy_text)}")
        if not st.get("holds") and st.get("residual") not in (None, "", "0"):
            extra.append(f"residual {_math(st.get('residual_latex'), fmt(st.get('residual')))}")
        extra += [md_text(st[k]) for k in ("reason", "note") if st.get(k)]
        if extra:
            lines.append("   " + "; ".join(extra))
    return lines + [""]


def _evidence_md(evidence) -> list[str]:
    parts = split_evidence(evidence)
    lines = [f"**Evidence.** {md_text(parts['summary'])}", ""] + _caveats_md(parts["caveats"])
    ce = parts["counterexample"]
    if ce:
        lines += ["Counterexample:", "", "| | value |", "| --- | ---: |"]
        lines += [f"| {label} | {_cell(fmt(ce[key], 12))} |"
                  for key, label in (("lhs", "left side"), ("rhs", "right side"), ("margin", "margin")) if key in ce]
        lines.append("")
        if "inputs" in ce:
            inputs = ce["inputs"] if isinstance(ce["inputs"], dict) else {"inputs": ce["inputs"]}
            lines += ["Inputs (enough to recompute both sides):", ""] + _kv_md(inputs) + [""]
    st = parts["statistical"]
    if st:
        lines += ["| estimate | interval | level | test | false-alarm level |", "| ---: | :---: | ---: | --- | ---: |",
                  "| " + " | ".join(_cell(fmt(st.get(k), 6)) if k in st else ""
                                   for k in ("estimate", "ci", "level", "test", "false_alarm")) + " |", ""]
    for d in parts["derivations"]:
        lines += _derivation_md(d)
    if parts["other"]:
        lines += ["Further evidence:", ""] + _kv_md(parts["other"]) + [""]
    return lines


def _table_md(table) -> list[str]:
    if not table or not table.get("rows"):
        return []
    out = ["| " + " | ".join(_cell(c) for c in table["columns"]) + " |", "|" + " ---: |" * len(table["columns"])]
    return out + ["| " + " | ".join(_cell(v) for v in r) + " |" for r in table["rows"]] + [""]


def _figure_name(fig: dict) -> str:
    return f"{fig.get('label') or 'R' + str(fig.get('number', ''))}: {fig.get('title', '')}"


def _figure_md(fig: dict) -> list[str]:
    data = fig.get("data") or {}
    extras = _caveats_md(data.get("caveats")) + _table_md(data.get("table"))
    name = md_text(_figure_name(fig))
    if fig.get("status") != "ok" or not fig.get("files"):
        return [f"<a id=\"figure-{fig['id']}\"></a>", "", f"**{name}** — not drawn: {md_text(fig.get('reason', ''))}", ""] + extras
    return [f"<a id=\"figure-{fig['id']}\"></a>", "", f"![{name}]({fig['files']['png']})", "",
            f"**{name}.** {md_text(fig.get('caption', ''))} ([SVG]({fig['files']['svg']}))", ""] + extras


def _claim_md(c: dict) -> list[str]:
    verdict = _MARK.get(c.get("verdict"), c.get("verdict"))
    lines = [f"<a id=\"{_anchor('claim-', c['id'])}\"></a>", "", f"#### {md_code(c['id'])} — {verdict} · {md_text(_grade(c))}", ""]
    if c.get("verdict") != c.get("expected_verdict"):
        lines += [f"> **Verdict differs from the recorded one** ({md_code(c.get('expected_verdict'))}).", ""]
    run = "".join(f" · {md_text(k)} {md_text(v)}" for k, v in split_evidence(c.get("evidence") or {})["run"].items())
    lines += [f"- **Paper:** {md_text(c.get('paper_ref', ''))}", f"- **Statement:** {md_text(c.get('statement', ''))}",
              f"- **Reading tested:** {md_text(c.get('reading', ''))}", f"- **Method:** {md_text(c.get('method', ''))}",
              f"- **Verdict:** {md_text(c.get('verdict'))} (recorded: {md_text(c.get('expected_verdict'))}){run}",
              f"- **Evidence grade:** {md_text(_grade(c))}"
              + ("".join(f"; {md_text(humanize(k))} {_value_md(v)}" for k, v in c["grade_detail"].items())
                 if isinstance(c.get("grade_detail"), dict) else ""), ""]
    return lines + _evidence_md(c.get("evidence") or {})


def _index_md(rows: list[dict], by_family: dict) -> list[str]:
    """The index of the document's numbered items (nothing where the inventory has no index)."""
    if not rows:
        return [_TOP, ""]
    lines = [_TOP, "", '<a id="paper-index"></a>', "", "## Index of the paper's equations, lemmas, theorems, figures and tables",
             "", "| in the paper | what it is | tested by |", "| --- | --- | --- |"]
    for row in rows:
        tested = "; ".join(f"[{md_code(f, True)}](#{_anchor('family-', f)}): "
                           + " ".join(_claim_link(c["id"], c["id"].split("/", 1)[-1]) for c in by_family[f])
                           for f in row["tested_by"])
        if row["tested_elsewhere"]:
            tested += ("; " if tested else "") + "not in this report: " + ", ".join(md_code(f, True) for f in row["tested_elsewhere"])
        if not tested:
            tested = _cell(row["note"] or "no claim")
        if row["used_by"]:
            tested += ("; relied on by " if row["note"] else "; see also ") + ", ".join(f"[{md_code(f, True)}](#{_anchor('family-', f)})" for f in row["used_by"])
        lines.append(f'| <a id="{row["anchor"]}"></a>{_cell(row["label"])} | {_cell(row["what"])} | {tested} |')
    return lines + ["", _TOP, ""]


def _statements_md(report: dict) -> list[str]:
    rows = report_statements(report)
    lines = ['<a id="statements"></a>', "", "## Statements", "",
             "One line per statement: its verdict where all its readings agree, else “mixed”, with the readings "
             "behind each verdict.", "", "| statement | where | verdict | readings |", "| --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| [{md_code(r['id'])}](#{_anchor('family-', r['id'])}) | {_cell(r.get('paper_ref', ''))} | "
                     f"{_MARK.get(r['verdict'], r['verdict'])} | {_cell(r['line'])} |")
    return lines + ["", _TOP, ""]


def render_markdown(report: dict) -> str:
    s = report["summary"]
    st = report.get("settings", {})
    env = report.get("environment", {})
    by_family: dict = {}
    for c in report["claims"]:
        by_family.setdefault(family(c["id"]), []).append(c)
    sections = report_sections(report, by_family)
    index_rows = report_index(report, by_family)
    placed = {sec["family"]: sec for sec in layout(report)}
    lines = [f"# {md_text(report['title'])}", "",
             f"Generated {md_text(report.get('generated_at', ''))} · profile {md_code(st.get('profile'))} · seed {md_code(st.get('seed'))}"
             + (f" · only {md_code(' '.join(st['only']))}" if st.get("only") else "")
             + f" · mixcheck {md_text(env.get('mixcheck', '?'))} · commit {md_code((env.get('git_commit') or 'unknown')[:12])}",
             "", f"**{md_text(verdict_line(s))}**", "", "| verdict | claims |", "| --- | ---: |"]
    lines += [f"| {_MARK.get(v, v)} | {n} |" for v, n in s["counts"].items() if v in VERDICTS or n] + [""]
    lines += ["| evidence grade | claims |", "| --- | ---: |"]
    lines += [f"| {_cell(g)} | {n} |" for g, n in grade_counts(report["claims"]).items()] + [""]
    lines += ['<a id="contents"></a>', "", "## Contents", "", "- [Statements: one verdict each](#statements)",
              "- [Summary](#summary)"]
    for sec in sections:
        fams = ", ".join(f"[{md_code(f)}](#{_anchor('family-', f)})" for f in sec["families"])
        lines.append(f"- [{md_text(sec['title'])}](#{sec['anchor']}): {fams}")
    if index_rows:
        lines.append("- [Index of the paper's equations, lemmas, theorems, figures and tables](#paper-index)")
    lines += ["- [Environment and settings](#environment)", ""]
    lines += _statements_md(report)
    lines += ['<a id="summary"></a>', "", "## Summary", ""]
    for sec in sections:
        lines += [f"**{md_text(sec['title'])}**", "", "| claim | verdict | evidence grade | evidence |", "| --- | --- | --- | --- |"]
        for fam in sec["families"]:
            for c in by_family[fam]:
                verdict = _MARK.get(c.get("verdict"), c.get("verdict"))
                if c.get("verdict") != c.get("expected_verdict"):
                    verdict += f" (expected {c.get('expected_verdict')})"
                ev = c.get("evidence")
                summary = ev.get("summary", "") if isinstance(ev, dict) else ev
                lines.append(f"| {_claim_link(c['id'])} | {verdict} | {_cell(_grade(c))} | {_cell(summary)} |")
        lines.append("")
    lines += _index_md(index_rows, by_family)
    for sec in sections:
        lines += [f'<a id="{sec["anchor"]}"></a>', "", f"## {md_text(sec['title'])}", ""]
        for fam in sec["families"]:
            lay = placed.get(fam, {"figures": [], "links": []})
            lines += [f'<a id="{_anchor("family-", fam)}"></a>', "",
                      f"### {md_code(fam)} — {md_text(by_family[fam][0].get('paper_ref', ''))}", ""]
            for fig in lay["figures"]:
                lines += _figure_md(fig)
            for link in lay["links"]:
                lines += [f"See [{md_text(_figure_name(link))}](#figure-{link['id']}) (shown under {md_code(link['shown_in'])}).", ""]
            for c in by_family[fam]:
                lines += _claim_md(c)
            lines += [_TOP, ""]
    if placed.get(None):
        lines += ["## Further figures", ""]
        for fig in placed[None]["figures"]:
            lines += _figure_md(fig)
    lines += ['<a id="environment"></a>', "", "## Environment and settings", "", "| | |", "| --- | --- |"]
    lines += [f"| {_cell(k)} | {md_code(fmt(v), True)} |" for k, v in env.items()]
    lines += [f"| {_cell('setting: ' + k)} | {md_code(fmt(st.get(k)), True)} |" for k in ("profile", "seed", "only", "source", "results_dir")]
    t = report.get("timings", {})
    for key, label in (("total", "total"), ("claims_total", "claims"), ("figures_total", "figures")):
        if isinstance(t.get(key), (int, float)):
            lines.append(f"| time: {label} | {float(t[key]):.1f} s |")
    lines += ["", _TOP, ""]
    return "\n".join(lines)
