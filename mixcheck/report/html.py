"""``report.html``: one self-contained page.

Figures are embedded as data URIs (SVG, PNG where the SVG is missing), the CSS is inline, and
there is no script, no external font and no network request: the page opens from disk, reads
without JavaScript and prints (figures are vector graphics; verdicts are words, not colours
alone). The summary table comes first, then one section per inventory id with its claims.
"""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from .build import VERDICTS, layout
from .evidence import derivation_result, fmt, fmt_json, matrix_like, split_evidence, step_status
from .markdown import verdict_line

__all__ = ["render_html", "CSS"]

CSS = """
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg-soft:#f6f8fa;
  --holds:#1a7f37; --holds-bg:#dafbe1; --refuted:#b42318; --refuted-bg:#ffe4e1;
  --inconclusive:#8a5a00; --inconclusive-bg:#fff4d6; --notrun:#57606a; --notrun-bg:#eaeef2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 0 0 8px; }
.sub { color: var(--muted); margin: 0 0 14px; font-size: .92rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: .86em; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; word-break: break-word; }
a { color: #0550ae; text-decoration: none; } a:hover { text-decoration: underline; }
.banner { border-radius: 8px; padding: 10px 14px; font-weight: 600; margin: 10px 0 12px; border: 1px solid; }
.banner.ok { background: var(--holds-bg); border-color: #4ac26b; color: #0f5323; }
.banner.bad { background: var(--refuted-bg); border-color: #f0867a; color: #7a1a10; }
.counts { display: flex; flex-wrap: wrap; gap: 8px; list-style: none; padding: 0; margin: 0 0 6px; }
.counts li { border-radius: 999px; padding: 3px 12px; font-size: .92rem; border: 1px solid var(--line); }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: .82rem; font-weight: 600; white-space: nowrap; border: 1px solid transparent; }
.v-holds { background: var(--holds-bg); color: var(--holds); border-color: #8fd5a0; }
.v-refuted { background: var(--refuted-bg); color: var(--refuted); border-color: #f3a59b; }
.v-inconclusive { background: var(--inconclusive-bg); color: var(--inconclusive); border-color: #e8c46b; }
.v-not-run { background: var(--notrun-bg); color: var(--notrun); border-color: #c3cad2; }
.v-error { background: #3d0b06; color: #fff; border-color: #3d0b06; }
.expected { color: var(--refuted); font-size: .8rem; font-weight: 600; display: block; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: 5px 8px; vertical-align: top; text-align: left; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary { table-layout: fixed; }
table.summary td { overflow-wrap: anywhere; }
table.summary td:first-child code { overflow-wrap: anywhere; }
table.summary td.ref { background: #fbfcfd; }
table.summary tr:hover td { background: #f6f8fa; }
table.summary tr.mismatch td { background: #fff8f7; }
table.kv { width: auto; min-width: 40%; }
table.kv th { width: 12em; }
table.matrix { width: auto; font-size: .84rem; }
table.steps code { white-space: pre-wrap; word-break: break-word; }
table.steps td:nth-child(3), table.steps td:nth-child(5) { width: 30%; }
.derivation { margin: 6px 0 14px; }
table.data td:first-child { text-align: left; white-space: nowrap; }
.cex { display: flex; flex-wrap: wrap; gap: 0 28px; align-items: flex-start; }
.cex table.kv { min-width: 0; }
.cex table.kv th { width: auto; }
.derivation dl.facts ul { margin: 0; padding-left: 1.2em; }
section.family { margin-top: 34px; }
article.claim { border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin: 14px 0; page-break-inside: avoid; break-inside: avoid-page; }
article.claim.mismatch { border-color: #f0867a; }
dl.facts { display: grid; grid-template-columns: 9.5em 1fr; gap: 4px 12px; margin: 0 0 10px; }
dl.facts dt { color: var(--muted); font-weight: 600; }
dl.facts dd { margin: 0; }
.evidence h4 { font-size: .95rem; margin: 12px 0 4px; }
.summary-line { margin: 0 0 6px; }
figure { margin: 14px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figure img { display: block; width: 100%; max-width: 1100px; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
figcaption { font-size: .88rem; color: var(--fg); margin-top: 6px; }
figcaption b { font-weight: 700; }
.figlink { font-size: .9rem; color: var(--muted); margin: 4px 0 8px; }
.note { color: var(--muted); font-size: .9rem; }
details summary { cursor: pointer; color: #0550ae; }
.toc { columns: 3 15em; font-size: .9rem; padding-left: 1.2em; }
@media (max-width: 720px) { main { padding: 12px; } dl.facts { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 10.5pt; } main { max-width: none; padding: 0; }
  a { color: inherit; } .badge, .banner, .counts li, th, .v-holds, .v-refuted, .v-inconclusive, .v-not-run
  { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details { display: block; } details > summary { display: none; }
  h2 { break-after: avoid; } figure, article.claim { break-inside: avoid; }
}
"""


