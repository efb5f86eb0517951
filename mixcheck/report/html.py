"""``report.html``: one self-contained page.

Figures are embedded as data URIs (SVG, PNG where the SVG is missing), the CSS is inline, and
there is no script, no external font and no network request: the page opens from disk, reads
without JavaScript and prints (a print stylesheet; verdicts are words, not colours alone).
Formulas are presentation MathML (rendered natively by Chromium and Firefox).

Order: a banner (counts per verdict and per evidence grade), the contents by paper section in
the paper's order, the summary, the index of the paper's equations, lemmas, theorems, figures
and tables with links to the claims that test them, one section per paper section with its
claims and figures, and the environment. Every section links back to the contents.
"""

from __future__ import annotations

from pathlib import Path

from .model import VERDICTS, family, layout, report_index, report_sections, report_statements
from .evidence import fmt, grade_counts, split_evidence
from .html_css import CSS
from .html_parts import anchor, badge, e, evidence_html, figure_html, figure_name, grade_badge, text_html
from .markdown import verdict_line

__all__ = ["render_html", "CSS"]

_TOP = '<p class="top"><a href="#contents">↑ contents</a></p>'


def _counts(summary: dict) -> list[tuple[str, int]]:
    """(verdict, count) for the four verdicts, then any other (``error``) that occurs."""
    c = summary["counts"]
    return [(v, c.get(v, 0)) for v in VERDICTS] + [(v, n) for v, n in c.items() if v not in VERDICTS and n]


def _mismatch(c: dict) -> bool:
    return c.get("verdict") != c.get("expected_verdict")


def _family_counts(claims: list[dict]) -> str:
    counts: dict = {}
    for c in claims:
        counts[c.get("verdict", "not-run")] = counts.get(c.get("verdict", "not-run"), 0) + 1
    return ", ".join(f"{n} {v}" for v, n in counts.items())


def prepare_formulas(claims: list[dict]) -> None:
    """Turn the formulas of these claims' evidence into MathML now (they are cached for
    :func:`render_html`): the report does it while its workers are still checking claims."""
    for c in claims:
        evidence_html(c.get("evidence") or {}, {}, c.get("id", ""))


def _claim_html(c: dict, seen: dict) -> str:
    warn = (f'<p class="expected">This verdict differs from the one recorded with the claim '
            f'(<code>{e(c.get("expected_verdict"))}</code>).</p>') if _mismatch(c) else ""
    secs = c.get("seconds")
    run = split_evidence(c.get("evidence") or {})["run"]
    took = "".join(f" · {k} {v}" for k, v in run.items()) + (f" · {float(secs):.2f} s" if isinstance(secs, (int, float)) else "")
    detail = c.get("grade_detail")
    grade_row = ""
    if c.get("grade") or (isinstance(detail, dict) and detail):
        rows = "".join(f"<tr><th>{e(str(k).replace('_', ' '))}</th><td>{text_html(fmt(v))}</td></tr>"
                       for k, v in (detail or {}).items())
        grade_row = (f"<dt>Evidence grade</dt><dd>{grade_badge(c)}"
                     + (f'<table class="kv">{rows}</table>' if rows else "") + "</dd>")
    return (
        f'<article class="claim{" mismatch" if _mismatch(c) else ""}" id="{anchor("claim-", c["id"])}">'
        f'<h4><code>{e(c["id"])}</code> <span class="verdict">{badge(c.get("verdict", "not-run"))} {grade_badge(c)}</span></h4>{warn}'
        '<dl class="facts">'
        f"<dt>Paper</dt><dd>{text_html(c.get('paper_ref'))}</dd>"
        f"<dt>Statement</dt><dd>{text_html(c.get('statement'))}</dd>"
        f"<dt>Reading tested</dt><dd>{text_html(c.get('reading'))}</dd>"
        f"<dt>Method</dt><dd>{text_html(c.get('method'))}</dd>"
        f"<dt>Verdict</dt><dd>{e(c.get('verdict'))} (recorded: {e(c.get('expected_verdict'))}){e(took)}</dd>"
        f"{grade_row}</dl>" + evidence_html(c.get("evidence") or {}, seen, c["id"]) + "</article>"
    )


def _banner(report: dict) -> list[str]:
    s = report["summary"]
    grades = grade_counts(report["claims"])
    if set(grades) == {"not recorded"}:
        grade_items = '<li class="g-none">evidence grades: not recorded in these results</li>'
    else:
        grade_items = "".join(f'<li class="g-{e(g).replace(" ", "-")}">{e(g)}: <b>{n}</b></li>' for g, n in grades.items())
    return [
        f'<div class="banner {"ok" if s["all_expected"] else "bad"}">{e(verdict_line(s))}</div>',
        '<ul class="counts" aria-label="verdicts">' + "".join(
            f'<li class="v-{v}">{v}: <b>{n}</b></li>' for v, n in _counts(s)) + "</ul>",
        f'<ul class="counts grades" aria-label="evidence grades"><li class="label">evidence:</li>{grade_items}</ul>',
    ]


