"""``report.md``: the summary table first, then one section per claim (figures as links to
``figures/*.png``, so the Markdown renders on GitHub and in any viewer beside its folder)."""

from __future__ import annotations

from .build import VERDICTS, layout
from .evidence import derivation_result, fmt, fmt_json, matrix_like, split_evidence, step_status

__all__ = ["render_markdown", "verdict_line"]

_MARK = {"holds": "✅ holds", "refuted": "❌ refuted", "inconclusive": "⚠️ inconclusive", "not-run": "⏸ not-run",
         "error": "💥 error"}


def _cell(text) -> str:
    return str(text if text is not None else "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _anchor(claim_id: str) -> str:
    return "claim-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in claim_id.lower())


def verdict_line(summary: dict) -> str:
    """One sentence: the counts per verdict and whether every verdict is the expected one."""
    extra = [v for v, n in summary["counts"].items() if v not in VERDICTS and n]
    counts = ", ".join(f"{summary['counts'].get(v, 0)} {v}" for v in (*VERDICTS, *extra))
    head = f"{summary['total']} claims checked: {counts}."
    if summary["all_expected"]:
        return head + " Every verdict equals the verdict recorded with its claim."
    mism = ", ".join(summary["mismatches"])
    return head + f" {len(summary['mismatches'])} verdict(s) differ from the recorded one: {mism}."


def _inputs_md(inputs) -> list[str]:
    out = []
    if isinstance(inputs, dict):
        for key, value in inputs.items():
            if matrix_like(value):
                out.append(f"- `{key}` ({len(value)} × {len(value[0])}):")
                out.append("")
                out.append("  | row | " + " | ".join(f"{j}" for j in range(len(value[0]))) + " |")
                out.append("  | ---: | " + " | ".join("---:" for _ in value[0]) + " |")
                for i, row in enumerate(value):
                    out.append(f"  | {i} | " + " | ".join(_cell(fmt(x, 10)) for x in row) + " |")
                out.append("")
            else:
                out.append(f"- `{key}` = `{_cell(fmt_json(value, limit=300))}`")
    else:
        out.append(f"- `{_cell(fmt_json(inputs, limit=600))}`")
    return out


def _evidence_md(evidence) -> list[str]:
    parts = split_evidence(evidence)
    lines = [f"**Evidence.** {parts['summary']}", ""]
    ce = parts["counterexample"]
    if ce:
        lines += ["Counterexample:", "", "| | value |", "| --- | ---: |"]
        for key, label in (("lhs", "left side"), ("rhs", "right side"), ("margin", "margin")):
            if key in ce:
                lines.append(f"| {label} | {_cell(fmt(ce[key], 12))} |")
        lines.append("")
        if "inputs" in ce:
            lines += ["Inputs (enough to recompute both sides):", ""] + _inputs_md(ce["inputs"]) + [""]
    st = parts["statistical"]
    if st:
        lines += ["| estimate | interval | level | test | false-alarm level |", "| ---: | :---: | ---: | --- | ---: |"]
        lines.append("| " + " | ".join(_cell(fmt(st.get(k), 6)) if k in st else "" for k in ("estimate", "ci", "level", "test", "false_alarm")) + " |")
        lines.append("")
    for d in parts["derivations"]:
        steps = d.get("steps", [])
        ok = sum(1 for st in steps if st.get("holds"))
        lines += [f"Derivation `{d.get('id', '')}` — {d.get('title', '')} ({ok}/{len(steps)} steps check)."
                  + (f" {d['summary']}" if d.get("summary") else ""), ""]
        if d.get("source"):
            lines += [f"- Source: {d['source']}"]
        for a in d.get("assumptions") or []:
            lines += [f"- Assumption: {a}"]
        if derivation_result(d) is not None:
            res = derivation_result(d)
            lines += [f"- Result: `{_cell(res if isinstance(res, str) else fmt_json(res, limit=300))}`"]
        lines += ["", "| # | step | left side | | right side | status | residual / note |",
                  "| ---: | --- | --- | --- | --- | --- | --- |"]
        for i, st in enumerate(steps, start=1):
            status = {"holds": "✓ holds", "fails-as-recorded": "✗ fails (as recorded)", "fails": "✗ fails"}[step_status(st)]
            notes = []
            if not st.get("holds") and st.get("residual") not in (None, "", "0"):
                notes.append(f"`{_cell(fmt(st.get('residual')))}`")
            notes += [_cell(st[k]) for k in ("reason", "note") if st.get(k)]
            lines.append(f"| {i} | {_cell(st.get('name', ''))} | `{_cell(st.get('lhs'))}` | {_cell(st.get('relation', '='))} "
                         f"| `{_cell(st.get('rhs'))}` | {status} | {'; '.join(notes)} |")
        lines.append("")
    if parts["other"]:
        lines.append("Further evidence:")
        lines.append("")
        for key, value in parts["other"].items():
            text = fmt(value) if not isinstance(value, (dict, list)) else fmt_json(value, limit=300)
            lines.append(f"- {key}: `{_cell(text)}`")
        lines.append("")
    return lines


def _table_md(table) -> list[str]:
    if not table or not table.get("rows"):
        return []
    out = ["| " + " | ".join(_cell(c) for c in table["columns"]) + " |", "|" + " ---: |" * len(table["columns"])]
    out += ["| " + " | ".join(_cell(v) for v in r) + " |" for r in table["rows"]]
    return out + [""]


def _figure_md(fig: dict) -> list[str]:
    if fig.get("status") != "ok":
        return [f"*Figure {fig['number']} — {fig['title']}: not drawn ({fig.get('reason', '')}).*", ""] + _table_md(
            (fig.get("data") or {}).get("table"))
    return _table_md((fig.get("data") or {}).get("table")) + [
        f"<a id=\"figure-{fig['id']}\"></a>",
        f"![Figure {fig['number']}: {fig['title']}]({fig['files']['png']})",
        "",
        f"*Figure {fig['number']}. {fig['title']}.* {fig.get('caption', '')} "
        f"([SVG]({fig['files']['svg']}))",
        "",
    ]


def render_markdown(report: dict) -> str:
    s = report["summary"]
    st = report.get("settings", {})
    env = report.get("environment", {})
    lines = [f"# {report['title']}", ""]
    lines.append(
        f"Generated {report.get('generated_at', '')} · profile `{st.get('profile')}` · seed `{st.get('seed')}`"
        + (f" · only `{' '.join(st['only'])}`" if st.get("only") else "")
        + f" · mixcheck {env.get('mixcheck', '?')} · commit `{(env.get('git_commit') or 'unknown')[:12]}`"
    )
    lines += ["", f"**{verdict_line(s)}**", ""]
    lines += ["| verdict | claims |", "| --- | ---: |"]
    lines += [f"| {_MARK.get(v, v)} | {n} |" for v, n in s["counts"].items() if v in VERDICTS or n] + [""]
    lines += ["## Summary", "", "| claim | paper | reading | verdict | evidence |", "| --- | --- | --- | --- | --- |"]
    for c in report["claims"]:
        verdict = _MARK.get(c.get("verdict"), c.get("verdict"))
        if c.get("verdict") != c.get("expected_verdict"):
            verdict += f" (expected {c.get('expected_verdict')})"
        summary = (c.get("evidence") or {}).get("summary", "") if isinstance(c.get("evidence"), dict) else c.get("evidence")
        lines.append(
            f"| [`{_cell(c['id'])}`](#{_anchor(c['id'])}) | {_cell(c.get('paper_ref'))} | {_cell(c.get('reading'))} "
            f"| {verdict} | {_cell(summary)} |"
        )
    lines.append("")
    lines += ["## Claims", ""]
    for sec in layout(report):
        if sec["family"] is None:
            lines += ["## Further figures", ""]
            for fig in sec["figures"]:
                lines += _figure_md(fig)
            continue
        first = sec["claims"][0]
        lines += [f"### {sec['family']} — {first.get('paper_ref', '')}", ""]
        for fig in sec["figures"]:
            lines += _figure_md(fig)
        for link in sec["links"]:
            lines += [f"See [Figure {link['number']}: {link['title']}](#figure-{link['id']}) (shown under {link['shown_in']}).", ""]
        for c in sec["claims"]:
            verdict = _MARK.get(c.get("verdict"), c.get("verdict"))
            lines += [f"<a id=\"{_anchor(c['id'])}\"></a>", "", f"#### `{c['id']}` — {verdict}", ""]
            if c.get("verdict") != c.get("expected_verdict"):
                lines += [f"> **Verdict differs from the recorded one** (`{c.get('expected_verdict')}`).", ""]
            lines += [f"- **Paper:** {c.get('paper_ref', '')}", f"- **Statement:** {c.get('statement', '')}",
                      f"- **Reading tested:** {c.get('reading', '')}", f"- **Method:** {c.get('method', '')}",
                      f"- **Verdict:** {c.get('verdict')} (recorded: {c.get('expected_verdict')})"
                      + "".join(f" · {k} {v}" for k, v in split_evidence(c.get("evidence") or {})["run"].items()), ""]
            lines += _evidence_md(c.get("evidence") or {})
    lines += ["## Environment and settings", "", "| | |", "| --- | --- |"]
    for k, v in env.items():
        lines.append(f"| {_cell(k)} | {_cell(fmt(v))} |")
    for k in ("profile", "seed", "only", "source", "results_dir"):
        lines.append(f"| setting: {k} | {_cell(fmt(st.get(k)))} |")
    t = report.get("timings", {})
    if t.get("total") is not None:
        lines.append(f"| time: total | {float(t['total']):.1f} s |")
    if t.get("claims_total") is not None:
        lines.append(f"| time: claims | {float(t['claims_total']):.1f} s |")
    if t.get("figures_total") is not None:
        lines.append(f"| time: figures | {float(t['figures_total']):.1f} s |")
    lines.append("")
    return "\n".join(lines)
