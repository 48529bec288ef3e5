// govlint serve: the page. Plain JavaScript, no library, nothing from the network.
"use strict";

const LANG = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";
const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
const RANK = { error: 3, warning: 2, info: 1 };
const KIND = { government: "人民政府", department: "政府部门" };
const $ = (id) => document.getElementById(id);

let meta = null;       // /api/meta
let sent = [];         // the File objects of the last upload, in the order sent (for the annotated copies)
let answer = null;     // the last /api/lint answer
let sortState = { key: null, dir: 1 };

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function status(text, error) {
  $("status").textContent = text;
  $("status").classList.toggle("error", !!error);
}

async function init() {
  const r = await fetch("/api/meta?lang=" + LANG);
  meta = await r.json();
  for (const p of meta.packs) {
    const label = `${p.id}：${p.name}（${p.years}）` + (p.automatic ? "" : "，仅在指定时使用");
    $("pack").append(el("option", { value: p.id, text: label }));
  }
  $("formats").textContent = "支持的格式：" + meta.extensions.map((e) => "." + e).join(" ") + " .zip；" +
    `单个文件不超过 ${meta.limits.max_file_mb} MB，一次最多 ${meta.limits.max_files} 个文件、共 ${meta.limits.max_request_mb} MB`;
  const drop = $("drop");
  $("pick-files").addEventListener("click", (e) => { e.stopPropagation(); $("files").click(); });
  $("pick-folder").addEventListener("click", (e) => { e.stopPropagation(); $("folder").click(); });
  drop.addEventListener("click", () => $("files").click());
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") $("files").click(); });
  for (const id of ["files", "folder"]) {
    $(id).addEventListener("change", (e) => {
      const files = Array.from(e.target.files).map((f) => ({ file: f, path: f.webkitRelativePath || f.name }));
      e.target.value = "";
      lint(files);
    });
  }
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    lint(await droppedFiles(e.dataTransfer));
  });
  document.querySelectorAll("#summary th").forEach((th) => th.addEventListener("click", () => sortBy(th)));
}

// Files dropped, folders walked (hidden entries left out).
async function droppedFiles(transfer) {
  const entries = Array.from(transfer.items || []).map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
  if (!entries.length) return Array.from(transfer.files).map((f) => ({ file: f, path: f.name }));
  const out = [];
  async function walk(entry, prefix) {
    if (entry.name.startsWith(".")) return;
    if (entry.isFile) {
      const file = await new Promise((ok, fail) => entry.file(ok, fail));
      out.push({ file, path: prefix + entry.name });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
        if (!batch.length) break;
        for (const child of batch) await walk(child, prefix + entry.name + "/");
      }
    }
  }
  for (const entry of entries) await walk(entry, "");
  return out;
}

function extensionOf(name) {
  const base = name.split("/").pop();
  return base.includes(".") ? base.split(".").pop().toLowerCase() : "";
}

async function lint(files) {
  const known = new Set([...meta.extensions, "zip"]);
  const wanted = files.filter((f) => known.has(extensionOf(f.path)) && !f.path.split("/").pop().startsWith("~$"));
  if (!wanted.length) {
    status(files.length ? "没有 govlint 能读的文件（支持的格式见上）" : "没有选择文件", true);
    return;
  }
  const limits = meta.limits;
  const big = wanted.find((f) => extensionOf(f.path) !== "zip" && f.file.size > limits.max_file_mb * 1048576);
  const total = wanted.reduce((n, f) => n + f.file.size, 0);
  if (big) return status(`“${big.path}”超过单个文件的上限 ${limits.max_file_mb} MB`, true);
  if (total > limits.max_request_mb * 1048576) return status(`文件共 ${(total / 1048576).toFixed(1)} MB，一次最多 ${limits.max_request_mb} MB`, true);
  if (wanted.length > limits.max_files) return status(`一次最多 ${limits.max_files} 个文件`, true);
  const form = new FormData();
  for (const f of wanted) form.append("files", f.file, f.path);
  form.append("pack", $("pack").value);
  form.append("agency_kind", $("kind").value);
  form.append("lang", LANG);
  status(`正在检查 ${wanted.length} 个文件……`);
  const started = performance.now();
  let r;
  try {
    r = await fetch("/api/lint", { method: "POST", body: form });
  } catch (err) {
    return status("无法连接 govlint：请确认命令行窗口中的 govlint serve 仍在运行", true);
  }
  const body = await r.json().catch(() => ({ error: `服务器返回 ${r.status}` }));
  if (!r.ok) return status(body.error || `服务器返回 ${r.status}`, true);
  sent = wanted.map((f) => f.file);
  answer = body;
  status(`已检查 ${body.files.length} 个文件，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒`);
  show();
}

function counts(file) {
  const c = { errors: 0, warnings: 0, infos: 0 };
  for (const d of file.result.diagnostics) c[d.severity + "s"] += 1;
  return c;
}