def _e(text) -> str:
    return escape("" if text is None else str(text), quote=True)


def _anchor(prefix: str, ident: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_-]+", "-", ident).strip("-").lower()


def _short_cell(text, limit: int = 170) -> str:
    """A table cell with ``text`` cut at a word boundary near ``limit`` characters (the whole
    text in the title attribute and in the claim's own section)."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return f"<td>{_e(text)}</td>"
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return f'<td title="{_e(text)}">{_e(cut)} …</td>'


def _counts(summary: dict) -> list[tuple[str, int]]:
    """(verdict, count) for the four verdicts, then any other (``error``) that occurs."""
    c = summary["counts"]
    return [(v, c.get(v, 0)) for v in VERDICTS] + [(v, n) for v, n in c.items() if v not in VERDICTS and n]


def _sentence(text: str) -> str:
    text = str(text or "").strip()
    return (text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")) if text else ""


def _badge(verdict: str) -> str:
    return f'<span class="badge v-{_e(verdict)}">{_e(verdict)}</span>'


def _svg_size(svg: bytes) -> tuple[int, int] | None:
    m = re.search(rb'<svg[^>]*?width="([\d.]+)(pt|px)?"[^>]*?height="([\d.]+)(pt|px)?"', svg[:4000])
    if not m:
        return None
    scale = 4 / 3 if m.group(2) == b"pt" else 1.0
    return round(float(m.group(1)) * scale), round(float(m.group(3)) * scale)


def _figure_html(fig: dict, base_dir: Path | None) -> str:
    number, title = fig.get("number"), fig.get("title", "")
    fid = _anchor("figure-", fig["id"])
    if fig.get("status") != "ok":
        return (f'<figure id="{fid}"><p class="note">Figure {number} — {_e(title)}: not drawn. '
                f'{_e(_sentence(fig.get("reason", "")))}</p>'
                + _data_table_html((fig.get("data") or {}).get("table")) + "</figure>")
    src, size = None, None
    files = fig.get("files", {})
    if base_dir is not None:
        svg_path = Path(base_dir) / files.get("svg", "")
        png_path = Path(base_dir) / files.get("png", "")
        if files.get("svg") and svg_path.is_file():
            data = svg_path.read_bytes()
            size = _svg_size(data)
            src = "data:image/svg+xml;base64," + base64.b64encode(data).decode("ascii")
        elif files.get("png") and png_path.is_file():
            src = "data:image/png;base64," + base64.b64encode(png_path.read_bytes()).decode("ascii")
    if src is None:
        return f'<figure id="{fid}"><p class="note">Figure {number} — {_e(title)}: the image file is missing.</p></figure>'
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    links = " ".join(f'<a href="{_e(files[k])}">{k.upper()}</a>' for k in ("svg", "png") if k in files)
    return (
        f'<figure id="{fid}"><img src="{src}" alt="Figure {number}: {_e(title)}"{dims}>'
        f"<figcaption><b>Figure {number}. {_e(title)}.</b> {_e(fig.get('caption', ''))}"
        f' <span class="note">(files beside this page: {links})</span></figcaption>'
        + _data_table_html((fig.get("data") or {}).get("table")) + "</figure>"
    )


def _data_table_html(table) -> str:
    """A figure's numbers as a table (``{"columns": [...], "rows": [[...]]}``), if it has one."""
    if not table or not table.get("rows"):
        return ""
    head = "".join(f"<th>{_e(c)}</th>" for c in table["columns"])
    rows = "".join("<tr>" + "".join(f'<td class="num">{_e(v)}</td>' for v in r) + "</tr>" for r in table["rows"])
    return f'<table class="data">{"<tr>" + head + "</tr>"}{rows}</table>'


