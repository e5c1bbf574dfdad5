// payroute admin page. The admin key lives only in this tab's sessionStorage and goes out as an
// Authorization: Bearer header on each fetch; no cookie is ever set, so no other site can make the
// browser act with it (no CSRF). Pages are server-rendered HTML: this script fetches them with the
// header and swaps the body in; links, filter forms and action buttons are handled by delegation.
(function () {
  'use strict';
  var KEY = 'payroute.adminKey';

  function key() { return sessionStorage.getItem(KEY); }

  function flash(message, kind) {
    var box = document.getElementById('flash');
    if (!box) { return; }
    box.textContent = message;
    box.className = message ? (kind || 'ok') : '';
  }

  function load(url, push) {
    var k = key();
    if (!k) { return Promise.resolve(); }
    document.body.setAttribute('aria-busy', 'true');
    return fetch(url, {
      headers: { 'Authorization': 'Bearer ' + k, 'Accept': 'text/html' },
      credentials: 'omit', cache: 'no-store', redirect: 'error'
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) { sessionStorage.removeItem(KEY); }
      return response.text().then(function (text) {
        if ((response.headers.get('Content-Type') || '').indexOf('text/html') !== 0) {
          // Not a page (the server starting or stopping, say): stay where we are and say what happened.
          var detail = '';
          try { detail = JSON.parse(text).detail || ''; } catch (notJson) { detail = ''; }
          throw new Error('the server answered ' + response.status + (detail ? ': ' + detail : ''));
        }
        return text;
      });
    }).then(function (text) {
      var doc = new DOMParser().parseFromString(text, 'text/html');
      document.title = doc.title;
      document.body.replaceWith(document.adoptNode(doc.body));
      if (push) { history.pushState(null, '', url); }
      document.body.setAttribute('data-loaded', url);
    }).catch(function (error) {
      document.body.removeAttribute('aria-busy');
      flash('Could not load the page: ' + error.message, 'error');
    });
  }

  function act(button) {
    var question = button.getAttribute('data-confirm');
    if (question && !window.confirm(question)) { return; }
    button.disabled = true;
    fetch(button.getAttribute('data-url'), {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + key(), 'Accept': 'application/json' },
      credentials: 'omit', cache: 'no-store'
    }).then(function (response) {
      return response.text().then(function (text) {
        var detail = '';
        try { detail = JSON.parse(text).detail || ''; } catch (notJson) { detail = ''; }
        if (response.ok) {
          return load(location.pathname + location.search).then(function () {
            flash(button.textContent + ' done (' + response.status + ').', 'ok');
          });
        }
        button.disabled = false;
        if (response.status === 404 && button.getAttribute('data-missing')) {
          flash(button.getAttribute('data-missing'), 'error');
        } else {
          flash(button.textContent + ' refused (' + response.status + ')' + (detail ? ': ' + detail : ''), 'error');
        }
      });
    }).catch(function (error) {
      button.disabled = false;
      flash(button.textContent + ' failed: ' + error.message, 'error');
    });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.id === 'login') {
      event.preventDefault();
      sessionStorage.setItem(KEY, form.elements.key.value.trim());
      form.reset();
      load(location.pathname + location.search);
    } else if (form.classList.contains('filters')) {
      event.preventDefault();
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) { if (String(value).trim() !== '') { params.append(name, value); } });
      var query = params.toString();
      load(form.getAttribute('action') + (query ? '?' + query : ''), true);
    }
  });

  document.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var link = target.closest('a[href^="/admin"]');
    if (link && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      load(link.getAttribute('href'), true);
      return;
    }
    var button = target.closest('button.action');
    if (button) {
      act(button);
      return;
    }
    if (target.id === 'logout') {
      sessionStorage.removeItem(KEY);
      location.reload();
    }
  });

  // The routes page: show only the rows whose text holds what is typed.
  document.addEventListener('input', function (event) {
    if (event.target.id !== 'route-filter') { return; }
    var wanted = event.target.value.trim().toLowerCase();
    document.querySelectorAll('#routes tbody tr').forEach(function (row) {
      row.hidden = wanted !== '' && row.textContent.toLowerCase().indexOf(wanted) < 0;
    });
  });

  window.addEventListener('popstate', function () { load(location.pathname + location.search); });

  // A page opened directly (no header: the server answered with the login page) is fetched again with the key.
  function start() {
    if (document.body.getAttribute('data-page') === 'login' && key()) {
      load(location.pathname + location.search);
    } else {
      document.body.setAttribute('data-loaded', location.pathname + location.search);
    }
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
}());
