// The cleaner's phone: an area's log in one tap ("Done — send") when nothing differs from the
// plan. Every log goes into the phone pages' shared offline queue (offline-queue.js) with an id
// made here and the time of the work, and leaves it when the server has it: stairwells and
// garages have no signal, and a resend is never a second log. On the round every area's form
// is already in the page, so tapping a slot works without signal too.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("cleaning-config").textContent);
  const RETRY_MS = 15000;
  // The server's clock where the phone's is more than two minutes off (a phone that never
  // sees network time): the server refuses work dated in the future.
  const offset = Date.parse(config.now) - Date.now();
  const skew = Math.abs(offset) > 120000 ? offset : 0;
  const clock = () => new Date(Date.now() + skew);
  const queue = GuanjiaQueue.open("cleaning:" + config.company, { now: clock });

  const round = document.getElementById("clean-round-page"); // null on an area's own page
  const send = document.getElementById("clean-send");
  const actions = document.getElementById("clean-actions");
  const result = document.getElementById("clean-result");
  // Logs the server can never take (their id was used for another log): listed until a reload.
  const dropped = [];
  // The last log recorded here, to say what became of it.
  let last = null;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, name) => (name in values ? values[name] : ""));
  }
  function hhmm(date) {
    return String(date.getHours()).padStart(2, "0") + ":" + String(date.getMinutes()).padStart(2, "0");
  }
  function messages(body) {
    return Object.values((body && body.errors) || {})
      .flat()
      .map((m) => (typeof m === "string" ? m : m.message))
      .join(" ");
  }

  // ---- the form ----
  function choice(form) {
    return form.querySelector("input[name=task]:checked, input[name=kind]:checked");
  }
  function photoOf(form) {
    const input = form.elements.photo;
    return (input.files && input.files[0]) || null;
  }
  function showPhoto(form) {
    const has = !!photoOf(form);
    form.querySelector(".clean-photo-chosen").hidden = !has;
    form.querySelector(".clean-photo-add").hidden = has;
  }
  // What is left empty records the plan's: the plan of the chosen task shows through.
  function showPlan(form) {
    const task = form.querySelector("input[name=task]:checked");
    form.elements.agent.placeholder = task ? task.dataset.agent : "";
    form.elements.concentration.placeholder = task ? task.dataset.concentration : "";
  }
  function resetForm(form) {
    form.reset();
    form.querySelector(".clean-more").open = false;
    showPhoto(form);
    showPlan(form);
  }

  function logOf(form) {
    const chosen = choice(form);
    const data = { uuid: GuanjiaQueue.newId(), area: Number(form.dataset.area), done_at: clock().toISOString() };
    if (chosen.name === "task") data.task = Number(chosen.value);
    else data.kind = chosen.value;
    for (const name of ["agent", "concentration", "note"]) {
      const value = form.elements[name].value.trim();
      if (value) data[name] = value;
    }
    const photo = photoOf(form);
    return {
      id: data.uuid,
      data,
      files: photo ? { photo } : {},
      kind: chosen.dataset.kind || chosen.value,
      taskLabel: chosen.dataset.label,
      areaLabel: form.dataset.areaLabel,
    };
  }

  function say(text, kept) {
    result.textContent = text;
    result.classList.toggle("kept", !!kept);
    result.hidden = !text;
  }

  async function record(form) {
    if (!choice(form)) return;
    const item = logOf(form);
    send.disabled = true;
    try {
      await queue.enqueue(item);
    } catch (error) {
      // Nothing was kept (the phone's storage is full): the form stays as it was.
      say(config.text.notKept, false);
      return;
    } finally {
      send.disabled = false;
    }
    last = { id: item.id, time: hhmm(new Date(item.data.done_at)), task: item.taskLabel, area: item.areaLabel };
    say(navigator.onLine ? "" : format(config.text.kept, { time: last.time }), true);
    resetForm(form);
    if (round) leaveArea();
    flush();
  }

  document.querySelectorAll("form.clean-log").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      record(form);
    });
    form.addEventListener("change", (event) => {
      if (event.target.name === "photo") showPhoto(form);
      if (event.target.name === "task") showPlan(form);
    });
    form.querySelector(".clean-photo-remove").addEventListener("click", () => {
      form.elements.photo.value = "";
      showPhoto(form);
    });
    showPhoto(form);
    showPlan(form);
  });

  // ---- the round: a slot opens its area's form in the page ----
  function cards() {
    return round ? [...round.querySelectorAll(".clean-slot")] : [];
  }
  function setCard(card, state, label) {
    card.className = card.className.replace(/\bstate-\w+/g, "").trim() + " state-" + state;
    card.querySelector(".clean-state").textContent = label;
  }

  function showArea(area, kind) {
    const section = document.getElementById("area-" + area);
    if (!section) return false;
    const form = section.querySelector("form.clean-log");
    const task = kind && form.querySelector(`input[name=task][data-kind="${kind}"]`);
    if (task) task.checked = true;
    showPlan(form);
    document.querySelectorAll("section.clean-area").forEach((other) => (other.hidden = other !== section));
    round.hidden = true;
    send.setAttribute("form", form.id);
    send.hidden = false;
    window.scrollTo(0, 0);
    return true;
  }
  function showRound() {
    document.querySelectorAll("section.clean-area").forEach((section) => (section.hidden = true));
    round.hidden = false;
    send.hidden = true;
    send.removeAttribute("form");
  }
  function leaveArea() {
    if (history.state && history.state.area) history.back();
    else showRound();
  }

  if (round) {
    round.addEventListener("click", (event) => {
      const link = event.target.closest(".clean-slot a");
      if (!link) return;
      const card = link.closest(".clean-slot");
      if (!showArea(card.dataset.area, card.dataset.kind)) return; // no form here: the page opens
      event.preventDefault();
      say("");
      history.pushState({ area: card.dataset.area, kind: card.dataset.kind }, "", link.href);
    });
    document.querySelectorAll(".clean-back").forEach((button) => button.addEventListener("click", leaveArea));
    window.addEventListener("popstate", (event) => {
      if (event.state && event.state.area) showArea(event.state.area, event.state.kind);
      else showRound();
    });
  }

  // A waiting log shows on the slot it will fill (the earliest open one of its area and
  // task); the server's answer says which one it did fill.
  function markCards(items) {
    for (const card of cards()) {
      setCard(card, card.dataset.state, card.querySelector(".clean-state").dataset.label);
    }
    for (const item of items) {
      if (item.problem) continue;
      const done = Date.parse(item.data.done_at);
      const card = cards().find(
        (c) =>
          c.dataset.area === String(item.data.area) &&
          c.dataset.kind === item.kind &&
          !["done", "late"].includes(c.dataset.state) &&
          !c.classList.contains("state-queued") &&
          Date.parse(c.dataset.opens) <= done &&
          done < Date.parse(c.dataset.limit)
      );
      if (card) setCard(card, "queued", config.text.queued);
    }
  }
  function filled(item, body) {
    if (!body.state || !body.slot_due) return;
    const due = Date.parse(body.slot_due);
    const card = cards().find(
      (c) => c.dataset.area === String(item.data.area) && c.dataset.kind === item.kind && Date.parse(c.dataset.due) === due
    );
    if (!card) return;
    card.dataset.state = body.state;
    card.querySelector(".clean-state").dataset.label =
      config.text.states[body.state] + " " + hhmm(new Date(item.data.done_at));
  }

  // ---- what waits, and what was refused ----
  async function refresh() {
    const items = await queue.items();
    const waiting = items.filter((item) => !item.problem).length;
    const pending = document.getElementById("pending");
    pending.hidden = waiting === 0;
    pending.textContent = format(waiting === 1 ? config.text.pendingOne : config.text.pendingMany, { count: waiting });
    const network = document.getElementById("network");
    network.hidden = navigator.onLine;
    network.textContent = config.text.offline;
    const refused = items.filter((item) => item.problem);
    document.getElementById("clean-problems").replaceChildren(
      ...refused.concat(dropped).map((item) => {
        const li = document.createElement("li");
        li.textContent = `${config.text.refused} ${item.taskLabel}, ${item.areaLabel} · ${item.problem}`;
        if (refused.includes(item)) {
          const remove = Object.assign(document.createElement("button"), { type: "button", textContent: config.text.remove });
          remove.addEventListener("click", () => queue.remove(item.id));
          li.append(remove);
        }
        return li;
      })
    );
    markCards(items);
    measure();
  }

  // ---- sending ----
  async function sendOne(item) {
    const response = await GuanjiaQueue.post(config.logsUrl, item);
    // Signed out: the answer is the sign-in page. The logs wait for the next sign-in.
    if (response.type === "opaqueredirect") return { stop: true };
    if (response.status === 200 || response.status === 201) return { done: true, body: await response.json() };
    if (response.status === 409) {
      const body = await response.json().catch(() => ({}));
      return { dropped: body.detail || response.statusText };
    }
    if (response.status >= 400 && response.status < 500) {
      const body = await response.json().catch(() => null);
      // A 403 that is not the endpoint's own answer: the session (or its CSRF token) is gone.
      if (response.status === 403 && !body) return { stop: true };
      return { problem: messages(body) || response.statusText || String(response.status) };
    }
    return {}; // the server is in trouble: try again later
  }

  async function flush() {
    let stopped = false;
    await queue.flush(async (item) => {
      const outcome = await sendOne(item);
      if (outcome.done) {
        filled(item, outcome.body);
        if (last && last.id === item.id) {
          const text = format(config.text.sent, last);
          say(outcome.body.recorded_late ? text + " " + config.text.late : text, false);
          last = null;
        }
      }
      if (outcome.dropped) dropped.push({ ...item, problem: outcome.dropped });
      if (outcome.stop) stopped = true;
      return outcome;
    });
    await refresh();
    if (stopped) {
      const network = document.getElementById("network");
      network.textContent = config.text.signIn;
      network.hidden = false;
    } else if (last && result.hidden) {
      // Not sent (the network dropped on the way): say where it is.
      say(format(config.text.kept, { time: last.time }), true);
    }
  }

  // ---- the bar stays clear of the page's end ----
  function measure() {
    document.documentElement.style.setProperty("--actions-height", actions.offsetHeight + "px");
  }
  if (window.ResizeObserver) new ResizeObserver(measure).observe(actions);

  queue.onChange(refresh);
  window.addEventListener("online", flush);
  window.addEventListener("offline", refresh);
  setInterval(flush, RETRY_MS);
  refresh();
  flush();
})();
