// Buttons that change something, made one way: the button is disabled while
// its change runs and a failure goes to the page's `onError`; a change that
// cannot be undone asks first in a modal <dialog> (never window.confirm),
// which names what will happen and can be cancelled with Escape.
import { el } from "./dom.js";

/**
 * A button running `run()` on click. name: the accessible name when the
 * label alone is ambiguous ("Remove" on every row).
 *   actionButton("Remove", () => remove(url), { name: `Remove ${url}`, className: "danger", onError: say })
 */
export function actionButton(label, run, { name = null, className = "secondary", onError = null } = {}) {
  return el(
    "button",
    {
      type: "button",
      class: className,
      "aria-label": name,
      onclick: async (event) => {
        const button = event.currentTarget;
        button.disabled = true;
        try {
          await run();
        } catch (error) {
          if (!onError) throw error;
          onError(error);
        } finally {
          button.disabled = false;
        }
      },
    },
    label,
  );
}

/**
 * Asks before a change: resolves true when the person confirms, false when
 * they cancel (the button, Escape or closing the dialog).
 *   if (await confirmChange({ title: "Remove dana?", message: "...", confirm: "Remove dana" })) ...
 */
export function confirmChange({ title, message, confirm }) {
  return new Promise((resolve) => {
    const dialog = el(
      "dialog",
      {
        class: "confirm",
        "aria-labelledby": "confirm-title",
        onclose: () => {
          dialog.remove();
          resolve(dialog.returnValue === "confirm");
        },
      },
      el("h2", { id: "confirm-title" }, title),
      el("p", {}, message),
      el(
        "form",
        { method: "dialog", class: "actions" },
        el("button", { value: "confirm", class: "danger" }, confirm),
        el("button", { value: "cancel", class: "secondary", autofocus: true }, "Cancel"),
      ),
    );
    document.body.append(dialog);
    dialog.showModal();
  });
}
