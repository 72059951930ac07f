// The one offline queue of the phone pages (the guard's entries, the cleaners' logs). What the
// phone records goes in here first and leaves only when the server has acknowledged it, so
// online and offline take the same path and nothing is lost when the signal drops.
//
// - Items carry an id made on the phone: a resend is the first record, never a second one.
// - Each keeps the moment it was queued; post() sends it as `queued_at`, so work recorded
//   without signal is dated when it was queued, not when the network came back.
// - Items live in IndexedDB, which holds photos (Blobs) that localStorage has no room for,
//   and survive a reload or a flat battery. Where the browser refuses IndexedDB they are kept
//   in memory, for as long as the page is open.
//
//   const queue = GuanjiaQueue.open("cleaning:" + company);
//   await queue.enqueue({ id: GuanjiaQueue.newId(), data: {...}, files: { photo: blob } });
//   queue.onChange(show);                       // after any change, in this tab or another
//   await queue.count();                        // waiting to be sent (refused ones left out)
//   await queue.flush((item) => ...);           // send(item) resolves to what became of it:
//        { done: true }       acknowledged: it leaves the queue
//        { dropped: text }    can never be recorded (its id was used for other data): it leaves
//        { problem: text }    refused as it is: kept, marked, not sent again
//        anything else        stop here (signed out, server trouble): the rest waits
//   A send that throws (the network dropped) stops the flush too.
(function () {
  "use strict";

  const DB_NAME = "guanjia-offline";
  const STORE = "items";
  let sequence = 0;
  let database = null;
  const memory = new Map();
  const channel = "BroadcastChannel" in window ? new BroadcastChannel(DB_NAME) : null;
  const queues = {};

  function openDatabase() {
    if (!database) {
      database = new Promise((resolve, reject) => {
        const request = window.indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          const store = request.result.createObjectStore(STORE, { keyPath: "key" });
          store.createIndex("queue", "queue");
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      }).catch(() => null);
    }
    return database;
  }

  function finished(transaction) {
    return new Promise((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = transaction.onabort = () => reject(transaction.error);
    });
  }

  async function readAll(queue) {
    const db = await openDatabase();
    if (!db) return [...memory.values()].filter((item) => item.queue === queue);
    const request = db.transaction(STORE, "readonly").objectStore(STORE).index("queue").getAll(queue);
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async function write(puts, deletes) {
    const db = await openDatabase();
    if (!db) {
      puts.forEach((item) => memory.set(item.key, item));
      deletes.forEach((key) => memory.delete(key));
      return false;
    }
    const transaction = db.transaction(STORE, "readwrite");
    const store = transaction.objectStore(STORE);
    puts.forEach((item) => store.put(item));
    deletes.forEach((key) => store.delete(key));
    await finished(transaction);
    return true;
  }

  // Queue order: the order items were queued in, also within one millisecond.
  function nextSeq() {
    sequence = (sequence + 1) % 1000;
    return Date.now() * 1000 + sequence;
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  // POST one item: JSON, or multipart when it has files. Answers signed-out users with the
  // opaque redirect to the sign-in page (redirect: "manual"), for the page to say so.
  function post(url, item) {
    const fields = { ...item.data, queued_at: item.queuedAt };
    const headers = { "X-CSRFToken": csrfToken() };
    const files = Object.entries(item.files || {}).filter(([, blob]) => blob);
    let body;
    if (files.length) {
      body = new FormData();
      for (const [name, value] of Object.entries(fields)) {
        if (value !== null && value !== undefined && value !== "") body.append(name, String(value));
      }
      for (const [name, blob] of files) body.append(name, blob, blob.name || name);
    } else {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(fields);
    }
    return fetch(url, { method: "POST", credentials: "same-origin", redirect: "manual", headers, body });
  }

  // What a phone queued before the queue moved to IndexedDB (the gate's localStorage list of
  // {data, problem}), moved over once. Kept in localStorage where IndexedDB is refused.
  async function adopt(name, legacyKey) {
    let old = null;
    try {
      old = JSON.parse(localStorage.getItem(legacyKey) || "null");
    } catch (e) {
      old = null;
    }
    if (!Array.isArray(old)) return;
    const now = new Date().toISOString();
    const moved = old
      .filter((entry) => entry && entry.data && entry.data.uuid)
      .map((entry) => ({
        key: name + " " + entry.data.uuid,
        queue: name,
        id: entry.data.uuid,
        seq: nextSeq(),
        queuedAt: entry.data.recorded_at || now,
        data: entry.data,
        problem: entry.problem || "",
      }));
    if (await write(moved, [])) localStorage.removeItem(legacyKey);
  }

  function open(name, options) {
    if (queues[name]) return queues[name];
    const settings = options || {};
    const clock = settings.now || (() => new Date());
    const listeners = [];
    const ready = (settings.legacyKey ? adopt(name, settings.legacyKey) : Promise.resolve()).catch(() => {});
    let flushing = null;
    let again = false;

    function notify() {
      listeners.forEach((listener) => listener());
    }
    function changed() {
      notify();
      if (channel) channel.postMessage(name);
    }

    async function items() {
      await ready;
      return (await readAll(name)).sort((a, b) => a.seq - b.seq);
    }

    async function count() {
      return (await items()).filter((item) => !item.problem).length;
    }

    async function enqueue(item) {
      await ready;
      const stored = {
        ...item,
        key: name + " " + item.id,
        queue: name,
        seq: nextSeq(),
        queuedAt: item.queuedAt || clock().toISOString(),
        problem: "",
      };
      await write([stored], []);
      changed();
      return stored;
    }

    async function remove(id) {
      await write([], [name + " " + id]);
      changed();
    }

    async function mark(item, problem) {
      await write([{ ...item, problem }], []);
      changed();
    }

    async function sendAll(send) {
      for (const item of await items()) {
        if (item.problem) continue;
        if (!navigator.onLine) return;
        let result;
        try {
          result = (await send(item)) || {};
        } catch (error) {
          return; // the network dropped: the rest waits
        }
        if (result.done || result.dropped) await remove(item.id);
        else if (result.problem) await mark(item, result.problem);
        else return;
      }
    }

    // One flush at a time; one asked for meanwhile runs after it, for what was queued since.
    // Across tabs a lock keeps two pages from sending the same item at once where it exists
    // (a resend would be answered as one anyway).
    function flush(send) {
      if (flushing) {
        again = true;
        return flushing;
      }
      const run = async () => {
        await ready;
        do {
          again = false;
          await sendAll(send);
        } while (again && navigator.onLine);
      };
      const locked = navigator.locks ? navigator.locks.request("guanjia-offline " + name, run) : run();
      // A storage error leaves the items where they are, for the next flush.
      flushing = locked
        .catch(() => {})
        .finally(() => {
          flushing = null;
        });
      return flushing;
    }

    function onChange(listener) {
      listeners.push(listener);
    }

    if (channel) {
      channel.addEventListener("message", (event) => {
        if (event.data === name) notify();
      });
    }
    queues[name] = { name, items, count, enqueue, remove, flush, onChange };
    return queues[name];
  }

  window.GuanjiaQueue = { open, newId, post, csrfToken };
})();
