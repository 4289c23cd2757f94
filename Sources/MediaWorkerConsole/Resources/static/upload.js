// The upload page: presigned multipart uploads from the browser straight to S3.
// The console creates the upload and signs one PUT URL per part; parts go up 4 at a time
// with XMLHttpRequest (for its upload progress); after a reload, choosing the same file
// again resumes it from ListParts. Keys keep spaces, unicode and folders.
"use strict";

window.Upload = {
  parallel: 4,
  uploads: [],
  // Parts on the wire now, and the most at once (the page shows it; tests read it).
  inFlight: 0,
  maxInFlight: 0,

  start() {
    const files = document.getElementById("file-input");
    const folder = document.getElementById("folder-input");
    files.addEventListener("change", () => Upload.add(Array.from(files.files)));
    folder.addEventListener("change", () => Upload.add(Array.from(folder.files)));
    const zone = document.getElementById("dropzone");
    zone.addEventListener("dragover", (event) => { event.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", async (event) => {
      event.preventDefault();
      zone.classList.remove("over");
      Upload.add(await Upload.dropped(event.dataTransfer));
    });
  },

  // Files of a drop, folders walked, each with its path.
  async dropped(transfer) {
    const entries = Array.from(transfer.items || []).map((item) => item.webkitGetAsEntry && item.webkitGetAsEntry()).filter(Boolean);
    if (entries.length === 0) return Array.from(transfer.files);
    const files = [];
    const walk = async (entry, path) => {
      if (entry.isFile) {
        const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
        files.push({ file: file, path: path + file.name });
      } else if (entry.isDirectory) {
        const reader = entry.createReader();
        let batch;
        do {
          batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
          for (const child of batch) await walk(child, path + entry.name + "/");
        } while (batch.length > 0);
      }
    };
    for (const entry of entries) await walk(entry, "");
    return files;
  },

  add(items) {
    for (const item of items) {
      const file = item.file || item;
      const path = item.path || file.webkitRelativePath || file.name;
      const upload = { file: file, path: path, sent: {}, state: "waiting" };
      upload.row = Upload.row(upload);
      Upload.uploads.push(upload);
      Upload.run(upload);
    }
  },

  row(upload) {
    const element = MediaWorkerConsole.element;
    const tr = document.createElement("tr");
    tr.className = "upload";
    tr.appendChild(element("td", upload.path));
    upload.keyCell = element("td", "");
    tr.appendChild(upload.keyCell);
    const cell = document.createElement("td");
    upload.bar = document.createElement("progress");
    upload.bar.max = 100;
    upload.bar.value = 0;
    upload.bar.className = "file-progress";
    cell.appendChild(upload.bar);
    upload.percent = element("span", "0 %", "percent");
    cell.appendChild(upload.percent);
    tr.appendChild(cell);
    upload.stateCell = element("td", "waiting", "state");
    tr.appendChild(upload.stateCell);
    const actions = document.createElement("td");
    const abort = element("button", "Abort", "abort");
    abort.type = "button";
    abort.addEventListener("click", () => Upload.abort(upload));
    actions.appendChild(abort);
    tr.appendChild(actions);
    document.getElementById("upload-rows").appendChild(tr);
    return tr;
  },

  storageKey(file, path) {
    return "mw-upload:" + path + ":" + file.size + ":" + file.lastModified;
  },

  setState(upload, state) {
    upload.state = state;
    upload.stateCell.textContent = state;
    upload.row.dataset.state = state;
  },

  async run(upload) {
    const post = MediaWorkerConsole.post;
    const file = upload.file;
    try {
      const remembered = localStorage.getItem(Upload.storageKey(file, upload.path));
      let info = remembered ? JSON.parse(remembered) : null;
      let done = [];
      if (info) {
        try {
          done = (await post("/api/uploads/parts", { key: info.key, uploadId: info.uploadId })).parts;
          upload.resumed = done.length;
          upload.row.dataset.resumedParts = String(done.length);
        } catch (error) {
          info = null;
        }
      }
      if (!info) {
        info = await post("/api/uploads/create", { path: upload.path, size: file.size, type: file.type });
        localStorage.setItem(Upload.storageKey(file, upload.path), JSON.stringify(info));
      }
      upload.info = info;
      upload.keyCell.textContent = info.key;
      upload.row.dataset.key = info.key;
      const finished = new Set();
      for (const part of done) {
        const expected = Math.min(info.partSize, file.size - (part.number - 1) * info.partSize);
        if (part.size === expected) {
          finished.add(part.number);
          upload.sent[part.number] = expected;
        }
      }
      Upload.progress(upload);
      Upload.setState(upload, upload.resumed ? "resuming" : "uploading");
      const todo = [];
      for (let number = 1; number <= info.parts; number++) if (!finished.has(number)) todo.push(number);
      const worker = async () => {
        while (todo.length > 0 && upload.state !== "aborted") {
          const number = todo.shift();
          await Upload.sendPart(upload, number);
        }
      };
      const workers = [];
      for (let index = 0; index < Upload.parallel; index++) workers.push(worker());
      await Promise.all(workers);
      if (upload.state === "aborted") return;
      const parts = [];
      for (let number = 1; number <= info.parts; number++) parts.push(number);
      await post("/api/uploads/complete", { key: info.key, uploadId: info.uploadId, parts: parts });
      localStorage.removeItem(Upload.storageKey(file, upload.path));
      Upload.setState(upload, "done");
    } catch (error) {
      if (upload.state !== "aborted") Upload.setState(upload, "failed: " + error.message);
    }
  },

  async sendPart(upload, number) {
    const info = upload.info;
    const urls = (await MediaWorkerConsole.post("/api/uploads/sign", { key: info.key, uploadId: info.uploadId, parts: [number] })).urls;
    const start = (number - 1) * info.partSize;
    const blob = upload.file.slice(start, Math.min(start + info.partSize, upload.file.size));
    for (let attempt = 1; ; attempt++) {
      try {
        await new Promise((resolve, reject) => {
          const request = new XMLHttpRequest();
          upload.requests = upload.requests || new Set();
          upload.requests.add(request);
          request.open("PUT", urls[String(number)]);
          request.upload.addEventListener("progress", (event) => {
            upload.sent[number] = event.loaded;
            Upload.progress(upload);
          });
          request.addEventListener("load", () => {
            upload.requests.delete(request);
            if (request.status >= 200 && request.status < 300) resolve(); else reject(new Error("part " + number + ": HTTP " + request.status));
          });
          request.addEventListener("error", () => { upload.requests.delete(request); reject(new Error("part " + number + ": network error")); });
          request.addEventListener("abort", () => { upload.requests.delete(request); reject(new Error("aborted")); });
          request.addEventListener("loadend", () => { Upload.inFlight--; });
          Upload.inFlight++;
          Upload.maxInFlight = Math.max(Upload.maxInFlight, Upload.inFlight);
          document.body.dataset.maxInFlight = String(Upload.maxInFlight);
          request.send(blob);
        });
        upload.sent[number] = blob.size;
        upload.completed = (upload.completed || 0) + 1;
        Upload.progress(upload);
        return;
      } catch (error) {
        if (upload.state === "aborted" || attempt >= 3) throw error;
      }
    }
  },

  progress(upload) {
    const sent = Object.values(upload.sent).reduce((a, b) => a + b, 0);
    const percent = upload.file.size === 0 ? 100 : Math.floor((100 * sent) / upload.file.size);
    upload.bar.value = percent;
    upload.percent.textContent = percent + " %";
    let total = 0;
    let all = 0;
    for (const each of Upload.uploads) {
      all += each.file.size;
      total += Object.values(each.sent).reduce((a, b) => a + b, 0);
    }
    const overall = all === 0 ? 0 : Math.floor((100 * total) / all);
    document.getElementById("overall").value = overall;
    document.getElementById("overall-text").textContent = overall + " %";
  },

  async abort(upload) {
    const previous = upload.state;
    Upload.setState(upload, "aborted");
    for (const request of upload.requests || []) request.abort();
    if (upload.info && previous !== "done") {
      try {
        await MediaWorkerConsole.post("/api/uploads/abort", { key: upload.info.key, uploadId: upload.info.uploadId });
        upload.row.dataset.abort = "done";
      } catch (error) {
        upload.stateCell.textContent = "aborted (S3: " + error.message + ")";
        upload.row.dataset.abort = "failed";
      }
      localStorage.removeItem(Upload.storageKey(upload.file, upload.path));
    }
  },
};
