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

  function live(run, now) {
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
    if (now) tick(); else schedule();
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

  var rates = document.getElementById("rates");
  if (rates) drawRates(rates);

  /* The Traffic chart: each poll's answered requests per vendor and status class, divided by the seconds
     since the previous poll, drawn as one small SVG line chart per vendor (no library). */
  function drawRates(root) {
    var SVG = "http://www.w3.org/2000/svg";
    var W = 600, H = 120;
    var classes = root.getAttribute("data-classes").split(",");
    var keep = parseInt(root.getAttribute("data-samples"), 10) || 60;
    var cursor = "";
    var last = null;
    var charts = {};

    function svg(name, attrs) {
      var node = document.createElementNS(SVG, name);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      return node;
    }

    function chart(vendor) {
      if (charts[vendor]) return charts[vendor];
      var figure = document.createElement("figure");
      figure.className = "rate-chart";
      figure.setAttribute("data-vendor", vendor);
      var caption = document.createElement("figcaption");
      var name = document.createElement("strong");
      name.textContent = vendor;
      caption.appendChild(name);
      var now = document.createElement("span");
      now.className = "rate-now";
      caption.appendChild(now);
      var plot = svg("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", role: "img",
                              "aria-label": vendor + ": requests per second, by class of answer" });
      plot.appendChild(svg("line", { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, "class": "rate-axis" }));
      var top = svg("text", { x: 4, y: 12, "class": "rate-max" });
      plot.appendChild(top);
      var lines = {};
      classes.forEach(function (c) {
        lines[c] = svg("polyline", { "class": "rate-line rate-" + c, "data-class": c, points: "" });
        plot.appendChild(lines[c]);
      });
      var totals = document.createElement("p");
      totals.className = "rate-totals";
      var seen = {};
      classes.forEach(function (c) {
        var item = document.createElement("span");
        item.className = "rate-" + c;
        item.appendChild(document.createTextNode(c + " "));
        var n = document.createElement("b");
        n.setAttribute("data-total", c);
        n.textContent = "0";
        item.appendChild(n);
        totals.appendChild(item);
        seen[c] = n;
      });
      figure.appendChild(caption);
      figure.appendChild(plot);
      figure.appendChild(totals);
      root.appendChild(figure);
      charts[vendor] = { samples: [], lines: lines, top: top, now: now, totals: seen, sums: {} };
      return charts[vendor];
    }

    function render(c) {
      var most = 1;
      c.samples.forEach(function (s) { classes.forEach(function (k) { most = Math.max(most, s[k]); }); });
      var scale = Math.pow(10, Math.floor(Math.log10(most)));
      most = Math.ceil(most / scale) * scale;
      c.top.textContent = most + " req/s";
      var step = W / Math.max(1, keep - 1);
      var offset = keep - c.samples.length;
      classes.forEach(function (k) {
        c.lines[k].setAttribute("points", c.samples.map(function (s, i) {
          return ((offset + i) * step).toFixed(1) + "," + (H - 1 - (s[k] / most) * (H - 16)).toFixed(1);
        }).join(" "));
      });
      var latest = c.samples[c.samples.length - 1] || {};
      var total = 0;
      classes.forEach(function (k) { total += latest[k] || 0; });
      c.now.textContent = " " + total.toFixed(1) + " req/s";
    }

    live(function () {
      var feed = root.getAttribute("data-feed");
      var url = feed + (feed.indexOf("?") >= 0 ? "&" : "?") + "cursor=" + encodeURIComponent(cursor);
      return fetchJson(url).then(function (data) {
        var at = performance.now();
        var seconds = last === null ? null : Math.max(0.001, (at - last) / 1000);
        last = at;
        cursor = Object.keys(data.cursor).map(function (k) { return k + ":" + data.cursor[k]; }).join(",");
        Object.keys(data.counts).forEach(function (vendor) {
          var c = chart(vendor);
          var counts = data.counts[vendor];
          var sample = {};
          classes.forEach(function (k) {
            var n = counts[k] || 0;
            c.sums[k] = (c.sums[k] || 0) + n;
            c.totals[k].textContent = String(c.sums[k]);
            sample[k] = seconds === null ? 0 : n / seconds;
          });
          c.samples.push(sample);
          if (c.samples.length > keep) c.samples.shift();
          render(c);
        });
      });
    }, true);
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
