// The nas4j dashboard: one page, routed by the URL's hash, drawing what the server's JSON endpoints answer.
// Live: the server's event feed says which study changed; the view on screen is fetched again.
"use strict";

const view = document.getElementById("view");
const where = document.getElementById("where");
const live = document.getElementById("live");
let current = { route: null, study: null };
let tableState = { state: "", sort: "number", order: "asc", offset: 0, limit: 50 };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "onclick" || k === "onchange") node[k] = v; else node.setAttribute(k, v);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

async function api(path) {
  const response = await fetch("/api/" + path);
  const text = await response.text();
  let body = null;
  try { body = JSON.parse(text); } catch (e) { body = { error: text || response.statusText }; }
  if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { status: response.status });
  return body;
}

const fmt = (x, digits) => (x === undefined || x === null ? "" : Number(x).toFixed(digits));
const enc = encodeURIComponent;

// Split first, then decode each part: a study's name may hold a '/'.
function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  if (hash === "") return { page: "studies" };
  const parts = hash.split("/").map(decodeURIComponent);
  if (parts[0] === "study" && parts.length >= 2) {
    const study = parts[1];
    if (parts.length === 2) return { page: "study", study, tab: "trials" };
    if (parts[2] === "trial" && parts.length === 4) return { page: "trial", study, trial: parts[3] };
    return { page: "study", study, tab: parts[2] };
  }
  return { page: "missing" };
}

// Each render draws into a page of its own, shown only if no later render started meanwhile: a slow answer never
// covers a newer view.
let renders = 0;
async function render() {
  const mine = ++renders;
  const out = el("div", {});
  try {
    const r = route();
    if (current.study !== (r.study || null)) tableState.offset = 0;
    current = { route: r, study: r.study || null };
    if (r.page === "studies") await studies(out);
    else if (r.page === "study") await study(out, r.study, r.tab);
    else if (r.page === "trial") await trial(out, r.study, r.trial);
    else notFound(out, "no page " + location.hash);
  } catch (e) {
    if (e.status === 404 || e instanceof URIError) notFound(out, e.message);
    else out.replaceChildren(el("p", { class: "error" }, e.message));
  }
  if (mine === renders) view.replaceChildren(...out.childNodes);
}

function notFound(out, message) {
  where.textContent = "";
  out.replaceChildren(el("h1", {}, "Not found"), el("p", { id: "not-found" }, message),
    el("p", {}, el("a", { href: "#/" }, "The studies")));
}

async function studies(out) {
  where.textContent = "studies";
  const list = await api("studies");
  const rows = list.map(s => el("tr", { "data-study": s.name },
    el("td", {}, el("a", { href: "#/study/" + enc(s.name) }, s.name)), el("td", {}, s.kind),
    el("td", { class: "num" }, s.trials),
    ...["COMPLETE", "PRUNED", "FAILED", "RUNNING"].map(k => el("td", { class: "num state-" + k }, s.states[k])),
    el("td", { class: "num" }, s.best ? fmt(s.best.reward, 4) : ""),
    el("td", {}, s.best ? el("a", { href: "#/study/" + enc(s.name) + "/trial/" + s.best.number }, "trial " + s.best.number) : "")));
  out.replaceChildren(el("h1", {}, "Studies"), list.length === 0 ? el("p", { class: "muted" }, "The storage holds no study yet.") :
    el("table", { id: "studies" }, el("tr", {}, ["study", "kind", "trials", "complete", "pruned", "failed", "running",
      "best reward", "best"].map(h => el("th", {}, h))), rows));
}

const TABS = ["trials", "history", "pareto", "controller", "workers"];
// A one-shot study has a supernet: its training loss and how its shared weights rank the candidates.
const tabsOf = summary => (summary.kind === "one-shot" ? [...TABS, "supernet"] : TABS);

