/* The search page: runs Pagefind's browser API over the index built with the
   site. The words, filters and order live in the page's address (?q=...&owner=...
   &sort=newest), read when the page opens and written on every change, so a
   search can be shared or bookmarked. Without JavaScript the page says so and
   links the downloads instead. */

const root = document.getElementById("search");
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const sortSelect = document.getElementById("search-sort");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const clear = document.getElementById("search-clear");
const fieldsets = Array.from(root.querySelectorAll("fieldset[data-filter]"));
const keys = fieldsets.map((f) => f.dataset.filter);
const sortKey = root.dataset.sort;
const PAGE = 20;

let pagefind;
let results = [];
let shown = 0;
let run = 0;

/* What the address asks for: words, the chosen values of each filter, the order. */
function readAddress() {
  const params = new URLSearchParams(location.search);
  const chosen = {};
  for (const key of keys) {
    const values = params.getAll(key).filter(Boolean);
    if (values.length) chosen[key] = values;
  }
  return { q: params.get("q") || "", chosen, sort: params.get("sort") || "" };
}

function chosenFilters() {
  const chosen = {};
  for (const fieldset of fieldsets) {
    const values = Array.from(fieldset.querySelectorAll("input:checked")).map((c) => c.value);
    if (values.length) chosen[fieldset.dataset.filter] = values;
  }
  return chosen;
}

function writeAddress(q, chosen, sort) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const key of keys) for (const value of chosen[key] || []) params.append(key, value);
  if (sort) params.set("sort", sort);
  const query = params.toString();
  history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
}

/* One filter's values as checkboxes with their counts; the chosen ones stay ticked. */
function drawFilters(counts, chosen) {
  // Redrawing replaces the checkboxes: the one a keyboard user is on keeps the focus.
  const active = document.activeElement;
  const focused = active && active.type === "checkbox" && active.closest("fieldset[data-filter]")
    ? [active.closest("fieldset").dataset.filter, active.value]
    : null;
  for (const fieldset of fieldsets) {
    const key = fieldset.dataset.filter;
    const values = Object.entries(counts[key] || {});
    for (const value of chosen[key] || []) {
      if (!values.some(([v]) => v === value)) values.push([value, 0]);
    }
    values.sort((a, b) => a[0].localeCompare(b[0], "en-GB", { numeric: true }));
    const box = fieldset.querySelector(".search__options");
    box.replaceChildren();
    values.forEach(([value, count], index) => {
      const id = `filter-${key}-${index}`;
      const item = document.createElement("div");
      item.className = "search__option";
      const check = document.createElement("input");
      check.type = "checkbox";
      check.id = id;
      check.value = value;
      check.checked = (chosen[key] || []).includes(value);
      const label = document.createElement("label");
      label.htmlFor = id;
      label.append(value + " ");
      const number = document.createElement("span");
      number.className = "search__count";
      number.textContent = `(${count})`;
      label.append(number);
      item.append(check, label);
      box.append(item);
    });
    fieldset.hidden = values.length === 0;
  }
  if (focused) {
    const [key, value] = focused;
    const again = Array.from(root.querySelectorAll(`fieldset[data-filter="${key}"] input`))
      .find((c) => c.value === value);
    if (again) again.focus();
  }
}

/* An excerpt as Pagefind gives it: plain text with <mark> around the matched
   words. Only the marks become elements; everything else stays text. */
function excerpt(text) {
  const p = document.createElement("p");
  p.className = "search__excerpt";
  text.split(/(<mark>|<\/mark>)/).reduce((marked, part) => {
    if (part === "<mark>") return true;
    if (part === "</mark>") return false;
    if (part) {
      if (marked) {
        const mark = document.createElement("mark");
        mark.textContent = part;
        p.append(mark);
      } else {
        p.append(part);
      }
    }
    return marked;
  }, false);
  return p;
}

function tag(text, kind) {
  const span = document.createElement("span");
  span.className = "tag search__tag" + (kind ? " tag--" + kind : "");
  span.textContent = text;
  return span;
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z]+/g, "-").replace(/^-|-$/g, "");
}

