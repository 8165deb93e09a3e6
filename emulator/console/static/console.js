/* lms-emulator console: copy buttons, and live polling for Traffic and Limits. No dependencies. */
(function () {
  "use strict";
  var pollMs = parseInt(document.body.getAttribute("data-poll-ms"), 10) || 1000;

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var code = button.parentElement.querySelector("code");
    var text = code ? code.textContent : "";
    var done = function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { selectText(code); });
    } else {
      selectText(code);
      try { document.execCommand("copy"); done(); } catch (e) { /* the text stays selected */ }
    }
  });

  function selectText(node) {
    if (!node) return;
    var range = document.createRange();
    range.selectNodeContents(node);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function cell(text, className) {
    var td = document.createElement("td");
    if (className) td.className = className;
    if (text !== null && text !== undefined) td.textContent = String(text);
    return td;
  }

  function isoTime(epoch) {
    return new Date(epoch * 1000).toISOString().replace("T", " ").replace("Z", " UTC");
  }

  function live(run) {
    var toggle = document.getElementById("live-toggle");
    var status = document.getElementById("live-status");
    var paused = false;
    var timer = null;
    function schedule() { timer = setTimeout(tick, pollMs); }
    function tick() {
      if (paused) return;
      run().then(function () {
        if (status && status.getAttribute("data-error")) { status.textContent = ""; status.removeAttribute("data-error"); }
      }, function () {
        if (status) { status.textContent = "Live updates interrupted; retrying."; status.setAttribute("data-error", "1"); }
      }).then(schedule);
    }
    if (toggle) {
      toggle.addEventListener("click", function () {
        paused = !paused;
        toggle.setAttribute("aria-pressed", String(!paused));
        toggle.textContent = paused ? "Resume live updates" : "Pause live updates";
        if (status) status.textContent = paused ? "Live updates paused." : "Live updates on.";
        clearTimeout(timer);
        if (!paused) tick();
      });
    }
    schedule();
    return status;
  }

  function fetchJson(url) {
    return fetch(url, { headers: { "Accept": "application/json" }, cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    });
  }

  var traffic = document.getElementById("traffic");
  if (traffic) {
    var body = traffic.tBodies[0];
    var base = traffic.getAttribute("data-entry-base");
    var cursor = traffic.getAttribute("data-cursor");
    var seen = {};
    Array.prototype.forEach.call(body.rows, function (row) { seen[row.getAttribute("data-key")] = true; });
    var status = live(function () {
      var feed = traffic.getAttribute("data-feed");
      var url = feed + (feed.indexOf("?") >= 0 ? "&" : "?") + "cursor=" + encodeURIComponent(cursor);
      return fetchJson(url).then(function (data) {
        cursor = Object.keys(data.cursor).map(function (k) { return k + ":" + data.cursor[k]; }).join(",");
        var added = 0;
        data.rows.forEach(function (r) {
          var key = r.vendor + ":" + r.id;
          if (seen[key]) return;
          seen[key] = true;
          added += 1;
          var tr = document.createElement("tr");
          tr.setAttribute("data-key", key);
          tr.className = "new";
          tr.appendChild(cell(isoTime(r.time)));
          tr.appendChild(cell(r.vendor));
          tr.appendChild(cell(r.tenant || "—"));
          tr.appendChild(cell(r.method));
          var pathCell = cell(null, "path");
          var link = document.createElement("a");
          link.href = base + encodeURIComponent(r.vendor) + "/" + r.id;
          link.textContent = r.path + (r.query ? "?" + r.query : "");
          pathCell.appendChild(link);
          tr.appendChild(pathCell);
          var statusCell = cell(null);
          var span = document.createElement("span");
          span.className = "status s" + Math.floor((r.status || 0) / 100) + "xx";
          span.textContent = String(r.status);
          statusCell.appendChild(span);
          tr.appendChild(statusCell);
          tr.appendChild(cell(r.duration_ms));
          var notes = cell(null);
          if (r.hint) { var h = document.createElement("span"); h.className = "tag tag-hint"; h.textContent = "hint"; notes.appendChild(h); }
          if (r.fault) { var f = document.createElement("span"); f.className = "tag tag-fault"; f.textContent = "fault"; notes.appendChild(f); }
          tr.appendChild(notes);
          body.insertBefore(tr, body.firstChild);
        });
        while (body.rows.length > 200) body.deleteRow(body.rows.length - 1);
        if (added) {
          var empty = document.getElementById("traffic-empty");
          if (empty) empty.remove();
          if (status) status.textContent = added + (added === 1 ? " new request." : " new requests.");
        }
      });
    });
  }

  var limits = document.getElementById("limits");
  if (limits) {
    live(function () {
      return fetchJson(limits.getAttribute("data-feed")).then(function (data) {
        data.vendors.forEach(function (v) {
          if (v.error) return;
          var clock = document.getElementById("clock-" + v.vendor);
          if (clock) clock.textContent = isoTime(v.now);
          var frozen = document.getElementById("frozen-" + v.vendor);
          if (frozen) frozen.hidden = !v.clock.frozen;
          v.tenants.forEach(function (t) {
            t.windows.forEach(function (w) {
              var box = limits.querySelector('[data-window="' + CSS.escape(v.vendor + "/" + t.name + "/" + w.window) + '"]');
              if (!box) return;
              var meter = box.querySelector("meter");
              meter.value = w.used;
              meter.textContent = w.used + " of " + w.limit;
              box.querySelector(".used").textContent = w.used;
              box.querySelector(".remaining").textContent = w.remaining;
              box.querySelector(".resets").textContent = w.resets_in;
            });
          });
        });
      });
    });
  }
}());
