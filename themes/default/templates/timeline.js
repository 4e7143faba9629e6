<script>
/* The timeline's small script (the chart reads without it): opens the chart at today,
   draws a milestone's links while it is pointed at, focused or selected (or all of
   them on demand), filters by track, area, status and tag with the choice kept in the
   address (#track=business&status=at-risk), and folds every lane at once. */
(() => {
  "use strict";
  const figure = document.getElementById("timeline");
  const chart = figure && figure.querySelector(".tl-chart");
  if (!chart) return;
  const scroller = figure.querySelector(".timeline-scroll");
  const form = figure.querySelector(".tl-tools");
  const NS = "http://www.w3.org/2000/svg";
  const KEYS = ["track", "area", "status", "tag", "links", "m"];
  const items = new Map();
  for (const a of chart.querySelectorAll("a.tl-item")) items.set(a.dataset.id, a);
  const ids = (a, name) => (a.dataset[name] || "").split(" ").filter(Boolean);
  const users = new Map();
  for (const a of items.values()) {
    for (const p of ids(a, "s").concat(ids(a, "d"))) {
      if (!users.has(p)) users.set(p, []);
      users.get(p).push(a);
    }
  }

  // Today a third of the way into the chart when it scrolls sideways.
  const today = chart.querySelector(".tl-axis .tl-today");
  if (today && scroller.scrollWidth > scroller.clientWidth) {
    const at = today.getBoundingClientRect().left - scroller.getBoundingClientRect().left;
    scroller.scrollLeft += at - scroller.clientWidth / 3;
  }

  // Links, drawn on a layer over the chart.
  const wires = document.createElementNS(NS, "svg");
  wires.setAttribute("class", "rb-timeline tl-wires");
  wires.setAttribute("aria-hidden", "true");
  chart.appendChild(wires);
  let pointed = null, selected = null, all = false;
  const end = (a) => {
    const bar = a.querySelector(".tl-bar");
    if (!bar || !bar.getClientRects().length) return null;
    const r = bar.getBoundingClientRect();
    return [r.right, r.top + r.height / 2];
  };
  function wire(p, a, origin) {
    const from = end(p), to = end(a);
    if (!from || !to) return;
    const [x1, y1] = [from[0] - origin.left, from[1] - origin.top];
    const [x2, y2] = [to[0] - origin.left, to[1] - origin.top];
    const reach = x2 > x1 ? Math.max((x2 - x1) / 2, 18) : 18;
    const critical = a.dataset.c === p.dataset.id, late = ids(a, "late").includes(p.dataset.id);
    const kind = ids(a, "s").includes(p.dataset.id) ? "" : " tl-depends";
    const path = document.createElementNS(NS, "path");
    path.setAttribute("class", "tl-link" + kind + (critical ? " tl-critical" : "") + (late ? " tl-late" : ""));
    path.setAttribute("d", `M${x1} ${y1}C${x1 + reach} ${y1} ${x2 + 18} ${y2} ${x2} ${y2}`);
    path.setAttribute("marker-end", `url(#rb-tl-arrow${late ? "-late" : critical ? "-critical" : ""})`);
    wires.appendChild(path);
    p.classList.add("tl-on");
    a.classList.add("tl-on");
  }
  // The pairs [prerequisite, milestone] to draw for `a`: its own links both ways, and its critical chain.
  function pairs(a) {
    const out = [];
    for (const p of ids(a, "s").concat(ids(a, "d"))) if (items.has(p)) out.push([items.get(p), a]);
    for (const u of users.get(a.dataset.id) || []) out.push([a, u]);
    const seen = new Set([a]);
    for (let at = a; at.dataset.c && items.has(at.dataset.c) && !seen.has(items.get(at.dataset.c)); ) {
      const p = items.get(at.dataset.c);
      seen.add(p);
      if (at !== a) out.push([p, at]);
      at = p;
    }
    return out;
  }
  function draw() {
    wires.replaceChildren();
    for (const a of chart.querySelectorAll(".tl-on")) a.classList.remove("tl-on");
    const focus = selected || pointed;
    chart.classList.toggle("tl-focus", !!focus);
    const box = chart.getBoundingClientRect();
    wires.setAttribute("width", box.width);
    wires.setAttribute("height", box.height);
    const visible = (a) => !a.closest(".tl-off, details:not([open])");
    const list = focus ? pairs(focus) : all ? [...items.values()].flatMap((a) => pairs(a).filter((p) => p[1] === a)) : [];
    for (const [p, a] of list) if (visible(p) && visible(a)) wire(p, a, box);
    if (focus) focus.classList.add("tl-on");
  }
  const itemOf = (e) => e.target.closest && e.target.closest("a.tl-item");
  chart.addEventListener("pointerover", (e) => { const a = itemOf(e); if (a && a !== pointed) { pointed = a; draw(); } });
  chart.addEventListener("pointerout", (e) => {
    const a = itemOf(e);
    if (a && a === pointed && !a.contains(e.relatedTarget)) { pointed = null; draw(); }
  });
  chart.addEventListener("focusin", (e) => { const a = itemOf(e); if (a) { pointed = a; draw(); } });
  chart.addEventListener("focusout", () => { pointed = null; draw(); });
  const select = (a) => { selected = a; draw(); write(); };
  chart.addEventListener("click", (e) => {
    const a = itemOf(e);
    // Without hover (touch screens), the first tap selects and the second opens the page.
    if (a && a !== selected && matchMedia("(hover: none)").matches) { e.preventDefault(); select(a); }
    else if (!a && selected) select(null);
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && selected) select(null); });
  chart.addEventListener("toggle", draw, true);
  window.addEventListener("resize", draw);

  // Filters, kept in the address so that a filtered view can be linked.
  const fields = form ? form.elements : {};
  const value = (name) => (fields[name] ? fields[name].value : "");
  // Tags asked for in the query (?tag=SLUG&tag=SLUG, as the other views link), every one of them.
  const asked = new URLSearchParams(location.search).getAll("tag");
  function keep(track, area, status, tags) {
    const statuses = value("status").split(",");
    const has = (tags || "").split(" ");
    return (!value("track") || value("track") === track) && (!value("area") || value("area") === area)
      && (!value("status") || statuses.includes(status)) && (!value("tag") || has.includes(value("tag")))
      && asked.every((t) => has.includes(t));
  }
  function compact(lane) {
    const svg = lane.querySelector("svg");
    const rows = svg ? [...svg.querySelectorAll(".tl-row")] : [];
    if (!rows.length) return;
    if (!lane.dataset.top) lane.dataset.top = rows[0].transform.baseVal[0].matrix.f;
    let y = +lane.dataset.top;
    for (const row of rows) {
      const on = !!row.querySelector("a.tl-item:not(.tl-off)");
      row.style.display = on ? "" : "none";
      if (on) { row.setAttribute("transform", `translate(0 ${y})`); y += +row.dataset.h; }
    }
    svg.setAttribute("viewBox", `0 0 ${svg.viewBox.baseVal.width} ${y}`);
    svg.setAttribute("height", y);
  }
  function filter() {
    let shown = 0, total = 0;
    for (const track of chart.querySelectorAll(".tl-track")) {
      let any = false;
      for (const lane of track.querySelectorAll(".tl-lane")) {
        let n = 0;
        for (const a of lane.querySelectorAll("a.tl-item")) {
          const on = keep(track.dataset.track, lane.dataset.area, a.classList[1].slice(3), a.dataset.tags);
          a.classList.toggle("tl-off", !on);
          n += on;
          total += 1;
        }
        lane.classList.toggle("tl-off", !n);
        lane.querySelector(".tl-lane-count").textContent = n + " milestone" + (n === 1 ? "" : "s");
        compact(lane);
        shown += n;
        any = any || n > 0;
      }
      track.classList.toggle("tl-off", !any);
    }
    for (const group of figure.querySelectorAll(".tl-column, .tl-group")) {
      let n = 0;
      for (const li of group.querySelectorAll(".tl-entry")) {
        const on = keep(li.dataset.track, li.dataset.area, li.dataset.status, li.dataset.tags);
        li.classList.toggle("tl-off", !on);
        n += on;
        total += 1;
      }
      shown += n;
      group.querySelector(".tl-n").textContent = n;
    }
    if (form) form.elements.shown.value = shown === total ? "" : `Showing ${shown} of ${total} milestones`;
  }
  function write() {
    const p = new URLSearchParams();
    for (const name of ["track", "area", "status", "tag"]) if (value(name)) p.set(name, value(name));
    if (all) p.set("links", "1");
    if (selected) p.set("m", selected.dataset.id);
    const hash = p.toString();
    history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
  }
  function read() {
    const p = new URLSearchParams(location.hash.slice(1));
    if (!KEYS.some((k) => p.has(k))) return;
    for (const name of ["track", "area", "status", "tag"]) if (fields[name]) fields[name].value = p.get(name) || "";
    if (fields.status && p.get("status") && !fields.status.value) {
      // A list of statuses (status=at-risk,blocked) has no option of its own: add one.
      const option = new Option(p.get("status").split(",").join(" or "), p.get("status"));
      fields.status.add(option);
      fields.status.value = p.get("status");
    }
    all = p.get("links") === "1";
    if (fields.links) fields.links.checked = all;
    selected = items.get(p.get("m")) || null;
  }
  if (form) {
    form.hidden = false;
    form.addEventListener("submit", (e) => e.preventDefault());
    form.addEventListener("change", (e) => {
      if (e.target.name === "links") all = e.target.checked;
      filter(); draw(); write();
    });
    const fold = form.querySelector(".tl-fold");
    fold.addEventListener("click", () => {
      const close = fold.getAttribute("aria-pressed") !== "true";
      for (const lane of chart.querySelectorAll(".tl-lane")) lane.open = !close;
      fold.setAttribute("aria-pressed", close);
      fold.textContent = close ? "Expand all lanes" : "Collapse all lanes";
      draw();
    });
  }
  read();
  filter();
  draw();
  window.addEventListener("hashchange", () => { read(); filter(); draw(); });
})();
</script>
