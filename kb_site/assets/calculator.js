// @ts-check
// The calculator in the browser: the engine (a Web Worker running the Python package in
// Pyodide), `window.kbCalculator` for scripts, and the form on the page that hosts it.
//
// Loaded on every page (mkdocs-material runs it once; instant navigation swaps pages under it),
// so the worker survives navigation and coming back to the calculator reuses it. Nothing typed
// into the form is sent anywhere or stored: the answers live in the page, and in the address
// bar only when the user asks for a link. Every text is put in as text (never as HTML).
(() => {
  "use strict";

  // Written by the site build: where the worker, the runtime and the wheel are (relative to this
  // script), the integrity hashes of the wheel and of each runtime file, and the pages that host
  // the calculator (from the site root).
  const MANIFEST = /** @type {KbManifest | null} */ (/*KB_MANIFEST*/ null);
  if (!MANIFEST || window.kbCalculator) {
    return;
  }
  const manifest = MANIFEST; // known to be there: the functions below see it so
  const SCRIPT_URL = (document.currentScript && /** @type {HTMLScriptElement} */ (document.currentScript).src) || location.href;
  const at = (relative) => new URL(relative, SCRIPT_URL).href;

  // --- dates ------------------------------------------------------------------------------------

  const pad = (n) => String(n).padStart(2, "0");
  const today = () => {
    const d = new Date();
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  };
  const ruDate = (iso) => (iso ? iso.split("-").reverse().join(".") : "");

  // --- what a script passes, as the JSON the engine reads ----------------------------------------
  //
  // JSON.stringify would write NaN and ±Infinity as null (read as «not given»), drop an undefined
  // field, write a Date as a string, skip a function and throw on a BigInt or a cycle. So the
  // bridge writes the request itself: a string, a finite number (-0 as 0, as JSON has it), true,
  // false, null, an array and a plain object go as they are; any other value goes as a mark that
  // calculator.browser reads back as a value no field accepts, so the engine refuses it by its
  // field, in its own words. NaN and ±Infinity come back as Python's nan and ±inf, which is what
  // the command reads from the JSON words NaN and Infinity: its message, to the letter.

  const JS_MARK = "\u0000kb:js"; // calculator.browser.JAVASCRIPT_MARK
  const MAX_DEPTH = 64; // far deeper than a profile; the engine refuses what is below anyway
  const MAX_ITEMS = 100000; // a longer list is refused whole, never walked item by item

  /** @param {string} name @returns {{[JS_MARK]: string}} */
  const mark = (name) => ({ [JS_MARK]: name });

  /**
   * `value` as plain JSON data: every value JSON cannot carry is replaced by its mark.
   * @param {unknown} value
   * @param {number} [depth]
   * @param {Set<object>} [within] the objects this one is inside of (a cycle is refused, not followed)
   * @returns {unknown}
   */
  function transportable(value, depth = 0, within = new Set()) {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        return Number.isFinite(value) ? value + 0 : mark(String(value)); // "NaN", "Infinity", "-Infinity"
      case "bigint":
        return mark(`BigInt ${String(value).slice(0, 40)}n`);
      case "undefined":
        return mark("undefined");
      case "function":
        return mark("функция");
      case "symbol":
        return mark("символ");
    }
    if (value === null) {
      return null;
    }
    const object = /** @type {object} */ (value);
    const tag = Object.prototype.toString.call(object).slice(8, -1);
    const list = Array.isArray(object);
    if (!list && tag !== "Object") {
      return mark(`объект ${tag.slice(0, 40)}`);
    }
    if (within.has(object)) {
      return mark("объект, содержащий сам себя");
    }
    if (depth >= MAX_DEPTH) {
      return mark(`объект с вложенностью глубже ${MAX_DEPTH} уровней`);
    }
    if (list && object.length > MAX_ITEMS) {
      return mark(`список из ${object.length} элементов`);
    }
    if (!list && Object.prototype.hasOwnProperty.call(object, JS_MARK)) {
      return mark("объект с зарезервированным ключом");
    }
    within.add(object);
    const read = (/** @type {string | number} */ key) => {
      try {
        return transportable(/** @type {any} */ (object)[key], depth + 1, within);
      } catch {
        return mark("свойство, которое не читается");
      }
    };
    const copy = list ? Array.from({ length: object.length }, (_, i) => read(i)) : Object.fromEntries(Object.keys(object).map((key) => [key, read(key)]));
    within.delete(object);
    return copy;
  }

  // --- the engine: one worker per browser tab ---------------------------------------------------

  const RETRY = "Обновите страницу; если это не поможет, откройте сайт в другом браузере.";

  class Engine {
    constructor() {
      this.worker = null;
      this.started = null;
      this.state = { step: 0, steps: 3, text: "", ready: false, failed: null };
      this.pending = new Map();
      this.sequence = 0;
      this.watchers = new Set();
    }

    // Starts loading (once); resolves when the runtime is ready, rejects if it cannot load.
    start() {
      if (!this.started) {
        this.started = new Promise((resolve, reject) => this.boot(resolve, reject));
        this.started.catch(() => {});
      }
      return this.started;
    }

    boot(resolve, reject) {
      // A failure before the engine is ready, or later (the worker crashed): every waiting
      // request is rejected, so nothing waits forever.
      const fail = (reason, detail, advice = RETRY) => {
        if (this.state.failed) {
          return;
        }
        if (detail) {
          console.error("Калькулятор:", detail);
        }
        const stopped = this.state.ready;
        this.state = { ...this.state, failed: reason, stopped, advice };
        if (this.worker) {
          this.worker.terminate(); // nothing more can be asked of it: later requests are refused at once
        }
        this.notify();
        const error = new Error(`${stopped ? "Калькулятор остановился" : "Калькулятор не загрузился"}: ${reason}`);
        for (const { reject: rejectOne } of this.pending.values()) {
          rejectOne(error);
        }
        this.pending.clear();
        reject(error);
      };
      if (typeof WebAssembly !== "object" || typeof Worker !== "function") {
        fail(
          "этот браузер не поддерживает технологии, на которых работает калькулятор (WebAssembly)",
          null,
          "Откройте страницу в современном браузере: Chrome, Firefox, Safari или Edge последних версий.",
        );
        return;
      }
      try {
        this.worker = new Worker(at(manifest.worker), { type: "module" });
      } catch (error) {
        fail("не удалось запустить вычисления в фоне", /** @type {Error} */ (error).message);
        return;
      }
      this.worker.onerror = (event) => {
        event.preventDefault();
        fail("вычисления в фоне прервались с ошибкой", event.message);
      };
      this.worker.onmessage = (event) => {
        const message = event.data;
        if (message.type === "progress") {
          this.state = { ...this.state, step: message.step, steps: message.steps, text: message.text };
          this.notify();
        } else if (message.type === "ready") {
          this.state = { ...this.state, ready: true };
          this.notify();
          resolve();
        } else if (message.type === "failed") {
          fail(message.message, message.detail);
        } else if (message.type === "reply" || message.type === "file") {
          this.settle(message);
        } else if (message.type === "plan-progress") {
          const waiting = this.pending.get(message.id);
          if (waiting && waiting.onProgress) {
            waiting.onProgress(message.done, message.total);
          }
        }
      };
      // `files`: each runtime file's hash; the worker reads none unchecked.
      this.worker.postMessage({ type: "boot", runtime: at(manifest.runtime), files: manifest.files, wheel: at(manifest.wheel), integrity: manifest.integrity });
    }

    settle(message) {
      const { id, reply, ms } = message;
      const waiting = this.pending.get(id);
      if (!waiting) {
        return;
      }
      this.pending.delete(id);
      if (waiting.whole) {
        waiting.resolve(message);
        return;
      }
      const parsed = JSON.parse(reply);
      if ("answer" in parsed) {
        waiting.resolve({ answer: parsed.answer, ms });
      } else {
        const error = /** @type {KbInputError} */ (new Error(parsed.error));
        error.problems = parsed.problems || [];
        waiting.reject(error);
      }
    }

    // The contract's evaluation: resolves to the answer object, rejects with the command's message.
    async evaluate(profile, jurisdiction, on) {
      return (await this.request(profile, jurisdiction, on)).answer;
    }

    // After a failure the promise of `start()` stays settled; a new request must not wait for a dead worker.
    refuseIfStopped() {
      if (this.state.failed) {
        throw new Error(`${this.state.stopped ? "Калькулятор остановился" : "Калькулятор не загрузился"}: ${this.state.failed}`);
      }
    }

    async request(profile, jurisdiction, on) {
      // Read now: a caller may change the object while the engine is still loading.
      const request = JSON.stringify(transportable({ profile: profile === undefined ? {} : profile, jurisdiction, on: on === undefined ? today() : on }));
      await this.start();
      this.refuseIfStopped();
      const id = ++this.sequence;
      return new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        /** @type {Worker} */ (this.worker).postMessage({ type: "evaluate", id, request });
      });
    }

    // Any other request to the worker (a plan, a file of it): resolves with the worker's whole reply
    // message; `onProgress(done, total)` hears the progress of this request.
    async call(message, transfer = [], onProgress = null) {
      await this.start();
      this.refuseIfStopped();
      const id = ++this.sequence;
      return new Promise((resolve, reject) => {
        this.pending.set(id, { resolve, reject, onProgress, whole: true });
        /** @type {Worker} */ (this.worker).postMessage({ ...message, id }, transfer);
      });
    }

    // The year's plan for a staff list (a File, Blob or ArrayBuffer), by `calculator.browser.plan`.
    async plan(file, options = {}, onProgress = null) {
      let buffer;
      try {
        buffer = file instanceof ArrayBuffer ? file.slice(0) : await file.arrayBuffer();
      } catch (error) {
        console.error(error);
        throw new Error("Файл не удалось прочитать: возможно, он изменился или перемещён после выбора. Выберите его заново.");
      }
      const request = JSON.stringify(
        transportable({
          filename: options.filename || file.name || "",
          jurisdiction: options.jurisdiction,
          year: options.year,
          quota: options.quota === undefined || options.quota === "" ? null : options.quota,
          preview: options.preview === undefined ? null : options.preview,
        }),
      );
      // The file's bytes go to the worker of this page (transferred, not copied), never to a server.
      const reply = await this.call({ type: "plan", request, file: buffer }, [buffer], onProgress);
      const parsed = JSON.parse(reply.reply);
      if (parsed.error) {
        throw new Error(parsed.error);
      }
      return parsed.plan;
    }

    // The last plan as a file: "xlsx" or "csv", a Blob.
    async planFile(kind) {
      const reply = await this.call({ type: "export", kind });
      if (reply.error) {
        throw new Error(reply.error);
      }
      if (!reply.bytes) {
        throw new Error("Сначала составьте план: загрузите список сотрудников.");
      }
      const type = kind === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv;charset=utf-8";
      return new Blob([reply.bytes], { type });
    }

    watch(callback) {
      this.watchers.add(callback);
      callback(this.state);
      return () => this.watchers.delete(callback);
    }

    notify() {
      for (const callback of [...this.watchers]) {
        callback(this.state);
      }
    }
  }

  const engine = new Engine();

  window.kbCalculator = Object.freeze({
    evaluate: (profile, jurisdiction, on) => engine.evaluate(profile, jurisdiction, on),
    plan: (file, options, onProgress) => engine.plan(file, options, onProgress),
    planFile: (kind) => engine.planFile(kind),
    ready: () => engine.start(),
    watch: (callback) => engine.watch(callback),
    version: manifest.version,
    // For the site's own pages (the planning page): building text-only DOM and clause links the same way.
    ui: Object.freeze({ h: (tag, attributes, ...children) => h(tag, attributes, ...children), citations: (data, sources, lead, onCited) => citations(data, sources, lead, onCited), ruDate, onEveryPage }),
  });

  // With instant navigation every new page comes through `document$`; the theme defines it in its
  // bundle, which may run after this script (loaded early from <head> on the calculator's page).
  function onEveryPage(callback) {
    const attach = () => {
      if (window.document$ && typeof window.document$.subscribe === "function") {
        window.document$.subscribe(() => callback());
      } else {
        callback();
      }
    };
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", attach);
    } else {
      attach();
    }
  }

  // --- DOM helpers: text only, never HTML -------------------------------------------------------

  function h(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === false || value === null || value === undefined) {
        continue;
      }
      if (name === "class") {
        element.className = value;
      } else {
        element.setAttribute(name, value === true ? "" : String(value));
      }
    }
    append(element, children);
    return element;
  }

  function append(element, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) {
        continue;
      }
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  const SVG = "http://www.w3.org/2000/svg";
  function s(tag, attributes, ...children) {
    const element = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      element.setAttribute(name, String(value));
    }
    append(element, children);
    return element;
  }

  // --- the form on the calculator page ----------------------------------------------------------

  const NUMBER = /^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$/;

  class Calculator {
    /** @type {(() => boolean) | null} stops the form instant navigation left behind from watching the engine */
    static stopWatching = null;

    constructor(root) {
      this.root = root;
      this.data = JSON.parse(root.dataset.catalog);
      this.form = root.querySelector("#kb-calc-form");
      this.jurisdiction = this.form.elements.namedItem("jurisdiction");
      this.on = this.form.elements.namedItem("on");
      this.fields = [...this.form.querySelectorAll("[data-path][data-type]")];
      // The answers that decide which questions are shown: the jurisdiction and the «after» targets.
      this.triggers = new Set(["jurisdiction", ...this.fields.map((f) => f.dataset.after).filter(Boolean)]);
      this.status = root.querySelector("#kb-calc-status");
      this.answerBox = root.querySelector("#kb-calc-answer");
      this.errorBox = root.querySelector("#kb-calc-errors");
      this.tools = root.querySelector(".kb-calc__tools");
      this.sharedNote = root.querySelector(".kb-calc__shared");
      this.latest = 0;
      this.answers = 0;
      this.timer = 0;
    }

    mount() {
      const restored = this.restore();
      if (!this.on.value) {
        this.on.value = today();
      }
      this.showQuestions();
      this.form.addEventListener("input", (event) => this.changed(event, true));
      this.form.addEventListener("change", (event) => this.changed(event, false));
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.compute();
      });
      this.form.addEventListener("reset", () =>
        setTimeout(() => {
          // The cleared answers must not come back from a shared link's #? on reload.
          history.replaceState(history.state, "", location.pathname + location.search);
          this.sharedNote.textContent = "";
          this.on.value = today();
          this.showQuestions();
          this.compute();
        }),
      );
      this.tools.addEventListener("click", (event) => {
        const action = event.target.closest("[data-action]");
        if (action) {
          action.dataset.action === "share" ? this.share() : this.print();
        }
      });
      // One form listens at a time: the one instant navigation left behind stops listening.
      if (Calculator.stopWatching) {
        Calculator.stopWatching();
      }
      Calculator.stopWatching = engine.watch((state) => this.showLoading(state));
      this.root.dataset.state = "loading";
      this.root.dataset.answers = "0";
      this.root.dataset.mounted = "1";
      if (restored.length) {
        this.sharedNote.textContent = `Из ссылки не удалось восстановить: ${restored.join("; ")}.`;
      }
      this.compute();
    }

    changed(event, typing) {
      const question = event.target.closest("[data-path]");
      if (question && this.triggers.has(question.dataset.path)) {
        this.showQuestions();
      }
      clearTimeout(this.timer);
      this.root.dataset.busy = "1";
      // While typing, wait for a pause; a choice or a date is answered at once.
      if (typing && event.target.type === "text") {
        this.timer = setTimeout(() => this.compute(), 150);
      } else {
        this.compute();
      }
    }

    // --- which questions this jurisdiction asks

    asked(field) {
      if (!field.dataset.in.split(" ").includes(this.jurisdiction.value)) {
        return false;
      }
      const after = field.dataset.after;
      return !after || this.rawValue(this.fieldOf(after)) !== "";
    }

    fieldOf(path) {
      return fieldOf(this.fields, path);
    }

    showQuestions() {
      for (const field of this.fields) {
        field.hidden = !this.asked(field);
      }
      for (const box of this.form.querySelectorAll(".kb-calc__object, .kb-calc__group[data-group]:not([data-group='where'])")) {
        box.hidden = ![...box.querySelectorAll("[data-type]")].some((field) => !field.hidden);
      }
      for (const folded of this.form.querySelectorAll("[data-group-box]")) {
        folded.hidden = folded.querySelector("fieldset").hidden;
      }
    }

    // --- reading the answers

    rawValue(field) {
      if (!field) {
        return "";
      }
      if (field.dataset.type === "bool") {
        const checked = field.querySelector("input:checked");
        return checked ? checked.value : "";
      }
      const control = field.querySelector("input, select");
      if (control.validity && control.validity.badInput) {
        return "(дата введена не полностью)";
      }
      return control.value.trim();
    }

    // The profile exactly as typed, so the engine's own messages name any problem.
    profile() {
      const profile = {};
      for (const field of this.fields) {
        if (field.hidden) {
          continue;
        }
        const raw = this.rawValue(field);
        if (raw === "") {
          continue;
        }
        let value = raw;
        const type = field.dataset.type;
        if (type === "bool") {
          value = raw === "true";
        } else if (type === "country") {
          value = raw.toUpperCase();
        } else if ((type === "number" || type === "integer") && NUMBER.test(raw.replace(/\s/g, ""))) {
          value = Number(raw.replace(/\s/g, "").replace(",", "."));
        }
        const parts = field.dataset.path.split(".");
        let target = profile;
        for (const part of parts.slice(0, -1)) {
          target = target[part] = target[part] || {};
        }
        target[parts[parts.length - 1]] = value;
      }
      return profile;
    }

    // --- computing

    async compute() {
      const ticket = ++this.latest;
      this.root.dataset.busy = "1";
      const profile = this.profile();
      const jurisdiction = this.jurisdiction.value;
      const on = this.rawValue(this.on.closest("[data-path]"));
      let outcome;
      try {
        // Questions asked while the engine loads: only the latest is sent once it is ready.
        await engine.start();
        if (ticket !== this.latest) {
          return;
        }
        outcome = await engine.request(profile, jurisdiction, on);
        if (ticket !== this.latest) {
          return; // a newer question is already on its way
        }
        this.showProblems(null);
        this.render(outcome.answer, profile);
      } catch (error) {
        if (ticket !== this.latest) {
          return;
        }
        if (/** @type {KbInputError} */ (error).problems) {
          this.showProblems(error);
        } else if (!engine.state.failed) {
          this.showProblems({ problems: [], message: "Внутренняя ошибка страницы: ответ не удалось показать. Обновите страницу; если ошибка повторится, сообщите о ней разработчикам." });
          console.error(error);
        } else {
          this.root.dataset.state = "failed";
        }
        delete this.root.dataset.busy;
        return;
      }
      this.answers += 1;
      this.root.dataset.answers = String(this.answers);
      this.root.dataset.state = "answered";
      this.root.dataset.engineMs = outcome.ms.toFixed(2);
      delete this.root.dataset.busy;
    }

    showLoading(state) {
      const text = this.status.querySelector(".kb-calc__status-text");
      const bar = this.status.querySelector("progress");
      if (state.failed) {
        this.status.hidden = false;
        this.status.classList.add("kb-calc__status--failed");
        text.textContent =
          `${state.stopped ? "Калькулятор остановился" : "Калькулятор не загрузился"}: ${state.failed}. ${state.advice} ` +
          "Нормы и правила на сайте доступны и без калькулятора.";
        bar.hidden = true;
        this.root.dataset.state = "failed";
        return;
      }
      if (state.ready) {
        this.status.hidden = true;
        return;
      }
      this.status.hidden = false;
      bar.value = state.step;
      bar.max = state.steps;
      const step = state.text || "запускается";
      text.textContent = `Калькулятор загружается (шаг ${Math.max(state.step, 1)} из ${state.steps}: ${step}). Форму можно заполнять уже сейчас — ответ появится сам.`;
    }

    showProblems(error) {
      for (const message of this.form.querySelectorAll(".kb-calc__error")) {
        message.hidden = true;
        message.textContent = "";
        message.closest("[data-path]").classList.remove("kb-calc__field--invalid");
      }
      this.errorBox.replaceChildren();
      this.errorBox.hidden = !error;
      if (!error) {
        return;
      }
      if (!error.problems.length) {
        // Not the reader's mistake: an internal error, said as it is.
        this.errorBox.append(h("h3", {}, "Калькулятор не смог ответить"), h("p", {}, error.message));
        this.answerBox.replaceChildren();
        this.tools.hidden = true;
        this.root.dataset.state = "failed";
        return;
      }
      const items = [];
      for (const problem of error.problems) {
        const holder = this.form.querySelector(`[data-path="${CSS.escape(problem.path)}"]`);
        const message = holder && holder.querySelector(".kb-calc__error");
        const label = this.labelOf(problem.path);
        if (message) {
          message.hidden = false;
          message.textContent = message.textContent ? `${message.textContent} ${problem.message}` : problem.message;
          holder.classList.add("kb-calc__field--invalid");
        }
        const text = label ? `${label}: ${problem.message}` : problem.message;
        const control = holder && !holder.hidden && holder.querySelector("input, select");
        items.push(h("li", {}, control ? h("a", { href: `#${control.id}` }, text) : text));
      }
      this.errorBox.append(h("h3", {}, "Проверьте ответы"), h("ul", {}, items));
      this.answerBox.replaceChildren(h("p", { class: "kb-calc__waiting" }, "Исправьте отмеченные ответы — и здесь появится расчёт."));
      this.tools.hidden = true;
      this.root.dataset.state = "invalid";
    }

    // A question's name as the form shows it (the jurisdiction and the date are not facts).
    labelOf(path) {
      if (this.data.facts[path]) {
        return this.data.facts[path].label;
      }
      const label = this.form.querySelector(`[data-path="${CSS.escape(path)}"] .kb-calc__label`);
      return label ? label.textContent : "";
    }

    // --- the answer

    render(answer, profile) {
      const view = new AnswerView(this.data, answer, profile, this.fields);
      view.width = this.answerBox.clientWidth;
      this.answerBox.replaceChildren(...view.nodes());
      this.tools.hidden = false;
    }

    // --- share and print

    share() {
      const params = new URLSearchParams();
      params.set("jurisdiction", this.jurisdiction.value);
      params.set("on", this.on.value);
      for (const field of this.fields) {
        const raw = field.hidden ? "" : this.rawValue(field); // only the questions asked here
        if (raw !== "") {
          params.set(field.dataset.path, raw);
        }
      }
      history.replaceState(history.state, "", `#?${params.toString()}`);
      const link = location.href;
      const done = () => {
        this.sharedNote.textContent =
          "Ссылка скопирована. В ней — ваши ответы (после знака #, на сервер они не уходят); делитесь ею осознанно.";
      };
      const manual = () => {
        this.sharedNote.replaceChildren(
          "Скопируйте ссылку из адресной строки или отсюда: ",
          h("input", { type: "text", readonly: true, value: link, class: "kb-calc__link", "aria-label": "Ссылка на расчёт" }),
        );
        this.sharedNote.querySelector("input").select();
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(link).then(done, manual);
      } else {
        manual();
      }
    }

    // Restores the answers from a shared link (`#?jurisdiction=…&on=…&program.kind=…`).
    // Returns what could not be restored, so nothing is dropped silently.
    restore() {
      if (!location.hash.startsWith("#?")) {
        return [];
      }
      const lost = [];
      // A value the control does not take (a choice it does not offer, a date it cannot read) leaves
      // the control as it was: a select set to an unknown jurisdiction would otherwise be empty and
      // hide every question.
      const put = (control, path, value) => {
        const before = control.value;
        control.value = value;
        if (control.value !== value) {
          control.value = before;
          lost.push(`${this.labelOf(path)} («${quoted(value)}»)`);
        }
      };
      for (const [path, value] of new URLSearchParams(location.hash.slice(2))) {
        if (path === "jurisdiction" || path === "on") {
          put(path === "jurisdiction" ? this.jurisdiction : this.on, path, value);
          continue;
        }
        const field = this.fieldOf(path);
        if (!field) {
          lost.push(`неизвестное поле «${quoted(path)}»`);
          continue;
        }
        if (field.dataset.type === "bool") {
          const radio = field.querySelector(`input[value="${CSS.escape(value)}"]`);
          if (radio) {
            radio.checked = true;
          } else {
            lost.push(`${this.labelOf(path)} («${quoted(value)}»)`);
          }
          continue;
        }
        put(field.querySelector("input, select"), path, value);
      }
      return lost;
    }

    print() {
      window.print();
    }
  }

  // --- the answer, as the page shows (and prints) it --------------------------------------------

  // A date moved off a non-working day: the nominal one and the article beside it.
  function movedNote(nominal, article) {
    return nominal ? h("span", { class: "kb-calc__moved-note" }, ` (по счёту — ${ruDate(nominal)}, нерабочий день; перенесено: ${article || "ст. 193 ГК РФ"})`) : null;
  }

  class AnswerView {
    constructor(data, answer, profile, fields) {
      this.data = data;
      this.answer = answer;
      this.profile = profile;
      this.fields = fields;
      this.cited = new Map();
      this.width = 0; // of the answer box, for the date scale (0: not measured)
    }

    nodes() {
      const a = this.answer;
      const out = [this.printHead(), this.context()];
      if (a.warnings.length) {
        out.push(this.warnings());
      }
      out.push(this.trainings(), this.timeline(), this.plan(), this.document());
      if (a.reserve) {
        out.push(this.reserve());
      }
      if (a.advisories && a.advisories.length) {
        out.push(this.section("Рекомендации (не обязательны)", h("ul", { class: "kb-calc__list" }, a.advisories.map((x) => h("li", {}, this.explained(x))))));
      }
      if (a.dates && a.dates.length) {
        out.push(this.dates());
      }
      if (a.moved_deadlines && a.moved_deadlines.length) {
        // Period ends moved off a non-working day (art. 193 of the Civil Code), e.g. a window to file documents.
        out.push(this.section("Перенесённые сроки", h("ul", { class: "kb-calc__list kb-calc__moved" }, a.moved_deadlines.map((m) => h("li", { "data-rule": m.rule, "data-nominal": m.nominal, "data-date": m.date }, m.message, this.sources(m.sources))))));
      }
      out.push(this.missing(), this.editions(), this.givenAnswers(), this.sourcesList(), this.printFoot());
      return out.flat().filter(Boolean);
    }

    section(title, ...content) {
      return h("section", { class: "kb-calc__section" }, h("h3", {}, title), ...content);
    }

    // Codes as data attributes: for styling, for an embedding portal, and for tests.
    tagged(element, attributes) {
      for (const [name, value] of Object.entries(attributes)) {
        element.dataset[name] = value === null || value === undefined ? "" : String(value);
      }
      return element;
    }

    context() {
      const j = this.data.jurisdictions[this.answer.jurisdiction];
      return h(
        "p",
        { class: "kb-calc__context" },
        "По правилам: ",
        j ? h("a", { href: j.href }, j.title) : this.answer.jurisdiction,
        `, на ${ruDate(this.answer.on)}.`,
      );
    }

    sources(sources, lead = "Основание: ") {
      return citations(this.data, sources, lead, (act, clause) => this.cited.set(`${act}\u0000${clause}`, { act, clause }));
    }

    clauseName(act, clause) {
      return clauseName(this.data, act, clause);
    }

    // A conclusion with its explanation, interpretation, rule and clauses.
    explained(item, heading) {
      const rule = this.data.rules[item.rule];
      return [
        heading === undefined ? h("p", { class: "kb-calc__item-title" }, item.label || item.title) : heading,
        item.explanation ? h("p", { class: "kb-calc__explanation" }, item.explanation) : null,
        item.interpretation ? h("details", { class: "kb-calc__why" }, h("summary", {}, "Как понята норма"), h("p", {}, item.interpretation)) : null,
        this.sources(item.sources),
        rule ? h("p", { class: "kb-calc__rule" }, "Правило: ", h("a", { href: rule }, item.title)) : null,
      ];
    }

    fieldLink(path) {
      const fact = this.data.facts[path];
      if (!fact) {
        return path;
      }
      const field = fieldOf(this.fields, path);
      return field && !field.hidden ? h("a", { href: `#${fact.field}` }, fact.label) : fact.label;
    }

    warnings() {
      return h(
        "div",
        { class: "admonition warning kb-calc__warnings" },
        h("p", { class: "admonition-title" }, "Обратите внимание"),
        this.answer.warnings.map((w) => h("div", { class: "kb-calc__warning", "data-code": w.code, "data-act": w.act || "" }, h("p", {}, h("strong", {}, `${w.label}. `), w.message), this.sources(w.sources))),
      );
    }

    trainings() {
      const items = this.answer.trainings;
      if (!items.length) {
        return this.section("Обучение", h("p", {}, "На эту дату обязанности пройти обучение нет."));
      }
      return this.section(
        "Обучение",
        h(
          "ul",
          { class: "kb-calc__cards" },
          items.map((t) =>
            h(
              "li",
              {
                class: `kb-calc__card kb-calc__card--${t.status}`,
                "data-kind": t.kind,
                "data-ground": t.ground,
                "data-status": t.status,
                "data-from": t.from || "",
                "data-deadline": t.deadline || "",
              },
              h("p", { class: "kb-calc__item-title" }, h("span", { class: "kb-calc__badge" }, t.status_label), ` ${capital(t.label)} — ${t.ground_label}`),
              h(
                "dl",
                { class: "kb-calc__dates" },
                t.from ? [h("dt", {}, "Направляют с"), h("dd", {}, ruDate(t.from))] : null,
                [h("dt", {}, "Крайний срок"), h("dd", {}, t.deadline ? ruDate(t.deadline) : "акт срока не устанавливает", movedNote(t.deadline_nominal, t.deadline_article))],
              ),
              t.basis ? h("p", { class: "kb-calc__basis" }, t.basis) : null,
              t.missing && t.missing.length ? h("p", { class: "kb-calc__missing" }, "Даты уточнятся, если указать: ", joinNodes(t.missing.map((p) => this.fieldLink(p)))) : null,
              this.explained(t, null),
            ),
          ),
        ),
      );
    }

    plan() {
      const e = this.answer.explanations || {};
      const content = [];
      for (const x of e.plan_exclusions || []) {
        content.push(h("li", {}, this.explained(x, h("p", { class: "kb-calc__item-title" }, `Не включается в план обучения: ${x.label}`))));
      }
      if (e.plan_priority && e.plan_priority.value) {
        content.push(h("li", {}, this.explained(e.plan_priority, h("p", { class: "kb-calc__item-title" }, "Направляется на обучение в первую очередь"))));
      }
      if (e.abroad_priority) {
        const title = e.abroad_priority.value ? "Есть преимущество при направлении на обучение за рубежом" : "Преимущества при направлении на обучение за рубежом нет";
        content.push(h("li", {}, this.explained(e.abroad_priority, h("p", { class: "kb-calc__item-title" }, title))));
      }
      return content.length ? this.section("План обучения", h("ul", { class: "kb-calc__list" }, content)) : null;
    }

    document() {
      const d = this.answer.document;
      const checks = this.answer.program_checks || [];
      const content = [];
      if (!d) {
        content.push(h("p", {}, "Выберите вид программы в разделе «Документ по программе», чтобы узнать, какой документ она даёт."));
      } else if (!d.code) {
        content.push(h("p", { class: "kb-calc__item-title" }, "Документ не выдаётся"), h("p", {}, d.reason), this.sources(d.sources));
      } else {
        content.push(
          this.explained(d, h("p", { class: "kb-calc__item-title" }, capital(d.label))),
          d.assessment ? h("p", {}, `Итоговая аттестация: ${d.assessment_label || d.assessment}.`) : h("p", {}, "Итоговая аттестация не предусмотрена."),
        );
      }
      if (d && d.assumption) {
        content.push(h("p", { class: "kb-calc__assumption" }, d.assumption));
      }
      if (checks.length) {
        content.push(
          h("h4", {}, "Требования к программе"),
          h(
            "ul",
            { class: "kb-calc__list" },
            checks.map((c) => h("li", { class: c.passed ? "kb-calc__ok" : "kb-calc__fail" }, this.explained(c, h("p", { class: "kb-calc__item-title" }, `${c.passed ? "Соблюдено" : "Не соблюдено"}: ${c.label}`)))),
          ),
        );
      }
      const section = this.section("Документ по программе", content);
      section.classList.add("kb-calc__document");
      section.classList.toggle("kb-calc__screen-only", !d && !checks.length);
      return this.tagged(section, { code: d ? d.code : "", assessment: d ? d.assessment : "", given: d ? "1" : "" });
    }

    reserve() {
      const r = this.answer.reserve;
      const content = [];
      if (r.eligible === true) {
        content.push(h("p", { class: "kb-calc__verdict kb-calc__verdict--yes" }, "Препятствий для включения в кадровый резерв по вашим ответам нет."));
      } else if (r.eligible === false) {
        content.push(
          h("p", { class: "kb-calc__verdict kb-calc__verdict--no" }, "Включить в кадровый резерв нельзя. Причины:"),
          h("ul", { class: "kb-calc__list" }, r.blockers.map((b) => h("li", { "data-code": b.code }, this.explained(b)))),
          h("p", {}, "Если какой-то ответ указан неверно, исправьте его в форме — ответ пересчитается. Основания и толкования — на страницах правил по ссылкам выше."),
        );
      } else {
        content.push(h("p", { class: "kb-calc__verdict" }, "Правила этой юрисдикции о резерве только рекомендуют: решение о включении они не определяют."));
      }
      if (r.unverified && r.unverified.length) {
        content.push(h("p", { class: "kb-calc__missing" }, "Не проверено — нет сведений: ", joinNodes(r.unverified.map((u) => this.fieldLink(u.fact)))));
      }
      if (r.advisories.length) {
        content.push(h("h4", {}, "Советы"), h("ul", { class: "kb-calc__list" }, r.advisories.map((x) => h("li", {}, this.explained(x)))));
      }
      if (r.term_end) {
        content.push(h("p", {}, `Срок нахождения в резерве истекает ${ruDate(r.term_end)}.`));
      }
      content.push(this.sources(r.sources, "Проверены нормы: "));
      const section = this.section("Кадровый резерв", content);
      section.classList.add("kb-calc__reserve");
      return this.tagged(section, { eligible: r.eligible });
    }

    dates() {
      const section = this.section(
        "Сроки",
        h(
          "ul",
          { class: "kb-calc__list" },
          this.answer.dates.map((d) =>
            h("li", {}, this.explained(d, h("p", { class: "kb-calc__item-title" }, `${ruDate(d.date)} — ${d.label}${d.planning_year ? ` (план на ${d.planning_year} год)` : ""}`, movedNote(d.nominal_date, d.date_article)))),
          ),
        ),
      );
      section.classList.add("kb-calc__calendar");
      return section;
    }

    missing() {
      const missing = this.answer.missing || [];
      const assumed = this.answer.assumed || [];
      if (!missing.length && !assumed.length) {
        return null;
      }
      const content = [];
      if (missing.length) {
        content.push(
          h("p", {}, "Без этих сведений часть ответа посчитана приблизительно или не определена:"),
          h("ul", { class: "kb-calc__list" }, missing.map((m) => h("li", {}, this.fieldLink(m.fact), ` — нужно для: ${m.needed_for.join("; ")}`))),
        );
      }
      if (assumed.length) {
        content.push(
          h(
            "div",
            { class: "kb-calc__assumed" },
            h("p", {}, "Не заполнено и понято так:"),
            h("ul", { class: "kb-calc__list" }, assumed.map((m) => h("li", {}, this.fieldLink(m.fact), ` — ${shown(m.value)}`))),
          ),
        );
      }
      return this.section("Чего не хватает в ответах", content);
    }

    editions() {
      const editions = this.answer.editions || [];
      if (!editions.length) {
        return null;
      }
      return h(
        "details",
        { class: "kb-calc__editions kb-calc__screen-only" },
        h("summary", {}, "По каким редакциям актов дан ответ"),
        h(
          "ul",
          {},
          editions.map((e) => {
            const act = this.data.acts[e.act] || { short: e.act, href: null, status: "" };
            const edition = e.edition === "undated" ? "редакция без даты" : `редакция от ${ruDate(e.edition)}`;
            return h("li", {}, h("a", { href: act.href }, act.short), `: ${edition}; ${e.in_force ? "действовал на дату расчёта" : "не действовал на дату расчёта"} (${act.status}).`);
          }),
        ),
      );
    }

    // --- the timeline: past training and the dates ahead, on one scale

    timeline() {
      const events = [];
      const past = [
        ["service_start", "начало службы"],
        ["last_upgrade_end", "последнее повышение квалификации"],
        ["last_retraining_end", "последняя переподготовка"],
      ];
      for (const [path, label] of past) {
        if (typeof this.profile[path] === "string" && /^\d{4}-\d{2}-\d{2}$/.test(this.profile[path])) {
          events.push({ date: this.profile[path], label, kind: "past" });
        }
      }
      for (const t of this.answer.trainings) {
        if (t.from) {
          events.push({ date: t.from, label: `направляют: ${t.label}`, kind: "from" });
        }
        if (t.deadline) {
          events.push({ date: t.deadline, label: `срок: ${t.label}`, kind: t.status });
        }
      }
      if (!events.length) {
        return null;
      }
      events.push({ date: this.answer.on, label: "дата расчёта", kind: "on" });
      events.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
      const time = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
      const first = time(events[0].date);
      const last = time(events[events.length - 1].date);
      // Drawn at the width it is shown at, so the labels stay at a readable 12 px.
      const width = Math.round(Math.max(300, Math.min(720, this.width || 640)));
      const row = 22;
      const labelWidth = Math.round(width * 0.55);
      const fits = Math.floor(labelWidth / 6.6);
      const left = labelWidth + 12;
      const right = width - 14;
      const x = (iso) => (last === first ? (left + right) / 2 : left + ((time(iso) - first) / (last - first)) * (right - left));
      const height = events.length * row + 30;
      const onX = x(this.answer.on);
      const parts = [
        s("title", {}, "Шкала дат"),
        s("line", { x1: onX, x2: onX, y1: 4, y2: height - 22, class: "kb-tl__on" }),
        s("line", { x1: left, x2: right, y1: height - 22, y2: height - 22, class: "kb-tl__axis" }),
      ];
      const firstYear = new Date(first).getUTCFullYear();
      const lastYear = new Date(last).getUTCFullYear();
      const stride = Math.max(1, Math.ceil((lastYear - firstYear + 1) / 6));
      for (let year = firstYear + 1; year <= lastYear; year += stride) {
        const tx = x(`${year}-01-01`);
        parts.push(s("line", { x1: tx, x2: tx, y1: height - 25, y2: height - 19, class: "kb-tl__axis" }), s("text", { x: tx, y: height - 6, "text-anchor": "middle", class: "kb-tl__year" }, year));
      }
      events.forEach((event, i) => {
        const y = i * row + 16;
        const ex = x(event.date);
        const label = `${ruDate(event.date)} ${event.label}`;
        parts.push(s("text", { x: 0, y: y + 4, class: "kb-tl__label" }, label.length > fits ? `${label.slice(0, fits - 1)}…` : label));
        parts.push(s("line", { x1: left, x2: right, y1: y, y2: y, class: "kb-tl__guide" }));
        if (event.kind === "on") {
          parts.push(s("rect", { x: ex - 5, y: y - 5, width: 10, height: 10, class: "kb-tl__mark kb-tl__mark--on" }));
        } else if (event.kind === "past" || event.kind === "from") {
          parts.push(s("circle", { cx: ex, cy: y, r: 5, class: `kb-tl__mark kb-tl__mark--${event.kind}` }));
        } else {
          parts.push(s("path", { d: `M${ex} ${y - 7} L${ex + 7} ${y} L${ex} ${y + 7} L${ex - 7} ${y} Z`, class: `kb-tl__mark kb-tl__mark--${event.kind}` }));
        }
      });
      const summary = events.map((event) => `${ruDate(event.date)} — ${event.label}`).join("; ");
      const section = this.section(
        "Шкала дат",
        h("div", { class: "kb-calc__timeline" }, s("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", "aria-label": `Шкала дат: ${summary}`, class: "kb-tl" }, parts)),
      );
      section.classList.add("kb-calc__timeline-section");
      return section;
    }

    // --- what only the printed справка shows

    printHead() {
      const j = this.data.jurisdictions[this.answer.jurisdiction];
      return h(
        "div",
        { class: "kb-calc__print-only kb-calc__print-head" },
        h("p", { class: "kb-calc__print-title" }, "Справка об обучении муниципального служащего"),
        h("p", {}, `Юрисдикция: ${j ? j.title : this.answer.jurisdiction}. Дата расчёта: ${ruDate(this.answer.on)}. Справка составлена ${ruDate(today())}.`),
      );
    }

    givenAnswers() {
      const rows = [];
      for (const field of this.fields) {
        if (field.hidden) {
          continue;
        }
        const path = field.dataset.path;
        const value = path.split(".").reduce((node, key) => (node && typeof node === "object" ? node[key] : undefined), this.profile);
        if (value === undefined) {
          continue;
        }
        rows.push(h("tr", {}, h("th", { scope: "row" }, this.data.facts[path] ? this.data.facts[path].label : path), h("td", {}, displayValue(field, value))));
      }
      const title = "Ваши ответы, по которым дан расчёт";
      const table = () => (rows.length ? h("table", {}, h("tbody", {}, rows.map((row) => row.cloneNode(true)))) : h("p", {}, "Ни на один вопрос ответа нет."));
      // Folded on screen; always open on paper, where the справка must say what it was computed from.
      return [
        h("details", { class: "kb-calc__given kb-calc__screen-only" }, h("summary", {}, title), table()),
        h("div", { class: "kb-calc__given kb-calc__print-only" }, h("p", { class: "kb-calc__item-title" }, title), table()),
      ];
    }

    // Every act cited, once, with its status, address and the clauses the answer rests on.
    sourcesList() {
      const byAct = new Map();
      for (const { act, clause } of this.cited.values()) {
        byAct.set(act, [...(byAct.get(act) || []), this.clauseName(act, clause)]);
      }
      const items = [...byAct].map(([act, clauses]) => {
        const info = this.data.acts[act] || { title: act, status: "" };
        return h("li", {}, `${info.title} (${info.status}) — ${clauses.join(", ")}`);
      });
      return items.length ? h("div", { class: "kb-calc__print-only kb-calc__print-sources" }, h("p", { class: "kb-calc__item-title" }, "Источники"), h("ol", {}, items)) : null;
    }

    printFoot() {
      return h(
        "p",
        { class: "kb-calc__print-only kb-calc__print-foot" },
        `Справка носит справочный характер: она составлена калькулятором по правилам, опубликованным на ${location.origin}${location.pathname} (там же — тексты актов по пунктам), и не заменяет решения представителя нанимателя.`,
      );
    }
  }

  // «Основание: п. 2.1.1, п. 5.1 — Положение … (Рязань)»: each clause a link to its anchor on the act's
  // page (`data` is the page's catalog, written at build time); `onCited(act, clause)` hears each one.
  /**
   * @param {any} data
   * @param {{act: string, clause: string}[] | null | undefined} sources
   * @param {string} [lead]
   * @param {((act: string, clause: string) => void) | null} [onCited]
   * @returns {HTMLElement | null}
   */
  function citations(data, sources, lead = "Основание: ", onCited = null) {
    if (!sources || !sources.length) {
      return null;
    }
    const byAct = new Map();
    for (const { act, clause } of sources) {
      if (!byAct.has(act)) {
        byAct.set(act, []);
      }
      if (!byAct.get(act).includes(clause)) {
        byAct.get(act).push(clause);
      }
      if (onCited) {
        onCited(act, clause);
      }
    }
    const groups = [];
    for (const [act, clauses] of byAct) {
      const info = data.acts[act] || { short: act, href: null };
      const links = clauses.map((clause) => {
        const known = (data.clauses[act] || {})[clause];
        const name = clauseName(data, act, clause);
        return h("a", { href: known ? known.href : info.href, "aria-label": `${name} — ${info.short}` }, name);
      });
      groups.push([joinNodes(links), ` — ${info.short}`]);
    }
    return h("p", { class: "kb-calc__sources" }, lead, joinNodes(groups, "; "));
  }

  function clauseName(data, act, clause) {
    const known = (data.clauses[act] || {})[clause];
    return known ? known.name : `п. ${clause}`;
  }

  function capital(text) {
    return text ? text[0].toUpperCase() + text.slice(1) : "";
  }

  // A value from a link, as the page quotes it back: a long one is cut, so the note stays readable.
  function quoted(value) {
    return value.length > 80 ? `${value.slice(0, 80)}…` : value;
  }

  function shown(value) {
    if (value === null || value === false) {
      return "нет";
    }
    return value === true ? "да" : String(value);
  }

  function displayValue(field, value) {
    if (typeof value === "boolean") {
      return value ? "да" : "нет";
    }
    if (field.dataset.type === "date" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return ruDate(value);
    }
    const option = field.querySelector(`option[value="${CSS.escape(String(value))}"]`);
    return option ? option.textContent : String(value);
  }

  // A question of the form by its fact path.
  function fieldOf(fields, path) {
    return fields.find((field) => field.dataset.path === path);
  }

  function joinNodes(nodes, separator = ", ") {
    return nodes.flatMap((node, i) => (i ? [separator, node] : [node]));
  }

  // --- mounting, on every page instant navigation shows -----------------------------------------

  function mount() {
    const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-kb-calculator]"));
    if (root && !root.dataset.mounted) {
      new Calculator(root).mount();
    }
  }

  // Warm the engine when the reader heads for the calculator (a pointer over, or focus on, a link to it).
  const calculatorPaths = new Set((manifest.pages || []).map((page) => new URL(page, at(manifest.root)).pathname));
  const warmOnIntent = (event) => {
    const link = event.target instanceof Element && event.target.closest("a[href]");
    if (link && !engine.started && calculatorPaths.has(new URL(link.href, location.href).pathname)) {
      engine.start();
    }
  };
  for (const type of ["pointerover", "focusin", "touchstart"]) {
    document.addEventListener(type, warmOnIntent, { passive: true });
  }

  // On the calculator's page itself, start at once: the runtime takes seconds, the page milliseconds.
  if (calculatorPaths.has(location.pathname)) {
    engine.start();
  }

  onEveryPage(mount);
})();
