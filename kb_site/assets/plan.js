// @ts-check
// The planning page: a staff list in, the year's training plan out, computed in this browser.
//
// The file is read here and handed to the calculator's worker (`window.kbCalculator.plan`), where
// the same Python as `python -m calculator plan` plans it; nothing is sent to any server. The plan
// is shown with text nodes only (never HTML), so whatever the file contains stays text.
(() => {
  "use strict";

  const PREVIEW = 200; // people shown on the page; the files hold everyone
  const SKIPPED_SHOWN = 500;

  function mount() {
    const root = /** @type {HTMLElement | null} */ (document.querySelector("[data-kb-plan]"));
    if (!root || root.dataset.mounted || !window.kbCalculator) {
      return;
    }
    new Planner(root, window.kbCalculator).mount();
  }

  /**
   * A plan as calculator.planning makes it (the command's JSON, see the plan page); named here
   * only as far as this page reads it.
   * @typedef {{act: string, clause: string}} Source
   * @typedef {{label: string, ground_label: string, from: string | null, deadline: string | null, status_label: string, rule: string}} PlannedTraining
   * @typedef {{row: number, name: string, position: string, status: string, status_label: string, priority: boolean, priority_rule: string,
   *   exclusions: {label: string, rule: string}[], trainings: PlannedTraining[], next_deadline: string | null, missing: string[]}} PlannedPerson
   * @typedef {object} Plan
   * @property {string} jurisdiction
   * @property {string} jurisdiction_title
   * @property {number} year
   * @property {string} on
   * @property {{from: string, to: string}} period
   * @property {{label: string, message: string}[]} warnings
   * @property {{date: string, label: string, sources: Source[]}[]} calendar
   * @property {{notices: string[]}} file
   * @property {{row: number, column: string, value: string, message: string}[]} skipped
   * @property {PlannedPerson[]} people
   * @property {number} [people_total]
   * @property {Record<string, {sources: Source[]}>} rules
   * @property {PlanSummary} summary
   * @typedef {object} PlanSummary
   * @property {number} rows
   * @property {number} rows_planned
   * @property {number} rows_skipped
   * @property {number} priority
   * @property {number} overdue
   * @property {number} [priority_not_due]
   * @property {{planned: number, excluded: number, undetermined: number, not_due: number}} people
   * @property {{label: string, people: number, group_limit: {value: number, sources: Source[]} | null, groups: number | null}[]} by_kind
   * @property {{label: string, ground_label: string, duties: number}[]} by_ground
   * @property {{label: string, people: number, sources: Source[]}[]} exclusions
   * @property {{quota: number, minimum_reserve: {value: number, sources: Source[]} | null} | null} state_plan
   */

  class Planner {
    /** @type {(() => boolean) | null} stops the page instant navigation left behind from watching the engine */
    static stopWatching = null;

    /** @param {HTMLElement} root @param {KbCalculator} calculator */
    constructor(root, calculator) {
      this.root = root;
      this.calculator = calculator;
      this.ui = calculator.ui;
      // The page's own markup (kb_site/browser/planner.py): every element below is there.
      /** @type {{quota: string[], jurisdictions: Record<string, {href: string, title: string}>}} */
      this.data = JSON.parse(/** @type {string} */ (root.dataset.catalog));
      this.form = /** @type {HTMLFormElement} */ (root.querySelector("#kb-plan-form"));
      /** @type {{jurisdiction: HTMLSelectElement, year: HTMLInputElement, quota: HTMLInputElement, file: HTMLInputElement}} */
      this.fields = {
        jurisdiction: /** @type {HTMLSelectElement} */ (root.querySelector("#kb-plan-jurisdiction")),
        year: /** @type {HTMLInputElement} */ (root.querySelector("#kb-plan-year")),
        quota: /** @type {HTMLInputElement} */ (root.querySelector("#kb-plan-quota")),
        file: /** @type {HTMLInputElement} */ (root.querySelector("#kb-plan-file")),
      };
      this.errors = /** @type {HTMLElement} */ (root.querySelector("#kb-plan-errors"));
      this.status = /** @type {HTMLElement} */ (root.querySelector("#kb-plan-status"));
      this.progress = /** @type {HTMLProgressElement} */ (this.status.querySelector("progress"));
      this.tools = /** @type {HTMLElement} */ (root.querySelector("#kb-plan-tools"));
      this.answer = /** @type {HTMLElement} */ (root.querySelector("#kb-plan-answer"));
      this.running = false;
      /** @type {Plan | null} */
      this.plan = null;
    }

    mount() {
      this.root.dataset.mounted = "1";
      this.root.dataset.state = "idle";
      this.showQuota();
      this.fields.jurisdiction.addEventListener("change", () => this.showQuota());
      this.form.addEventListener("submit", (event) => {
        event.preventDefault();
        this.run();
      });
      this.tools.addEventListener("click", (event) => {
        const action = /** @type {HTMLElement | null} */ (/** @type {Element} */ (event.target).closest("[data-action]"));
        if (action) {
          action.dataset.action === "print" ? window.print() : this.download(/** @type {"xlsx" | "csv"} */ (action.dataset.action));
        }
      });
      // The runtime takes seconds to load: start now, while the reader looks for the file.
      this.calculator.ready().catch(() => {});
      // One page listens at a time: the one instant navigation left behind stops listening.
      if (Planner.stopWatching) {
        Planner.stopWatching();
      }
      Planner.stopWatching = this.calculator.watch((state) => this.showEngine(state));
    }

    showQuota() {
      const asks = this.data.quota.includes(this.fields.jurisdiction.value);
      /** @type {HTMLElement} */ (this.fields.quota.closest("[data-field]")).hidden = !asks;
    }

    /** @param {KbEngineState} state */
    showEngine(state) {
      if (this.running || this.plan || this.root.dataset.state === "failed") {
        return;
      }
      if (state.failed) {
        this.say(`Калькулятор не загрузился: ${state.failed}. ${state.advice || ""}`);
        this.root.dataset.state = "failed";
      } else if (!state.ready) {
        this.say(`Калькулятор загружается (${state.text || "подготовка"})… Файл можно выбрать уже сейчас.`);
      } else {
        this.say("Калькулятор готов. Выберите файл со списком сотрудников и нажмите «Составить план».");
      }
    }

    /**
     * @param {string} text
     * @param {{done: number, total: number} | null} [progress]
     */
    say(text, progress = null) {
      /** @type {HTMLElement} */ (this.status.querySelector(".kb-calc__status-text")).textContent = text;
      this.progress.hidden = progress === null;
      if (progress) {
        this.progress.max = Math.max(progress.total, 1);
        this.progress.value = progress.done;
      }
    }

    // --- the reader's answers, checked before anything runs (each message by its field and in a summary)

    read() {
      /** @type {[string, string][]} */
      const problems = [];
      const year = this.fields.year.value.trim();
      const { min, max } = this.fields.year; // the years the calculator accepts, written by the build
      if (!/^\d{4}$/.test(year) || Number(year) < Number(min) || Number(year) > Number(max)) {
        problems.push(["year", `Укажите плановый год четырьмя цифрами, с ${min} по ${max}, например 2011.`]);
      }
      const quotaField = /** @type {HTMLElement} */ (this.fields.quota.closest("[data-field]"));
      const quota = quotaField.hidden ? "" : this.fields.quota.value.trim();
      if (quota !== "" && !/^\d+$/.test(quota)) {
        problems.push(["quota", "Квота — целое число людей, например 30; или оставьте поле пустым."]);
      }
      const file = this.fields.file.files && this.fields.file.files[0];
      if (!file) {
        problems.push(["file", "Выберите файл со списком сотрудников (CSV или XLSX)."]);
      } else if (file.size === 0) {
        problems.push(["file", `Файл «${file.name}» пуст.`]);
      }
      return { problems, year: Number(year), quota: quota === "" ? null : Number(quota), file };
    }

    /** @param {[string, string][]} problems each as [field, message] */
    showProblems(problems) {
      const { h } = this.ui;
      for (const name of /** @type {(keyof Planner["fields"])[]} */ (Object.keys(this.fields))) {
        const slot = /** @type {HTMLElement | null} */ (this.root.querySelector(`#kb-plan-${name}-error`));
        if (slot) {
          const own = problems.find(([field]) => field === name);
          slot.hidden = !own;
          slot.textContent = own ? own[1] : "";
          this.fields[name].toggleAttribute("aria-invalid", Boolean(own));
        }
      }
      this.errors.replaceChildren();
      this.errors.hidden = !problems.length;
      if (problems.length) {
        this.errors.append(
          h("p", { class: "kb-calc__errors-title" }, "Проверьте:"),
          h("ul", {}, problems.map(([field, text]) => h("li", {}, h("a", { href: `#kb-plan-${field}` }, text)))),
        );
        this.errors.focus();
      }
    }

    // --- planning

    async run() {
      if (this.running) {
        return;
      }
      const input = this.read();
      this.showProblems(input.problems);
      if (input.problems.length) {
        return;
      }
      this.running = true;
      this.plan = null;
      this.root.dataset.state = "running";
      this.tools.hidden = true;
      this.answer.replaceChildren();
      const file = /** @type {File} */ (input.file); // there is one: no problem was found
      this.say(`Файл «${file.name}» читается…`, { done: 0, total: 1 });
      const started = performance.now();
      try {
        const plan = /** @type {Plan} */ (
          await this.calculator.plan(
            file,
            { jurisdiction: this.fields.jurisdiction.value, year: input.year, quota: input.quota, preview: PREVIEW },
            (done, total) => this.say(`Рассчитано строк: ${done.toLocaleString("ru-RU")} из ${total.toLocaleString("ru-RU")}…`, { done, total }),
          )
        );
        this.plan = plan;
        this.root.dataset.ms = String(Math.round(performance.now() - started));
        this.show(plan);
        this.say(`План составлен: строк в списке — ${plan.summary.rows}, не прочитано — ${plan.summary.rows_skipped}.`);
        this.tools.hidden = false;
        this.root.dataset.state = "done";
      } catch (error) {
        this.root.dataset.state = "error";
        this.say("План не составлен.");
        this.showProblems([["file", /** @type {Error} */ (error).message]]);
      } finally {
        this.running = false;
      }
    }

    /** @param {"xlsx" | "csv"} kind */
    async download(kind) {
      try {
        const blob = await this.calculator.planFile(kind);
        const url = URL.createObjectURL(blob);
        const plan = /** @type {Plan} */ (this.plan); // the tools are shown only with a plan
        const link = this.ui.h("a", { href: url, download: `план-${plan.jurisdiction}-${plan.year}.${kind}`, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      } catch (error) {
        this.say(`Файл не подготовлен: ${/** @type {Error} */ (error).message}`);
      }
    }

    // --- the plan on the page

    /** @param {Plan} plan */
    show(plan) {
      const { h, ruDate } = this.ui;
      const summary = plan.summary;
      const people = summary.people;
      const jurisdiction = this.data.jurisdictions[plan.jurisdiction];
      /** @param {Source[]} sources */
      const cite = (sources) => this.ui.citations(this.data, sources, "");
      /** @type {(HTMLElement | null | (HTMLElement | null)[])[]} */
      const parts = [
        h("h3", { class: "kb-plan__title" }, `План обучения на ${plan.year} год — `, jurisdiction ? h("a", { href: jurisdiction.href }, jurisdiction.title) : plan.jurisdiction_title),
        h("p", {}, `Расчётный период: ${ruDate(plan.period.from)}–${ruDate(plan.period.to)}; сроки и состояние обязанностей — на ${ruDate(plan.on)}.`),
      ];
      for (const warning of plan.warnings) {
        parts.push(h("div", { class: "admonition warning" }, h("p", { class: "admonition-title" }, warning.label), h("p", {}, warning.message)));
      }
      /** @param {string} label @param {unknown} value */
      const row = (label, value) => [h("dt", {}, label), h("dd", {}, String(value))];
      parts.push(
        h(
          "dl",
          { class: "kb-plan__counts" },
          row("Строк в списке", summary.rows),
          row("Рассчитано", summary.rows_planned),
          row("Не прочитано (см. ниже)", summary.rows_skipped),
          row("Включены в план", people.planned),
          row("из них в первую очередь", summary.priority),
          row("из них со сроком, истёкшим до начала года", summary.overdue),
          row("Не включаются в расчёт потребности", people.excluded),
          summary.priority_not_due ? row("Кандидаты на перевод без обязанности в этом году (решает наниматель)", summary.priority_not_due) : null,
          row("Срок не определён — не хватает данных", people.undetermined),
          row("Обучение в этом году не требуется", people.not_due),
        ),
      );
      if (summary.by_kind.length) {
        parts.push(
          h("h4", {}, "Подлежат обучению по видам"),
          this.table(
            ["Вид обучения", "Человек", "Не более в группе", "Учебных групп", "Норма"],
            summary.by_kind.map((k) => [k.label, k.people, k.group_limit ? k.group_limit.value : "—", k.groups === null ? "—" : k.groups, k.group_limit ? cite(k.group_limit.sources) : ""]),
          ),
        );
      }
      if (summary.by_ground.length) {
        parts.push(h("h4", {}, "Обязанности по основаниям"), this.table(["Вид обучения", "Основание", "Обязанностей"], summary.by_ground.map((g) => [g.label, g.ground_label, g.duties])));
      }
      if (summary.exclusions.length) {
        parts.push(h("h4", {}, "Не включаются в расчёт потребности"), this.table(["Основание", "Человек", "Норма"], summary.exclusions.map((e) => [e.label, e.people, cite(e.sources)])));
      }
      if (summary.state_plan) {
        const reserve = summary.state_plan.minimum_reserve;
        parts.push(
          h("h4", {}, "Государственный план подготовки управленческих кадров"),
          reserve
            ? h("p", {}, `Квота ${summary.state_plan.quota} чел. — резерв кандидатов не менее ${reserve.value} чел. `, cite(reserve.sources))
            : h("p", {}, "Укажите квоту региона в поле выше, чтобы рассчитать минимальный резерв кандидатов."),
        );
      }
      if (plan.calendar.length) {
        parts.push(h("h4", {}, `Календарь подготовки плана на ${plan.year} год`), this.table(["Не позднее", "Что", "Норма"], plan.calendar.map((c) => [ruDate(c.date), c.label, cite(c.sources)])));
      }
      if (plan.file.notices.length) {
        parts.push(h("h4", {}, "О файле"), h("ul", {}, plan.file.notices.map((n) => h("li", {}, n))));
      }
      if (plan.skipped.length) {
        const shown = plan.skipped.slice(0, SKIPPED_SHOWN);
        parts.push(
          h("h4", { id: "kb-plan-skipped" }, `Не прочитаны строки: ${summary.rows_skipped}`),
          h("p", {}, "Эти строки не вошли в план; все остальные рассчитаны. Исправьте их в файле и составьте план снова."),
          this.table(["Строка", "Столбец", "В ячейке", "Почему"], shown.map((s) => [s.row, s.column, s.value, s.message])),
          plan.skipped.length > shown.length ? h("p", {}, `Показаны первые ${shown.length}; все — на листе «Не прочитаны» файла XLSX.`) : null,
        );
      }
      parts.push(h("h4", { class: "kb-plan__screen-only" }, "Служащие"), this.peopleTable(plan, cite));
      this.answer.replaceChildren(.../** @type {HTMLElement[]} */ (parts.flat().filter(Boolean)));
    }

    /** @param {Plan} plan @param {(sources: Source[]) => HTMLElement | null} cite */
    peopleTable(plan, cite) {
      const { h, ruDate } = this.ui;
      const rows = [];
      for (const person of plan.people) {
        const who = [person.name, person.position].filter(Boolean).join(", ");
        const decision = [h("p", {}, person.status_label)];
        if (person.priority) {
          const first = person.status === "planned" ? "в первую очередь " : "кандидат на перевод ";
          decision.push(h("p", {}, first, cite(plan.rules[person.priority_rule].sources)));
        }
        for (const exclusion of person.exclusions) {
          decision.push(h("p", {}, `${exclusion.label} `, cite(plan.rules[exclusion.rule].sources)));
        }
        const trainings = person.trainings.map((d) => {
          const dates = [d.from ? `с ${ruDate(d.from)}` : "", d.deadline ? `до ${ruDate(d.deadline)}` : ""].filter(Boolean).join(" ");
          const state = d.from || d.deadline ? d.status_label : "срок не определён";
          return h("li", {}, `${d.label}: ${d.ground_label}${dates ? `, ${dates}` : ""} (${state}) `, cite(plan.rules[d.rule].sources));
        });
        if (!person.trainings.length && person.next_deadline) {
          trainings.push(h("li", {}, `следующий срок — ${ruDate(person.next_deadline)}`));
        }
        if (person.missing.length) {
          trainings.push(h("li", {}, `не хватает: ${person.missing.join(", ")}`));
        }
        rows.push([person.row, who, decision, trainings.length ? h("ul", {}, trainings) : ""]);
      }
      const total = plan.people_total === undefined ? plan.people.length : plan.people_total;
      return [
        this.table(["Строка", "Служащий", "Решение", "Обучение и основания"], rows, "kb-plan__people kb-plan__screen-only"),
        total > plan.people.length
          ? h("p", { class: "kb-plan__screen-only" }, `Показаны первые ${plan.people.length} из ${total}; весь план — в файле XLSX или CSV.`)
          : null,
      ];
    }

    /** @param {string[]} headers @param {unknown[][]} rows each a list of cells (text or nodes) @param {string} [className] */
    table(headers, rows, className = "") {
      const { h } = this.ui;
      return h(
        "div",
        { class: `md-typeset__table ${className}`.trim() },
        h(
          "table",
          {},
          h("thead", {}, h("tr", {}, headers.map((title) => h("th", { scope: "col" }, title)))),
          h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((cell) => h("td", {}, cell))))),
        ),
      );
    }
  }

  if (window.kbCalculator) {
    window.kbCalculator.ui.onEveryPage(mount); // without the calculator (calculator: false) the page keeps its <noscript> advice
  }
})();