def _contents(sections: list[dict], by_family: dict, figs: list[dict], has_index: bool = True) -> str:
    items = ['<li><a href="#statements">Statements: one verdict each</a></li>', '<li><a href="#summary">Summary</a></li>']
    for sec in sections:
        fams = "".join(
            f'<li><a href="#{anchor("family-", f)}"><code>{e(f)}</code></a> '
            f'<span class="note">{e(_family_counts(by_family[f]))}</span></li>' for f in sec["families"])
        items.append(f'<li><a href="#{sec["anchor"]}">{e(sec["title"])}</a><ul>{fams}</ul></li>')
    if has_index:
        items.append('<li><a href="#paper-index">Index of the paper\'s equations, lemmas, theorems, figures and tables</a></li>')
    if figs:
        fl = "".join(f'<li><a href="#{anchor("figure-", f["id"])}">{e(figure_name(f))}</a></li>' for f in figs)
        items.append(f"<li>Figures<ul>{fl}</ul></li>")
    items.append('<li><a href="#environment">Environment, settings and timings</a></li>')
    return '<nav id="contents" aria-label="Contents"><h2>Contents</h2><ol class="toc">' + "".join(items) + "</ol></nav>"


def _statements(report: dict) -> list[str]:
    rows = report_statements(report)
    out = ['<section id="statements"><h2>Statements</h2>',
           '<p class="note">One row per statement: its verdict where all its readings agree, else <em>mixed</em>, '
           'with the readings behind each verdict.</p>',
           '<table class="summary statements"><thead><tr><th>statement</th><th>verdict</th><th>readings</th></tr></thead><tbody>']
    for r in rows:
        readings = "; ".join(f"{badge(v)} " + ", ".join(
            f'<a href="#{anchor("claim-", r["id"] + "/" + x)}"><code>{e(x)}</code></a>' for x in xs)
            for v, xs in r["readings"].items())
        out.append(f'<tr><td class="id"><a href="#{anchor("family-", r["id"])}"><code>{e(r["id"])}</code></a> '
                   f'— {text_html(r.get("paper_ref", ""))}</td><td class="verdict">{badge(r["verdict"])}</td>'
                   f"<td>{readings}</td></tr>")
    out.append("</tbody></table>" + _TOP + "</section>")
    return out


def _summary(sections: list[dict], by_family: dict) -> list[str]:
    out = ['<section id="summary"><h2>Summary</h2>',
           '<p class="note">One row per claim, by paper section; the claim id links to its reading, method and evidence.</p>',
           '<table class="summary"><thead><tr><th>claim</th><th>verdict · evidence grade</th><th>evidence</th></tr></thead>']
    for sec in sections:
        out.append(f'<tbody><tr class="group"><th colspan="3"><a href="#{sec["anchor"]}">{e(sec["title"])}</a></th></tr>')
        for fam in sec["families"]:
            claims = by_family[fam]
            out.append(f'<tr class="fam"><td colspan="3"><code>{e(fam)}</code> — {text_html(claims[0].get("paper_ref"))}</td></tr>')
            for c in claims:
                ev = c.get("evidence")
                summary = ev.get("summary", "") if isinstance(ev, dict) else ev
                exp = f'<span class="expected">expected {e(c.get("expected_verdict"))}</span>' if _mismatch(c) else ""
                row_cls = ' class="mismatch"' if _mismatch(c) else ""
                out.append(f"<tr{row_cls}>"
                           f'<td class="id"><a href="#{anchor("claim-", c["id"])}"><code>{e(c["id"])}</code></a></td>'
                           f'<td class="verdict">{badge(c.get("verdict", "not-run"))} {grade_badge(c)}{exp}</td>'
                           f"<td>{text_html(summary)}</td></tr>")
        out.append("</tbody>")
    out.append("</table>")
    if not by_family:
        out.append('<p class="note">No claim results were recorded.</p>')
    out.append(_TOP + "</section>")
    return out