def _value_html(value) -> str:
    if matrix_like(value):
        head = "".join(f'<th class="num">{j}</th>' for j in range(len(value[0])))
        rows = "".join(
            f'<tr><th class="num">{i}</th>' + "".join(f'<td class="num">{_e(fmt(x, 10))}</td>' for x in row) + "</tr>"
            for i, row in enumerate(value)
        )
        return f'<table class="matrix"><tr><th class="num">row</th>{head}</tr>{rows}</table>'
    if isinstance(value, (dict, list)):
        text = fmt_json(value)
        if len(text) <= 160:
            return f"<code>{_e(text)}</code>"
        return (f"<details><summary>{_e(type(value).__name__)} with {len(value)} entries ({len(text)} characters of JSON)</summary>"
                f"<pre>{_e(fmt_json(value, indent=1))}</pre></details>")
    if isinstance(value, str) and "\n" in value:
        first = value.strip().splitlines()[-1] if value.strip() else ""
        return f"<details><summary>{_e(first[:120])}</summary><pre>{_e(value)}</pre></details>"
    return f"<code>{_e(fmt(value, 12))}</code>"


def _evidence_html(evidence, seen: dict | None = None, claim_id: str = "") -> str:
    parts = split_evidence(evidence)
    out = [f'<div class="evidence"><p class="summary-line"><b>Evidence.</b> {_e(parts["summary"])}</p>']
    ce = parts["counterexample"]
    if ce:
        out.append('<div class="cex"><div><h4>Counterexample</h4><table class="kv sides">')
        for key, label in (("lhs", "left side"), ("rhs", "right side"), ("margin", "margin")):
            if key in ce:
                out.append(f'<tr><th>{_e(label)}</th><td class="num"><code>{_e(fmt(ce[key], 12))}</code></td></tr>')
        out.append("</table></div>")
        if "inputs" in ce:
            out.append("<div><h4>Inputs (enough to recompute both sides)</h4>")
            inputs = ce["inputs"]
            if isinstance(inputs, dict):
                out.append('<table class="kv">')
                for k, v in inputs.items():
                    out.append(f"<tr><th><code>{_e(k)}</code></th><td>{_value_html(v)}</td></tr>")
                out.append("</table>")
            else:
                out.append(_value_html(inputs))
            out.append("</div>")
        out.append("</div>")
    st = parts["statistical"]
    if st:
        out.append('<h4>Estimate</h4><table class="kv">')
        labels = (("estimate", "estimate"), ("ci", "confidence interval"), ("level", "confidence level"),
                  ("test", "test"), ("false_alarm", "false-alarm level"))
        for key, label in labels:
            if key in st:
                out.append(f"<tr><th>{_e(label)}</th><td><code>{_e(fmt(st[key], 6))}</code></td></tr>")
        out.append("</table>")
    for d in parts["derivations"]:
        out.append(_derivation_html(d, seen, claim_id))
    if parts["other"]:
        out.append('<h4>Further evidence</h4><table class="kv">')
        for k, v in parts["other"].items():
            out.append(f"<tr><th>{_e(k)}</th><td>{_value_html(v)}</td></tr>")
        out.append("</table>")
    out.append("</div>")
    return "".join(out)


_STEP_BADGE = {
    "holds": '<span class="badge v-holds">holds</span>',
    "fails-as-recorded": '<span class="badge v-inconclusive" title="recorded as expected to fail">fails, as recorded</span>',
    "fails": '<span class="badge v-refuted">fails</span>',
}


