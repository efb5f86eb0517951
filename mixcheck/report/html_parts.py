"""Pieces of ``report.html``: values and evidence as labelled tables, derivations with their steps
as presentation MathML, figures, badges for verdicts and evidence grades."""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from .evidence import (derivation_result, fmt, fmt_json, grade_of, humanize, matrix_like, split_evidence,
                       step_status)
from .mathml import relation_mathml, to_mathml

__all__ = ["e", "text_html", "anchor", "badge", "grade_badge", "value_html", "evidence_html", "derivation_html",
           "figure_html", "figure_name", "caveats_html", "scroll"]


def e(text) -> str:
    """``text`` escaped for HTML (None → empty)."""
    return escape("" if text is None else str(text), quote=True)


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def text_html(text) -> str:
    """Prose: escaped, with Markdown-style `code spans` shown as code (never literal backticks)."""
    return _CODE_SPAN.sub(lambda m: f"<code>{m.group(1)}</code>", e(text))


def anchor(prefix: str, ident: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_-]+", "-", str(ident)).strip("-").lower()


def scroll(inner: str) -> str:
    """A wide block (table, formula) that scrolls sideways on a narrow screen, not the page."""
    return f'<div class="scroll">{inner}</div>'


def badge(verdict: str) -> str:
    return f'<span class="badge v-{e(verdict)}">{e(verdict)}</span>'


def grade_badge(claim: dict) -> str:
    """The evidence grade beside a verdict; a muted note where the result records none."""
    g = grade_of(claim)
    if g is None:
        return '<span class="grade g-none" title="this result records no evidence grade">grade —</span>'
    detail = claim.get("grade_detail")
    tip = "; ".join(f"{humanize(k)}: {fmt(v)}" for k, v in detail.items()) if isinstance(detail, dict) else ""
    title = f' title="{e(tip)}"' if tip else ""
    return f'<span class="grade g-{e(g)}"{title}>{e(g)}</span>'


def _is_scalar(v) -> bool:
    return v is None or isinstance(v, (bool, int, float, str))


