// Types of what the site's page scripts share and meet on the page, for `tsc` only (never shipped):
// the manifest the build writes into calculator.js, the `window.kbCalculator` interface that
// plan.js and portals use, and the globals of the theme.

/** Written by the site build (kb_site/browser/manifest.py) in place of `/*KB_MANIFEST*\/ null`. */
interface KbManifest {
  root: string; // the site root, relative to the script
  pages: string[]; // the pages that host the calculator, from the site root
  worker: string;
  runtime: string;
  wheel: string;
  integrity: string; // of the wheel
  files: Record<string, string>; // each runtime file's integrity hash
  version: { calculator: string; pyodide: string };
}

/** What the page shows while the engine loads, and after it failed. */
interface KbEngineState {
  step: number;
  steps: number;
  text: string;
  ready: boolean;
  failed: string | null;
  stopped?: boolean; // it failed after it was ready
  advice?: string;
}

/** A refusal of bad input: the command's message, and each problem by its field. */
interface KbInputError extends Error {
  problems: { path: string; message: string }[];
}

/** The options of a plan (see docs: kbCalculator.plan). */
interface KbPlanOptions {
  filename?: string;
  jurisdiction?: string;
  year?: number | string;
  quota?: number | string | null;
  preview?: number | null;
}

type KbProgress = (done: number, total: number) => void;

/** `window.kbCalculator`: the calculator for scripts (kb_site/assets/calculator.js). */
interface KbCalculator {
  evaluate(profile: unknown, jurisdiction: unknown, on?: unknown): Promise<Record<string, any>>;
  plan(file: Blob | ArrayBuffer, options?: KbPlanOptions, onProgress?: KbProgress | null): Promise<Record<string, any>>;
  planFile(kind: "xlsx" | "csv"): Promise<Blob>;
  ready(): Promise<void>;
  watch(callback: (state: KbEngineState) => void): () => boolean;
  version: KbManifest["version"];
  ui: {
    h(tag: string, attributes?: Record<string, unknown> | null, ...children: unknown[]): HTMLElement;
    citations(data: any, sources: { act: string; clause: string }[], lead?: string, onCited?: ((act: string, clause: string) => void) | null): HTMLElement | null;
    ruDate(iso: string | null | undefined): string;
    onEveryPage(callback: () => void): void;
  };
}

interface Window {
  kbCalculator?: KbCalculator;
  /** Material's stream of pages shown by instant navigation. */
  document$?: { subscribe(callback: () => void): unknown };
}