async function study(out, name, tab) {
  if (!TABS.includes(tab) && tab !== "supernet") return notFound(out, "no view '" + tab + "' of a study");
  const summary = await api("studies/" + enc(name));
  const tabs = tabsOf(summary);
  if (!tabs.includes(tab)) return notFound(out, "study '" + name + "' has no supernet: it trains every candidate");
  where.textContent = name;
  const nav = el("nav", { class: "tabs" }, tabs.map(t => el("a", { href: "#/study/" + enc(name) + "/" + t, class: t === tab ? "on" : "" }, t)));
  const head = el("p", { id: "summary" }, summary.trials + " trials: " + summary.states.COMPLETE + " complete, " +
    summary.states.PRUNED + " pruned, " + summary.states.FAILED + " failed, " + summary.states.RUNNING + " running" +
    (summary.best ? "; best reward " + fmt(summary.best.reward, 4) + " (trial " + summary.best.number + ")" : ""));
  const body = el("div", { id: "tab-" + tab });
  out.replaceChildren(el("h1", {}, name), head, nav, body);
  if (tab === "trials") await trialsTable(name, body);
  else if (tab === "history") await historyChart(name, body);
  else if (tab === "pareto") await paretoChart(name, body);
  else if (tab === "controller") await controllerCharts(name, body);
  else if (tab === "supernet") await supernetCharts(name, body);
  else await workersTable(name, body);
}

async function supernetCharts(name, body) {
  const s = await api("studies/" + enc(name) + "/supernet");
  const n = s.loss.step.length;
  if (n === 0) body.append(el("p", { class: "muted", id: "no-loss" }, "The supernet has recorded no training step yet."));
  else body.append(el("p", { class: "muted", id: "loss-points" }, n + " points, the last at step " + s.loss.step[n - 1] +
    ": loss " + fmt(s.loss.value[n - 1], 4)));
  if (n > 0) chart(body, "Supernet training loss (mean over each stretch of steps)", {
    scales: { x: { time: false } }, axes: [{ label: "step" }, { label: "loss" }],
    series: [{ label: "step" }, { label: "loss", stroke: "#1f5fa8", width: 2 }],
  }, [s.loss.step, s.loss.value]);
  if (s.ranking.rank.length === 0) return body.append(el("p", { class: "muted", id: "no-ranking" }, "No candidate scored on the shared weights yet."));
  chart(body, "Candidates ranked by their accuracy on the shared weights (" + s.ranking.rank.length + " trials)", {
    scales: { x: { time: false } }, axes: [{ label: "rank" }, { label: "accuracy" }],
    series: [{ label: "rank" }, { label: "accuracy", stroke: "#c62828", width: 0, points: { show: true, size: 5, fill: "#c62828" } }],
  }, [s.ranking.rank, s.ranking.accuracy]);
  const top = s.ranking.rank.slice(0, 10).map((r, i) => el("tr", {}, el("td", { class: "num" }, r),
    el("td", {}, el("a", { href: "#/study/" + enc(name) + "/trial/" + s.ranking.number[i] }, s.ranking.number[i])),
    el("td", { class: "num" }, fmt(s.ranking.accuracy[i], 4))));
  body.append(el("table", { id: "ranking" }, el("tr", {}, ["rank", "trial", "one-shot accuracy"].map(h => el("th", {}, h))), top));
}

async function trialsTable(name, body) {
  const s = tableState;
  const page = await api("studies/" + enc(name) + "/trials?state=" + s.state + "&sort=" + s.sort + "&order=" + s.order +
    "&offset=" + s.offset + "&limit=" + s.limit);
  const filter = el("select", { id: "state-filter", onchange: e => { s.state = e.target.value; s.offset = 0; render(); } },
    ["", "COMPLETE", "PRUNED", "FAILED", "RUNNING"].map(v => {
      const o = el("option", { value: v }, v === "" ? "every state" : v);
      if (v === s.state) o.selected = true;
      return o;
    }));
  const last = Math.max(0, Math.ceil(page.total / s.limit) - 1);
  const at = Math.floor(s.offset / s.limit);
  const pager = el("span", {},
    el("button", { id: "previous", onclick: () => { s.offset = Math.max(0, s.offset - s.limit); render(); } }, "previous"),
    " page " + (at + 1) + " of " + (last + 1) + " (" + page.total + " trials) ",
    el("button", { id: "next", onclick: () => { if (at < last) { s.offset += s.limit; render(); } } }, "next"));
  const columns = [["number", "#"], [null, "state"], ["reward", "reward"], ["accuracy", "accuracy"], ["latency", "latency ms"],
    ["params", "parameters"], ["flops", "MFLOPs"], ["seconds", "seconds"], [null, "worker"], [null, "architecture or error"]];
  const header = el("tr", {}, columns.map(([key, label]) => key === null ? el("th", {}, label) :
    el("th", { class: "sortable num", onclick: () => {
      s.order = s.sort === key && s.order === "asc" ? "desc" : "asc"; s.sort = key; s.offset = 0; render();
    } }, label + (s.sort === key ? (s.order === "asc" ? " \u25b2" : " \u25bc") : ""))));
  const rows = page.trials.map(t => el("tr", { "data-trial": t.number },
    el("td", { class: "num" }, el("a", { href: "#/study/" + enc(name) + "/trial/" + t.number }, t.number)),
    el("td", { class: "state-" + t.state }, t.state), el("td", { class: "num" }, fmt(t.reward, 4)),
    el("td", { class: "num" }, fmt(t.accuracy, 4)), el("td", { class: "num" }, fmt(t.latency_ms, 3)),
    el("td", { class: "num" }, t.params === undefined ? "" : t.params.toLocaleString("en")),
    el("td", { class: "num" }, t.flops === undefined ? "" : fmt(t.flops / 1e6, 1)),
    el("td", { class: "num" }, fmt(t.seconds, 1)), el("td", {}, t.worker || ""),
    el("td", { class: t.error ? "error" : "arch" }, t.error || t.architecture)));
  body.replaceChildren(el("div", { class: "controls" }, filter, pager), el("table", { id: "trials" }, header, rows));
}

