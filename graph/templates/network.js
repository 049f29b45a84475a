/* Draws the network view from the JSON block #rg-data. Never builds HTML from data: labels go to the
   canvas, tooltips and the info box through innerText/textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var container = document.getElementById("rg-network");
  var info = document.getElementById("rg-info");
  var started = performance.now();
  var timings = { nodes: data.nodes.length };
  window.rgTimings = timings;

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.rgNetwork = network;
  var frozen = false;

  function fitView() {
    /* fit everything in, but never blow a small view up beyond life size */
    network.fit({ animation: false });
    if (network.getScale() > 1) network.moveTo({ scale: 1, animation: false });
  }
  function markLaidOut() {
    timings.laidOut = performance.now() - started;
    document.body.setAttribute("data-laid-out", "true");
  }
  function markStable() {
    if (document.body.getAttribute("data-state") === "stable") return;
    timings.stable = performance.now() - started;
    document.body.setAttribute("data-state", "stable");
  }
  function setFrozen(value) {
    frozen = value;
    network.setOptions({ physics: { enabled: !value } });
    var button = document.getElementById("rg-freeze");
    if (button) button.textContent = value ? "Resume layout" : "Freeze layout";
  }
  network.once("stabilizationIterationsDone", function () {
    timings.iterationsDone = performance.now() - started;
    fitView();
    markLaidOut();
    if (data.freeze) {
      setFrozen(true);
      network.once("afterDrawing", markStable);
      network.redraw();
    }
  });
  network.on("stabilized", function (params) {
    if (timings.stabilized === undefined) {
      timings.stabilized = performance.now() - started;
      timings.iterations = params && params.iterations;
      document.body.setAttribute("data-stabilized", "true");
    }
    markStable();
  });
  if (!data.options.physics || data.options.physics.enabled === false) {
    frozen = true;
    fitView();
    network.once("afterDrawing", function () { markLaidOut(); markStable(); });
    network.redraw();
  }

  function go(url) {
    /* Inside the app the view is a sandboxed srcdoc iframe that may not navigate the top page
       itself; a link placed in the (same-origin) app page and clicked there opens the page as a
       normal link would. Opened on its own, the view follows the link in place. */
    try {
      if (window.parent !== window && window.parent.document) {
        var doc = window.parent.document;
        var a = doc.createElement("a");
        a.href = url;
        a.target = "_self";
        a.style.display = "none";
        doc.body.appendChild(a);
        a.click();
        a.remove();
        return;
      }
    } catch (error) { /* a cross-origin parent: fall back to a plain link */ }
    window.location.href = url;
  }

  function showInfo(id) {
    var node = nodes.get(id);
    if (!node) { info.style.display = "none"; return; }
    info.textContent = node.info || node.label;
    info.style.display = "block";
  }

  network.on("click", function (params) {
    if (!params.nodes.length) { info.style.display = "none"; return; }
    var id = params.nodes[0];
    window.rgClicked = id;
    var url = data.links && data.links[id];
    if (url) { go(url); } else { showInfo(id); }
  });

  function downloadPng() {
    var source = container.getElementsByTagName("canvas")[0];
    if (!source) return;
    var ratio = source.width / Math.max(1, container.clientWidth);
    var pad = Math.round(16 * ratio), line = Math.round(26 * ratio);
    var font = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
    var out = document.createElement("canvas");
    var measure = out.getContext("2d");
    measure.font = Math.round(17 * ratio) + "px " + font;
    var rows = 1, x = pad;
    data.legend.forEach(function (entry) {
      var w = line + measure.measureText(entry.label).width + pad;
      if (x + w > source.width - pad && x > pad) { rows += 1; x = pad; }
      x += w;
    });
    var head = data.title ? Math.round(48 * ratio) : 0;
    out.width = source.width;
    out.height = head + source.height + rows * line + pad * 2;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    if (data.title) {
      ctx.fillStyle = "#111111";
      ctx.font = "bold " + Math.round(24 * ratio) + "px " + font;
      ctx.fillText(data.title, pad, Math.round(32 * ratio));
    }
    ctx.drawImage(source, 0, head);
    ctx.font = Math.round(17 * ratio) + "px " + font;
    ctx.textBaseline = "middle";
    x = pad;
    var y = head + source.height + pad + line / 2;
    data.legend.forEach(function (entry) {
      var w = line + ctx.measureText(entry.label).width + pad;
      if (x + w > out.width - pad && x > pad) { x = pad; y += line; }
      swatch(ctx, entry, x + line / 2 - 4, y, line * 0.32);
      ctx.fillStyle = "#111111";
      ctx.fillText(entry.label, x + line, y);
      x += w;
    });
    var a = document.createElement("a");
    a.href = out.toDataURL("image/png");
    a.download = data.pngName;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function swatch(ctx, entry, cx, cy, r) {
    ctx.fillStyle = entry.colour;
    ctx.strokeStyle = "#222222";
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    if (entry.shape === "line" || entry.shape === "dashes") {
      ctx.setLineDash(entry.shape === "dashes" ? [6, 5] : []);
      ctx.strokeStyle = entry.colour;
      ctx.lineWidth = 3;
      ctx.moveTo(cx - r * 1.4, cy); ctx.lineTo(cx + r * 1.4, cy); ctx.stroke();
      ctx.setLineDash([]);
      return;
    }
    var points = { square: 4, diamond: 4, triangle: 3, triangleDown: 3, hexagon: 6, star: 10 }[entry.shape];
    if (!points) {
      ctx.arc(cx, cy, r, 0, 2 * Math.PI);
    } else {
      var turn = { square: Math.PI / 4, diamond: 0, triangle: -Math.PI / 2, triangleDown: Math.PI / 2, hexagon: 0, star: -Math.PI / 2 }[entry.shape];
      for (var i = 0; i < points; i += 1) {
        var radius = entry.shape === "star" && i % 2 ? r * 0.45 : r;
        var angle = turn + i * 2 * Math.PI / points;
        ctx[i ? "lineTo" : "moveTo"](cx + radius * Math.cos(angle), cy + radius * Math.sin(angle));
      }
      ctx.closePath();
    }
    ctx.fill();
    ctx.stroke();
  }

  var fit = document.getElementById("rg-fit");
  if (fit) fit.addEventListener("click", fitView);
  var freeze = document.getElementById("rg-freeze");
  if (freeze) {
    freeze.textContent = data.freeze || frozen ? "Resume layout" : "Freeze layout";
    freeze.addEventListener("click", function () { setFrozen(!frozen); });
  }
  var png = document.getElementById("rg-png");
  if (png) png.addEventListener("click", downloadPng);
  window.rgDownloadPng = downloadPng;
})();