def _records_table(rows: list[dict], depth: int) -> str:
    cols = list(dict.fromkeys(k for r in rows for k in r))
    head = "".join(f"<th>{e(humanize(c))}</th>" for c in cols)
    body = "".join("<tr>" + "".join(
        f'<td class="num">{value_html(r.get(c), depth + 1)}</td>' if c in r else "<td></td>" for c in cols) + "</tr>"
        for r in rows)
    return scroll(f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def value_html(value, depth: int = 0) -> str:
    """A value as HTML: numbers and text as code, a small matrix as a table, a dict as a
    labelled table, a list of records as a table with a column per key, long parts folded."""
    if matrix_like(value):
        head = "".join(f'<th class="num">{j}</th>' for j in range(len(value[0])))
        rows = "".join(f'<tr><th class="num">{i}</th>' + "".join(
            f'<td class="num"><code>{e(fmt(x, 10))}</code></td>' for x in row) + "</tr>" for i, row in enumerate(value))
        return scroll(f'<table class="matrix"><tr><th class="num">row</th>{head}</tr>{rows}</table>')
    if isinstance(value, dict):
        if not value:
            return "<code>{}</code>"
        if depth >= 3:
            return f"<code>{e(fmt_json(value, limit=300))}</code>"
        rows = "".join(f"<tr><th>{e(humanize(k))}</th><td>{value_html(v, depth + 1)}</td></tr>" for k, v in value.items())
        table = f'<table class="kv">{rows}</table>'
        if len(value) > 12:
            return f"<details><summary>{len(value)} entries</summary>{table}</details>"
        return table
    if isinstance(value, list):
        if not value:
            return "<code>[]</code>"
        if all(isinstance(r, dict) for r in value) and depth < 3:
            table = _records_table(value, depth)
            return table if len(value) <= 12 else f"<details><summary>{len(value)} rows</summary>{table}</details>"
        if all(_is_scalar(v) for v in value):
            items = ", ".join(e(fmt(v, 8)) for v in value)
            text = f"<code>[{items}]</code>"
            return text if len(value) <= 24 else f"<details><summary>{len(value)} values</summary>{text}</details>"
        if depth >= 3:
            return f"<code>{e(fmt_json(value, limit=300))}</code>"
        items = "".join(f"<li>{value_html(v, depth + 1)}</li>" for v in value)
        return f'<ol class="values">{items}</ol>'
    if isinstance(value, str):
        if "\n" in value:
            first = value.strip().splitlines()[-1] if value.strip() else ""
            return f"<details><summary>{e(first[:120])}</summary><pre>{e(value)}</pre></details>"
        return text_html(value) if len(value) > 30 and " " in value else f"<code>{e(value)}</code>"
    return f"<code>{e(fmt(value, 12))}</code>"


def caveats_html(caveats) -> str:
    if not caveats:
        return ""
    items = "".join(f"<li>{text_html(c)}</li>" for c in caveats)
    return f'<div class="caveats" role="note"><b>Caveats</b><ul>{items}</ul></div>'


def evidence_html(evidence, seen: dict | None = None, claim_id: str = "") -> str:
    parts = split_evidence(evidence)
    out = [f'<div class="evidence"><p class="summary-line"><b>Evidence.</b> {text_html(parts["summary"])}</p>',
           caveats_html(parts["caveats"])]
    ce = parts["counterexample"]
    if ce:
        out.append('<div class="cex"><div><h5>Counterexample</h5><div class="scroll"><table class="kv sides">')
        for key, label in (("lhs", "left side"), ("rhs", "right side"), ("margin", "margin")):
            if key in ce:
                out.append(f'<tr><th>{e(label)}</th><td class="num"><code>{e(fmt(ce[key], 12))}</code></td></tr>')
        out.append("</table></div></div>")
        if "inputs" in ce:
            out.append("<div><h5>Inputs (enough to recompute both sides)</h5>" + scroll(value_html(ce["inputs"])) + "</div>")
        out.append("</div>")
    st = parts["statistical"]
    if st:
        out.append('<h5>Estimate</h5><div class="scroll"><table class="kv">')
        labels = (("estimate", "estimate"), ("ci", "confidence interval"), ("level", "confidence level"),
                  ("test", "test"), ("false_alarm", "false-alarm level"))
        for key, label in labels:
            if key in st:
                out.append(f"<tr><th>{e(label)}</th><td>{value_html(st[key])}</td></tr>")
        out.append("</table></div>")
    for d in parts["derivations"]:
        out.append(derivation_html(d, seen, claim_id))
    if parts["other"]:
        out.append("<h5>Further evidence</h5>" + scroll(value_html(parts["other"], 1)))
    out.append("</div>")
    return "".join(out)


_STEP_BADGE = {
    "holds": '<span class="badge v-holds">holds</span>',
    "fails-as-recorded": '<span class="badge v-inconclusive" title="recorded as expected to fail">fails, as recorded</span>',
    "fails": '<span class="badge v-refuted">fails</span>',
}


def _formula_html(lhs, relation, rhs) -> str:
    """A step as MathML (SymPy text in the title and in a folded block), else as code."""
    sympy_text = f"{lhs} {relation} {rhs}"
    math = relation_mathml(lhs, relation, rhs)
    if math is None:
        return (f'<code class="formula">{e(lhs)}</code> {e(relation)} <code class="formula">{e(rhs)}</code>'
                if len(sympy_text) < 400 else
                f"<details><summary>{e(relation)} (long expression: SymPy text)</summary><pre>{e(sympy_text)}</pre></details>")
    return (scroll(math) + f'<details class="sympy"><summary>SymPy</summary><pre>{e(sympy_text)}</pre></details>')


def derivation_html(d: dict, seen: dict | None = None, claim_id: str = "") -> str:
    """A derivation: title, summary, source, assumptions, result, then its steps (folded when
    every step holds; open when one fails). A derivation shown for an earlier claim of the
    page (same id and steps) is a link to it."""
    steps = d.get("steps", [])
    ok = sum(1 for st in steps if st.get("holds"))
    head = (f"Derivation <code>{e(d.get('id', ''))}</code> — {text_html(d.get('title', ''))} "
            f"({ok} of {len(steps)} steps check)")
    key = fmt_json([d.get("id"), steps])
    anchor_id = anchor("derivation-", f"{claim_id}-{d.get('id', '')}")
    if seen is not None:
        if key in seen:
            return (f'<div class="derivation"><h5>{head}</h5><p class="note">Shown in full under '
                    f'<a href="#{seen[key][1]}"><code>{e(seen[key][0])}</code></a>.</p></div>')
        seen[key] = (claim_id, anchor_id)
    out = [f'<div class="derivation" id="{anchor_id}"><h5>{head}</h5>']
    if d.get("summary"):
        out.append(f'<p class="note">{text_html(d["summary"])}</p>')
    facts = []
    if d.get("source"):
        facts.append(f"<dt>Source</dt><dd>{text_html(d['source'])}</dd>")
    if d.get("assumptions"):
        items = "".join(f"<li>{text_html(a)}</li>" for a in d["assumptions"])
        facts.append(f"<dt>Assumptions</dt><dd><ul>{items}</ul></dd>")
    res = derivation_result(d)
    if res is not None:
        text = res if isinstance(res, str) else fmt_json(res, limit=400)
        m = to_mathml(text)
        shown = scroll(f'<math display="block" title="{e(text)}">{m}</math>') if m else f"<code>{e(text)}</code>"
        facts.append(f"<dt>Result</dt><dd>{shown}</dd>")
    if facts:
        out.append('<dl class="facts">' + "".join(facts) + "</dl>")
    all_hold = ok == len(steps)
    out.append(f'<details{"" if all_hold else " open"}><summary>{len(steps)} steps'
               f'{", all hold" if all_hold else f", {len(steps) - ok} fail"}</summary><ol class="steps">')
    for st in steps:
        notes = []
        if not st.get("holds") and st.get("residual") not in (None, "", "0"):
            r = st.get("residual")
            m = to_mathml(r) if isinstance(r, str) else None
            notes.append("residual " + (scroll(f'<math display="block" title="{e(r)}">{m}</math>') if m
                                        else f"<code>{e(fmt(r))}</code>"))
        notes += [text_html(st[k]) for k in ("reason", "note") if st.get(k)]
        if st.get("method"):
            notes.append(f'<span class="method">checked: {text_html(st["method"])}</span>')
        name = f"<b>{e(st.get('name'))}</b> " if st.get("name") else ""
        out.append(f'<li><p class="step-head">{name}{_STEP_BADGE[step_status(st)]}</p>'
                   f'{_formula_html(st.get("lhs"), st.get("relation", "="), st.get("rhs"))}'
                   + (f'<p class="note">{"<br>".join(notes)}</p>' if notes else "") + "</li>")
    out.append("</ol></details></div>")
    return "".join(out)


def figure_name(fig: dict) -> str:
    """How the report names a figure: its label (``Fig. 1 (paper) reproduced``, ``R1``) and title."""
    label = fig.get("label") or f"R{fig.get('number', '')}"
    return f"{label}: {fig.get('title', '')}"


def _svg_size(svg: bytes) -> tuple[int, int] | None:
    m = re.search(rb'<svg[^>]*?width="([\d.]+)(pt|px)?"[^>]*?height="([\d.]+)(pt|px)?"', svg[:4000])
    if not m:
        return None
    scale = 4 / 3 if m.group(2) == b"pt" else 1.0
    return round(float(m.group(1)) * scale), round(float(m.group(3)) * scale)


def _data_table_html(table) -> str:
    """A figure's numbers as a table (``{"columns": [...], "rows": [[...]]}``), if it has one."""
    if not table or not table.get("rows"):
        return ""
    head = "".join(f"<th>{e(c)}</th>" for c in table["columns"])
    rows = "".join("<tr>" + "".join(f'<td class="num">{e(v)}</td>' for v in r) + "</tr>" for r in table["rows"])
    return scroll(f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')


def figure_html(fig: dict, base_dir: Path | None) -> str:
    name = figure_name(fig)
    fid = anchor("figure-", fig["id"])
    data = fig.get("data") or {}
    extras = caveats_html(data.get("caveats")) + _data_table_html(data.get("table"))
    if fig.get("status") != "ok":
        why = fig.get("reason") or "not drawn"
        return (f'<figure id="{fid}"><p class="note"><b>{e(name)}</b> — not drawn: {text_html(why)}</p>'
                + extras + "</figure>")
    src, size = None, None
    files = fig.get("files", {})
    if base_dir is not None:
        svg_path, png_path = Path(base_dir) / files.get("svg", ""), Path(base_dir) / files.get("png", "")
        if files.get("svg") and svg_path.is_file():
            raw = svg_path.read_bytes()
            size = _svg_size(raw)
            src = "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")
        elif files.get("png") and png_path.is_file():
            src = "data:image/png;base64," + base64.b64encode(png_path.read_bytes()).decode("ascii")
    if src is None:
        return f'<figure id="{fid}"><p class="note"><b>{e(name)}</b>: the image file is missing.</p>{extras}</figure>'
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    links = " ".join(f'<a href="{e(files[k])}">{k.upper()}</a>' for k in ("svg", "png") if k in files)
    return (f'<figure id="{fid}"><img src="{src}" alt="{e(name)}"{dims}>'
            f"<figcaption><b>{e(name)}.</b> {text_html(fig.get('caption', ''))}"
            f' <span class="note">(files beside this page: {links})</span></figcaption>{extras}</figure>')
