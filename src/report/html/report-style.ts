/** The report's stylesheet, inline (the file must read with no network and no other files). */
export const REPORT_CSS = `
:root { color-scheme: light; }
body { font: 15px/1.45 Helvetica, Arial, sans-serif; color: #1d1d1d; max-width: 1100px; margin: 0 auto; padding: 24px; }
h1 { font-size: 26px; margin: 0 0 8px; }
h2 { font-size: 20px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 40px; }
h3 { font-size: 16px; margin-top: 28px; }
code, pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #f6f6f4; border: 1px solid #e2e2de; padding: 10px 12px; overflow-x: auto; white-space: pre-wrap; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.run dt { color: #555; }
dl.run dd { margin: 0; overflow-wrap: anywhere; }
nav ol { columns: 2; }
table { border-collapse: collapse; margin: 12px 0; font-size: 13px; }
th, td { border: 1px solid #d6d6d2; padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: #f0f0ec; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
span.yes { color: #1a7a3a; font-weight: bold; }
span.no { color: #b2182b; }
figure { margin: 20px 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 13px; color: #333; margin-top: 6px; }
p.method { font-size: 13px; color: #555; }
dl.sources dt { font-weight: bold; margin-top: 4px; }
dl.sources dd { margin-left: 20px; font-size: 13px; }
p.where { font-size: 12px; color: #666; font-family: monospace; }
footer { margin-top: 48px; border-top: 1px solid #ccc; padding-top: 8px; font-size: 12px; color: #555; }
@media print { figure, table { break-inside: avoid; } nav { display: none; } }
`;