def _derivation_html(d: dict, seen: dict | None = None, claim_id: str = "") -> str:
    """A derivation: title, summary, source, assumptions, result, then its steps (folded in a
    <details> when every step holds; open when one fails). A derivation already shown for an
    earlier claim of the page (same id and steps) is a link to it."""
    steps = d.get("steps", [])
    ok = sum(1 for st in steps if st.get("holds"))
    head = (f"Derivation <code>{_e(d.get('id', ''))}</code> — {_e(d.get('title', ''))} "
            f"({ok} of {len(steps)} steps check)")
    key = fmt_json([d.get("id"), steps])
    anchor = _anchor("derivation-", f"{claim_id}-{d.get('id', '')}")
    if seen is not None:
        if key in seen:
            return (f'<div class="derivation"><h4>{head}</h4><p class="note">Shown in full under '
                    f'<a href="#{seen[key][1]}"><code>{_e(seen[key][0])}</code></a>.</p></div>')
        seen[key] = (claim_id, anchor)
    out = [f'<div class="derivation" id="{anchor}"><h4>{head}</h4>']
    if d.get("summary"):
        out.append(f'<p class="note">{_e(d["summary"])}</p>')
    facts = []
    if d.get("source"):
        facts.append(f"<dt>Source</dt><dd>{_e(d['source'])}</dd>")
    if d.get("assumptions"):
        items = "".join(f"<li>{_e(a)}</li>" for a in d["assumptions"])
        facts.append(f"<dt>Assumptions</dt><dd><ul>{items}</ul></dd>")
    if derivation_result(d) is not None:
        facts.append(f"<dt>Result</dt><dd><code>{_e(fmt_json(derivation_result(d), limit=400) if not isinstance(derivation_result(d), str) else derivation_result(d))}</code></dd>")
    if facts:
        out.append('<dl class="facts">' + "".join(facts) + "</dl>")
    all_hold = ok == len(steps)
    out.append(f'<details{"" if all_hold else " open"}><summary>{len(steps)} steps'
               f'{", all hold" if all_hold else f", {len(steps) - ok} fail"}</summary>')
    out.append('<table class="steps"><tr><th class="num">#</th><th>step</th><th>left side</th><th></th>'
               "<th>right side</th><th>status</th><th>residual / note</th></tr>")
    for i, st in enumerate(steps, start=1):
        status = step_status(st)
        notes = []
        if not st.get("holds") and st.get("residual") not in (None, "", "0"):
            notes.append(f"<code>{_e(fmt(st.get('residual')))}</code>")
        for key in ("reason", "note"):
            if st.get(key):
                notes.append(_e(st[key]))
        title = f' title="{_e(st.get("method"))}"' if st.get("method") else ""
        out.append(f'<tr{title}><td class="num">{i}</td><td>{_e(st.get("name", ""))}</td>'
                   f'<td><code>{_e(st.get("lhs"))}</code></td><td>{_e(st.get("relation", "="))}</td>'
                   f'<td><code>{_e(st.get("rhs"))}</code></td><td>{_STEP_BADGE[status]}</td><td>{"<br>".join(notes)}</td></tr>')
    out.append("</table></details></div>")
    return "".join(out)


def _claim_html(c: dict, seen: dict | None = None) -> str:
    mismatch = c.get("verdict") != c.get("expected_verdict")
    cls = "claim mismatch" if mismatch else "claim"
    warn = (f'<p class="expected">This verdict differs from the one recorded with the claim '
            f'(<code>{_e(c.get("expected_verdict"))}</code>).</p>') if mismatch else ""
    secs = c.get("seconds")
    took = f" · {float(secs):.2f} s" if isinstance(secs, (int, float)) else ""
    run = split_evidence(c.get("evidence") or {})["run"]
    took = "".join(f" · {k} {v}" for k, v in run.items()) + took
    return (
        f'<article class="{cls}" id="{_anchor("claim-", c["id"])}">'
        f'<h3><code>{_e(c["id"])}</code> {_badge(c.get("verdict", "not-run"))}</h3>{warn}'
        '<dl class="facts">'
        f"<dt>Paper</dt><dd>{_e(c.get('paper_ref'))}</dd>"
        f"<dt>Statement</dt><dd>{_e(c.get('statement'))}</dd>"
        f"<dt>Reading tested</dt><dd>{_e(c.get('reading'))}</dd>"
        f"<dt>Method</dt><dd>{_e(c.get('method'))}</dd>"
        f"<dt>Verdict</dt><dd>{_e(c.get('verdict'))} (recorded: {_e(c.get('expected_verdict'))}){_e(took)}</dd>"
        "</dl>" + _evidence_html(c.get("evidence") or {}, seen, c["id"]) + "</article>"
    )


