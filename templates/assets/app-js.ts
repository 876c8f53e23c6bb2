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
    // A post goes once: the second click of a double click (or a second confirm dialog it opens) arrives
    // before the button is disabled below, so the form itself remembers that it was sent.
    var post = (form.getAttribute('method') || '').toLowerCase() === 'post';
    if (post && form.dataset.sent) { e.preventDefault(); return; }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) { e.preventDefault(); return; }
    if (post) form.dataset.sent = '1';
    if (button && form.dataset.busy) {
      // Disabled after the submit has started, so the button's own value is still sent.
      setTimeout(function () { button.disabled = true; button.textContent = form.dataset.busy; }, 0);
    }
  });

  // Back to a page the browser kept (back/forward cache): its forms may be sent again.
  window.addEventListener('pageshow', function (e) {
    if (e.persisted) document.querySelectorAll('form[data-sent]').forEach(function (f) { delete f.dataset.sent; });
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

  // The recipient picker as one widget (templates/pages/recipient-picker.ts): "whole group" covers its
  // units (shown checked, disabled so they are not sent twice), the count follows every change, and the
  // search opens the groups holding a match and hides the rest.
  document.querySelectorAll('[data-picker]').forEach(function (picker) {
    var groups = picker.querySelectorAll('[data-picker-group]');
    var countEl = picker.querySelector('[data-picker-count]');
    var unitBoxes = function (group) { return group.querySelectorAll('input[value^="unit:"]'); };
    var update = function () {
      var chosen = {};
      groups.forEach(function (group) {
        var all = group.querySelector('[data-group-all]');
        var whole = !!(all && all.checked);
        var k = 0;
        var boxes = unitBoxes(group);
        boxes.forEach(function (box) {
          if (whole || box.checked) { chosen[box.value] = true; k++; }
        });
        var badge = group.querySelector('[data-picked-of]');
        if (badge) badge.textContent = badge.getAttribute('data-template').replace('{k}', String(k)).replace('{n}', String(boxes.length));
      });
      var n = Object.keys(chosen).length;
      if (countEl) countEl.firstElementChild.textContent = n ? countEl.getAttribute('data-some').replace('{n}', String(n)) : countEl.getAttribute('data-none');
    };
    var cover = function (group) {
      var all = group.querySelector('[data-group-all]');
      if (!all) return;
      unitBoxes(group).forEach(function (box) {
        if (all.checked) {
          if (!box.disabled) box.setAttribute('data-was', box.checked ? '1' : '');
          box.checked = true; box.disabled = true;
        } else if (box.disabled) {
          box.disabled = false; box.checked = box.getAttribute('data-was') === '1';
        }
      });
    };
    groups.forEach(cover);
    picker.addEventListener('change', function (e) {
      var box = e.target;
      if (!(box instanceof HTMLInputElement) || box.type !== 'checkbox') return;
      if (box.hasAttribute('data-group-all')) cover(box.closest('[data-picker-group]'));
      // A unit listed under two groups is one choice: its copies follow it.
      if (box.value.indexOf('unit:') === 0) picker.querySelectorAll('input[value="' + box.value + '"]').forEach(function (other) {
        if (other !== box && !other.disabled) other.checked = box.checked;
      });
      update();
    });
    update();

    var searchBox = picker.querySelector('[data-picker-search]');
    var search = searchBox && searchBox.querySelector('input');
    if (!search) return;
    searchBox.hidden = false;
    var noMatch = searchBox.querySelector('[data-picker-nomatch]');
    var opened = null;
    search.addEventListener('input', function () {
      var q = fold(search.value.trim());
      if (q && !opened) { opened = []; groups.forEach(function (g) { var d = g.querySelector('details'); opened.push(!!(d && d.open)); }); }
      var any = false;
      groups.forEach(function (group, i) {
        var details = group.querySelector('details');
        var groupHit = q !== '' && fold(group.getAttribute('data-text') || '').indexOf(q) >= 0;
        var hits = 0;
        group.querySelectorAll('li[data-text]').forEach(function (li) {
          var hit = q === '' || groupHit || fold(li.getAttribute('data-text') || '').indexOf(q) >= 0;
          li.hidden = !hit;
          if (hit) hits++;
        });
        group.hidden = q !== '' && hits === 0;
        if (q !== '' && hits > 0) any = true;
        if (details) details.open = q !== '' ? hits > 0 : (opened ? opened[i] : details.open);
      });
      if (!q) opened = null;
      if (noMatch) noMatch.hidden = q === '' || any;
    });
  });

  // A refused form: focus goes to the error summary, and each of its links focuses its field (the label
  // scrolled into view with it, so the person sees what the field is).
  var summary = document.querySelector('[data-focus-on-load]');
  if (summary) summary.focus();
  document.addEventListener('click', function (e) {
    var link = e.target instanceof Element ? e.target.closest('a[data-focus-field]') : null;
    if (!link) return;
    var field = document.getElementById(link.getAttribute('data-focus-field'));
    if (!field) return;
    e.preventDefault();
    var closed = field.closest('details:not([open])');
    if (closed) closed.open = true;
    var label = document.querySelector('label[for="' + field.id + '"]') || field.closest('label') || field;
    field.focus({ preventScroll: true });
    label.scrollIntoView({ block: 'center' });
    // A tall field (a long textarea) stays on screen even when its label is centred.
    field.scrollIntoView({ block: 'nearest' });
  });

  // The live preview: a moment after typing stops, the form is posted to the preview frame. Below the
  // desktop layout a framed PDF stays blank, so there the same post is fetched instead (one request):
  // a PDF is drawn by PDF.js into the pane's canvases, the unfinished letter (an HTML page of its own)
  // goes into the frame as its document. If PDF.js cannot run, the form posts to the frame after all.
  var form = document.querySelector('form[data-preview-button]');
  if (form) {
    var previewButton = document.getElementById(form.getAttribute('data-preview-button'));
    var previewFrame = form.querySelector('iframe[name=preview]');
    var previewPane = previewFrame && previewFrame.closest('[data-preview-viewer]');
    var previewPages = previewPane && previewPane.querySelector('.pdf-pages');
    var previewSeq = 0;
    var framed = !previewPages;
    var showPreview = function (drawn) { previewFrame.hidden = drawn; previewPages.hidden = !drawn; };
    form.addEventListener('submit', function (e) {
      if (e.submitter !== previewButton || framed || !narrow()) return;
      e.preventDefault();
      var seq = ++previewSeq;
      var latest = function () { return seq === previewSeq; };
      fetch(previewButton.formAction, { method: 'POST', body: new URLSearchParams(new FormData(form, previewButton)), credentials: 'same-origin' })
        .then(function (r) {
          if (!latest()) return undefined;
          if ((r.headers.get('content-type') || '').indexOf('application/pdf') !== 0) {
            return r.text().then(function (page) {
              if (!latest()) return;
              var status = previewPane.querySelector('.pdf-status');
              if (status) status.hidden = true;
              previewFrame.srcdoc = page;
              showPreview(false);
            });
          }
          return r.arrayBuffer().then(function (bytes) {
            return loadPdfjs()
              .then(function (pdfjs) { return drawPdf(pdfjs, previewPane, { data: new Uint8Array(bytes), isEvalSupported: false }, latest); })
              .then(function () { if (latest()) showPreview(true); }, function () {
                framed = true;
                showPreview(false);
                previewFrame.removeAttribute('srcdoc');
                form.requestSubmit(previewButton);
              });
          });
        })
        .catch(function () {}); // offline for a moment: the next change tries again
    });
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

  // The letter (templates/pages/letter-view.ts), its PDF requested once: on a desktop the browser's own
  // viewer in a frame the script adds; below the desktop layout (phone browsers leave a framed PDF
  // blank) PDF.js, served from /app/assets under the same policy, draws each page into a canvas at the
  // screen's width. If PDF.js cannot run there, the frame after all, and the download link is beside it.
  var viewers = document.querySelectorAll('[data-pdf-viewer]');
  viewers.forEach(function (box) {
    var url = box.getAttribute('data-pdf-viewer');
    if (!narrow()) { frameIn(box, url); return; }
    loadPdfjs().then(function (pdfjs) {
      return drawPdf(pdfjs, box, { url: url, isEvalSupported: false, withCredentials: true });
    }).catch(function () { frameIn(box, url); });
  });
  function narrow() { return window.matchMedia('(max-width: 899px)').matches; }
  var pdfjsLoading;
  function loadPdfjs() {
    if (!pdfjsLoading) pdfjsLoading = import('/app/assets/pdf.min.mjs').then(function (pdfjs) {
      pdfjs.GlobalWorkerOptions.workerSrc = '/app/assets/pdf.worker.min.mjs';
      return pdfjs;
    });
    return pdfjsLoading;
  }
  function frameIn(box, url) {
    var frame = document.createElement('iframe');
    frame.className = 'pdf';
    frame.title = box.getAttribute('data-frame-title') || '';
    frame.src = url;
    box.appendChild(frame);
  }
  // Draws every page of the document (a URL or the bytes, as PDF.js takes them) into the box's
  // .pdf-pages at its width; the canvases replace the earlier ones only once all are drawn, and only if
  // they are still wanted (the live preview may have moved on meanwhile).
  function drawPdf(pdfjs, box, source, wanted) {
    var pages = box.querySelector('.pdf-pages');
    var status = box.querySelector('.pdf-status');
    var label = box.getAttribute('data-page-label') || 'Trang {n}/{total}';
    if (status) { status.hidden = false; status.textContent = box.getAttribute('data-loading') || ''; }
    var done = function () { if (status) { status.textContent = ''; status.hidden = true; } };
    return pdfjs.getDocument(source).promise.then(function (doc) {
      var width = pages.clientWidth || box.clientWidth || 320;
      var ratio = window.devicePixelRatio || 1;
      var canvases = [];
      var next = function (n) {
        if (n > doc.numPages) {
          if (wanted && !wanted()) return undefined; // a newer preview is on its way
          pages.textContent = '';
          canvases.forEach(function (c) { pages.appendChild(c); });
          done();
          box.setAttribute('data-pdf-drawn', String(doc.numPages));
          return undefined;
        }
        return doc.getPage(n).then(function (page) {
          var base = page.getViewport({ scale: 1 });
          var viewport = page.getViewport({ scale: (width / base.width) * ratio });
          var canvas = document.createElement('canvas');
          canvas.width = Math.floor(viewport.width);
          canvas.height = Math.floor(viewport.height);
          canvas.setAttribute('role', 'img');
          canvas.setAttribute('aria-label', label.replace('{n}', String(n)).replace('{total}', String(doc.numPages)));
          canvases.push(canvas);
          return page.render({ canvas: canvas, viewport: viewport }).promise.then(function () { return next(n + 1); });
        });
      };
      return next(1);
    }).catch(function (error) { done(); throw error; });
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

  // A unit's reminder or new link on the mail queue: the notice says "queued" until its run has an outcome.
  var noticeEl = document.querySelector('[data-notice-poll]');
  if (noticeEl) {
    var noticeUrl = noticeEl.getAttribute('data-notice-poll');
    var noticeTick = function () {
      fetch(noticeUrl, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (p) {
          var n = p && p.notice;
          if (!n) return;
          if (noticeEl.textContent !== n.text) noticeEl.textContent = n.text;
          if (n.pending) setTimeout(noticeTick, 1500); else noticeEl.removeAttribute('data-notice-poll');
        })
        .catch(function () { setTimeout(noticeTick, 6000); });
    };
    setTimeout(noticeTick, 1000);
  }
})();
`;
