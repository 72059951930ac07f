// The guard's entry form. Every entry goes into the phone pages' shared offline queue
// (offline-queue.js), which is sent whenever the network allows: online and offline take the
// same path, so nothing is lost when the signal drops, and each entry carries an id made here
// so a resend is never a second record. The decision is previewed here with the site's rules
// (a copy of tenants/gate/policy.py `decide`, checked against it by
// tests/browser/test_gate_in_browser.py); the server decides again and its answer is the one
// recorded.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("gate-config").textContent);
  const form = document.getElementById("entry");
  // Entries queued before the shared queue were kept under this key in localStorage: the
  // queue moves them over once.
  const queue = GuanjiaQueue.open("gate:" + config.company, {
    legacyKey: "guanjia-gate-queue:" + config.company,
  });
  const RETRY_MS = 15000;
  // Entries the server refused for good and taken out of the queue: listed until a reload.
  const dropped = [];

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, name) => (name in values ? values[name] : ""));
  }

  // ---- the decision preview: the same rules as the server's decide() ----
  function reasonText(code, params) {
    const values = {};
    for (const [name, value] of Object.entries(params || {})) {
      values[name] = (config.labels[name] && config.labels[name][value]) || value;
    }
    return format(config.reasons[code], values);
  }

  function decide(policy, entrant, temperature) {
    const escalations = [];
    const refusals = [];
    const threshold = parseFloat(policy.threshold);
    // Compared in tenths of a degree, as the server compares decimals: 37.3 is 37.3.
    if (Math.round(temperature * 10) >= Math.round(threshold * 10)) {
      escalations.push(["fever", { temperature: temperature.toFixed(1), threshold: threshold.toFixed(1) }]);
    }
    if (policy.travelReported && entrant.key_region_travel) escalations.push(["travel", {}]);
    const rule = policy.rules[entrant.category] || "refused";
    if (rule === "refused") {
      refusals.push(["category_refused", { category: entrant.category, level: policy.level }]);
    } else if (rule === "consent" && !entrant.consent) {
      refusals.push(["no_consent", { category: entrant.category }]);
    } else if (rule === "filing" && !entrant.filed) {
      refusals.push(["not_filed", {}]);
    }
    if (policy.greenCodeRequired && !config.residentCategories.includes(entrant.category) && entrant.health_code !== "green") {
      refusals.push(["no_green_code", { colour: entrant.health_code }]);
    }
    if (escalations.length) return { outcome: "escalate", reasons: escalations.concat(refusals) };
    if (refusals.length) return { outcome: "refuse", reasons: refusals };
    return {
      outcome: "admit",
      reasons: [["admitted", { category: entrant.category }], ["temperature_normal", { temperature: temperature.toFixed(1) }]],
    };
  }
  window.guanjiaDecide = (entrant, temperature, policy) =>
    decide(policy || config.policy, entrant, temperature);

  // ---- reading the form ----
  function category() {
    const checked = form.querySelector("input[name=category]:checked");
    return checked ? checked.value : "";
  }
  function wanted(name) {
    return (config.fields[category()] || []).includes(name);
  }
  function value(name) {
    const input = form.elements[name];
    if (!input) return "";
    if (input.type === "checkbox") return input.checked;
    return (input.value || "").trim();
  }
  function temperature() {
    const text = value("temperature").replace(",", ".");
    return /^\d{2}(\.\d)?$/.test(text) ? parseFloat(text) : null;
  }
  // The condition a category's rule sets (the household's consent, the owner's filing) is a
  // question with two answers; until one is given the phone shows no refusal and records nothing.
  const QUESTIONS = { consent: "consent", filing: "filed" };
  function question() {
    const name = QUESTIONS[config.policy.rules[category()]];
    return name && wanted(name) ? name : "";
  }
  function unanswered() {
    const name = question();
    return name && !value(name) && !value(name + "_no") ? name : "";
  }
  function clearAnswers() {
    for (const name of Object.values(QUESTIONS)) {
      form.elements[name].checked = false;
      form.elements[name + "_no"].checked = false;
    }
  }

  function entrant() {
    const cat = category();
    return {
      category: cat,
      consent: wanted("consent") && value("consent"),
      filed: wanted("filed") && value("filed"),
      health_code: wanted("health_code") ? value("health_code") || "none" : "none",
      key_region_travel: wanted("key_region_travel") && value("key_region_travel"),
    };
  }

  function showFields() {
    const fields = config.fields[category()] || [];
    form.querySelectorAll("[data-field]").forEach((element) => {
      element.hidden = !fields.includes(element.dataset.field);
    });
    preview();
  }

  function renderDecision(section, outcome, reasons, note) {
    section.hidden = false;
    section.className = section.className.replace(/\boutcome-\w+/g, "").trim() + " outcome-" + outcome;
    section.querySelector(".gate-outcome").textContent = config.labels.outcome[outcome];
    const list = section.querySelector(".gate-reasons");
    list.replaceChildren(...reasons.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
    const noteElement = section.querySelector(".gate-note");
    if (noteElement) noteElement.textContent = note || "";
    // A recorded entry to report: where to hold the person and whom to call, from the page.
    if (section.id === "result") document.getElementById("next-steps").hidden = outcome !== "escalate";
  }

  function preview() {
    const section = document.getElementById("preview");
    const t = temperature();
    if (!category() || t === null) {
      section.hidden = true;
      return;
    }
    const asked = unanswered();
    // Before the answer only a fever (or travel) is shown: it stops the entry whatever it is.
    const decision = decide(config.policy, asked ? { ...entrant(), [asked]: true } : entrant(), t);
    if (asked && decision.outcome !== "escalate") {
      section.hidden = true;
      return;
    }
    renderDecision(section, decision.outcome, decision.reasons.map(([code, params]) => reasonText(code, params)));
  }

  function clearErrors() {
    form.querySelectorAll("[data-error-for]").forEach((element) => (element.textContent = ""));
  }
  function showErrors(errors) {
    for (const [field, messages] of Object.entries(errors)) {
      const target = form.querySelector(`[data-error-for="${field}"]`) || form.querySelector('[data-error-for="__all__"]');
      const texts = messages.map((m) => (typeof m === "string" ? m : m.message));
      target.textContent = texts.join(" ");
    }
    const first = [...form.querySelectorAll("[data-error-for]")].find((element) => element.textContent && element.offsetParent);
    if (first) (first.closest(".gate-field, fieldset") || first).scrollIntoView({ block: "nearest" });
  }

  function payload() {
    const data = {
      uuid: GuanjiaQueue.newId(),
      gate: config.gate,
      recorded_at: new Date().toISOString(),
      category: category(),
      temperature: temperature().toFixed(1),
      override_outcome: value("override_outcome"),
      override_reason: value("override_reason"),
      pass_code: config.pass ? config.pass.code : "",
    };
    for (const name of ["name", "document", "phone", "building", "room", "vehicle_plate"]) {
      // A pass's number is shown masked; the server records the pass's own number.
      if (name === "phone" && config.pass) continue;
      if (wanted(name)) data[name] = value(name);
    }
    if (wanted("document")) data.document_kind = value("document_kind") || "id_card";
    Object.assign(data, entrant());
    return data;
  }

  function missingFields() {
    const errors = {};
    if (!category()) errors.category = [config.text.required];
    const asked = unanswered();
    if (asked) errors[asked] = [config.text.required];
    const required = ["name", "document", "phone", "building", "room"].filter(wanted);
    for (const name of required) if (!value(name)) errors[name] = [config.text.required];
    if (temperature() === null) errors.temperature = [config.text.required];
    return errors;
  }

  // ---- sending ----
  async function showPending() {
    const items = await queue.items();
    const waiting = items.filter((item) => !item.problem).length;
    const element = document.getElementById("pending");
    element.hidden = waiting === 0;
    element.textContent = format(waiting === 1 ? config.text.pendingOne : config.text.pendingMany, { count: waiting });
    const problems = document.getElementById("problems");
    problems.replaceChildren(
      ...items
        .filter((item) => item.problem)
        .concat(dropped)
        .map((item) => {
          const li = document.createElement("li");
          li.textContent = `${config.text.refused} ${item.data.name || config.labels.category[item.data.category]} · ${item.problem}`;
          return li;
        })
    );
    const network = document.getElementById("network");
    network.hidden = navigator.onLine;
    network.textContent = config.text.offline;
  }

  async function sendOne(item) {
    const response = await GuanjiaQueue.post(config.entriesUrl, item);
    // Signed out (a redirect to the sign-in page) or refused: keep the entries and say so.
    if (response.type === "opaqueredirect" || response.status === 403) {
      return { done: false, stop: config.text.signIn };
    }
    if (response.status === 200 || response.status === 201) return { done: true, body: await response.json() };
    // The guard may no longer record at this gate (taken off the site): say so, keep the entry.
    if (response.status === 404) return { done: false, problem: config.text.gateGone };
    if (response.status === 400) {
      const body = await response.json();
      const messages = Object.values(body.errors || {}).flat().map((m) => (typeof m === "string" ? m : m.message));
      return { done: false, problem: messages.join(" ") };
    }
    // Its id was already used for another entry: sending it again can never succeed.
    if (response.status === 409) {
      const body = await response.json().catch(() => ({}));
      return { done: false, dropped: body.detail || response.statusText };
    }
    return { done: false };
  }

  async function flush() {
    await queue.flush(async (item) => {
      const result = await sendOne(item);
      if (result.done && item.id === lastSent) showServerDecision(result.body);
      if (result.dropped) dropped.push({ data: item.data, problem: result.dropped });
      if (result.stop) document.getElementById("network").textContent = result.stop;
      return result;
    });
    showPending();
  }
  queue.onChange(showPending);

  let lastSent = null;
  let lastLocal = null;
  function showServerDecision(body) {
    const section = document.getElementById("result");
    const differs = body.outcome !== lastLocal;
    // The guard has moved on to the next person: say nothing more unless the office disagrees.
    if (section.hidden && !differs) return;
    renderDecision(section, body.outcome, body.reasons, differs ? config.text.differs : config.text.sent);
  }
  // The next person: the last one's result makes way for their decision.
  function nextEntry() {
    document.getElementById("result").hidden = true;
    document.getElementById("next-steps").hidden = true;
  }

  function resetForm() {
    form.reset();
    form.elements.phone.readOnly = false;
    document.getElementById("override").open = false;
    document.getElementById("checks").hidden = true;
    if (config.pass) {
      // A pass is used once: the next person starts a plain entry.
      config.pass = null;
      history.replaceState(null, "", location.pathname.replace(/pass\/[^/]+\/$/, "") + `?gate=${config.gate}`);
      document.querySelector(".gate-pass-banner")?.remove();
      document.querySelector(".gate-pass-lookup").hidden = false;
    }
    showFields();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearErrors();
    const errors = missingFields();
    if (Object.keys(errors).length) return showErrors(errors);
    const override = value("override_outcome");
    if (override && value("override_reason").length < 4) {
      return showErrors({ override_reason: [config.text.required] });
    }
    const data = payload();
    const local = decide(config.policy, entrant(), temperature());
    lastSent = data.uuid;
    lastLocal = override && local.outcome !== "escalate" ? override : local.outcome;
    const queued = queue.enqueue({ id: data.uuid, data });
    renderDecision(
      document.getElementById("result"),
      lastLocal,
      local.reasons.map(([code, params]) => reasonText(code, params)),
      navigator.onLine ? "" : config.text.kept
    );
    resetForm();
    // Someone to report: the decision and what to do now (hold them, call) fill the screen.
    if (lastLocal === "escalate") document.getElementById("result").scrollIntoView({ block: "start" });
    else window.scrollTo(0, 0);
    queued.then(flush);
  });

  form.addEventListener("change", (event) => {
    const name = event.target.name;
    nextEntry();
    if (name === "category") {
      clearAnswers();
      return showFields();
    }
    // Yes and No exclude each other.
    if (event.target.checked && Object.values(QUESTIONS).includes(name.replace(/_no$/, ""))) {
      const other = name.endsWith("_no") ? name.slice(0, -3) : name + "_no";
      form.elements[other].checked = false;
      form.querySelector(`[data-error-for="${name.replace(/_no$/, "")}"]`).textContent = "";
    }
    preview();
  });
  form.addEventListener("input", (event) => {
    if (event.target.type !== "radio" && event.target.type !== "checkbox") nextEntry();
    preview();
  });

  // The three checks on a known person: asked when the number is complete, online only.
  async function runChecks() {
    const section = document.getElementById("checks");
    const document_ = wanted("document") ? value("document") : "";
    const phone = wanted("phone") && !config.pass ? value("phone") : "";
    if (!document_ && !phone) return;
    const list = section.querySelector("ul");
    section.hidden = false;
    if (!navigator.onLine) {
      list.replaceChildren(Object.assign(document.createElement("li"), { textContent: config.text.checksOffline }));
      return;
    }
    try {
      const response = await fetch(config.checksUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": GuanjiaQueue.csrfToken() },
        body: JSON.stringify({ gate: config.gate, document: document_, document_kind: value("document_kind"), phone }),
      });
      const body = await response.json();
      const texts = response.ok ? body.checks : Object.values(body.errors || {}).flat();
      list.replaceChildren(...texts.map((text) => Object.assign(document.createElement("li"), { textContent: text })));
    } catch (e) {
      list.replaceChildren(Object.assign(document.createElement("li"), { textContent: config.text.checksOffline }));
    }
  }
  form.elements.document.addEventListener("change", runChecks);
  form.elements.phone.addEventListener("change", runChecks);

  // ---- the bar with Record: in reach above the on-screen keyboard ----
  const actions = form.querySelector(".gate-actions");
  function placeActions() {
    const viewport = window.visualViewport;
    // Where the keyboard covers the page without resizing it (Safari), the bar rises to the
    // bottom of what is visible; where it resizes the page (resizes-content), nothing is covered.
    const covered = viewport ? Math.max(0, window.innerHeight - viewport.height - viewport.offsetTop) : 0;
    actions.style.transform = covered > 1 ? `translateY(${-covered}px)` : "";
    // The field being typed in stays visible above the bar.
    const field = document.activeElement;
    if (field && field !== document.body && form.contains(field) && !actions.contains(field)) {
      const hidden = field.getBoundingClientRect().bottom - actions.getBoundingClientRect().top;
      if (hidden > 0) window.scrollBy(0, hidden + 8);
    }
  }
  function measureActions() {
    document.documentElement.style.setProperty("--actions-height", actions.offsetHeight + "px");
  }
  if (window.visualViewport) {
    window.visualViewport.addEventListener("resize", placeActions);
    window.visualViewport.addEventListener("scroll", placeActions);
  }
  window.addEventListener("resize", placeActions);
  if (window.ResizeObserver) new ResizeObserver(measureActions).observe(actions);
  measureActions();

  window.addEventListener("online", flush);
  window.addEventListener("offline", showPending);
  setInterval(flush, RETRY_MS);

  // A visitor's pass fills the form: the guard checks it and takes the temperature.
  if (config.pass) {
    const filled = config.pass;
    form.querySelector(`input[name=category][value="${filled.category}"]`).checked = true;
    for (const name of ["name", "phone", "building", "room"]) form.elements[name].value = filled[name] || "";
    // Shown masked, as guards see numbers; nothing to correct here (see payload()).
    form.elements.phone.readOnly = true;
    const colour = form.querySelector(`input[name=health_code][value="${filled.health_code}"]`);
    if (colour) colour.checked = true;
    form.elements.key_region_travel.checked = !!filled.key_region_travel;
  }
  showFields();
  flush();
})();
