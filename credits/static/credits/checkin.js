// Door check-in: scan the member's personal QR with the camera, or type the code.
// The browser's BarcodeDetector decodes when present; otherwise the bundled jsQR
// (static/credits/vendor/) is loaded on first use. Each scan is one small POST.
// Without this file the form posts and the page shows the same answer.
(function () {
  "use strict";

  var root = document.querySelector("[data-checkin]");
  if (!root) return;
  var form = root.querySelector("[data-checkin-form]");
  var input = form.querySelector("input[name=value]");
  var result = root.querySelector("[data-result]");
  var countEl = root.querySelector("[data-count]");
  var camera = root.querySelector("[data-camera]");
  var video = root.querySelector("[data-video]");
  var startButton = root.querySelector("[data-start-camera]");
  var stopButton = root.querySelector("[data-stop-camera]");
  var texts = {};
  root.querySelectorAll("template[data-messages]").forEach(function (tpl) {
    tpl.content.querySelectorAll("[data-key]").forEach(function (el) {
      texts[el.getAttribute("data-key")] = el.textContent;
    });
  });

  var stream = null;
  var detector = null;
  var canvas = null;
  var busy = false;
  var lastValue = "";
  var lastAt = 0;

  function csrfToken() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function line(text, className) {
    var p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = text;
    return p;
  }

  function show(data) {
    result.setAttribute("data-status", data.status || "error");
    result.textContent = "";
    if (data.name) result.appendChild(line(data.name, "checkin__name"));
    if (data.code) result.appendChild(line(data.code, "checkin__code"));
    if (data.membership) result.appendChild(line(data.membership));
    var message = line("");
    var strong = document.createElement("strong");
    strong.textContent = data.message || "";
    message.appendChild(strong);
    result.appendChild(message);
    if (data.credited) result.appendChild(line(data.credited));
    if (countEl && typeof data.count === "number") countEl.textContent = String(data.count);
    if (navigator.vibrate) navigator.vibrate(data.status === "recorded" ? 80 : [60, 60, 60]);
  }

  function send(value) {
    if (busy || !value) return;
    busy = true;
    result.setAttribute("data-status", "");
    result.textContent = "";
    result.appendChild(line(texts.sending || "…"));
    var body = new URLSearchParams();
    body.set("value", value);
    fetch(root.getAttribute("data-scan-url"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    })
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () { show({ status: "error", message: texts.offline || "" }); })
      .then(function () { busy = false; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value.trim());
    input.value = "";
  });

  function found(value) {
    var now = Date.now();
    // The same QR stays in front of the camera: one request per person.
    if (value === lastValue && now - lastAt < 4000) return;
    lastValue = value;
    lastAt = now;
    send(value);
  }

  function loadDecoder() {
    return new Promise(function (resolve, reject) {
      if (window.jsQR) return resolve();
      var script = document.createElement("script");
      script.src = root.getAttribute("data-decoder-url");
      script.onload = function () { resolve(); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }

  function decodeFrame() {
    if (!stream) return Promise.resolve();
    if (video.readyState < 2) return Promise.resolve();
    if (detector) {
      return detector.detect(video).then(function (codes) {
        if (codes.length) found(codes[0].rawValue);
      });
    }
    canvas = canvas || document.createElement("canvas");
    var width = video.videoWidth;
    var height = video.videoHeight;
    var scale = Math.min(1, 640 / Math.max(width, height));
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    var context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    var image = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
    if (code && code.data) found(code.data);
    return Promise.resolve();
  }

  function loop() {
    if (!stream) return;
    decodeFrame().catch(function () {}).then(function () {
      if (stream) window.setTimeout(loop, 200);
    });
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    camera.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  function start() {
    var ready = Promise.resolve();
    if ("BarcodeDetector" in window) {
      ready = window.BarcodeDetector.getSupportedFormats().then(function (formats) {
        if (formats.indexOf("qr_code") !== -1) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        else return loadDecoder();
      });
    } else {
      ready = loadDecoder();
    }
    ready
      .then(function () {
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
      })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        camera.hidden = false;
        startButton.hidden = true;
        stopButton.hidden = false;
        return video.play();
      })
      .then(loop)
      .catch(function () {
        stop();
        show({ status: "error", message: texts["camera-denied"] || "" });
      });
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    startButton.hidden = false;
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
    document.addEventListener("visibilitychange", function () { if (document.hidden) stop(); });
  }
})();