function chart(body, title, opts, data) {
  const box = el("div", { class: "chart" });
  body.append(box);
  return new uPlot(Object.assign({ title, width: Math.min(900, window.innerWidth - 60), height: 320 }, opts), data, box);
}

async function historyChart(name, body) {
  const h = await api("studies/" + enc(name) + "/history");
  if (h.number.length === 0) return body.replaceChildren(el("p", { class: "muted" }, "No completed trial yet."));
  chart(body, "Reward of each completed trial, and the best so far", {
    scales: { x: { time: false } }, axes: [{ label: "trial" }, { label: "reward" }],
    series: [{ label: "trial" }, { label: "reward", stroke: "#1f5fa8", width: 0, points: { show: true, size: 5, fill: "#1f5fa8" } },
      { label: "best so far", stroke: "#c62828", width: 2, points: { show: false } }],
  }, [h.number, h.reward, h.best]);
}

async function paretoChart(name, body) {
  const p = await api("studies/" + enc(name) + "/pareto");
  if (p.points.length === 0) return body.replaceChildren(el("p", { class: "muted" }, "No trial with both an accuracy and a latency yet."));
  // uPlot wants one x column: the points' latencies, with the front's accuracy where a point is on it.
  const points = [...p.points].sort((a, b) => a.latency_ms - b.latency_ms);
  const onFront = new Set(p.front.map(f => f.number));
  chart(body, "Accuracy against latency; the line joins the Pareto front (" + p.front.length + " trials)", {
    scales: { x: { time: false } }, axes: [{ label: "latency (ms)" }, { label: "accuracy" }],
    series: [{ label: "latency ms" }, { label: "trial", stroke: "#1f5fa8", width: 0, points: { show: true, size: 5, fill: "#1f5fa8" } },
      { label: "front", stroke: "#c62828", width: 2, spanGaps: true, points: { show: true, size: 7 } }],
  }, [points.map(q => q.latency_ms), points.map(q => q.accuracy), points.map(q => (onFront.has(q.number) ? q.accuracy : null))]);
  body.append(el("table", { id: "front" }, el("tr", {}, ["trial", "latency ms", "accuracy"].map(h => el("th", {}, h))),
    p.front.map(f => el("tr", {}, el("td", {}, el("a", { href: "#/study/" + enc(name) + "/trial/" + f.number }, f.number)),
      el("td", { class: "num" }, fmt(f.latency_ms, 3)), el("td", { class: "num" }, fmt(f.accuracy, 4))))));
}

async function controllerCharts(name, body) {
  const c = await api("studies/" + enc(name) + "/probabilities");
  if (c.decisions.length === 0) return body.replaceChildren(el("p", { class: "muted" }, "This study's strategy keeps no probabilities (REINFORCE does)."));
  const colours = ["#1f5fa8", "#c62828", "#2e7d32", "#8a6d3b", "#6a1b9a", "#00838f"];
  for (const d of c.decisions) {
    const series = [{ label: "trial" }, ...d.options.map((o, i) => ({ label: o, stroke: colours[i % colours.length], width: 2 }))];
    const data = [d.trials, ...d.options.map((o, i) => d.p.map(row => row[i]))];
    chart(body, d.name, { scales: { x: { time: false }, y: { range: [0, 1] } }, height: 200, series }, data);
  }
}

