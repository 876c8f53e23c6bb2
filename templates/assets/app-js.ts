/**
 * The staff pages' only script, served from /app/assets/app.js: progressive enhancement, every page
 * works without it. A form marked data-busy shows its button as working instead of frozen, and a
 * progress element with data-poll follows the sending of a dispatch without reloading the page.
 */
export const appJs = `
(function () {
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    var button = e.submitter || form.querySelector('button[type=submit]');
    if (button && button.getAttribute('formtarget')) return;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { e.preventDefault(); return; }
    if (button && form.dataset.busy) {
      // Disabled after the submit has started, so the button's own value is still sent.
      setTimeout(function () { button.disabled = true; button.textContent = form.dataset.busy; }, 0);
    }
  });

  // The recipient picker's search: hides units whose name and code do not contain what is typed
  // (accents ignored, so "ha noi" finds "Hà Nội").
  var fold = function (s) { return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase(); };
  document.querySelectorAll('input[data-filter]').forEach(function (box) {
    var items = document.querySelectorAll(box.getAttribute('data-filter'));
    box.addEventListener('input', function () {
      var q = fold(box.value.trim());
      items.forEach(function (li) { li.hidden = q !== '' && fold(li.getAttribute('data-text') || '').indexOf(q) < 0; });
    });
  });

  // The live preview: a moment after typing stops, the form is posted to the preview frame.
  var form = document.querySelector('form[data-preview-button]');
  if (form) {
    var previewButton = document.getElementById(form.getAttribute('data-preview-button'));
    var timer;
    var refresh = function () { clearTimeout(timer); timer = setTimeout(function () { form.requestSubmit(previewButton); }, 800); };
    form.addEventListener('input', function (e) { if (e.target && e.target.id !== 'unit-search') refresh(); });
    form.addEventListener('change', refresh);
    refresh();
  }

  var poll = document.querySelector('[data-poll]');
  if (poll) {
    var url = poll.getAttribute('data-poll');
    var tick = function () {
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          if (!p) return;
          var bar = document.getElementById('send-progress');
          var text = document.getElementById('send-progress-text');
          if (bar) { bar.max = p.total || 1; bar.value = p.sent; }
          if (text) text.textContent = p.text;
          if (p.counts) document.querySelectorAll('[data-count]').forEach(function (el) {
            var v = p.counts[el.getAttribute('data-count')];
            if (v !== undefined) el.textContent = String(v);
          });
          // When the sending is over, one reload shows the recipient table with every unit.
          if (p.finished) { if (poll.hasAttribute('data-reload')) location.reload(); } else setTimeout(tick, 2000);
        })
        .catch(function () { setTimeout(tick, 5000); });
    };
    tick();
  }

  // The reminder run's card: its counts follow the queued reminders until each has an outcome.
  var runLink = document.querySelector('[data-run-poll]');
  if (runLink) {
    var runUrl = runLink.getAttribute('data-run-poll');
    var runTick = function () {
      fetch(runUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          var run = p && p.reminderRun;
          if (!run) return;
          var text = document.getElementById('reminder-run-text');
          if (text) text.textContent = run.text;
          if (run.done) { if (runLink.parentNode) runLink.parentNode.removeChild(runLink); } else setTimeout(runTick, 3000);
        })
        .catch(function () { setTimeout(runTick, 6000); });
    };
    setTimeout(runTick, 1500);
  }
})();
`;
