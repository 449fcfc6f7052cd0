// Web chat page: sends what the customer types, presses or shares to POST /webchat/messages
// (files to POST /webchat/files) and shows the assistant's replies, with quick replies as buttons.
(() => {
  "use strict";
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const SENDER_KEY = "venta.sender_id";
  const SESSION_KEY = "venta.session";  // the conversation's session, also kept by the browser as a cookie

  function newId() {
    return crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
  }

  function senderId() {
    let id = localStorage.getItem(SENDER_KEY);
    if (!id) {
      id = "web-" + newId();
      localStorage.setItem(SENDER_KEY, id);
    }
    return id;
  }

  // Sent again once if the network fails: the message id makes the server answer it only once.
  async function post(url, init) {
    const session = localStorage.getItem(SESSION_KEY);
    const headers = { ...(init.headers || {}), ...(session ? { "X-Webchat-Session": session } : {}) };
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetch(url, { method: "POST", ...init, headers });
      } catch (error) {
        if (attempt >= 1) throw error;
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
    }
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  // WhatsApp-style emphasis (*bold*, _italic_), links and line breaks.
  function format(text) {
    return escapeHtml(text)
      .replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}" target="_blank" rel="noopener">${url}</a>`)
      .replace(/\*([^*\n]+)\*/g, "<strong>$1</strong>")
      .replace(/(^|\s)_([^_\n]+)_/g, "$1<em>$2</em>")
      .replace(/\n/g, "<br>");
  }

  function add(kind, html) {
    const item = document.createElement("li");
    item.className = "msg msg--" + kind;
    item.innerHTML = html;
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function addButtons(buttons) {
    const row = document.createElement("li");
    row.className = "buttons";
    for (const button of buttons) {
      const el = document.createElement("button");
      el.type = "button";
      el.textContent = button.title;
      el.addEventListener("click", () => {
        row.querySelectorAll("button").forEach((b) => (b.disabled = true));
        send({ pressed: button.ref, button_title: button.title }, button.title);
      });
      row.appendChild(el);
    }
    log.appendChild(row);
    log.scrollTop = log.scrollHeight;
  }

  function send(body, shown) {
    const ref = new URLSearchParams(window.location.search).get("ref");
    const json = JSON.stringify({ sender_id: senderId(), message_id: newId(), ...(ref ? { referral_code: ref } : {}), ...body });
    return deliver("/webchat/messages", { headers: { "Content-Type": "application/json" }, body: json }, shown);
  }

  function upload(file) {
    const data = new FormData();
    data.append("sender_id", senderId());
    data.append("message_id", newId());
    data.append("file", file);
    return deliver("/webchat/files", { body: data }, "📎 " + file.name);
  }

  async function deliver(url, init, shown) {
    if (shown) add("me", escapeHtml(shown));
    const typing = add("bot", "<span class='typing'>escribiendo…</span>");
    try {
      const response = await post(url, init);
      const data = await response.json();
      typing.remove();
      if (response.status === 403) {
        add("error", "Esta conversación se abrió en otro navegador. Pulsa «Nueva conversación» para empezar otra.");
        return;
      }
      if (!data.messages) throw new Error("sin respuesta");
      if (data.session) {
        localStorage.setItem(SESSION_KEY, data.session);
        if (!stream) listen();
      }
      for (const message of data.messages) show(message);
    } catch (error) {
      typing.remove();
      add("error", "No pudimos enviar tu mensaje. Revisa tu conexión e inténtalo de nuevo.");
    }
  }

  // A message of the assistant or of a member of staff (signed with their name), with its file and buttons.
  function show(message) {
    const staff = message.author === "staff";
    const name = message.sender ? escapeHtml(message.sender) + " · equipo de ventas" : "Equipo de ventas";
    const who = staff ? `<span class='msg__who'>${name}</span>` : "";
    let body = message.text ? format(message.text) : "";
    if (message.file) {
      const url = escapeHtml(message.file.url);
      const link = message.file.mime_type.startsWith("image/")
        ? `<a href="${url}" target="_blank" rel="noopener"><img class="msg__image" src="${url}" alt="${escapeHtml(message.file.filename)}"></a>`
        : `<a href="${url}" target="_blank" rel="noopener">📎 ${escapeHtml(message.file.filename)}</a>`;
      body = link + (body ? "<br>" + body : "");
    }
    if (body) add(staff ? "staff" : "bot", who + body);
    if (message.buttons && message.buttons.length) addButtons(message.buttons);
  }

  // What arrives outside an answer: an executive's messages, or the assistant's when it takes over again.
  let stream = null;
  function listen() {
    stream = new EventSource("/webchat/stream?sender_id=" + encodeURIComponent(senderId()));
    stream.onmessage = (event) => show(JSON.parse(event.data));
  }

  // Opened again: the conversation so far, from the server, and on from where the customer was.
  async function resume() {
    if (!localStorage.getItem(SENDER_KEY) || !localStorage.getItem(SESSION_KEY)) return false;
    try {
      const response = await fetch("/webchat/history?sender_id=" + encodeURIComponent(senderId()), {
        headers: { "X-Webchat-Session": localStorage.getItem(SESSION_KEY) },
      });
      if (!response.ok) return false;
      const { messages } = await response.json();
      if (!messages.length) return false;
      for (const message of messages) {
        if (message.author === "customer") add("me", escapeHtml(message.text));
        else show(message);
      }
      listen();
      return true;
    } catch (error) {
      return false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text }, text);
  });

  document.getElementById("share-location").addEventListener("click", () => {
    if (!navigator.geolocation) {
      add("error", "Tu navegador no permite compartir la ubicación. Escribe tu dirección o zona, por favor.");
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => send(
        { location: { latitude: position.coords.latitude, longitude: position.coords.longitude } },
        "📍 Ubicación compartida"
      ),
      () => add("error", "No pudimos obtener tu ubicación. Escribe tu dirección o zona, por favor.")
    );
  });

  const attachment = document.getElementById("attachment");
  attachment.addEventListener("change", () => {
    const [file] = attachment.files;
    attachment.value = "";
    if (file) upload(file);
  });

  document.getElementById("reset").addEventListener("click", () => {
    localStorage.removeItem(SENDER_KEY);
    localStorage.removeItem(SESSION_KEY);
    if (stream) stream.close();
    stream = null;
    log.innerHTML = "";
    send({ text: "hola" });
  });

  resume().then((resumed) => {
    if (!resumed) send({ text: "hola" });  // the stream opens once the conversation's session is known
  });
})();
