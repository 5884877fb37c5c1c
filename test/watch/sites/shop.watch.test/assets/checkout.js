// The shop's own checkout code: formats the card number and checks the fields before submitting.
(function () {
  'use strict';
  var form = document.getElementById('payment-form');
  var number = document.getElementById('cc-number');
  var status = document.getElementById('status');
  function digits(s) { return s.replace(/\D+/g, ''); }
  number.addEventListener('input', function () {
    var d = digits(number.value).slice(0, 19);
    number.value = d.replace(/(\d{4})(?=\d)/g, '$1 ');
  });
  form.addEventListener('submit', function (e) {
    if (digits(number.value).length < 12) {
      e.preventDefault();
      status.textContent = 'Please check the card number.';
    }
  });
})();
