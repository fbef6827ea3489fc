// The sandbox pay page's countdown (Features/Payments/SandboxPages.cs): mm:ss left, reload when the trade expires.
(function () {
  var el = document.getElementById('left');
  if (!el) return;
  var left = +el.dataset.seconds;
  var t = setInterval(function () {
    left = Math.max(0, left - 1);
    el.textContent = String(Math.floor(left / 60)).padStart(2, '0') + ':' + String(left % 60).padStart(2, '0');
    if (left === 0) { clearInterval(t); location.reload(); }
  }, 1000);
})();
