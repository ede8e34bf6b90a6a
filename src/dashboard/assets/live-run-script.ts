/**
 * The dashboard's one script, for a run's page: it follows the run's live event stream
 * (contract §8, through the dashboard's same-origin route) and adds each step to the
 * timeline as it happens; when the run ends it fetches the page again and swaps in the
 * parts that changed (status, actions, result, deliveries) until delivery has settled.
 * Without it the page still shows everything as of when it was loaded.
 *
 * Plain ES2020 in a string: it runs in the browser, not in the Worker, and is small enough
 * not to need a build step. Event payloads are TinyFish's `run-sse` vocabulary.
 */
export const LIVE_RUN_SCRIPT = `"use strict";
(function () {
  var live = document.getElementById("live");
  if (!live) return;
  var timeline = document.getElementById("timeline");
  var announcer = document.getElementById("live-status");
  var seenSteps = Number(live.getAttribute("data-steps-shown") || "0");

  function say(text) { if (announcer) announcer.textContent = text; }
  function timeText(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return "";
    return d.toISOString().replace("T", " ").replace(/\\.\\d+Z$/, " UTC");
  }
  function item(kind, title, detail, iso, tone) {
    var li = document.createElement("li");
    li.setAttribute("data-kind", kind);
    if (tone) li.className = "dot-" + tone;
    var what = document.createElement("span");
    what.className = "what";
    what.textContent = title;
    li.appendChild(what);
    if (detail) { li.appendChild(document.createTextNode(" " + detail)); }
    if (iso) {
      var when = document.createElement("time");
      when.className = "when";
      when.setAttribute("datetime", iso);
      when.textContent = timeText(iso);
      li.appendChild(when);
    }
    return li;
  }
  function setStatus(text) {
    var node = document.querySelector("[data-field=status]");
    if (node) node.textContent = text;
  }

  var refreshes = 0;
  function refresh() {
    refreshes += 1;
    fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var parts = document.querySelectorAll("[data-refresh]");
        for (var i = 0; i < parts.length; i++) {
          var replacement = fresh.getElementById(parts[i].id);
          if (replacement) parts[i].replaceWith(document.importNode(replacement, true));
        }
        var freshLive = fresh.getElementById("live");
        var settled = !freshLive || freshLive.getAttribute("data-delivery-settled") !== "false";
        if (!settled && refreshes < 30) window.setTimeout(refresh, 2000);
      })
      .catch(function () { if (refreshes < 30) window.setTimeout(refresh, 4000); });
  }

  var url = live.getAttribute("data-events");
  if (!url || typeof EventSource === "undefined") return;
  var source = new EventSource(url);
  source.onmessage = function (message) {
    var event;
    try { event = JSON.parse(message.data); } catch (e) { return; }
    switch (event.type) {
      case "STARTED":
        setStatus("Running");
        if (timeline && !timeline.querySelector("[data-kind=started]")) {
          timeline.appendChild(item("started", "Started", "", event.timestamp, "info"));
        }
        break;
      case "STREAMING_URL":
        var actions = document.getElementById("run-actions");
        var href = String(event.streaming_url || "");
        // Only an http(s) link, as the server draws it; and only once.
        var web = href.indexOf("https://") === 0 || href.indexOf("http://") === 0;
        if (actions && web && !actions.querySelector("[data-live-view]")) {
          var link = document.createElement("a");
          link.className = "button secondary";
          link.href = href;
          link.rel = "noreferrer";
          link.target = "_blank";
          link.setAttribute("data-live-view", "");
          link.textContent = "Watch live on TinyFish (opens a new tab)";
          actions.appendChild(link);
          say("TinyFish's live view is available.");
        }
        break;
      case "PROGRESS":
        if (typeof event.num_of_steps === "number" && event.num_of_steps <= seenSteps) break;
        seenSteps = typeof event.num_of_steps === "number" ? event.num_of_steps : seenSteps + 1;
        var label = "Step " + seenSteps;
        var purpose = event.purpose ? String(event.purpose) : "";
        if (timeline) timeline.appendChild(item("step", label, purpose, event.timestamp, "idle"));
        say(label + (purpose ? ": " + purpose : ""));
        break;
      case "COMPLETE":
        source.close();
        say("The run has finished" + (event.outcome ? ": " + String(event.outcome).replace("_", " ") : "") + ".");
        refresh();
        break;
    }
  };
  source.onerror = function () {
    // EventSource retries by itself; once closed (the run ended, or access is gone) it stops.
    if (source.readyState === EventSource.CLOSED) refresh();
  };
})();
`;