function drawResult(data) {
  const item = document.createElement("li");
  item.className = "search__result";
  const heading = document.createElement("h3");
  heading.className = "search__title";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  heading.append(link);
  const where = document.createElement("p");
  where.className = "search__where";
  where.textContent = [data.meta.prison, data.meta.plan && data.meta.plan + " plan", data.meta.kind]
    .filter(Boolean)
    .join(" · ");
  const tags = document.createElement("p");
  tags.className = "search__tags";
  if (data.meta.decision) tags.append(tag(data.meta.decision, slug(data.meta.decision)), " ");
  if (data.meta.outcome) tags.append(tag(data.meta.outcome, slug(data.meta.outcome)), " ");
  for (const s of (data.filters && data.filters.status) || []) tags.append(tag(s, slug(s)), " ");
  item.append(heading, where);
  if (tags.childNodes.length) item.append(tags);
  item.append(excerpt(data.excerpt || ""));
  return item;
}

async function showMore() {
  const next = results.slice(shown, shown + PAGE);
  const thisRun = run;
  const data = await Promise.all(next.map((r) => r.data()));
  if (thisRun !== run) return;
  for (const d of data) list.append(drawResult(d));
  shown += next.length;
  more.hidden = shown >= results.length;
}

async function search() {
  const q = input.value.trim();
  const chosen = chosenFilters();
  const sort = sortSelect.value;
  writeAddress(q, chosen, sort);
  const thisRun = ++run;
  const anyChosen = Object.keys(chosen).length > 0;
  if (!q && !anyChosen) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    drawFilters(await pagefind.filters(), chosen);
    status.textContent = "Type words to search for, or choose a filter.";
    return;
  }
  const filters = {};
  for (const [key, values] of Object.entries(chosen)) filters[key] = { any: values };
  const options = { filters };
  if (sort) options.sort = { [sortKey]: sort === "oldest" ? "asc" : "desc" };
  const found = await pagefind.search(q || null, options);
  if (thisRun !== run || !found) return;
  results = found.results;
  shown = 0;
  list.replaceChildren();
  drawFilters(found.filters, chosen);
  const n = results.length;
  const words = q ? ` for “${q}”` : "";
  status.textContent = n === 0 ? `No results${words}.` : `${n} ${n === 1 ? "result" : "results"}${words}.`;
  await showMore();
}

let timer;
function searchSoon() {
  clearTimeout(timer);
  timer = setTimeout(search, 250);
}

let loading = true;

/* Words submitted while Pagefind loads are searched once it is ready; if it
   cannot load, the form goes to the server as it would without scripts. */
form.addEventListener("submit", (event) => {
  if (!pagefind && !loading) return;
  event.preventDefault();
  if (pagefind) search();
});

async function start() {
  const bundle = root.dataset.bundle;
  try {
    pagefind = await import(bundle + "pagefind.js");
    // The index holds each page's path in the site; links add the site's base path.
    await pagefind.options({ baseUrl: root.dataset.base });
    await pagefind.init();
  } catch (err) {
    loading = false;
    return;
  }
  document.getElementById("search-no-script").hidden = true;
  // Beside the results there is room for the filters; on a phone they fold away above them.
  document.getElementById("search-filter-box").open = matchMedia("(min-width: 48em)").matches;
  root.hidden = false;
  const asked = readAddress();
  // Words typed while Pagefind loaded win over the address's.
  if (!input.value) input.value = asked.q;
  sortSelect.value = ["newest", "oldest"].includes(asked.sort) ? asked.sort : "";
  // Loading every filter's values first also makes each search report its counts.
  drawFilters(await pagefind.filters(), asked.chosen);
  input.addEventListener("input", searchSoon);
  sortSelect.addEventListener("change", search);
  root.querySelector(".search__filters").addEventListener("change", (event) => {
    if (event.target.type === "checkbox") search();
  });
  clear.addEventListener("click", () => {
    for (const check of root.querySelectorAll(".search__options input:checked")) check.checked = false;
    search();
  });
  more.addEventListener("click", showMore);
  await search();
}

start();
