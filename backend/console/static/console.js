// Staff console: live refresh through server-sent events, and the takeover actions through the JSON API
// (the session cookie authenticates both).
(() => {
  "use strict";
  const flash = document.getElementById("flash");

  function say(text) {
    flash.textContent = text;
    flash.hidden = !text;
  }

  async function api(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
      credentials: "same-origin",
    });
    if (response.status === 401) { window.location.href = "/console/login"; return null; }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const detail = Array.isArray(data.detail) ? data.detail.map((d) => d.msg).join("; ") : data.detail;
      throw new Error(detail || "No se pudo completar la acción.");
    }
    say("");
    return data;
  }

  async function refresh(element) {
    const response = await fetch(element.dataset.refresh, { credentials: "same-origin" });
    if (response.ok) element.innerHTML = await response.text();
  }

  // A part of the page that someone is typing in is refreshed once they leave it, so nothing typed is lost.
  const editing = (element) => "keepWhileEditing" in element.dataset && element.contains(document.activeElement)
    && document.activeElement.matches("input, textarea, select");

  const streams = new Map();  // one event stream per URL, shared by whatever follows it on the page
  function stream(source) {
    if (!streams.has(source)) streams.set(source, new EventSource(source));
    return streams.get(source);
  }

  function live(source, elements, after) {
    if (!source) return;
    const events = stream(source);
    const update = async () => {
      for (const element of elements) {
        if (editing(element)) {
          element.addEventListener("focusout", () => setTimeout(update, 0), { once: true });
          return;
        }
        await refresh(element);
      }
      if (after) after();
    };
    events.addEventListener("change", update);
  }

  // Inbox -------------------------------------------------------------------------------------------
  const inbox = document.getElementById("inbox");
  if (inbox) live(inbox.dataset.events, [inbox]);

  // One conversation --------------------------------------------------------------------------------
  const page = document.querySelector(".conversation");
  if (page) {
    const id = page.dataset.conversation;
    const base = "/api/conversations/" + id;
    const transcript = document.getElementById("transcript");
    const status = document.getElementById("status");
    const composer = document.getElementById("composer");

    const scrollDown = () => { transcript.scrollTop = transcript.scrollHeight; };
    const markRead = () => {  // only what was on screen: a hidden tab reads nothing
      if (document.visibilityState !== "visible") return;
      fetch(base + "/read", { method: "POST", credentials: "same-origin" }).catch(() => {});
    };
    document.addEventListener("visibilitychange", markRead);
    const syncComposer = () => {
      const mine = document.getElementById("can-write").dataset.mine === "yes";
      composer.querySelectorAll("textarea, button").forEach((el) => { el.disabled = !mine; });
      composer.querySelector("textarea").placeholder = mine
        ? "Escribe al cliente…" : "Toma la conversación para escribir al cliente.";
    };
    const act = async (run) => {
      try { await run(); await refresh(status); await refresh(transcript); syncComposer(); scrollDown(); }
      catch (error) { say(error.message); }
    };

    status.addEventListener("click", (event) => {
      const action = event.target.dataset.action;
      if (action === "takeover") act(() => api("POST", base + "/takeover"));
      if (action === "giveback") act(() => api("POST", base + "/giveback"));
    });
    status.addEventListener("submit", (event) => {
      event.preventDefault();
      const userId = Number(new FormData(event.target).get("user_id"));
      act(() => api("POST", base + "/assign", { user_id: userId }));
    });
    composer.addEventListener("submit", (event) => {
      event.preventDefault();
      const box = composer.querySelector("textarea");
      const text = box.value.trim();
      if (!text) return;
      act(async () => { await api("POST", base + "/messages", { text }); box.value = ""; });
    });
    composer.querySelector("textarea").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); composer.requestSubmit(); }
    });
    const leadForm = document.getElementById("lead-form");
    if (leadForm) {
      leadForm.addEventListener("submit", (event) => {
        event.preventDefault();
        const changes = {};
        for (const [name, value] of new FormData(leadForm)) if (value.trim()) changes[name] = value.trim();
        act(async () => { await api("PATCH", base + "/lead", changes); say("Datos guardados."); });
      });
    }
    const noteForm = document.getElementById("note-form");
    noteForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const box = noteForm.querySelector("textarea");
      const text = box.value.trim();
      if (!text) return;
      act(async () => { await api("POST", base + "/notes", { text }); box.value = ""; });
    });
    const staffFile = document.getElementById("staff-file");
    staffFile.addEventListener("change", () => {
      const [file] = staffFile.files;
      staffFile.value = "";
      if (!file) return;
      const box = composer.querySelector("textarea");
      const data = new FormData();
      data.append("file", file);
      data.append("caption", box.value.trim());
      act(async () => {
        const response = await fetch(base + "/attachments", { method: "POST", body: data, credentials: "same-origin" });
        const answer = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(answer.detail || "No se pudo enviar el archivo.");
        box.value = "";
      });
    });
    cannedReplies(composer.querySelector("textarea"));
    syncComposer();
    scrollDown();
    markRead();
    live(page.dataset.events, [status, transcript], () => { syncComposer(); scrollDown(); markRead(); });
  }

  // Ready answers: "/" then the shortcut; arrows choose, Enter or Tab inserts, Escape closes.
  function cannedReplies(box) {
    const list = document.getElementById("canned-list");
    const replies = JSON.parse(document.getElementById("canned-replies").textContent);
    let shown = [];
    let chosen = 0;
    const close = () => { list.hidden = true; shown = []; };
    const insert = (reply) => { box.value = reply.text; close(); box.focus(); };
    const render = () => {
      list.replaceChildren(...shown.map((reply, index) => {
        const item = document.createElement("li");
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", String(index === chosen));
        item.innerHTML = "<b></b><span></span>";
        item.querySelector("b").textContent = "/" + reply.shortcut;
        item.querySelector("span").textContent = reply.text.length > 80 ? reply.text.slice(0, 79) + "…" : reply.text;
        item.addEventListener("mousedown", (event) => { event.preventDefault(); insert(reply); });
        return item;
      }));
      list.hidden = shown.length === 0;
    };
    box.addEventListener("input", () => {
      const match = /^\/([\w-]*)$/.exec(box.value);
      if (!match) { close(); return; }
      const typed = match[1].toLowerCase();
      shown = replies.filter((reply) => reply.shortcut.startsWith(typed) || reply.text.toLowerCase().includes(typed));
      chosen = 0;
      render();
      if (!shown.length && !replies.length) say("Todavía no hay respuestas rápidas: un supervisor las crea en «Respuestas».");
    });
    box.addEventListener("keydown", (event) => {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        chosen = (chosen + (event.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
        render();
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        event.stopImmediatePropagation();
        insert(shown[chosen]);
      } else if (event.key === "Escape") {
        close();
      }
    }, true);
  }

  // What needs a person: the tab title counts it; a sound and a browser notification announce what is new.
  const alertsSource = document.body.dataset.attention;
  if (alertsSource) {
    const baseTitle = document.title;
    const toggle = document.getElementById("alerts-toggle");
    let known = null;
    const beep = () => {
      try {
        const audio = new (window.AudioContext || window.webkitAudioContext)();
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = 880;
        gain.gain.setValueAtTime(0.15, audio.currentTime);
        gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.4);
        tone.connect(gain).connect(audio.destination);
        tone.start();
        tone.stop(audio.currentTime + 0.4);
      } catch (error) { /* no sound in this browser */ }
    };
    const announce = (title, body, conversationId) => {
      beep();
      if (!("Notification" in window) || Notification.permission !== "granted") return;
      const notice = new Notification(title, { body, tag: conversationId });
      notice.onclick = () => { window.focus(); window.location.href = "/console/conversations/" + conversationId; };
    };
    const check = async () => {
      const response = await fetch(alertsSource, { credentials: "same-origin" });
      if (!response.ok) return;
      const now = await response.json();
      document.title = (now.count ? `(${now.count}) ` : "") + baseTitle;
      if (known) {
        for (const wanting of now.wanting) {
          if (!known.wanting.has(wanting.conversation_id)) {
            announce("🙋 Un cliente pide un asesor", wanting.title, wanting.conversation_id);
          }
        }
        for (const [id, unread] of Object.entries(now.mine_unread)) {
          if (unread > (known.mine[id] || 0)) announce("💬 Nuevo mensaje de tu cliente", "Te escribió en una conversación que atiendes.", id);
        }
      }
      known = { wanting: new Set(now.wanting.map((w) => w.conversation_id)), mine: now.mine_unread };
    };
    check();
    stream("/console/events").addEventListener("change", check);
    if (toggle && "Notification" in window) {
      const sync = () => {
        toggle.hidden = Notification.permission !== "default";
      };
      toggle.addEventListener("click", async () => { await Notification.requestPermission(); sync(); });
      sync();
    }
  }

  // Collections: deposits queue and bank statement --------------------------------------------------
  const statementForm = document.getElementById("statement-import");
  if (statementForm) {
    statementForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const response = await fetch("/api/payments/statements", {
        method: "POST", body: new FormData(statementForm), credentials: "same-origin",
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) { say(data.detail || "No se pudo importar el extracto."); return; }
      const result = document.getElementById("statement-result");
      result.textContent = `Importadas ${data.added} líneas, ${data.skipped} ya estaban.` +
        (data.errors.length ? " No se pudieron leer: " + data.errors.join(" · ") : "");
      result.hidden = false;
      if (data.added) setTimeout(() => window.location.reload(), 1500);
    });
  }
  const deposits = document.getElementById("deposits");
  if (deposits) {
    live(deposits.dataset.events, [deposits]);
    deposits.addEventListener("submit", async (event) => {
      const form = event.target.closest("form[data-amend]");
      if (!form) return;
      event.preventDefault();
      const changes = Object.fromEntries([...new FormData(form)].filter(([, value]) => value !== ""));
      try { await api("PATCH", "/api/payments/" + form.dataset.amend, changes); window.location.reload(); }
      catch (error) { say(error.message); }
    });
    deposits.addEventListener("click", async (event) => {
      const confirm = event.target.closest("[data-confirm]");
      const reject = event.target.closest("[data-reject]");
      const use = event.target.closest("[data-use-proposal]");
      if (use) {  // the fields read on the receipt go into the form; the clerk checks them and saves
        const proposal = use.closest("[data-proposal]");
        const form = deposits.querySelector(`form[data-amend="${use.dataset.useProposal}"]`);
        for (const name of ["amount_bs", "deposit_date", "deposit_number", "depositor_name"]) {
          if (proposal.dataset[name]) form.elements[name].value = proposal.dataset[name];
        }
        form.elements.amount_bs.focus();
      } else if (confirm) {
        confirm.disabled = true;
        const line = confirm.dataset.line ? Number(confirm.dataset.line) : null;
        try { await api("POST", "/api/payments/" + confirm.dataset.confirm + "/confirm", { statement_line_id: line }); window.location.reload(); }
        catch (error) { say(error.message); confirm.disabled = false; }
      } else if (reject) {
        const reason = window.prompt("¿Por qué se rechaza? El cliente leerá este motivo.");
        if (!reason) return;
        try { await api("POST", "/api/payments/" + reject.dataset.reject + "/reject", { reason }); window.location.reload(); }
        catch (error) { say(error.message); }
      }
    });
  }

  // Installations calendar ------------------------------------------------------------------------
  document.querySelectorAll("form.visit-done").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api("POST", "/api/installations/visits/" + form.dataset.visit + "/done", Object.fromEntries(new FormData(form)));
        window.location.reload();
      } catch (error) { say(error.message); }
    });
  });
  document.querySelectorAll("[data-visit-failed]").forEach((button) => {
    button.addEventListener("click", async () => {
      const reason = window.prompt("¿Por qué no se pudo instalar?");
      if (!reason) return;
      try { await api("POST", "/api/installations/visits/" + button.dataset.visitFailed + "/failed", { reason }); window.location.reload(); }
      catch (error) { say(error.message); }
    });
  });
  document.querySelectorAll("[data-visit-cancel]").forEach((button) => {
    button.addEventListener("click", async () => {
      if (!window.confirm("¿Cancelar esta visita? El cliente recibirá un aviso.")) return;
      try { await api("POST", "/api/installations/visits/" + button.dataset.visitCancel + "/cancel"); window.location.reload(); }
      catch (error) { say(error.message); }
    });
  });
  document.querySelectorAll(".reschedule").forEach((box) => {
    box.querySelector("[data-load-openings]").addEventListener("click", async () => {
      try {
        const openings = await api("GET", "/api/installations/orders/" + box.dataset.order + "/openings");
        const select = document.createElement("select");
        select.setAttribute("aria-label", "Nueva fecha");
        for (const opening of openings) select.add(new Option(opening.label, opening.starts_at));
        const move = document.createElement("button");
        move.type = "button";
        move.textContent = "Mover visita";
        move.addEventListener("click", async () => {
          try {
            await api("POST", "/api/installations/visits/" + box.dataset.visit + "/reschedule", { starts_at: select.value });
            window.location.reload();
          } catch (error) { say(error.message); }
        });
        box.replaceChildren(select, move);
      } catch (error) { say(error.message); }
    });
  });
  const newCrew = document.getElementById("new-crew");
  if (newCrew) {
    newCrew.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = new FormData(newCrew);
      const body = { name: data.get("name"), working_hours: data.get("working_hours"), zone_ids: data.getAll("zone_ids").map(Number) };
      try { await api("POST", "/api/installations/crews", body); window.location.reload(); } catch (error) { say(error.message); }
    });
  }
  const newClosure = document.getElementById("new-closure");
  if (newClosure) {
    newClosure.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(newClosure));
      if (!data.crew_id) delete data.crew_id; else data.crew_id = Number(data.crew_id);
      try { await api("POST", "/api/installations/closures", data); say("Día cerrado para instalaciones."); } catch (error) { say(error.message); }
    });
  }

  // Lead follow-up, re-entry and referrers ---------------------------------------------------------
  const reloadAfter = async (run) => {
    try { await run(); window.location.reload(); } catch (error) { say(error.message); }
  };
  const fields = (form) => Object.fromEntries([...new FormData(form)].filter(([, value]) => value !== ""));
  document.querySelectorAll("[data-attempt]").forEach((button) => {
    button.addEventListener("click", () => reloadAfter(() =>
      api("POST", "/api/pipeline/leads/" + button.dataset.id + "/attempts", { result: button.dataset.attempt })));
  });
  document.querySelectorAll("form[data-move]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      reloadAfter(() => api("POST", "/api/pipeline/leads/" + form.dataset.move + "/stage", fields(form)));
    });
  });
  document.querySelectorAll("form[data-quote]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      reloadAfter(() => api("POST", "/api/pipeline/leads/" + form.dataset.quote + "/quotes", fields(form)));
    });
  });
  document.querySelectorAll("form[data-assign]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const userId = Number(new FormData(form).get("user_id"));
      reloadAfter(() => api("POST", "/api/pipeline/leads/" + form.dataset.assign + "/assignment", { user_id: userId }));
    });
  });
  document.querySelectorAll("form[data-review]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      reloadAfter(() => api("POST", "/api/learning/misreadings/" + form.dataset.review + "/review", fields(form)));
    });
  });
  document.querySelectorAll("[data-dismiss]").forEach((button) => {
    button.addEventListener("click", () => reloadAfter(() =>
      api("POST", "/api/learning/misreadings/" + button.dataset.dismiss + "/review", { intent: null })));
  });
  document.querySelectorAll("[data-retrain]").forEach((button) => {
    button.addEventListener("click", () => reloadAfter(() => api("POST", "/api/learning/retrainings")));
  });
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-misread]");
    if (!button) return;
    try {
      await api("POST", "/api/learning/messages/" + button.dataset.misread + "/misread");
      button.textContent = "Marcado";
      button.disabled = true;
    } catch (error) { say(error.message); }
  });
  const notices = document.getElementById("notifications");
  if (notices) {
    live(notices.dataset.events, [notices]);
    notices.addEventListener("click", async (event) => {
      const button = event.target.closest("[data-read]");
      if (!button) return;
      try { await api("POST", "/api/notifications/" + button.dataset.read + "/read"); await refresh(notices); }
      catch (error) { say(error.message); }
    });
  }
  document.querySelectorAll("[data-pass]").forEach((button) => {
    button.addEventListener("click", () => reloadAfter(() => api("POST", "/api/backoffice/checks/" + button.dataset.pass + "/pass")));
  });
  document.querySelectorAll("form[data-return]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      reloadAfter(() => api("POST", "/api/backoffice/checks/" + form.dataset.return + "/return", fields(form)));
    });
  });
  document.querySelectorAll("[data-reenter]").forEach((button) => {
    button.addEventListener("click", () => reloadAfter(() => api("POST", "/api/orders/" + button.dataset.reenter + "/reenter")));
  });
  document.querySelectorAll("[data-resume-zone]").forEach((button) => {
    button.addEventListener("click", () => {
      const leadIds = button.dataset.leads.split(",").map(Number);
      reloadAfter(() => api("POST", `/api/coverage/zones/${button.dataset.resumeZone}/waiting/resume`, { lead_ids: leadIds }));
    });
  });
  for (const [id, url] of [["new-lead", "/api/pipeline/leads"], ["new-referrer", "/api/referrers"]]) {
    const form = document.getElementById(id);
    if (form) form.addEventListener("submit", (event) => {
      event.preventDefault();
      reloadAfter(() => api("POST", url, fields(form)));
    });
  }

  // Ready answers (supervisors) -------------------------------------------------------------------
  const newCanned = document.getElementById("new-canned");
  if (newCanned) newCanned.addEventListener("submit", (event) => {
    event.preventDefault();
    reloadAfter(() => api("POST", "/api/canned-replies", fields(newCanned)));
  });
  document.querySelectorAll("form[data-canned]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      reloadAfter(() => api("PUT", "/api/canned-replies/" + form.dataset.canned, fields(form)));
    });
  });
  document.querySelectorAll("[data-canned-delete]").forEach((button) => {
    button.addEventListener("click", () => {
      if (window.confirm("¿Borrar esta respuesta rápida?")) {
        reloadAfter(() => api("DELETE", "/api/canned-replies/" + button.dataset.cannedDelete));
      }
    });
  });

  // Users (admins) ----------------------------------------------------------------------------------
  const stockLine = document.getElementById("stock-line");
  if (stockLine) {
    stockLine.addEventListener("submit", (event) => {
      event.preventDefault();
      const line = fields(stockLine);
      for (const key of ["coverage_zone_id", "available", "preference"]) if (key in line) line[key] = Number(line[key]);
      reloadAfter(() => api("PUT", "/api/stock", line));
    });
  }
  const newUser = document.getElementById("new-user");
  if (newUser) {
    newUser.addEventListener("submit", async (event) => {
      event.preventDefault();
      try {
        await api("POST", "/api/users", Object.fromEntries(new FormData(newUser)));
        window.location.reload();
      } catch (error) { say(error.message); }
    });
    document.querySelectorAll("form[data-edit-user]").forEach((form) => {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        const data = new FormData(form);
        const cities = String(data.get("cities") || "").split(",").map((city) => city.trim()).filter(Boolean);
        const body = { role: data.get("role"), cities, is_active: data.get("is_active") === "on" };
        reloadAfter(() => api("PATCH", "/api/users/" + form.dataset.editUser, body));
      });
    });
    document.querySelectorAll("[data-reset-password]").forEach((button) => {
      button.addEventListener("click", () => {
        const password = window.prompt(`Nueva contraseña para ${button.dataset.name} (al menos 10 caracteres):`);
        if (!password) return;
        reloadAfter(() => api("PATCH", "/api/users/" + button.dataset.resetPassword, { password }));
      });
    });
  }
})();