def render_html(report: dict, base_dir: str | Path | None = None) -> str:
    """The report as one HTML page; figures are read from ``base_dir`` and embedded."""
    base = Path(base_dir) if base_dir is not None else None
    s = report["summary"]
    st = report.get("settings", {})
    env = report.get("environment", {})
    commit = (env.get("git_commit") or "unknown")[:12]
    only = f" · only <code>{_e(' '.join(st['only']))}</code>" if st.get("only") else ""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report['title'])}</title>",
        f"<style>{CSS}</style></head><body><main>",
        "<header><h1>mixcheck validation report</h1>",
        f'<p class="sub">Kimura, “Why Mixup Improves the Model Performance” — every statement checked. '
        f"Generated {_e(report.get('generated_at', ''))} · profile <code>{_e(st.get('profile'))}</code> · "
        f"seed <code>{_e(st.get('seed'))}</code>{only} · mixcheck {_e(env.get('mixcheck', '?'))} · commit <code>{_e(commit)}</code> · "
        f"source: {_e(st.get('source', ''))}</p>",
        f'<div class="banner {"ok" if s["all_expected"] else "bad"}">{_e(verdict_line(s))}</div>',
        '<ul class="counts">' + "".join(f'<li class="v-{v}">{v}: <b>{n}</b></li>' for v, n in _counts(s)) + "</ul>",
        "</header>",
        '<section id="summary"><h2>Summary</h2>',
        '<table class="summary"><colgroup><col style="width:17%"><col style="width:12%"><col style="width:32%">'
        '<col style="width:11%"><col style="width:28%"></colgroup><tr><th>claim</th><th>paper</th><th>reading tested</th><th>verdict</th><th>evidence</th></tr>',
    ]
    claims = report["claims"]
    for k, c in enumerate(claims):
        mismatch = c.get("verdict") != c.get("expected_verdict")
        ev = c.get("evidence")
        summary = ev.get("summary", "") if isinstance(ev, dict) else ev
        exp = f'<span class="expected">expected {_e(c.get("expected_verdict"))}</span>' if mismatch else ""
        row_cls = ' class="mismatch"' if mismatch else ""
        # the paper reference once for a run of claims that share it
        ref = c.get("paper_ref")
        if k > 0 and claims[k - 1].get("paper_ref") == ref:
            paper_cell = ""
        else:
            span = 1
            while k + span < len(claims) and claims[k + span].get("paper_ref") == ref:
                span += 1
            paper_cell = f'<td rowspan="{span}" class="ref">{_e(ref)}</td>' if span > 1 else f'<td class="ref">{_e(ref)}</td>'
        out.append(
            f'<tr{row_cls}><td><a href="#{_anchor("claim-", c["id"])}"><code>{_e(c["id"])}</code></a></td>'
            f"{paper_cell}{_short_cell(c.get('reading'))}"
            f"<td>{_badge(c.get('verdict', 'not-run'))}{exp}</td><td>{_e(summary)}</td></tr>"
        )
    out.append("</table>")
    if not report["claims"]:
        out.append('<p class="note">No claim results were recorded.</p>')
    sections = layout(report)
    figs = [f for sec in sections for f in sec["figures"]]
    if figs:
        out.append('<p class="note">Figures: ' + " · ".join(
            f'<a href="#{_anchor("figure-", f["id"])}">{f["number"]}. {_e(f["title"])}</a>' for f in sorted(figs, key=lambda f: f["number"])
        ) + "</p>")
    out.append("</section>")
    out.append('<section id="claims"><h2>Claims</h2>')
    seen: dict = {}  # derivations already shown
    for sec in sections:
        if sec["family"] is None:
            out.append('<section class="family"><h2>Further figures</h2>')
        else:
            ref = sec["claims"][0].get("paper_ref", "")
            out.append(f'<section class="family" id="{_anchor("family-", sec["family"])}">'
                       f"<h2><code>{_e(sec['family'])}</code> — {_e(ref)}</h2>")
        for fig in sec["figures"]:
            out.append(_figure_html(fig, base))
        for link in sec["links"]:
            out.append(f'<p class="figlink">Illustrated by <a href="#{_anchor("figure-", link["id"])}">Figure {link["number"]}: '
                       f'{_e(link["title"])}</a> (shown under <code>{_e(link["shown_in"])}</code>).</p>')
        for c in sec["claims"]:
            out.append(_claim_html(c, seen))
        out.append("</section>")
    out.append("</section>")
    out.append('<section id="environment"><h2>Environment, settings and timings</h2><table class="kv">')
    for k, v in env.items():
        out.append(f"<tr><th>{_e(k)}</th><td><code>{_e(fmt(v))}</code></td></tr>")
    for k in ("profile", "seed", "only", "source", "results_dir"):
        out.append(f"<tr><th>setting: {_e(k)}</th><td><code>{_e(fmt(st.get(k)))}</code></td></tr>")
    t = report.get("timings", {})
    for key, label in (("total", "time: total"), ("claims_total", "time: claims"), ("figures_total", "time: figures")):
        if isinstance(t.get(key), (int, float)):
            out.append(f"<tr><th>{label}</th><td>{float(t[key]):.1f} s</td></tr>")
    out.append("</table></section></main></body></html>")
    return "\n".join(out)
