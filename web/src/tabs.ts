import { VIEWS, type ViewName } from "./state.js";

/**
 * The view tabs (WAI-ARIA tabs pattern): buttons with role="tab" and aria-selected, one Tab stop (the
 * selected tab), arrow keys / Home / End move and select (automatic activation), panels hidden when unselected.
 */
export class Tabs {
  private readonly tabs = VIEWS.map((v) => document.getElementById(`tab-${v}`) as HTMLButtonElement);

  constructor(onSelect: (view: ViewName) => void) {
    this.tabs.forEach((tab, i) => {
      tab.addEventListener("click", () => onSelect(VIEWS[i] as ViewName));
      tab.addEventListener("keydown", (e) => {
        const n = VIEWS.length;
        const to =
          e.key === "ArrowRight"
            ? (i + 1) % n
            : e.key === "ArrowLeft"
              ? (i + n - 1) % n
              : e.key === "Home"
                ? 0
                : e.key === "End"
                  ? n - 1
                  : null;
        if (to === null) return;
        e.preventDefault();
        onSelect(VIEWS[to] as ViewName);
        this.tabs[to]?.focus();
      });
    });
  }

  /** Marks `view` selected and shows its panel only. */
  select(view: ViewName): void {
    this.tabs.forEach((tab, i) => {
      const on = VIEWS[i] === view;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      const panel = document.getElementById(tab.getAttribute("aria-controls") ?? "");
      if (panel) panel.hidden = !on;
    });
    const footer = document.getElementById("explain-footer");
    if (footer) footer.hidden = view !== "explain";
    const name = document.getElementById("view-name");
    if (name) name.textContent = view;
  }
}