def _index(by_family: dict, rows: list[dict]) -> list[str]:
    if not rows:
        return []
    out = ['<section id="paper-index"><h2>Index of the paper\'s equations, lemmas, theorems, figures and tables</h2>',
           '<p class="note">Every numbered item of the paper, with the claims that test it; a definition has no claim '
           "of its own and links to the claims that rely on it.</p>",
           '<table class="index"><thead><tr><th>in the paper</th><th>what it is</th><th>tested by</th></tr></thead><tbody>']
    for row in rows:
        links = []
        for f in row["tested_by"]:
            ids = " ".join(f'<a href="#{anchor("claim-", c["id"])}"><code>{e(c["id"].split("/", 1)[-1])}</code></a>'
                           for c in by_family[f])
            links.append(f'<a href="#{anchor("family-", f)}"><code>{e(f)}</code></a>: <span class="ids">{ids}</span>')
        cell = "<br>".join(links)
        if row["tested_elsewhere"]:
            cell += (("<br>" if cell else "") + '<span class="note">not in this report: '
                     + ", ".join(f"<code>{e(f)}</code>" for f in row["tested_elsewhere"]) + "</span>")
        if not row["tested_by"] and not row["tested_elsewhere"]:
            cell = f'<span class="note">{e(row["note"] or "no claim")}</span>'
        if row["used_by"]:
            cell += (f'<br><span class="note">{"relied on by" if row["note"] else "see also"}: ' + ", ".join(
                f'<a href="#{anchor("family-", f)}"><code>{e(f)}</code></a>' for f in row["used_by"]) + "</span>")
        out.append(f'<tr id="{row["anchor"]}"><th>{e(row["label"])}</th><td>{e(row["what"])}</td><td>{cell}</td></tr>')
    out.append("</tbody></table>" + _TOP + "</section>")
    return out


def render_html(report: dict, base_dir: str | Path | None = None) -> str:
    """The report as one HTML page; figures are read from ``base_dir`` and embedded."""
    base = Path(base_dir) if base_dir is not None else None
    st = report.get("settings", {})
    env = report.get("environment", {})
    commit = (env.get("git_commit") or "unknown")[:12]
    only = f" · only <code>{e(' '.join(st['only']))}</code>" if st.get("only") else ""
    placed = {sec["family"]: sec for sec in layout(report)}
    by_family: dict = {}
    for c in report["claims"]:
        by_family.setdefault(family(c["id"]), []).append(c)
    sections = report_sections(report, by_family)
    index_rows = report_index(report, by_family)
    figs = sorted((f for sec in placed.values() for f in sec["figures"]), key=lambda f: f["number"])
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(report['title'])}</title>",
        f"<style>{CSS}</style></head><body><main>",
        f'<header id="top"><h1>{e(report["title"])}</h1>',
        f'<p class="sub">Every statement checked. '
        f"Generated {e(report.get('generated_at', ''))} · profile <code>{e(st.get('profile'))}</code> · "
        f"seed <code>{e(st.get('seed'))}</code>{only} · mixcheck {e(env.get('mixcheck', '?'))} · commit <code>{e(commit)}</code> · "
        f"source: {e(st.get('source', ''))}</p>",
        *_banner(report),
        "</header>",
        _contents(sections, by_family, figs, bool(index_rows)),
        *_statements(report),
        *_summary(sections, by_family),
        *_index(by_family, index_rows),
    ]
    seen: dict = {}  # derivations already shown
    for sec in sections:
        out.append(f'<section class="paper-section" id="{sec["anchor"]}"><h2>{e(sec["title"])}</h2>')
        for fam in sec["families"]:
            lay = placed.get(fam, {"figures": [], "links": []})
            out.append(f'<section class="family" id="{anchor("family-", fam)}">'
                       f"<h3><code>{e(fam)}</code> — {text_html(by_family[fam][0].get('paper_ref', ''))}</h3>")
            out += [figure_html(fig, base) for fig in lay["figures"]]
            for link in lay["links"]:
                out.append(f'<p class="figlink">Illustrated by <a href="#{anchor("figure-", link["id"])}">'
                           f'{e(figure_name(link))}</a> (shown under <code>{e(link["shown_in"])}</code>).</p>')
            out += [_claim_html(c, seen) for c in by_family[fam]]
            out.append(_TOP + "</section>")
        out.append("</section>")
    leftover = placed.get(None)
    if leftover:
        out.append('<section class="paper-section" id="further-figures"><h2>Further figures</h2>')
        out += [figure_html(fig, base) for fig in leftover["figures"]]
        out.append(_TOP + "</section>")
    out.append('<section id="environment"><h2>Environment, settings and timings</h2><table class="kv">')
    for k, v in env.items():
        out.append(f"<tr><th>{e(k)}</th><td><code>{e(fmt(v))}</code></td></tr>")
    for k in ("profile", "seed", "only", "source", "results_dir"):
        out.append(f"<tr><th>setting: {e(k)}</th><td><code>{e(fmt(st.get(k)))}</code></td></tr>")
    t = report.get("timings", {})
    for key, label in (("total", "time: total"), ("claims_total", "time: claims"), ("figures_total", "time: figures")):
        if isinstance(t.get(key), (int, float)):
            out.append(f"<tr><th>{label}</th><td>{float(t[key]):.1f} s</td></tr>")
    out.append("</table>" + _TOP + "</section></main></body></html>")
    return "\n".join(out)