function show() {
  $("results").hidden = false;
  const o = answer.options;
  const pack = o.pack ? o.pack : "自动（按报告年度选用）";
  const kind = o.agency_kind ? KIND[o.agency_kind] : "自动（按机关名称判断）";
  $("choice").textContent = `规则包：${pack}；机关类型：${kind}`;
  const batch = answer.files.length > 1;
  $("batch").hidden = !batch;
  if (batch) showBatch();
  if (answer.files.length) showFile(0);
  else $("file").hidden = true;
}

function showBatch() {
  const s = answer.summary;
  $("totals").textContent = `${s.files} 个文件：错误 ${s.errors} 个，警告 ${s.warnings} 个，提示 ${s.infos} 个` +
    (s.unreadable ? `；${s.unreadable} 个文件无法读取` : "");
  const base = `/api/export/${answer.export}`;
  $("export-csv").href = base + ".csv";
  $("export-detail").href = base + ".csv?detail=1";
  $("export-xlsx").href = base + ".xlsx";
  $("skipped").textContent = answer.skipped.length
    ? "未检查：" + answer.skipped.map((s) => `${s.name}（${s.why}）`).join("；") : "";
  sortState = { key: null, dir: 1 };
  document.querySelectorAll("#summary th").forEach((th) => th.removeAttribute("aria-sort"));
  renderRows(answer.files.map((f, i) => rowOf(f, i)));
}

function rowOf(f, i) {
  const r = f.result;
  return { i, name: f.name, agency: r.agency || "", year: r.report_year || 0, pack: r.pack || "", error: r.error, ...counts(f) };
}

function renderRows(rows) {
  const body = $("summary").tBodies[0];
  body.replaceChildren();
  for (const row of rows) {
    const tr = el("tr", { "data-i": row.i, onclick: () => showFile(row.i) });
    tr.append(el("td", { text: row.name }));
    tr.append(row.error ? el("td", { class: "unreadable", colspan: 6, text: "无法读取：" + row.error })
      : el("td", { text: row.agency }));
    if (!row.error) {
      tr.append(el("td", { class: "num", text: row.year || "" }), el("td", { text: row.pack }),
        el("td", { class: "num", text: row.errors }), el("td", { class: "num", text: row.warnings }),
        el("td", { class: "num", text: row.infos }));
    }
    body.append(tr);
  }
}

