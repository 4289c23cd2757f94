// media-worker console: the project's own small script (no dependencies, no inline code:
// the Content-Security-Policy allows scripts from the console only). Everything a key or
// message holds goes into the page with textContent, never as HTML.
"use strict";

const Console = {
  csrf() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  },

  // A state-changing request: JSON body, the session's CSRF token in a header.
  async post(url, body) {
    const response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": Console.csrf() },
      body: JSON.stringify(body || {}),
    });
    const text = await response.text();
    let data = {};
    try { data = text ? JSON.parse(text) : {}; } catch (error) { data = { error: text }; }
    if (!response.ok) throw new Error(data.error || response.statusText);
    return data;
  },

  element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  },
};

// The jobs page: rows from /api/jobs, refreshed on each server-sent event.
const Jobs = {
  start() {
    Jobs.rows = document.getElementById("job-rows");
    document.querySelectorAll("[data-page-link]").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        const params = new URLSearchParams(location.search);
        const page = Number(params.get("page") || "1");
        params.set("page", String(link.dataset.pageLink === "next" ? page + 1 : Math.max(1, page - 1)));
        location.search = params.toString();
      });
    });
    const events = new EventSource("/api/jobs/events");
    events.addEventListener("jobs", () => Jobs.reload());
    document.body.dataset.live = "connecting";
    events.addEventListener("open", () => { document.body.dataset.live = "open"; });
  },

  async reload() {
    const response = await fetch("/api/jobs" + location.search, { credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    Jobs.render(data);
  },

  render(data) {
    const body = Jobs.rows;
    while (body.firstChild) body.removeChild(body.firstChild);
    for (const row of data.rows) {
      const tr = document.createElement("tr");
      tr.dataset.id = row.id;
      const keyCell = document.createElement("td");
      const link = Console.element("a", row.key);
      link.href = "/job?id=" + encodeURIComponent(row.id);
      keyCell.appendChild(link);
      tr.appendChild(keyCell);
      const statusCell = document.createElement("td");
      statusCell.appendChild(Console.element("span", row.label, "status status-" + row.status));
      tr.appendChild(statusCell);
      tr.appendChild(Console.element("td", row.size));
      tr.appendChild(Console.element("td", row.time));
      tr.appendChild(Console.element("td", row.error || ""));
      body.appendChild(tr);
    }
    document.getElementById("job-total").textContent = String(data.total);
    document.getElementById("page-number").textContent = String(data.page);
    document.getElementById("page-count").textContent = String(data.pageCount);
    document.body.dataset.version = String(data.version);
  },
};

// The job page: its action buttons, and HLS players where the browser plays HLS natively.
const Job = {
  start() {
    const native = document.createElement("video").canPlayType("application/vnd.apple.mpegurl") !== "";
    document.querySelectorAll("figure[data-hls]").forEach((figure) => {
      const video = figure.querySelector("video");
      if (native) {
        video.src = figure.dataset.hls;
        video.hidden = false;
      } else {
        figure.querySelector(".hls-note").hidden = false;
      }
      figure.dataset.native = String(native);
    });
    document.querySelectorAll("button[data-action]").forEach((button) => {
      button.addEventListener("click", async () => {
        if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) return;
        const result = document.getElementById("action-result");
        const id = button.closest("[data-id]").dataset.id;
        button.disabled = true;
        try {
          const body = { id: id };
          if (button.dataset.templateFrom) body.template = document.getElementById(button.dataset.templateFrom).value;
          const data = await Console.post(button.dataset.action, body);
          result.textContent = "done: " + JSON.stringify(data);
        } catch (error) {
          result.textContent = "failed: " + error.message;
        } finally {
          button.disabled = false;
        }
      });
    });
  },
};

// The review page: approve or reject each job with a note.
const Review = {
  start() {
    document.querySelectorAll("button[data-decision]").forEach((button) => {
      button.addEventListener("click", async () => {
        const row = button.closest("tr");
        const status = row.querySelector(".decision");
        const note = row.querySelector(".note").value;
        row.querySelectorAll("button").forEach((each) => { each.disabled = true; });
        try {
          const data = await Console.post(button.dataset.decision, { id: row.dataset.id, note: note });
          status.textContent = data.state;
          row.dataset.state = data.state;
        } catch (error) {
          status.textContent = "failed: " + error.message;
          row.querySelectorAll("button").forEach((each) => { each.disabled = false; });
        }
      });
    });
  },
};
window.Review = Review;

