// mcelink's own script: behaviour that pages declare with data attributes, because the Content-Security-Policy
// (config/settings.py) runs no inline code (no onclick="…", no <script> in a page).
"use strict";

// A suggestion button fills a form field: data-suggest-target names the field's id, data-suggest-value the value,
// data-suggest-mode how — "set" an input, "append" to a "; "-separated input, "choose" in a select, "add" an
// option of a multiple select. HTMX swaps the suggestions in, so the listener sits on the document.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-suggest-target]");
  if (!button) return;
  const field = document.getElementById(button.dataset.suggestTarget);
  if (!field) return;
  const value = button.dataset.suggestValue;
  const changed = () => field.dispatchEvent(new Event("change", { bubbles: true }));
  switch (button.dataset.suggestMode) {
    case "set":
      field.value = value;
      break;
    case "append":
      field.value = field.value.trim() ? `${field.value.trim()}; ${value}` : value;
      break;
    case "choose":
      field.value = value;
      changed();
      break;
    case "add":
      for (const option of field.options) {
        if (option.value === value) {
          option.selected = true;
          changed();
        }
      }
      break;
  }
});