async function workersTable(name, body) {
  const w = await api("studies/" + enc(name) + "/workers");
  if (w.workers.length === 0) return body.replaceChildren(el("p", { class: "muted" }, "No worker has claimed a trial of this study: it runs in one process."));
  const beat = w.last_heartbeat_ms > 0 ? "newest heartbeat " + new Date(w.last_heartbeat_ms).toISOString() : "";
  body.replaceChildren(el("p", { class: "muted" }, beat), el("table", { id: "workers" },
    el("tr", {}, ["worker", "trials finished", "running now (heartbeat age)", "last seen"].map(h => el("th", {}, h))),
    w.workers.map(x => el("tr", { "data-worker": x.name }, el("td", {}, x.name), el("td", { class: "num" }, x.finished),
      el("td", {}, x.running.map(n => n + (x.heartbeats && x.heartbeats[n] !== undefined ?
        " (" + fmt(x.heartbeats[n], 1) + " s)" : "")).join(", ")), el("td", {}, x.last_seen || "")))));
}

async function trial(out, name, number) {
  const t = await api("studies/" + enc(name) + "/trials/" + enc(number));
  where.textContent = name + " / trial " + t.number;
  // Decisions named stageN.x are drawn as stage N's block; the others stand alone.
  const stages = new Map();
  for (const [key, value] of Object.entries(t.decisions)) {
    const dot = key.indexOf(".");
    const group = dot > 0 ? key.substring(0, dot) : "network";
    if (!stages.has(group)) stages.set(group, []);
    if (value !== "") stages.get(group).push([dot > 0 ? key.substring(dot + 1) : key, value]);
  }
  const drawn = el("div", { class: "stages", id: "architecture" }, [...stages].map(([group, values]) =>
    el("div", { class: "stage" }, el("h3", {}, group), values.map(([k, v]) => el("span", { class: "block" }, k + " " + v)))));
  const facts = [["state", t.state], ["reward", fmt(t.reward, 4)], ["accuracy", fmt(t.accuracy, 4)], ["method", t.method],
    ["latency (ms)", fmt(t.latency_ms, 3)], ["parameters", t.params === undefined ? "" : t.params.toLocaleString("en")],
    ["MFLOPs", t.flops === undefined ? "" : fmt(t.flops / 1e6, 1)], ["seconds", fmt(t.seconds, 1)], ["seed", t.seed],
    ["started", t.started], ["finished", t.finished], ["worker", t.worker]].filter(([, v]) => v !== undefined && v !== "");
  const provenance = Object.entries(t.provenance || {}).map(([k, v]) => k + " " + v).join(", ");
  const curves = el("div", { id: "curves" });
  out.replaceChildren(...[el("h1", {}, "Trial " + t.number), el("p", {}, el("a", { href: "#/study/" + enc(name) }, "\u2190 " + name)),
    drawn, el("table", { id: "facts" }, facts.map(([k, v]) => el("tr", {}, el("th", {}, k), el("td", {}, v)))),
    t.error ? el("p", { class: "error", id: "error" }, t.error) : null,
    el("p", { class: "muted" }, t.architecture),
    provenance ? el("p", { class: "muted", id: "provenance" }, "ran on: " + provenance) : null, curves].filter(x => x !== null));
  // The trial's curves (its accuracy after each epoch, say), one chart each.
  for (const [curve, c] of Object.entries(t.curves || {})) {
    chart(curves, curve, { scales: { x: { time: false } }, height: 220, axes: [{ label: "step" }, { label: curve }],
      series: [{ label: "step" }, { label: curve, stroke: "#1f5fa8", width: 2, points: { show: true, size: 5 } }] }, [c.step, c.value]);
  }
}

// The live feed: re-render what is on screen when its study (or, on the list, any study) changes.
let pending = null;
function connect() {
  const feed = new EventSource("/api/events");
  feed.onopen = () => { live.textContent = "live"; live.className = "live"; };
  feed.onerror = () => { live.textContent = "reconnecting"; live.className = "live off"; };
  feed.addEventListener("change", e => {
    const changed = JSON.parse(e.data).study;
    if (current.study === null || current.study === changed) {
      clearTimeout(pending);
      pending = setTimeout(render, 200);
    }
  });
  // A heartbeat alone changes only the workers' view.
  feed.addEventListener("heartbeat", e => {
    if (current.study === JSON.parse(e.data).study && current.route.tab === "workers") {
      clearTimeout(pending);
      pending = setTimeout(render, 200);
    }
  });
}

window.addEventListener("hashchange", render);
render();
connect();
