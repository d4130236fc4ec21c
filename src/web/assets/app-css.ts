/**
 * The app's own styles on top of the Utrecht components and design tokens: layout, the menu,
 * the board's status colours and the charts. Served as /app/assets/app.css (a file, so the
 * Content-Security-Policy needs no inline styles). Colours meet WCAG 2.1 AA contrast on white.
 */
export const APP_CSS = `
:root { --pl-overdue: #a4001d; --pl-at-risk: #8a4b00; --pl-ok: #1f6b33; --pl-muted: #4b4b4b; --pl-line: #c4c4c4; --pl-bar: #24578f; --pl-bar-2: #7a3d8f; }
body.utrecht-page-body { margin: 0; font-family: var(--utrecht-document-font-family, system-ui, sans-serif); }
.pl-page { max-inline-size: 80rem; margin-inline: auto; padding-inline: 1rem; }
.pl-header__content { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 1rem; padding-block: 0.75rem; }
.pl-brand { font-weight: bold; font-size: 1.25rem; margin: 0; }
.pl-brand__sub { font-weight: normal; font-size: 1rem; color: var(--pl-muted); }
.pl-account { display: flex; flex-wrap: wrap; align-items: center; gap: 0.75rem; }
.pl-inline-form { display: inline; margin: 0; }
.pl-nav { border-block-end: 2px solid var(--pl-line); margin-block-end: 1rem; }
.pl-nav__list { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; padding: 0; margin: 0; }
.pl-nav__link { display: inline-block; padding-block: 0.5rem; }
.pl-nav__link[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
.pl-main { padding-block: 1rem 2rem; }
.pl-main:focus { outline: none; }
.pl-footer { margin-block-start: 2rem; }
.pl-skip { position: absolute; inset-inline-start: -10000px; }
.pl-skip:focus { position: static; }
.pl-flash { margin-block-end: 1rem; }
.pl-table-wrap { overflow-x: auto; }
.pl-table { border-collapse: collapse; inline-size: 100%; }
.pl-table th, .pl-table td { text-align: start; padding: 0.4rem 0.6rem; border-block-end: 1px solid var(--pl-line); vertical-align: top; }
.pl-status { display: inline-block; padding: 0.1rem 0.5rem; border-radius: 0.25rem; font-weight: bold; border: 2px solid currentColor; }
.pl-status--overdue { color: var(--pl-overdue); }
.pl-status--at-risk { color: var(--pl-at-risk); }
.pl-status--ok { color: var(--pl-ok); }
.pl-muted { color: var(--pl-muted); }
.pl-form { max-inline-size: 45rem; }
.pl-form .utrecht-form-field { margin-block-end: 1rem; }
.pl-form .utrecht-textbox, .pl-form .utrecht-textarea, .pl-form .utrecht-select { inline-size: 100%; box-sizing: border-box; }
.pl-error-summary { border: 3px solid var(--pl-overdue); padding: 0.75rem 1rem; margin-block-end: 1rem; }
.pl-field-error { color: var(--pl-overdue); font-weight: bold; margin: 0.25rem 0; }
.pl-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; margin-block: 1rem; }
.pl-chart { max-inline-size: 100%; block-size: auto; }
.pl-chart__bar { fill: var(--pl-bar); }
.pl-chart__bar--2 { fill: var(--pl-bar-2); }
.pl-chart__label { font-size: 12px; fill: #1a1a1a; }
.pl-chart__axis { stroke: #1a1a1a; stroke-width: 1; }
.pl-grid { display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); }
.pl-card { border: 1px solid var(--pl-line); border-radius: 0.25rem; padding: 1rem; }
.pl-dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.pl-dl dt { font-weight: bold; }
.pl-dl dd { margin: 0; }
.pl-timeline { list-style: none; padding: 0; border-inline-start: 3px solid var(--pl-line); }
.pl-timeline > li { padding: 0.25rem 0 0.75rem 1rem; }
.pl-code { font-family: ui-monospace, monospace; font-size: 0.875rem; overflow-wrap: anywhere; }
details.pl-action { border: 1px solid var(--pl-line); border-radius: 0.25rem; padding: 0.5rem 1rem; margin-block-end: 0.75rem; }
details.pl-action > summary { cursor: pointer; font-weight: bold; padding-block: 0.25rem; }
@media (prefers-reduced-motion: reduce) { * { scroll-behavior: auto !important; } }
.pl-fg-list { list-style: none; padding: 0; }
.pl-chart-figure { margin: 0 0 1.5rem; }
.pl-chart-figure > figcaption { font-weight: bold; margin-block-end: 0.5rem; }
.pl-filter { display: flex; flex-wrap: wrap; gap: 0.75rem 1.5rem; align-items: flex-end; margin-block-end: 1rem; }
.pl-filter .utrecht-form-field { margin: 0; }
.pl-table td.pl-number, .pl-table th.pl-number { text-align: end; font-variant-numeric: tabular-nums; }
.pl-pre { white-space: pre-wrap; overflow-wrap: anywhere; margin-block: 0.25rem; }
.pl-filters { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
.pl-question { border-inline-start: 4px solid var(--pl-line); margin: 0.5rem 0 1rem; padding: 0.25rem 1rem; white-space: pre-wrap; }
.pl-dossier > h2 { margin-block: 2rem 0.5rem; }
.pl-dossier .pl-table-wrap { margin-block-end: 1rem; }
`;
