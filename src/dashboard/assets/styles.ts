/**
 * The dashboard's one stylesheet, served from fishhook itself (the Content-Security-Policy
 * allows no inline style). Colours keep WCAG AA contrast for text; focus is always visible.
 */
export const STYLES = `
:root {
  --text: #1b1f24; --muted: #4d5560; --line: #d5d9de; --surface: #f6f7f9; --link: #0b57d0;
  --ok-bg: #e6f4ea; --ok: #0d652d; --bad-bg: #fce8e6; --bad: #a50e0e;
  --warn-bg: #fef7e0; --warn: #6d4300; --info-bg: #e8f0fe; --info: #174ea6;
  --idle-bg: #eceff1; --idle: #37474f;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--text); background: #fff; line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; }
a { color: var(--link); }
:focus-visible { outline: 3px solid var(--link); outline-offset: 2px; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 0.875rem; }
pre { background: var(--surface); border: 1px solid var(--line); padding: 0.75rem; overflow: auto; max-height: 24rem; white-space: pre-wrap; word-break: break-word; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.skip-link { position: absolute; left: 0.5rem; top: -3rem; background: #fff; padding: 0.5rem 1rem; z-index: 10; }
.skip-link:focus { top: 0.5rem; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem 2rem; padding: 0.75rem 1.5rem; border-bottom: 1px solid var(--line); background: var(--surface); }
.brand { font-weight: 700; font-size: 1.125rem; margin-right: auto; }
.top nav ul { display: flex; gap: 1.25rem; list-style: none; margin: 0; padding: 0; }
.top nav a[aria-current="page"] { font-weight: 700; color: var(--text); text-decoration-thickness: 3px; }
.top form { margin: 0; }
main { padding: 1.5rem; max-width: 72rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.125rem; margin: 2rem 0 0.75rem; }
button, .button { font: inherit; padding: 0.45rem 1rem; border-radius: 6px; border: 1px solid var(--link); background: var(--link); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
button.secondary, .button.secondary { background: #fff; color: var(--link); }
button.danger { background: var(--bad); border-color: var(--bad); }
label { font-weight: 600; display: block; margin-bottom: 0.25rem; }
input, select { font: inherit; padding: 0.4rem 0.5rem; border: 1px solid #767d86; border-radius: 6px; background: #fff; color: var(--text); }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; padding: 1rem; background: var(--surface); border: 1px solid var(--line); border-radius: 8px; margin-bottom: 1rem; }
.filters .actions { display: flex; gap: 0.75rem; align-items: center; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.5rem 0; }
th, td { text-align: left; padding: 0.5rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--surface); font-size: 0.875rem; }
tbody th { font-weight: 400; }
.goal { max-width: 28rem; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 999px; font-size: 0.8125rem; font-weight: 600; white-space: nowrap; }
.tone-ok { background: var(--ok-bg); color: var(--ok); }
.tone-bad { background: var(--bad-bg); color: var(--bad); }
.tone-warn { background: var(--warn-bg); color: var(--warn); }
.tone-info { background: var(--info-bg); color: var(--info); }
.tone-idle { background: var(--idle-bg); color: var(--idle); }
.pager { display: flex; gap: 1.5rem; margin: 1rem 0; }
.notice { padding: 0.75rem 1rem; border-radius: 8px; margin: 0 0 1rem; border: 1px solid; }
.notice.tone-ok { border-color: var(--ok); } .notice.tone-bad { border-color: var(--bad); } .notice.tone-info { border-color: var(--info); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 0; }
.facts dt { font-weight: 600; color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.run-actions { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; }
.run-actions form { margin: 0; }
.timeline { list-style: none; margin: 0; padding: 0 0 0 1rem; border-left: 3px solid var(--line); }
.timeline > li { position: relative; margin: 0 0 0.85rem; padding-left: 0.75rem; }
.timeline > li::before { content: ""; position: absolute; left: -1.55rem; top: 0.45rem; width: 0.8rem; height: 0.8rem; border-radius: 50%; background: #fff; border: 3px solid var(--muted); }
.timeline > li.dot-ok::before { border-color: var(--ok); } .timeline > li.dot-bad::before { border-color: var(--bad); }
.timeline > li.dot-warn::before { border-color: var(--warn); } .timeline > li.dot-info::before { border-color: var(--info); }
.timeline .when { color: var(--muted); font-size: 0.875rem; display: block; }
.timeline .what { font-weight: 600; }
.timeline details { margin-top: 0.25rem; }
.sign-in { max-width: 26rem; margin: 3rem auto; padding: 2rem; border: 1px solid var(--line); border-radius: 12px; }
.sign-in input { width: 100%; margin-bottom: 1rem; }
.panel { border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1.5rem; }
.panel h2 { margin-top: 0; }
.chart { max-width: 44rem; width: 100%; height: auto; }
.chart text { font-size: 13px; fill: var(--text); }
.chart .axis { stroke: var(--line); }
.bar-ok { fill: #1e8e3e; } .bar-bad { fill: #c5221f; } .bar-warn { fill: #b06000; }
.bar-idle { fill: #5f6368; } .bar-info { fill: #1a73e8; } .bar-track { fill: var(--idle-bg); }
.figure { font-size: 2rem; font-weight: 700; margin: 0; }
.confirm { border: 2px solid var(--warn); background: var(--warn-bg); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.confirm h2 { margin-top: 0; }
.confirm .choices { display: flex; gap: 1rem; align-items: center; }
.muted { color: var(--muted); }
`;
