// A tiny DOM helper instead of a framework: h("button", {onclick}, "text").
import { SoukError } from "@souk/client";
import { fieldText, reasonText, t, type MessageKey } from "./i18n";

type Attrs = Record<string, string | number | boolean | ((event: Event) => void) | undefined>;
type Child = Node | string | number | null | undefined | false;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") element.addEventListener(key.replace(/^on/, ""), value);
    else if (value === true) element.setAttribute(key, "");
    else element.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child instanceof Node ? child : String(child));
  return element;
}

/** A labelled control: the label text is the accessible name tests and people find it by. */
export function field(label: MessageKey, control: HTMLElement): HTMLElement {
  return h("label", {}, h("span", {}, t(label)), control, h("div", { class: "field-error", "data-error-for": control.getAttribute("name") ?? "" }));
}

export function input(name: string, attrs: Attrs = {}): HTMLInputElement {
  return h("input", { name, ...attrs }) as HTMLInputElement;
}

export function select(name: string, options: [string, string][], selected?: string): HTMLSelectElement {
  return h("select", { name }, ...options.map(([value, label]) => h("option", { value, selected: value === selected }, label))) as HTMLSelectElement;
}

export function button(label: string, onclick: (event: Event) => unknown, attrs: Attrs = {}): HTMLElement {
  return h("button", { type: "button", ...attrs, onclick: (event) => void onclick(event) }, label);
}

export function values(form: HTMLElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const control of form.querySelectorAll<HTMLInputElement>("input[name], select[name], textarea[name]")) {
    if ((control.type === "radio" || control.type === "checkbox") && !control.checked) continue;
    out[control.name] = control.value;
  }
  return out;
}

/** A failure the console words itself (sign-in): text and field messages already in the user's language. */
export class ShownError extends Error {
  constructor(
    readonly text: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(text);
    this.name = "ShownError";
  }
}

/** Shows a backend or validation error in the user's language and marks each offending field. */
export function showError(scope: HTMLElement, error: unknown): void {
  clearError(scope);
  if (error instanceof ShownError) return mark(scope, h("div", { class: "error", role: "alert" }, error.text), error.fields, (message) => message);
  const souk = error instanceof SoukError ? error : new SoukError("unknown", "UNKNOWN", error instanceof Error ? error.message : String(error));
  const alert = h("div", { class: "error", role: "alert" }, reasonText(souk.reason, souk.message), souk.requestId ? h("small", {}, ` (${souk.requestId})`) : null);
  mark(scope, alert, souk.fields, fieldText);
}

/** Puts the alert first in `scope` and marks each named field (aria-invalid and its message). */
function mark(scope: HTMLElement, alert: HTMLElement, fields: Record<string, string>, word: (message: string) => string): void {
  scope.prepend(alert);
  for (const [path, message] of Object.entries(fields)) {
    const control = [...scope.querySelectorAll<HTMLElement>("[name]")].find((c) => {
      const name = c.getAttribute("name") ?? "";
      return name === path || path.startsWith(`${name}.`) || name.startsWith(`${path}.`);
    });
    if (!control) {
      alert.append(h("div", {}, `${path}: ${word(message)}`));
      continue;
    }
    control.setAttribute("aria-invalid", "true");
    const slot = scope.querySelector(`[data-error-for="${control.getAttribute("name")}"]`);
    if (slot) slot.textContent = word(message);
    control.setAttribute("aria-description", word(message));
  }
}

export function clearError(scope: HTMLElement): void {
  scope.querySelectorAll(".error[role=alert]").forEach((e) => e.remove());
  scope.querySelectorAll("[aria-invalid]").forEach((e) => e.removeAttribute("aria-invalid"));
  scope.querySelectorAll(".field-error").forEach((e) => (e.textContent = ""));
}

/** Runs an action from a form, showing its failure on the form; true when it succeeded. */
export async function attempt(scope: HTMLElement, action: () => Promise<unknown>): Promise<boolean> {
  clearError(scope);
  try {
    await action();
    return true;
  } catch (error) {
    showError(scope, error);
    return false;
  }
}