// The dead-letters page: redrive one message or a whole box.
const DeadLetters = {
  start() {
    document.querySelectorAll("button.redrive").forEach((button) => {
      button.addEventListener("click", async () => {
        const row = button.closest("tr");
        const result = row.querySelector(".result");
        button.disabled = true;
        try {
          const data = await Console.post("/api/dead-letters/redrive", { box: row.dataset.box, id: row.dataset.id });
          result.textContent = "redriven (" + data.redriven + ")";
          row.dataset.state = "redriven";
        } catch (error) {
          result.textContent = "failed: " + error.message;
          button.disabled = false;
        }
      });
    });
    document.querySelectorAll("button.redrive-all").forEach((button) => {
      button.addEventListener("click", async () => {
        if (!window.confirm("Redrive every message of this box?")) return;
        button.disabled = true;
        try {
          const data = await Console.post("/api/dead-letters/redrive", { box: button.dataset.box, all: true });
          button.textContent = "redriven: " + data.redriven;
        } catch (error) {
          button.textContent = "failed: " + error.message;
        }
      });
    });
  },
};
window.DeadLetters = DeadLetters;

// A template's page: validate or save the text in the editor; the issues (file:line, JSON
// path, message) replace the table.
const Templates = {
  start() {
    const form = document.getElementById("template-form");
    if (!form) return;
    const send = async (url) => {
      const result = document.getElementById("template-result");
      result.textContent = "…";
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": Console.csrf() },
        body: JSON.stringify({ name: form.dataset.name, text: document.getElementById("template-text").value }),
      });
      let data;
      try { data = await response.json(); } catch (error) { data = { ok: false, summary: response.statusText, issues: [] }; }
      Templates.show(data);
      result.textContent = data.saved ? "saved: version " + data.version : (data.ok ? "valid (not saved)" : "refused: " + (data.error || data.summary));
      form.dataset.state = data.saved ? "saved" : (data.ok ? "valid" : "refused");
    };
    document.getElementById("validate-template").addEventListener("click", () => send("/api/templates/validate"));
    const preview = document.getElementById("preview-plan");
    if (preview) preview.addEventListener("click", () => Templates.preview(form));
    const save = document.getElementById("save-template");
    if (save) save.addEventListener("click", () => send("/api/templates/save"));
  },

  // The plan of the editor's text for the chosen upload, every value as text.
  async preview(form) {
    const result = document.getElementById("plan-result");
    result.textContent = "…";
    const list = (id, items) => {
      const node = document.getElementById(id);
      while (node.firstChild) node.removeChild(node.firstChild);
      for (const item of items) node.appendChild(Console.element("li", item));
      if (items.length === 0) node.appendChild(Console.element("li", "none"));
    };
    try {
      const data = await Console.post("/api/templates/plan", {
        name: form.dataset.name, text: document.getElementById("template-text").value, job: document.getElementById("plan-upload").value,
      });
      const rows = document.getElementById("plan-outputs");
      while (rows.firstChild) rows.removeChild(rows.firstChild);
      for (const output of data.outputs) {
        const tr = document.createElement("tr");
        tr.appendChild(Console.element("td", output.key));
        tr.appendChild(Console.element("td", output.container));
        tr.appendChild(Console.element("td", output.size || ""));
        rows.appendChild(tr);
      }
      list("plan-dropped", data.dropped);
      list("plan-notes", data.notes);
      list("plan-local", data.notExecuted.map((item) => item.path + ": " + item.message));
      document.getElementById("plan-request").textContent = data.request;
      document.getElementById("plan-details").hidden = false;
      result.textContent = data.outputs.length + " outputs for " + data.upload;
      form.dataset.plan = "shown";
    } catch (error) {
      result.textContent = "cannot plan: " + error.message;
      form.dataset.plan = "refused";
    }
  },

  show(data) {
    const summary = document.getElementById("template-summary");
    summary.textContent = data.summary || "";
    summary.className = "status status-" + (data.ok ? "complete" : "failed");
    const rows = document.getElementById("issue-rows");
    while (rows.firstChild) rows.removeChild(rows.firstChild);
    for (const issue of data.issues || []) {
      const tr = document.createElement("tr");
      tr.className = "issue-" + issue.severity;
      tr.appendChild(Console.element("td", issue.file + ":" + issue.line));
      const path = document.createElement("td");
      path.appendChild(Console.element("code", issue.path));
      tr.appendChild(path);
      tr.appendChild(Console.element("td", issue.message));
      rows.appendChild(tr);
    }
  },
};
window.Templates = Templates;

window.MediaWorkerConsole = Console;
document.addEventListener("DOMContentLoaded", () => {
  const view = document.body.dataset.view;
  const pages = { jobs: Jobs, job: Job, upload: window.Upload, review: window.Review, deadletters: window.DeadLetters, templates: window.Templates, template: window.Templates };
  if (pages[view] && pages[view].start) pages[view].start();
});
