// The annual project list: drag rows by their handle (SortableJS), then send the whole order
// with a reason. The server keeps the ceiling split; positions are renumbered here only to
// show where rows went until the order is saved.
document.addEventListener("DOMContentLoaded", () => {
  const rows = document.getElementById("pj-rows");
  const form = document.getElementById("reorder-form");
  if (!rows || !form || typeof Sortable === "undefined") return;
  const dirty = document.getElementById("reorder-dirty");
  const codes = () => [...rows.querySelectorAll("tr[data-code]")].map((tr) => tr.dataset.code);
  const renumber = () => {
    rows.querySelectorAll("tr[data-code] td.pos").forEach((td, i) => { td.textContent = i + 1; });
  };
  Sortable.create(rows, {
    draggable: "tr[data-code]",
    handle: ".pj-grip",
    animation: 150,
    forceFallback: true,  // pointer events rather than native drag: the same on every browser
    onEnd: () => {
      renumber();
      dirty.hidden = false;
      form.querySelector("textarea[name=reason]").focus();
    },
  });
  form.addEventListener("submit", () => {
    const holder = document.getElementById("order-inputs");
    holder.replaceChildren(...codes().map((code) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "order";
      input.value = code;
      return input;
    }));
  });
});
