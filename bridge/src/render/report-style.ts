// The one stylesheet every artifact document carries. Reports are plain semantic HTML (the model's
// <style> elements are removed), so this has to make headings, tables, lists and figures look
// finished on screen and on paper. No url(), no @import, no fonts to fetch: the CSP would block them.
// Links keep their text but lose their href (report.ts), so they are drawn as plain text.
export const REPORT_STYLESHEET = `
:root{color-scheme:light;--ink:#1f2937;--muted:#6b7280;--rule:#e5e7eb;--head:#f3f4f6;--accent:#2f6fdf;
--good:#047857;--bad:#b91c1c;--warn:#b45309}
*{box-sizing:border-box}
html{background:#fff}
body{margin:0;padding:24px 28px;color:var(--ink);font:14px/1.55 system-ui,-apple-system,Segoe UI,Roboto,Helvetica Neue,Arial,sans-serif;
-webkit-text-size-adjust:100%;overflow-wrap:anywhere}
.parley-report{max-width:960px;margin:0 auto}
h1{font-size:22px;line-height:1.25;margin:0 0 4px;font-weight:650;letter-spacing:-.01em}
h2{font-size:17px;margin:22px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--rule);font-weight:600}
h3{font-size:15px;margin:18px 0 6px;font-weight:600}
h4,h5,h6{font-size:14px;margin:14px 0 4px}
p,ul,ol,dl,table,figure,blockquote,pre,details{margin:0 0 12px}
ul,ol{padding-left:22px}
li{margin:2px 0}
a{color:inherit;text-decoration:none}
small,.muted{color:var(--muted)}
hr{border:0;border-top:1px solid var(--rule);margin:18px 0}
blockquote{margin-left:0;padding:6px 12px;border-left:3px solid var(--rule);color:#374151}
code,kbd,samp,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre{padding:10px 12px;background:var(--head);border-radius:6px;overflow:auto;white-space:pre-wrap}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{caption-side:top;text-align:left;font-weight:600;padding:0 0 6px}
th,td{padding:6px 10px;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
thead th{background:var(--head);font-weight:600;border-bottom:1px solid #d1d5db}
tbody tr:nth-child(even) td{background:#fafafa}
tfoot td,tfoot th{font-weight:600;border-top:2px solid #d1d5db}
td.num,th.num,.num{text-align:right;white-space:nowrap}
.good{color:var(--good)}.bad{color:var(--bad)}.warn{color:var(--warn)}
.kpis{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 16px}
.kpi{flex:1 1 150px;border:1px solid var(--rule);border-radius:8px;padding:10px 12px}
.kpi b,.kpi strong{display:block;font-size:20px;font-weight:650}
figure{margin-left:0;margin-right:0}
figcaption{color:var(--muted);font-size:12px;margin-top:4px}
img,svg{max-width:100%;height:auto}
details>summary{cursor:pointer;font-weight:600}
@page{margin:16mm}
@media print{body{padding:0;font-size:11pt}a{color:inherit;text-decoration:none}
h2,h3{break-after:avoid}tr,figure,.kpi{break-inside:avoid}thead{display:table-header-group}
tbody tr:nth-child(even) td{background:none}}
`.replace(/\n/g, '');
