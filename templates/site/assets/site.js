// invokekit docs site: data center switch, sample tabs, copy buttons and search. Plain script,
// no modules and no network, so that pages work when opened from file:// as well as served.
(() => {
  const DC_KEY = "invokekit.dc";
  const TAB_KEY = "invokekit.sample";

  // Storage may be off (private mode, some file:// settings); the site still works without it.
  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (_error) {
      return null;
    }
  }
  function save(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch (_error) {
      // Nothing to do: the choice lasts for this page only.
    }
  }

  // Sidebar: every page ships only its own resource group (so pages stay small however many
  // endpoints there are); assets/nav.js holds the full list once, and it replaces that part.
  const navData = window.INVOKEKIT_NAV;
  const navBox = document.querySelector(".nav-endpoints[data-page]");
  if (navData && navBox) {
    const current = navBox.getAttribute("data-page") + ".html";
    const fragment = document.createDocumentFragment();
    for (let r = 0; r < navData.resources.length; r++) {
      const resource = navData.resources[r];
      const heading = document.createElement("p");
      heading.className = "nav-resource";
      heading.id = "nav-resource-" + resource.id;
      heading.textContent = resource.name;
      const list = document.createElement("ul");
      list.setAttribute("aria-labelledby", heading.id);
      for (let e = 0; e < resource.endpoints.length; e++) {
        const endpoint = resource.endpoints[e];
        const item = document.createElement("li");
        const anchor = document.createElement("a");
        anchor.href = endpoint.href;
        if (endpoint.href === current) anchor.setAttribute("aria-current", "page");
        const method = document.createElement("span");
        method.className = "method method-" + endpoint.method.toLowerCase();
        method.textContent = endpoint.method;
        anchor.appendChild(method);
        anchor.appendChild(document.createTextNode(" " + endpoint.title));
        item.appendChild(anchor);
        list.appendChild(item);
      }
      fragment.appendChild(heading);
      fragment.appendChild(list);
    }
    navBox.textContent = "";
    navBox.appendChild(fragment);
  }

  // Data center: show the variant of every sample and config that belongs to it.
  const select = document.getElementById("dc-select");
  function showDataCenter(dc) {
    const variants = document.querySelectorAll(".dc-variant[data-dc]");
    for (let i = 0; i < variants.length; i++) {
      variants[i].hidden = variants[i].getAttribute("data-dc") !== dc;
    }
    document.body.setAttribute("data-dc", dc);
  }
  if (select) {
    const stored = load(DC_KEY);
    let known = false;
    for (let i = 0; i < select.options.length; i++) {
      if (select.options[i].value === stored) known = true;
    }
    if (known) select.value = stored;
    showDataCenter(select.value);
    select.addEventListener("change", () => {
      save(DC_KEY, select.value);
      showDataCenter(select.value);
    });
  }

  // Tabs, following the WAI-ARIA tabs pattern: arrows, Home and End move between tabs.
  const tablists = document.querySelectorAll('[role="tablist"]');
  function selectTab(tabs, tab, focus) {
    for (let i = 0; i < tabs.length; i++) {
      const selected = tabs[i] === tab;
      tabs[i].setAttribute("aria-selected", selected ? "true" : "false");
      tabs[i].tabIndex = selected ? 0 : -1;
      const panel = document.getElementById(tabs[i].getAttribute("aria-controls"));
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
  }
  for (let t = 0; t < tablists.length; t++) {
    ((list) => {
      const tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
      const remembered = load(TAB_KEY);
      for (let i = 0; i < tabs.length; i++) {
        if (tabs[i].getAttribute("data-tab") === remembered) selectTab(tabs, tabs[i], false);
      }
      list.addEventListener("click", (event) => {
        const tab = event.target.closest('[role="tab"]');
        if (!tab) return;
        selectTab(tabs, tab, false);
        save(TAB_KEY, tab.getAttribute("data-tab"));
      });
      list.addEventListener("keydown", (event) => {
        const index = tabs.indexOf(document.activeElement);
        if (index < 0) return;
        let next = null;
        if (event.key === "ArrowRight") next = tabs[(index + 1) % tabs.length];
        else if (event.key === "ArrowLeft") next = tabs[(index - 1 + tabs.length) % tabs.length];
        else if (event.key === "Home") next = tabs[0];
        else if (event.key === "End") next = tabs[tabs.length - 1];
        if (!next) return;
        event.preventDefault();
        selectTab(tabs, next, true);
        save(TAB_KEY, next.getAttribute("data-tab"));
      });
    })(tablists[t]);
  }

  // Copy: the text is the hidden textarea's value, which is the generated file itself.
  function copied(button, label) {
    button.textContent = label;
    window.setTimeout(() => {
      button.textContent = "Copy";
    }, 2000);
  }
  function copyWithSelection(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch (_error) {
      done = false;
    }
    document.body.removeChild(area);
    return done;
  }
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.copy");
    if (!button) return;
    const source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    const text = source.value;
    if (navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(text).then(
        () => {
          copied(button, "Copied");
        },
        () => {
          copied(button, copyWithSelection(text) ? "Copied" : "Press Ctrl+C");
        },
      );
    } else {
      copied(button, copyWithSelection(text) ? "Copied" : "Press Ctrl+C");
    }
  });

  // Search over the index written at generation time (assets/search-index.js).
  const data = window.INVOKEKIT_SEARCH;
  const input = document.getElementById("search-input");
  const results = document.getElementById("search-results");
  const status = document.getElementById("search-status");
  if (!data || !input || !results || !window.MiniSearch) return;
  const index = window.MiniSearch.loadJSON(JSON.stringify(data.index), data.options);
  function render(query) {
    results.textContent = "";
    if (query.trim() === "") {
      results.hidden = true;
      status.textContent = "";
      return [];
    }
    const found = index
      .search(query, { prefix: true, combineWith: "AND", boost: data.boost })
      .slice(0, 8);
    for (let i = 0; i < found.length; i++) {
      const item = document.createElement("li");
      const anchor = document.createElement("a");
      anchor.href = found[i].url;
      anchor.textContent = found[i].title;
      const detail = document.createElement("span");
      detail.className = "search-detail";
      detail.textContent = found[i].detail;
      anchor.appendChild(detail);
      item.appendChild(anchor);
      results.appendChild(item);
    }
    if (found.length === 0) {
      const none = document.createElement("li");
      none.className = "search-none";
      none.textContent = "No match";
      results.appendChild(none);
    }
    results.hidden = false;
    status.textContent = found.length + (found.length === 1 ? " result" : " results");
    return found;
  }
  input.addEventListener("input", () => {
    render(input.value);
  });
  input.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const found = render(input.value);
    if (found.length > 0) window.location.href = found[0].url;
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      input.value = "";
      render("");
    } else if (event.key === "ArrowDown") {
      const first = results.querySelector("a");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });
})();
