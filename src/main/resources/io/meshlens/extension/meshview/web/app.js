// The mesh view page: fetches the JSON API and renders it; no build step, one module.
import uPlot from "/vendor/uplot/uPlot.esm.js";

const $ = (id) => document.getElementById(id);
const fmt = {
  pct: (v) => (v == null ? "–" : (v * 100).toFixed(2) + "%"),
  rps: (v) => (v == null ? "–" : v.toFixed(2) + " rps"),
  ms: (v) => (v == null ? "–" : (v < 10 ? v.toFixed(1) : Math.round(v)) + " ms"),
  int: (v) => (v == null ? "–" : Math.round(v).toLocaleString("en")),
};

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c ?? ""));
  return e;
}

function showError(id, message) {
  const p = $(id);
  p.hidden = !message;
  p.textContent = message || "";
}

function emptyRow(tbody, cols, text) {
  tbody.replaceChildren(el("tr", { class: "empty" }, el("td", { colspan: cols }, text)));
}

async function getJson(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

function showDatasources(ds) {
  if (!ds) return;
  const b = $("datasources");
  b.hidden = ds.ok;
  b.replaceChildren(...ds.problems.map((p) => el("p", {}, p)));
}

// Workloads: sortable by any column; the choice survives refreshes.
let workloads = [];
let sort = { key: "namespace", dir: 1 };

function renderWorkloads() {
  const tbody = $("workloads").querySelector("tbody");
  if (workloads.length === 0) {
    emptyRow(tbody, 9, "No meshed workloads with inbound traffic in the window. Check that the mesh pipeline " +
      "remote-writes to the mesh datasource and that the workloads receive requests.");
    return;
  }
  const rows = [...workloads].sort((a, b) => {
    const x = a[sort.key], y = b[sort.key];
    if (x == null) return 1;
    if (y == null) return -1;
    return (typeof x === "string" ? x.localeCompare(y) : x - y) * sort.dir;
  });
  tbody.replaceChildren(...rows.map((w) => el("tr", { "data-deployment": w.deployment },
    el("td", {}, w.namespace), el("td", {}, w.deployment), el("td", { class: "num" }, String(w.meshedPods)),
    el("td", { class: "num" + (w.successRate != null && w.successRate < 1 ? " bad" : "") }, fmt.pct(w.successRate)),
    el("td", { class: "num" }, fmt.rps(w.rps)), el("td", { class: "num" }, fmt.ms(w.p50Ms)),
    el("td", { class: "num" }, fmt.ms(w.p95Ms)), el("td", { class: "num" }, fmt.ms(w.p99Ms)),
    el("td", { class: "num" }, fmt.int(w.tcpConnections)))));
  for (const th of $("workloads").querySelectorAll("th")) {
    th.classList.toggle("sorted-asc", th.dataset.key === sort.key && sort.dir === 1);
    th.classList.toggle("sorted-desc", th.dataset.key === sort.key && sort.dir === -1);
  }
}

for (const th of document.querySelectorAll("#workloads th")) {
  th.addEventListener("click", () => {
    sort = { key: th.dataset.key, dir: sort.key === th.dataset.key ? -sort.dir : 1 };
    renderWorkloads();
  });
}

async function loadWorkloads() {
  const d = await getJson("/api/workloads");
  showDatasources(d.datasources);
  showError("workloads-error", d.error);
  workloads = d.workloads;
  renderWorkloads();
  return d.updated;
}

async function loadEdges() {
  const d = await getJson("/api/edges");
  showError("edges-error", d.error);
  const tbody = $("edges").querySelector("tbody");
  if (d.edges.length === 0) {
    emptyRow(tbody, 9, "No outbound traffic between meshed workloads in the window.");
    return;
  }
  // Failing edges first (hidden failures above plain ones), then the busiest: what needs a look
  // is at the top, not below the collector's scrape edges.
  const ordered = [...d.edges].sort((a, b) =>
    (Number(b.failing) - Number(a.failing))
    || (Number(b.edge.hiddenFailures.length > 0) - Number(a.edge.hiddenFailures.length > 0))
    || ((b.edge.rps || 0) - (a.edge.rps || 0)));
  const rows = [];
  for (const { edge: e, failing, rootCause } of ordered) {
    const badges = e.hiddenFailures.map((h) => el("span", { class: "hidden-failure",
      title: `${h.count} responses with HTTP 2xx but grpc_status ${h.grpcStatus} in the window` },
      `HTTP 2xx · gRPC ${h.grpcStatus} ${h.name} ×${h.count}`));
    const key = `${e.src}-${e.dst}`;
    rows.push(el("tr", { "data-edge": key, class: failing ? "failing" : "" },
      el("td", {}, `${e.srcNamespace}/${e.src}`), el("td", {}, `${e.dstNamespace}/${e.dst || e.dstService}`),
      el("td", { class: "num" }, fmt.rps(e.rps)),
      el("td", { class: "num" + (e.successRate != null && e.successRate < 1 ? " bad" : "") }, fmt.pct(e.successRate)),
      el("td", { class: "num" }, fmt.ms(e.p99Ms)), el("td", {}, ...badges),
      el("td", { class: e.tls === "true" ? "ok" : "bad" }, e.tls === "true" ? "✓ mTLS" : (e.tls || "none")),
      el("td", { class: "identity" }, e.clientId || "–"), el("td", { class: "identity" }, e.serverId || "–")));
    if (failing) {
      const cause = rootCause.length === 0
        ? el("p", {}, `No error spans for ${e.dstService || e.dst} yet. Send traces through a pipeline with the ` +
            "meshview exporter to see which span failed and why.")
        : el("ul", {}, ...rootCause.map((s) => el("li", { class: "span" },
            el("strong", {}, s.name), ` on ${s.service}: `, el("span", { class: "status-message" }, s.statusMessage),
            " · trace ", s.link ? el("a", { href: s.link, target: "_blank" }, s.traceId) : s.traceId,
            ` · ${s.time}`)));
      rows.push(el("tr", { class: "root-cause", "data-edge": key },
        el("td", { colspan: 9 }, el("strong", {}, "Root cause (most recent error spans): "), cause)));
    }
  }
  tbody.replaceChildren(...rows);
}

let chart;
const palette = ["#3b6fd8", "#e37400", "#1e7b34", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#d35400"];

async function loadLatency() {
  const d = await getJson("/api/latency");
  showError("latency-error", d.error);
  const c = d.chart;
  const gap = c.gapMs == null ? "Gap: – (needs both a mesh p99 for " + c.deployment + " and an app p99)"
    : `Latest p99 of ${c.deployment}: mesh ${fmt.ms(c.meshP99Ms)}, app ${fmt.ms(c.appP99Ms)} — gap ${fmt.ms(c.gapMs)} ` +
      "(time outside the app's own measurement: proxy, network, queueing).";
  $("latency-gap").textContent = gap;
  const box = $("latency-chart");
  if (c.lines.length === 0) {
    chart?.destroy();
    chart = null;
    box.replaceChildren(el("p", { class: "meta" }, "No latency data in the chart range yet."));
    return;
  }
  const data = [c.times, ...c.lines.map((l) => l.values)];
  const series = [{}, ...c.lines.map((l, i) => ({
    label: l.name, stroke: l.layer === "app" ? "#111" : palette[i % palette.length],
    width: l.layer === "app" ? 3 : 1.5, dash: l.layer === "app" ? [6, 4] : undefined, points: { show: false },
    // The layers are sampled at different instants, so each line has nulls where the other has values.
    spanGaps: true,
    value: (u, v) => fmt.ms(v),
  }))];
  const names = c.lines.map((l) => l.name).join("|");
  if (chart && chart.__names === names) {
    chart.setData(data);
    return;
  }
  chart?.destroy();
  box.replaceChildren();
  chart = new uPlot({ width: Math.min(1100, window.innerWidth - 80), height: 320, series,
    axes: [{}, { label: "ms", values: (u, vals) => vals.map((v) => v + " ms") }], scales: { x: { time: true } } },
  data, box);
  chart.__names = names;
  box.dataset.series = c.lines.map((l) => l.layer).join(",");
}

async function loadCardinality() {
  const d = await getJson("/api/cardinality");
  showError("cardinality-error", d.error);
  const box = $("cardinality-pipelines");
  const pipes = Object.entries(d.pipelines || {});
  if (pipes.length === 0) {
    box.replaceChildren(el("p", { class: "meta" }, "No metrics pipelines are counted in this meshlens."));
  } else {
    box.replaceChildren(...pipes.map(([name, stages]) => el("div", { class: "pipeline", "data-pipeline": name },
      el("h3", {}, `Pipeline ${name}`),
      el("table", { class: "stages" },
        el("thead", {}, el("tr", {}, el("th", {}, "After stage"), el("th", { class: "num" }, "Metric names"),
          el("th", { class: "num" }, "Names in Prometheus"), el("th", { class: "num" }, "Series (streams)"),
          el("th", { class: "num" }, "Series in Prometheus"))),
        el("tbody", {}, ...stages.map((s, i) => el("tr", {},
          el("td", {}, s.stage + (i === stages.length - 1 ? " → exporters" : "")),
          el("td", { class: "num" }, fmt.int(s.names)), el("td", { class: "num" }, fmt.int(s.promNames)),
          el("td", { class: "num" }, fmt.int(s.series) + (s.saturated ? "+" : "")),
          el("td", { class: "num" }, fmt.int(s.promSeries)))))))));
  }
  const b = d.backend;
  const summary = $("cardinality-summary");
  summary.hidden = !(b && b.summary);
  summary.textContent = b ? b.summary : "";
  const names = $("cardinality-names").querySelector("tbody");
  if (!b || b.names.length === 0) {
    emptyRow(names, 3, "No layer=\"mesh\" series in the mesh datasource.");
  } else {
    names.replaceChildren(...b.names.map((n) => el("tr", {}, el("td", {}, n.name),
      el("td", { class: "num" }, fmt.int(n.series)), el("td", { class: "num" }, n.labelsPerSeries ?? "–"))));
  }
  const labels = $("cardinality-labels").querySelector("tbody");
  if (!b || b.topLabels.length === 0) {
    emptyRow(labels, 2, "No label statistics from the mesh datasource.");
  } else {
    labels.replaceChildren(...b.topLabels.map((l) => el("tr", {}, el("td", {}, l.label),
      el("td", { class: "num" }, fmt.int(l.distinctValues)))));
  }
}

async function refresh() {
  const parts = [loadWorkloads(), loadEdges(), loadLatency(), loadCardinality()];
  const results = await Promise.allSettled(parts);
  const failed = results.filter((r) => r.status === "rejected");
  if (failed.length) {
    $("datasources").hidden = false;
    $("datasources").replaceChildren(el("p", {}, "Cannot reach this meshlens's mesh view API (" +
      failed[0].reason.message + "). Is meshlens still running?"));
  }
  $("updated").textContent = new Date().toLocaleTimeString();
  $("updated").dateTime = new Date().toISOString();
  document.body.dataset.loaded = "true";
}

const cfg = await getJson("/api/config");
$("refresh").textContent = cfg.refreshIntervalMs / 1000 + " s";
$("window").textContent = cfg.window;
await refresh();
setInterval(refresh, cfg.refreshIntervalMs);
