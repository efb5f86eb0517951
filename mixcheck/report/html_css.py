"""The inline stylesheet of ``report.html``: readable from 390 px phones to wide screens (wide
tables and formulas scroll inside their own box, never the page), and a print stylesheet."""

CSS = """
:root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg-soft:#f6f8fa;
  --holds:#1a7f37; --holds-bg:#dafbe1; --refuted:#b42318; --refuted-bg:#ffe4e1;
  --inconclusive:#8a5a00; --inconclusive-bg:#fff4d6; --notrun:#57606a; --notrun-bg:#eaeef2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--fg); background: #fff; overflow-wrap: break-word;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
h1 { font-size: 1.65rem; line-height: 1.25; margin: 0 0 4px; }
h2 { font-size: 1.3rem; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 26px 0 8px; }
h4 { font-size: 1rem; margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
h5 { font-size: .93rem; margin: 12px 0 4px; }
.sub { color: var(--muted); margin: 0 0 14px; font-size: .92rem; }
code, pre { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: .86em; }
code { overflow-wrap: anywhere; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
a { color: #0550ae; text-decoration: none; } a:hover { text-decoration: underline; }
.banner { border-radius: 8px; padding: 10px 14px; font-weight: 600; margin: 10px 0 12px; border: 1px solid; }
.banner.ok { background: var(--holds-bg); border-color: #4ac26b; color: #0f5323; }
.banner.bad { background: var(--refuted-bg); border-color: #f0867a; color: #7a1a10; }
.counts { display: flex; flex-wrap: wrap; gap: 6px 8px; list-style: none; padding: 0; margin: 0 0 8px; }
.counts li { border-radius: 999px; padding: 2px 11px; font-size: .9rem; border: 1px solid var(--line); }
.counts li.label { border: none; padding-left: 0; color: var(--muted); }
.badge, .grade { display: inline-block; border-radius: 999px; padding: 0 8px; font-size: .8rem; font-weight: 600; white-space: nowrap; border: 1px solid transparent; line-height: 1.6; }
.grade { border-radius: 4px; background: #fff; border-color: var(--line); color: var(--fg); font-weight: 500; }
.grade.g-none { color: var(--muted); border-style: dashed; }
.v-holds { background: var(--holds-bg); color: var(--holds); border-color: #8fd5a0; }
.v-refuted { background: var(--refuted-bg); color: var(--refuted); border-color: #f3a59b; }
.v-inconclusive { background: var(--inconclusive-bg); color: var(--inconclusive); border-color: #e8c46b; }
.v-not-run { background: var(--notrun-bg); color: var(--notrun); border-color: #c3cad2; }
.v-mixed { background: #eef0ff; color: #3b3f99; border-color: #b8bdf0; }
.v-error { background: #3d0b06; color: #fff; border-color: #3d0b06; }
.expected { color: var(--refuted); font-size: .8rem; font-weight: 600; display: block; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: var(--bg-soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary, table.index { width: 100%; }
table.summary td.id { width: 30%; } table.summary td.verdict { width: 17em; }
table.summary tr.group th { background: #eef2f6; font-size: .95rem; }
table.summary tr.fam td { background: #fbfcfd; color: var(--muted); font-size: .85rem; padding-top: 6px; }
table.summary tr.mismatch td { background: #fff8f7; }
table.index tbody th { white-space: nowrap; width: 10em; } table.index td:nth-child(2) { width: 34%; }
table.index .ids a { margin-right: .6em; white-space: nowrap; } table.index .ids code { overflow-wrap: normal; }
table.index tr:target, article.claim:target, section.family:target > h3 { outline: 3px solid #f0c000; }
table.kv th { min-width: 8em; max-width: 16em; }
table.matrix { font-size: .84rem; }
table.data td:first-child { text-align: left; }
.cex { display: flex; flex-wrap: wrap; gap: 0 28px; align-items: flex-start; }
.derivation { margin: 6px 0 14px; }
ol.steps { padding-left: 1.6em; margin: 6px 0; }
ol.steps > li { margin: 0 0 10px; }
.step-head { margin: 0 0 2px; }
math { math-style: normal; font-size: 1.1em; }
.scroll > math[display="block"] { display: math; margin: 4px 0; }  /* left-aligned, still math-style: normal */
details.sympy > summary { font-size: .8rem; color: var(--muted); }
.method { color: var(--muted); font-size: .85rem; }
section.family { margin-top: 30px; }
article.claim { border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 14px 0; }
article.claim.mismatch { border-color: #f0867a; }
dl.facts { display: grid; grid-template-columns: 9.5em minmax(0, 1fr); gap: 4px 12px; margin: 0 0 10px; }
dl.facts dt { color: var(--muted); font-weight: 600; }
dl.facts dd { margin: 0; min-width: 0; }
.summary-line { margin: 0 0 6px; }
.caveats { border-left: 4px solid #e8c46b; background: var(--inconclusive-bg); padding: 6px 12px; margin: 8px 0; border-radius: 0 6px 6px 0; }
.caveats ul { margin: 2px 0; padding-left: 1.2em; }
figure { margin: 14px 0 18px; }
figure img { display: block; width: 100%; max-width: 1100px; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
figcaption { font-size: .88rem; margin-top: 6px; }
.figlink { font-size: .9rem; color: var(--muted); margin: 4px 0 8px; }
.note { color: var(--muted); font-size: .9rem; }
p.top { text-align: right; font-size: .85rem; margin: 4px 0 0; }
details summary { cursor: pointer; color: #0550ae; }
nav#contents ol.toc { padding-left: 1.4em; margin: 0; }
nav#contents ol.toc > li { margin: 3px 0; }
nav#contents ol.toc ul { padding-left: 1.2em; margin: 2px 0 6px; font-size: .9rem; columns: 2 16em; }
@media (max-width: 720px) {
  main { padding: 12px 10px 40px; }
  h1 { font-size: 1.35rem; }
  dl.facts { grid-template-columns: minmax(0, 1fr); gap: 0; } dl.facts dd { margin-bottom: 6px; }
  article.claim { padding: 10px; }
  table.summary, table.summary tbody, table.summary tr, table.summary td, table.summary th,
  table.index, table.index tbody, table.index tr, table.index td, table.index th { display: block; width: auto; }
  table.summary thead, table.index thead { display: none; }
  table.summary td, table.index td, table.index th { border: none; padding: 1px 4px; }
  table.summary td.id, table.summary td.verdict { width: auto; }
  table.summary tr, table.index tr { border-bottom: 1px solid var(--line); padding: 4px 0; }
  table.index th { background: none; }
  nav#contents ol.toc ul { columns: 1; }
  table.kv, table.kv > tbody, table.kv > tbody > tr, table.kv > tbody > tr > th, table.kv > tbody > tr > td
  { display: block; width: auto; max-width: none; border: none; }
  table.kv { border-left: 2px solid var(--line); padding-left: 6px; }
  table.kv > tbody > tr > th { background: none; padding: 4px 0 0; min-width: 0; }
  table.kv > tbody > tr > td { padding: 0 0 4px; }
}
@media print {
  body { font-size: 10pt; } main { max-width: none; padding: 0; }
  a { color: inherit; } p.top, details.sympy { display: none; }
  .badge, .grade, .banner, .counts li, th, .caveats { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  details::details-content { content-visibility: visible; display: block; }
  .scroll { overflow: visible; }
  h2, h3, h4 { break-after: avoid; } figure, article.claim, tr { break-inside: avoid; }
  figure img { max-width: 100%; }
}
"""
