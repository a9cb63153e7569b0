// The stylesheet: one file, no framework. Contrast at least 4.5:1 for text, a visible focus
// ring, and a single column on a phone (tables scroll sideways inside their own region).
export const STYLES = `
:root {
  --ink: #1a1a1a; --muted: #4d5561; --line: #c9ced6; --bg: #f5f7fa; --card: #ffffff;
  --primary: #1d4f91; --primary-ink: #ffffff; --primary-soft: #e7eef8;
  --danger: #a4221a; --danger-soft: #fbeaea; --warning: #7a4a00; --warning-soft: #fdf1dc;
  --success: #1f6b3e; --success-soft: #e5f4ea; --info: #1d4f91; --info-soft: #e7eef8;
  --focus: #ffbf47; --radius: 6px;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--ink); background: var(--bg); line-height: 1.6; font-size: 16px;
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: flex; flex-direction: column; }
a { color: var(--primary); text-underline-offset: 2px; }
a:hover { color: #123a6e; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
h1 { font-size: 1.6rem; line-height: 1.3; margin: .4rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 .6rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .4rem; }
.muted { color: var(--muted); font-size: .9rem; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.skip-link { position: absolute; left: -9999px; top: 0; background: var(--focus); color: var(--ink); padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: .5rem; top: .5rem; }
.topbar { background: var(--primary); color: var(--primary-ink); }
.topbar a, .topbar .link-button { color: var(--primary-ink); }
.topbar-inner { max-width: 1100px; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; }
.brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .5rem; }
.brand-sub { font-weight: 400; font-size: .85rem; opacity: .95; }
.topbar-tools { display: flex; flex-wrap: wrap; gap: .4rem 1rem; align-items: center; font-size: .95rem; }
.lang-switch { border: 1px solid rgba(255,255,255,.7); border-radius: 999px; padding: .1rem .7rem; text-decoration: none; }
.who { opacity: .95; }
.mainnav { background: #163e73; }
.mainnav ul { max-width: 1100px; margin: 0 auto; padding: 0 .5rem; list-style: none; display: flex; flex-wrap: wrap; }
.mainnav a { display: block; padding: .55rem .75rem; color: #fff; text-decoration: none; border-bottom: 3px solid transparent; }
.mainnav a[aria-current="page"] { border-bottom-color: var(--focus); font-weight: 700; }
.mainnav a:hover { background: rgba(255,255,255,.1); }
main { flex: 1; width: 100%; max-width: 1100px; margin: 0 auto; padding: 1rem; }
main:focus { outline: none; }
.footer { border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; text-align: center; padding: .8rem 1rem; background: var(--card); }
.narrow { max-width: 640px; }
.lead { font-size: 1.05rem; color: #2b3440; }
.breadcrumbs { font-size: .9rem; margin: 0 0 .3rem; color: var(--muted); }
.page-head { display: flex; flex-wrap: wrap; gap: .5rem 1rem; justify-content: space-between; align-items: flex-start; }
.page-actions { display: flex; gap: .5rem; flex-wrap: wrap; padding-top: .5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.2rem; margin: 1rem 0; }
.card > h2:first-child, .card > h3:first-child { margin-top: 0; }
.button { display: inline-block; font: inherit; padding: .5rem 1rem; border-radius: var(--radius); border: 1px solid var(--primary); background: #fff; color: var(--primary); cursor: pointer; text-decoration: none; line-height: 1.4; min-height: 44px; }
.button:hover { background: var(--primary-soft); }
.button.primary { background: var(--primary); color: var(--primary-ink); }
.button.primary:hover { background: #163e73; }
.button.danger { border-color: var(--danger); color: var(--danger); }
.link-button { background: none; border: none; padding: 0; font: inherit; color: var(--primary); text-decoration: underline; cursor: pointer; }
.inline-form { display: inline; margin: 0; }
.feed-make { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: .5rem 0 1rem; }
.feed-make input { flex: 1 1 16rem; }
.form-actions { display: flex; flex-wrap: wrap; gap: .6rem; margin-top: 1rem; align-items: center; }
.field { margin: 0 0 1rem; border: 0; padding: 0; min-width: 0; }
.field label, .field legend { display: block; font-weight: 600; margin-bottom: .25rem; padding: 0; }
.field .hint, .hint { color: var(--muted); font-size: .9rem; margin: 0 0 .3rem; }
.hint.warning { color: var(--warning); }
.req { color: var(--danger); }
input[type=text], input[type=email], input[type=date], input[type=number], input[type=search], input[type=tel], select, textarea {
  font: inherit; width: 100%; padding: .45rem .6rem; border: 1px solid #7a8491; border-radius: 4px; background: #fff; color: var(--ink); min-height: 44px;
}
textarea { min-height: 6rem; }
input.wide { width: 100%; }
.has-error input, .has-error select, .has-error textarea, [aria-invalid="true"] { border: 2px solid var(--danger); }
.field-error { color: var(--danger); font-weight: 600; margin: .25rem 0 0; font-size: .92rem; }
.field-error:empty { display: none; }
.choices { display: flex; flex-direction: column; gap: .3rem; }
.choices.inline { flex-direction: row; flex-wrap: wrap; gap: .3rem 1.4rem; }
.choice, .field label.choice { display: inline-flex; gap: .45rem; align-items: center; font-weight: 400; min-height: 32px; cursor: pointer; margin: 0; }
.choice input { width: 1.2rem; height: 1.2rem; }
.choice.remove { color: var(--muted); font-size: .9rem; }
.grid-2, .grid-3 { display: grid; gap: 0 1rem; }
.grid-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
.grid-3 { grid-template-columns: repeat(3, minmax(0, 1fr)); }
.row-card { border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem 1rem .4rem; margin: 0 0 1rem; background: #fbfcfd; }
.row-card legend { font-weight: 700; padding: 0 .3rem; }
.share-total { font-size: 1rem; }
.error-summary { border: 3px solid var(--danger); background: var(--danger-soft); border-radius: var(--radius); padding: .6rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin: 0 0 .3rem; font-size: 1.05rem; color: var(--danger); }
.error-summary ul { margin: 0; padding-left: 1.2rem; }
.error-summary a { color: var(--danger); font-weight: 600; }
.form-message { color: var(--danger); font-weight: 600; }
.flash { border-radius: var(--radius); padding: .6rem 1rem; margin: 0 0 1rem; border-left: 5px solid; }
.flash-success { background: var(--success-soft); border-color: var(--success); }
.flash-error { background: var(--danger-soft); border-color: var(--danger); }
.flash-info { background: var(--info-soft); border-color: var(--info); }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; font-size: .85rem; font-weight: 600; border: 1px solid transparent; white-space: nowrap; }
.badge-neutral { background: #eceff3; color: #333b45; }
.badge-info { background: var(--info-soft); color: var(--info); border-color: #b6c8e3; }
.badge-success { background: var(--success-soft); color: var(--success); border-color: #a9d3b7; }
.badge-warning { background: var(--warning-soft); color: var(--warning); border-color: #e8c88f; }
.badge-danger { background: var(--danger-soft); color: var(--danger); border-color: #e8b0ab; }
.table-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: var(--radius); background: var(--card); margin: .5rem 0 1rem; }
table { width: 100%; border-collapse: collapse; font-size: .95rem; }
th, td { text-align: left; padding: .55rem .7rem; border-bottom: 1px solid #e3e7ec; vertical-align: top; }
thead th { background: #eef2f7; font-weight: 700; white-space: nowrap; }
tr.overdue td { background: #fff6f5; }
.empty { color: var(--muted); background: var(--card); border: 1px dashed var(--line); border-radius: var(--radius); padding: 1rem; text-align: center; }
.filters { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .8rem 1rem 0; margin: 0 0 1rem; }
.filters .field { min-width: 12rem; flex: 1 1 12rem; }
.filter-actions { display: flex; gap: .8rem; align-items: center; margin-bottom: 1rem; }
.toolbar { display: flex; gap: .6rem; flex-wrap: wrap; }
.pager { display: flex; gap: 1rem; align-items: center; justify-content: center; margin: 1rem 0; }
.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: .5rem 1.2rem; margin: .5rem 0 1rem; }
.facts div { border-bottom: 1px solid #e3e7ec; padding-bottom: .3rem; }
.facts dt { color: var(--muted); font-size: .88rem; }
.facts dd { margin: 0; font-weight: 500; word-break: break-word; }
.prose { white-space: pre-wrap; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .7rem 1rem; }
.steps ol { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap; gap: .4rem; counter-reset: none; }
.steps li { border: 1px solid var(--line); border-radius: 999px; padding: .2rem .8rem; background: var(--card); font-size: .92rem; }
.steps li.current { background: var(--primary); border-color: var(--primary); color: #fff; font-weight: 700; }
.steps li.done { border-color: var(--success); }
.steps li a { text-decoration: none; }
.step-no { display: inline-block; min-width: 1.2rem; font-weight: 700; }
.task-card { background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--primary); border-radius: var(--radius); padding: .8rem 1rem; margin: 0 0 1rem; }
.task-card h3 { margin: 0; }
.task-actions { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr); gap: 1rem; margin-top: .6rem; }
.task-side details summary, .action summary, .danger-zone summary { cursor: pointer; font-weight: 600; color: var(--primary); padding: .3rem 0; }
.clock-actions { display: grid; gap: .3rem; margin-top: .5rem; }
.action { border-top: 1px solid #e3e7ec; padding: .3rem 0; }
.danger-zone { border: 1px solid #e8b0ab; border-radius: var(--radius); padding: .5rem 1rem; background: #fffafa; margin: 1.5rem 0; }
.danger-zone summary { color: var(--danger); }
.timeline { list-style: none; padding: 0; margin: 0; border-left: 3px solid var(--line); }
.timeline li { position: relative; padding: .3rem 0 .7rem 1.1rem; display: grid; grid-template-columns: 9.5rem minmax(0, 1fr); gap: .2rem 1rem; }
.timeline li::before { content: ""; position: absolute; left: -8px; top: .65rem; width: 13px; height: 13px; border-radius: 50%; background: var(--primary); border: 2px solid #fff; }
.timeline time { color: var(--muted); font-size: .9rem; font-variant-numeric: tabular-nums; }
.timeline .note { color: #2b3440; font-size: .92rem; }
.upload progress { width: 100%; height: 1rem; }
.upload-progress { margin: .5rem 0; }
.notice-list { list-style: none; padding: 0; margin: 0; }
.notice-card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .6rem 1rem; margin: 0 0 .7rem; }
.notice-card h3 { margin: 0 0 .2rem; }
.notice-body { white-space: pre-wrap; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.2rem; line-height: 1.9; }
.people-list ul { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: .5rem; }
.person-button { width: 100%; text-align: left; font: inherit; background: #fff; border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem .8rem; cursor: pointer; display: flex; flex-direction: column; min-height: 44px; }
.person-button:hover { border-color: var(--primary); background: var(--primary-soft); }
.tiles { list-style: none; padding: 0; margin: 0 0 1rem; display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .7rem; }
.tiles a { display: flex; flex-direction: column; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .7rem 1rem; text-decoration: none; color: var(--ink); }
.tiles .tile-warning a { border-color: #e8c88f; background: var(--warning-soft); }
.tile-value { font-size: 1.8rem; font-weight: 700; line-height: 1.2; }
.tile-label { color: var(--muted); }
.tabs ul { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; padding: 0; margin: 0 0 1rem; border-bottom: 2px solid var(--line); }
.tabs a { display: block; padding: .4rem .9rem; text-decoration: none; border-radius: var(--radius) var(--radius) 0 0; }
.tabs a[aria-current="page"] { background: var(--primary); color: #fff; }
.compact .field { margin-bottom: .5rem; }
.chart-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 0 1rem; }
.chart { margin: 0; }
.chart figcaption { font-size: .9rem; color: var(--muted); margin-bottom: .3rem; }
.chart svg { width: 100%; height: auto; display: block; }
.chart-wide { overflow-x: auto; }
.chart-wide svg { min-width: 560px; max-width: 900px; }
.chart-label { font-size: 12px; fill: #2b3440; }
.chart-value { font-size: 12px; fill: #1a1a1a; font-weight: 600; }
.chart-axis { stroke: #7a8491; stroke-width: 1; }
.chart-gridline { stroke: #d5dae1; stroke-dasharray: 3 3; }
.chart-today { stroke: var(--danger); stroke-width: 2; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
fieldset.group { border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem 1rem .2rem; margin: 0 0 1rem; }
fieldset.group > legend { font-weight: 700; padding: 0 .3rem; }
.check-field { display: flex; align-items: flex-end; min-height: 44px; padding-top: 1.6rem; }
.value-preview { font-size: 1.05rem; background: var(--info-soft); border-radius: var(--radius); padding: .6rem 1rem; }
.notice-price { margin: 0 0 .2rem; }
.notice-price strong { font-variant-numeric: tabular-nums; }
.task-note { background: var(--info-soft); border-radius: var(--radius); padding: .4rem .8rem; margin: .6rem 0 0; }
.nowrap { white-space: nowrap; }
td.account { word-break: break-all; font-size: .85rem; min-width: 12rem; }
td.memo { min-width: 10rem; }
.explanation { margin: .3rem 0 .6rem; padding-left: 1.4rem; }
.explanation li { margin: .2rem 0; }
.explanation-value { margin-left: .6rem; font-variant-numeric: tabular-nums; }
.action-card { background: var(--card); border: 1px solid var(--line); border-left: 5px solid var(--success); border-radius: var(--radius); padding: .5rem 1rem; margin: 0 0 .8rem; }
.action-card > summary { cursor: pointer; font-weight: 700; color: var(--primary); padding: .3rem 0; }
.action-card[open] > summary { margin-bottom: .5rem; }
@media (max-width: 700px) {
  main { padding: .75rem; }
  h1 { font-size: 1.35rem; }
  .grid-2, .grid-3, .task-actions { grid-template-columns: minmax(0, 1fr); }
  .check-field { padding-top: 0; min-height: 0; }
  .brand-sub { display: none; }
  .mainnav a { padding: .5rem .55rem; }
  .timeline li { grid-template-columns: minmax(0, 1fr); }
  .filters .field { min-width: 100%; }
  .card { padding: .8rem; }
}
`;
