// The initializr page: the wizard's questions, judged by the server (GET /questions), so the page
// holds no compatibility rules of its own. The answers live in the URL fragment: the share link.
"use strict";

const TEXT_DELAY_MS = 250;
let given = new URLSearchParams();   // what the user picked (and the share link holds)
let current = null;                  // the last /questions answer
let textTimer = null;
let explored = null;                 // the query string the explorer shows

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function fromHash() {
  given = new URLSearchParams(location.hash.replace(/^#/, ""));
}

function asParams(value, question) {
  if (value !== null && typeof value === "object") return Object.entries(value).map(([k, v]) => [k, String(v)]);
  return [[question.params[0], String(value)]];
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function refresh() {
  const response = await fetch("/questions?" + given.toString(), {headers: {accept: "application/json"}});
  const body = await response.json();
  if (!response.ok) {
    $("status").textContent = "Cannot use this link: " + body.error;
    given = new URLSearchParams();
    return refresh();
  }
  current = body;
  // Keep only what the server kept, plus text the user is still typing.
  const kept = new URLSearchParams(body.answers);
  for (const q of body.questions) {
    if (q.type === "text" && given.has(q.id) && !kept.has(q.id)) kept.set(q.id, given.get(q.id));
  }
  given = kept;
  history.replaceState(null, "", given.toString() ? "#" + given.toString() : location.pathname);
  render(body);
}

function render(state) {
  const form = $("wizard");
  const focused = document.activeElement && document.activeElement.id;
  const fresh = state.questions.filter((q) => q.applies).map((q) => {
    const old = $("q-" + q.id);
    return old && q.type === "text" ? updateText(old, q) : renderQuestion(q);
  });
  // Replace question by question: a text field being typed in is never taken out of the page.
  let previous = null;
  for (const node of fresh) {
    const old = $(node.id);
    if (old && old !== node) old.replaceWith(node);
    else if (!old) previous ? previous.after(node) : form.prepend(node);
    previous = node;
  }
  for (const child of [...form.children]) if (!fresh.includes(child)) child.remove();
  if (focused && $(focused) && document.activeElement !== $(focused)) $(focused).focus();
  const notes = state.dropped.map((d) => `Your ${d.question} answer no longer fits: ${d.reason}`);
  $("status").textContent = notes.join(" ");
  const errors = state.questions.filter((q) => q.error);
  const query = new URLSearchParams(state.answers).toString();
  for (const [id, kind] of [["download", "zip"], ["download-tgz", "tgz"]]) {
    const link = $(id);
    link.href = `/starter.${kind}` + (query ? "?" + query : "");
    link.setAttribute("aria-disabled", errors.length ? "true" : "false");
    link.classList.toggle("disabled", errors.length > 0);
  }
  $("share").value = location.origin + "/" + (given.toString() ? "#" + given.toString() : "");
  const args = [...new URLSearchParams(state.answers)].map(([k, v]) => ` -d ${k}=${shellQuote(v)}`).join("");
  $("curl").textContent = `curl -G ${location.origin}/starter.tgz${args} | tar -xzf -`;
  if (!$("explorer").hidden && explored !== query) explore();
}

function shellQuote(text) {
  return /^[\w.,/:@%+-]+$/.test(text) ? text : "'" + text.replace(/'/g, "'\\''") + "'";
}

function updateText(fieldset, q) {
  // Kept in place, so the caret of someone typing stays where it is; only the verdict changes.
  const input = fieldset.querySelector("input");
  if (document.activeElement !== input) input.value = q.value ?? "";
  input.setAttribute("aria-invalid", q.error ? "true" : "false");
  fieldset.querySelector(".error")?.remove();
  if (q.error) {
    input.setAttribute("aria-describedby", "error-" + q.id);
    fieldset.append(el("p", {id: "error-" + q.id, class: "error", text: q.error}));
  } else input.removeAttribute("aria-describedby");
  return fieldset;
}

function renderQuestion(q) {
  const fieldset = el("fieldset", {id: "q-" + q.id, class: q.type});
  fieldset.append(el("legend", {text: q.message}));
  if (q.type === "text") {
    const input = el("input", {
      id: "input-" + q.id, type: "text", name: q.id, value: q.value ?? "", maxlength: "1000",
      "aria-invalid": q.error ? "true" : "false", "aria-describedby": q.error ? "error-" + q.id : null,
      autocomplete: "off", spellcheck: "false",
      oninput: (event) => {
        given.set(q.id, event.target.value);
        clearTimeout(textTimer);
        textTimer = setTimeout(refresh, TEXT_DELAY_MS);
      },
    });
    fieldset.append(input);
    if (q.error) fieldset.append(el("p", {id: "error-" + q.id, class: "error", text: q.error}));
    return fieldset;
  }
  q.choices.forEach((choice, index) => {
    const id = `choice-${q.id}-${index}`;
    const checked = same(choice.value, q.value);
    const input = el("input", {
      id, type: "radio", name: q.id, value: String(index), checked, disabled: !choice.fits,
      "aria-describedby": choice.fits ? `help-${id}` : `reason-${id}`,
      onchange: () => {
        for (const [key, value] of asParams(choice.value, q)) given.set(key, value);
        refresh();
      },
    });
    const label = el("label", {for: id, class: "choice" + (choice.fits ? "" : " unfit") + (checked ? " chosen" : "")},
      input,
      el("span", {class: "title", text: choice.title}),
      el("span", {id: `help-${id}`, class: "help", text: choice.help}),
      checked && !q.given ? el("span", {class: "badge", text: "default"}) : null,
      choice.fits ? null : el("span", {id: `reason-${id}`, class: "reason", text: "Not offered: " + choice.reason}),
    );
    fieldset.append(label);
  });
  return fieldset;
}

// --- Explore: the files of the project, before download ---------------------------------------

async function explore() {
  const query = new URLSearchParams(current.answers).toString();
  explored = query;
  const response = await fetch("/preview?" + query);
  const body = await response.json();
  if (!response.ok) {
    $("status").textContent = body.error;
    return;
  }
  const list = $("files");
  list.replaceChildren();
  $("explorer-title").textContent = `Files of ${body.folder}/`;
  const shown = new Set();
  body.files.forEach((file, index) => {
    const parts = file.path.split("/");
    const depth = parts.length - 1;
    for (let level = 0; level < depth; level++) {  // each folder once, above its first file
      const folder = parts.slice(0, level + 1).join("/");
      if (shown.has(folder)) continue;
      shown.add(folder);
      list.append(el("li", {role: "presentation", class: "folder", text: parts[level] + "/",
                            style: `padding-left: ${0.5 + level * 1.1}em`}));
    }
    const item = el("li", {
      id: "file-" + index, role: "option", class: "file", "aria-selected": "false", "data-index": String(index),
      style: `padding-left: ${0.5 + depth * 1.1}em`, text: file.path.split("/").pop(), title: file.path,
      onclick: () => show(body.files, index),
    });
    list.append(item);
  });
  const readme = body.files.findIndex((f) => f.path === "README.md");
  show(body.files, readme >= 0 ? readme : 0);
}

function show(files, index) {
  const file = files[index];
  for (const item of $("files").querySelectorAll("[role=option]")) {
    item.setAttribute("aria-selected", item.dataset.index === String(index) ? "true" : "false");
  }
  $("files").setAttribute("aria-activedescendant", "file-" + index);
  $("file-name").textContent = `${file.path}  (${file.size} bytes, mode ${file.mode.toString(8)})`;
  const code = $("file-code");
  code.replaceChildren(...highlight(file.binary ? "(binary file)" : file.text, file.path));
}

function moveIn(list, delta) {
  const items = [...list.querySelectorAll("[role=option]")];
  if (!items.length) return;
  let at = items.findIndex((item) => item.getAttribute("aria-selected") === "true");
  at = Math.max(0, Math.min(items.length - 1, at + delta));
  items[at].click();
  items[at].scrollIntoView({block: "nearest"});
}

// Simple highlighting: comments, strings, numbers and a few keywords, by file type. Text is only ever
// set with textContent, so a project name or description can never become markup.
const KEYWORDS = {
  py: /\b(?:def|class|return|import|from|as|async|await|if|else|elif|for|in|while|with|try|except|raise|None|True|False|lambda|yield|pass)\b/,
  toml: /^\s*\[[^\]]*\]/,
  yaml: /^\s*[\w.-]+(?=:)/,
  docker: /^(?:FROM|RUN|COPY|WORKDIR|ENV|ARG|USER|EXPOSE|CMD|ENTRYPOINT|HEALTHCHECK|LABEL)\b/,
  md: /^#+ .*$/,
  conf: /\b(?:server|location|listen|proxy_pass|upstream|include)\b/,
};

function kindOf(path) {
  const name = path.split("/").pop();
  if (name === "Dockerfile") return "docker";
  const ext = name.includes(".") ? name.split(".").pop() : "";
  return {py: "py", toml: "toml", yml: "yaml", yaml: "yaml", md: "md", conf: "conf", template: "conf",
          cfg: "toml", ini: "toml", json: "yaml"}[ext] || "plain";
}

function highlight(text, path) {
  const kind = kindOf(path);
  const keyword = KEYWORDS[kind];
  const comment = kind === "md" ? null : /#.*$/;
  const token = /("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(\b\d+(?:\.\d+)?\b)/g;
  const out = [];
  for (const line of text.split("\n")) {
    let rest = line;
    let tail = null;
    if (comment) {
      const match = findComment(line);
      if (match >= 0) {
        rest = line.slice(0, match);
        tail = el("span", {class: "tok-comment", text: line.slice(match)});
      }
    }
    if (keyword && (kind === "md" || kind === "toml" || kind === "yaml" || kind === "docker")) {
      const head = rest.match(keyword);
      if (head && head.index === 0) {
        out.push(el("span", {class: "tok-key", text: head[0]}));
        rest = rest.slice(head[0].length);
      }
    }
    let last = 0;
    for (const m of rest.matchAll(token)) {
      pushWords(out, rest.slice(last, m.index), kind === "py" || kind === "conf" ? keyword : null);
      out.push(el("span", {class: m[1] ? "tok-string" : "tok-number", text: m[0]}));
      last = m.index + m[0].length;
    }
    pushWords(out, rest.slice(last), kind === "py" || kind === "conf" ? keyword : null);
    if (tail) out.push(tail);
    out.push(document.createTextNode("\n"));
  }
  out.pop();
  return out;
}

function findComment(line) {
  // A # outside quotes starts a comment.
  let quote = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "#") return i;
  }
  return -1;
}

function pushWords(out, text, keyword) {
  if (!text) return;
  if (!keyword) {
    out.push(document.createTextNode(text));
    return;
  }
  const global = new RegExp(keyword.source, "g");
  let last = 0;
  for (const m of text.matchAll(global)) {
    out.push(document.createTextNode(text.slice(last, m.index)));
    out.push(el("span", {class: "tok-key", text: m[0]}));
    last = m.index + m[0].length;
  }
  out.push(document.createTextNode(text.slice(last)));
}

// --- Wiring ------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  for (const node of document.querySelectorAll(".origin")) node.textContent = location.origin;
  $("explore").addEventListener("click", () => {
    const panel = $("explorer");
    panel.hidden = !panel.hidden;
    $("explore").setAttribute("aria-expanded", String(!panel.hidden));
    if (!panel.hidden) explore().then(() => $("files").focus());
  });
  $("files").addEventListener("keydown", (event) => {
    const moves = {ArrowDown: 1, ArrowUp: -1, Home: -1e9, End: 1e9};
    if (event.key in moves) {
      event.preventDefault();
      moveIn($("files"), moves[event.key]);
    }
  });
  $("share").addEventListener("focus", (event) => event.target.select());
  for (const id of ["download", "download-tgz"]) {
    $(id).addEventListener("click", (event) => {
      if ($(id).getAttribute("aria-disabled") === "true") {
        event.preventDefault();
        $("status").textContent = "Fix the answers marked in red before downloading.";
      }
    });
  }
  window.addEventListener("hashchange", () => {
    fromHash();
    refresh();
  });
  fromHash();
  refresh();
});
