import type { RoutePlugin } from "../app.js";

/** Until the dashboard lands: one page of ROI per network, drawn from /api/roi in the browser. */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>socialroi</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px system-ui,sans-serif;margin:2rem;color:#1d2433}table{border-collapse:collapse}
th,td{padding:.4rem .8rem;border-bottom:1px solid #dde;text-align:right}th:first-child,td:first-child{text-align:left}
caption{text-align:left;font-weight:600;margin-bottom:.5rem}small{color:#667}</style></head>
<body><h1>socialroi</h1><p id="period"></p>
<table><caption>Return on investment per network</caption><thead><tr>
<th scope="col">Network</th><th scope="col">Cost</th><th scope="col">Revenue</th><th scope="col">Assigned value</th>
<th scope="col" title="(revenue − cost) ÷ cost">Revenue ROI</th><th scope="col" title="(revenue + assigned value − cost) ÷ cost">Total ROI</th>
<th scope="col" title="revenue ÷ ad spend">ROAS</th><th scope="col">Leads</th><th scope="col">Customers</th></tr></thead><tbody id="rows"></tbody></table>
<p><small id="notes"></small></p>
<script>
fetch('/api/roi' + location.search).then(r => r.json()).then(report => {
  const money = new Intl.NumberFormat(undefined, { style: 'currency', currency: report.currency });
  const num = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
  const ratio = v => v === null ? 'n/a' : num.format(v);
  document.getElementById('period').textContent = report.from + ' – ' + report.to;
  const body = document.getElementById('rows');
  for (const r of [...report.rows, report.total]) {
    const tr = document.createElement('tr');
    for (const v of [r.key, money.format(r.cost), money.format(r.revenue), money.format(r.assigned_value),
      ratio(r.revenue_roi), ratio(r.total_roi), ratio(r.roas), num.format(r.leads), num.format(r.customers)]) {
      const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
    }
    body.appendChild(tr);
  }
  document.getElementById('notes').textContent = report.allocation_note + ' ' + report.metrics_basis;
});
</script></body></html>`;

export const homeRoutes: RoutePlugin = async (app) => {
  app.get("/", async (_request, reply) => reply.type("text/html; charset=utf-8").send(PAGE));
};