function sortBy(th) {
  const key = th.dataset.key;
  sortState = { key, dir: sortState.key === key ? -sortState.dir : (th.dataset.type === "num" ? -1 : 1) };
  document.querySelectorAll("#summary th").forEach((h) => h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort", sortState.dir > 0 ? "ascending" : "descending");
  const rows = answer.files.map((f, i) => rowOf(f, i));
  const num = th.dataset.type === "num";
  rows.sort((a, b) => {
    const x = a[key], y = b[key];
    const c = num ? x - y : String(x).localeCompare(String(y), "zh-CN");
    return c * sortState.dir || a.i - b.i;
  });
  renderRows(rows);
}

function placeOf(d) {
  const loc = d.location;
  if (loc && loc.paragraph) return `第${loc.paragraph}段`;
  if (loc && loc.column && loc.table) return `表${loc.table} 第${loc.row}行第${loc.column}列`;
  if (loc && loc.page) return `第${loc.page}页第${loc.line}行`;
  return `第${d.line}行第${d.column}列`;
}

// Each finding's characters on each line: [{line, start, end}] (code points, end exclusive).
function spansOf(d, lengths) {
  const out = [];
  const last = Math.max(d.end_line || d.line, d.line);
  for (let n = d.line; n <= last; n++) {
    if (!lengths.has(n)) continue;
    const len = lengths.get(n);
    let start = n === d.line ? d.column - 1 : 0;
    let end = n === last && d.end_column ? d.end_column - 1 : len;
    start = Math.min(Math.max(start, 0), len);
    end = Math.min(Math.max(end, start), len);
    if (end === start) { if (start < len) end = start + 1; else if (start > 0) start -= 1; }
    out.push({ line: n, start, end });
  }
  return out;
}

function showFile(i) {
  const f = answer.files[i];
  const r = f.result;
  document.querySelectorAll("#summary tbody tr").forEach((tr) => tr.classList.toggle("current", +tr.dataset.i === i));
  $("file").hidden = false;
  $("file-name").textContent = f.name;
  const facts = [];
  if (r.agency) facts.push(`机关：${r.agency}` + (r.agency_kind ? `（${KIND[r.agency_kind] || r.agency_kind}）` : ""));
  if (r.report_year) facts.push(`报告年度：${r.report_year}`);
  if (r.pack) facts.push(`规则包：${r.pack}`);
  const c = counts(f);
  facts.push(`错误 ${c.errors}，警告 ${c.warnings}，提示 ${c.infos}`);
  $("file-facts").replaceChildren(r.error ? el("span", { class: "file-error", text: "无法读取：" + r.error }) : facts.join("；"));
  const actions = $("file-actions");
  actions.replaceChildren();
  if (f.annotate) {
    actions.append(el("button", { type: "button", id: "annotate", onclick: () => annotated(f) }, "下载带批注的副本（.docx）"));
  } else if (!r.error && ["doc", "rtf", "odt"].includes(r.format)) {
    actions.append("本机没有安装 LibreOffice，无法为此文件生成带批注的副本；请在 Word 或 WPS 中另存为 .docx 后再拖入。");
  }
  // the text, each finding marked at its place
  const lengths = new Map(f.lines.map(([n, t]) => [n, Array.from(t).length]));
  const byLine = new Map();
  const placed = new Set();
  r.diagnostics.forEach((d, k) => {
    for (const s of spansOf(d, lengths)) {
      placed.add(k);
      if (!byLine.has(s.line)) byLine.set(s.line, []);
      byLine.get(s.line).push({ ...s, k, rank: RANK[d.severity] });
    }
  });
  const text = $("text");
  text.replaceChildren();
  text.parentElement.scrollTop = 0;  // a new file opens at its top, not where the last one was left
  for (const [n, t] of f.lines) {
    const li = el("li", { value: n, id: `line-${n}` });
    const spans = byLine.get(n);
    if (!spans) { li.textContent = t; text.append(li); continue; }
    li.classList.add("hit");
    const chars = Array.from(t);
    const cuts = new Set([0, chars.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].sort((a, b) => a - b);
    for (let j = 0; j + 1 < points.length; j++) {
      const a = points[j], b = points[j + 1];
      const piece = chars.slice(a, b).join("");
      const over = spans.filter((s) => s.start <= a && s.end >= b);
      if (!over.length) { li.append(piece); continue; }
      const top = over.reduce((x, y) => (y.rank > x.rank ? y : x));
      const sev = r.diagnostics[top.k].severity;
      const mark = el("mark", { class: sev, "data-d": over.map((s) => s.k).join(" "), title: over.map((s) => r.diagnostics[s.k].message).join("\n") }, piece);
      mark.addEventListener("click", () => flash(`finding-${over[0].k}`));
      li.append(mark);
    }
    text.append(li);
  }
  if (f.truncated) text.append(el("li", { class: "note", text: "（文件很长，只显示前一部分）" }));
  // the findings beside it
  const list = $("findings");
  list.replaceChildren();
  list.parentElement.scrollTop = 0;
  if (!r.diagnostics.length && !r.error) list.append(el("li", { class: "info", text: "没有发现问题。" }));
  r.diagnostics.forEach((d, k) => {
    const item = el("li", { class: d.severity, id: `finding-${k}`, "data-rule": d.rule });
    item.append(el("span", { class: "sev", text: SEVERITY[d.severity] || d.severity }),
      el("span", { class: "place", text: placed.has(k) ? placeOf(d) : "整篇" }), el("div", { class: "message", text: d.message }));
    if (d.suggestion) item.append(el("p", { class: "suggestion", text: "建议：" + d.suggestion }));
    const link = el("a", { href: `/api/explain/${encodeURIComponent(d.rule)}`, class: "explain" }, `规则 ${d.rule}（${d.code}）说明`);
    link.addEventListener("click", (e) => { e.preventDefault(); e.stopPropagation(); explain(d.rule, r.pack); });
    item.append(el("div", { class: "rule" }, link));
    item.addEventListener("click", () => {
      const m = document.querySelector(`mark[data-d~="${k}"]`);
      if (m) { m.scrollIntoView({ block: "center", behavior: "smooth" }); flashNode(m); }
      flashNode(item);
    });
    list.append(item);
  });
}

function flash(id) {
  const node = $(id);
  if (!node) return;
  node.scrollIntoView({ block: "nearest", behavior: "smooth" });
  flashNode(node);
}

function flashNode(node) {
  node.classList.add("flash");
  setTimeout(() => node.classList.remove("flash"), 1500);
}

async function explain(rule, pack) {
  const q = new URLSearchParams({ lang: LANG });
  if (pack && meta.packs.some((p) => p.id === pack)) q.set("pack", pack);
  const r = await fetch(`/api/explain/${encodeURIComponent(rule)}?` + q);
  const body = await r.json();
  $("explain-title").textContent = `规则说明：${rule}`;
  $("explain-text").textContent = body.text || body.error;
  $("explain").showModal();
}

async function annotated(f) {
  const form = new FormData();
  const file = sent[f.source.upload];
  form.append("file", file, file.name);
  if (f.source.entry) form.append("entry", f.source.entry);
  form.append("pack", answer.options.pack || "");
  form.append("agency_kind", answer.options.agency_kind || "");
  form.append("lang", LANG);
  status(`正在生成“${f.name}”带批注的副本……`);
  const r = await fetch("/api/annotate", { method: "POST", body: form });
  if (!r.ok) {
    const body = await r.json().catch(() => ({}));
    return status(body.error || `服务器返回 ${r.status}`, true);
  }
  const blob = await r.blob();
  const disposition = r.headers.get("Content-Disposition") || "";
  const m = disposition.match(/filename\*=UTF-8''([^;]+)/);
  const name = m ? decodeURIComponent(m[1]) : "govlint.docx";
  const a = el("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  a.remove();
  status(`已生成带批注的副本“${name}”：${r.headers.get("X-Govlint-Comments")} 条批注`);
}

document.addEventListener("DOMContentLoaded", init);
