"""The desk's stylesheet and scripts, and the live-reload script of served pages.

Rules: scripts set text with ``textContent`` only; the only HTML they insert is an
entry the server rendered (escaped there). No external resource is fetched.
"""

DESK_CSS = """
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1a1a1a;background:#fff}
header,main.home{padding:0.75rem 1rem}
h1{font-size:1.35rem;margin:0.25rem 0}
h2{font-size:1.1rem;margin:0 0 0.5rem}
h3{font-size:0.8rem;text-transform:uppercase;letter-spacing:0.04em;margin:0.75rem 0 0.2rem;color:#444}
.keys{font-size:0.9rem;color:#444;margin:0.25rem 0}
kbd{border:1px solid #767676;border-radius:3px;padding:0 0.25em;font-size:0.85em}
.who{display:flex;flex-wrap:wrap;gap:0.4rem 0.6rem;align-items:center}
input,select,textarea,button{font:inherit}
input,select,textarea{border:1px solid #767676;border-radius:4px;padding:0.3rem;max-width:100%}
textarea{width:100%;display:block}
button{border:1px solid #0b4f8a;background:#0b4f8a;color:#fff;border-radius:4px;padding:0.35rem 0.8rem;cursor:pointer;margin:0.25rem 0.4rem 0 0}
button.skip{background:#fff;color:#0b4f8a}
:focus-visible{outline:3px solid #b35c00;outline-offset:2px}
.entry{border:1px solid #ccc;border-radius:6px;padding:0.75rem;margin:0 0 1rem}
.entry.current{border:2px solid #0b4f8a}
.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:0}
.state{font-size:0.8rem;border-radius:3px;padding:0 0.4em;background:#eee;color:#1a1a1a;font-weight:normal}
.state-reviewed{background:#d8f0dc}.state-draft{background:#fff0c2}.state-stale{background:#ffd9d9}
.critical{font-size:0.8rem;background:#8a1010;color:#fff;border-radius:3px;padding:0 0.4em}
.why,.blocked{color:#8a1010}
.muted{color:#555}
del{background:#ffd9d9;color:#1a1a1a}ins{background:#d8f0dc;color:#1a1a1a}
.f-error{color:#8a1010}.f-warning{color:#6b4500}
fieldset{border:1px solid #ccc;margin:0.5rem 0 0;padding:0.4rem}
fieldset label{display:block}
#status{min-height:1.5em;margin:0.25rem 0;font-weight:600}
#banner{background:#fff0c2;border:1px solid #6b4500;padding:0.5rem;border-radius:4px}
.unsaved{background:#fff0c2;padding:0.3rem;white-space:pre-wrap}
.skiplink{position:absolute;left:-999px}.skiplink:focus{left:0.5rem;top:0.5rem;background:#fff;padding:0.25rem}
main{padding:0 1rem 1rem}
.preview iframe{width:100%;height:70vh;border:1px solid #ccc}
@media (min-width:900px){main:not(.home){display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem}
.preview{position:sticky;top:0;align-self:start}}
"""

DESK_JS = r"""
(() => {
  const csrf = document.querySelector('meta[name="l10n-csrf"]').content;
  const section = document.getElementById('entries');
  const status = document.getElementById('status');
  const banner = document.getElementById('banner');
  const nameBox = document.getElementById('name');
  const roleBox = document.getElementById('role');
  const preview = document.getElementById('preview');
  let generation = null;
  let current = 0;
  try {
    nameBox.value = localStorage.getItem('l10n-reviewer-name') || '';
    roleBox.value = localStorage.getItem('l10n-reviewer-role') || roleBox.value;
  } catch (e) {}
  nameBox.addEventListener('input', () => { try { localStorage.setItem('l10n-reviewer-name', nameBox.value); } catch (e) {} });
  roleBox.addEventListener('change', () => { try { localStorage.setItem('l10n-reviewer-role', roleBox.value); } catch (e) {} });
  const all = () => [...section.querySelectorAll('.entry')];
  const say = text => { status.textContent = ''; setTimeout(() => { status.textContent = text; }, 20); };
  function go(k, focus = true) {
    const list = all();
    if (!list.length) return;
    current = Math.max(0, Math.min(list.length - 1, k));
    list.forEach((el, i) => el.classList.toggle('current', i === current));
    const el = list[current];
    el.scrollIntoView({block: 'start'});
    if (focus) el.focus();
  }
  const formOf = k => (all()[k] || {}).querySelector && all()[k].querySelector('form.act');
  async function act(form, kind) {
    const box = form.querySelector('textarea');
    const entry = form.closest('.entry');
    const body = {
      locale: section.dataset.locale, slug: section.dataset.slug,
      version: section.dataset.version, index: Number(form.dataset.index),
      key: form.dataset.key, action: kind, text: box ? box.value : null,
      name: nameBox.value, role: roleBox.value,
      check: (form.querySelector('select[name=check]') || {}).value || '',
      reason: (form.querySelector('input[name=reason]') || {}).value || '',
    };
    say('Saving…');
    let answer;
    try {
      const response = await fetch('/_l10n/action', {
        method: 'POST', credentials: 'same-origin',
        headers: {'Content-Type': 'application/json', 'X-L10n-Token': csrf},
        body: JSON.stringify(body),
      });
      answer = await response.json();
    } catch (e) {
      say('Not saved: the server cannot be reached. Your text is still in the editor.');
      return;
    }
    if (answer.version) section.dataset.version = answer.version;
    if (answer.generation !== undefined) generation = Math.max(generation || 0, answer.generation);
    if (answer.html) {
      const index = all().indexOf(entry);
      const holder = document.createElement('div');
      holder.innerHTML = answer.html;
      const fresh = holder.firstElementChild;
      entry.replaceWith(fresh);
      if (!answer.ok && answer.unsaved !== undefined && answer.unsaved !== null) {
        const keep = fresh.querySelector('.unsaved');
        keep.hidden = false;
        keep.textContent = 'Your unsaved text: ' + answer.unsaved;
      }
      go(index);
    }
    say((answer.ok ? 'Saved: ' : 'Refused: ') + answer.message);
    if (answer.ok && preview) {
      preview.src = preview.src.split('#')[0].split('?')[0] + '?t=' + Date.now();
    }
    if (answer.ok && kind === 'accept') go(current + 1, true);
  }
  section.addEventListener('submit', ev => {
    ev.preventDefault();
    const kind = ev.submitter ? ev.submitter.value : 'edit';
    act(ev.target, kind);
  });
  section.addEventListener('click', ev => {
    const b = ev.target.closest('button.skip');
    if (b) { skip(); }
  });
  section.addEventListener('focusin', ev => {
    const entry = ev.target.closest('.entry');
    if (entry) { current = all().indexOf(entry); all().forEach((el, i) => el.classList.toggle('current', i === current)); }
  });
  function skip() { say('Skipped entry ' + (current + 1)); go(current + 1); }
  document.addEventListener('keydown', ev => {
    const t = ev.target;
    const typing = t.matches && t.matches('textarea, input, select');
    if (typing) {
      if (ev.key === 'Escape' && t.closest('.entry')) { ev.preventDefault(); t.closest('.entry').focus(); }
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && t.closest('form.act')) {
        ev.preventDefault(); act(t.closest('form.act'), 'edit');
      }
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const form = formOf(current);
    if (ev.key === 'j' || ev.key === 'ArrowDown' && t.classList.contains('entry')) { ev.preventDefault(); go(current + 1); }
    else if (ev.key === 'k' || ev.key === 'ArrowUp' && t.classList.contains('entry')) { ev.preventDefault(); go(current - 1); }
    else if (ev.key === 'e' && form) { const box = form.querySelector('textarea'); if (box) { ev.preventDefault(); box.focus(); } }
    else if (ev.key === 'a' && form) { ev.preventDefault(); act(form, 'accept'); }
    else if (ev.key === 's' && form) { ev.preventDefault(); skip(); }
  });
  async function poll() {
    try {
      const state = await (await fetch('/_l10n/state', {credentials: 'same-origin'})).json();
      if (generation === null) generation = state.generation;
      if (state.error) {
        banner.hidden = false; banner.textContent = 'Rebuild failed: ' + state.error;
      } else if (state.generation > generation) {
        banner.hidden = false;
        banner.textContent = 'Files changed on disk. Reload this page to see them (unsaved edits are lost on reload).';
      }
    } catch (e) {}
    setTimeout(poll, 1000);
  }
  poll();
  go(0, false);
})();
"""

LIVE_JS = r"""
(() => {
  let generation = null;
  const show = text => {
    let bar = document.getElementById('l10n-serve-error');
    if (!bar) {
      bar = document.createElement('div');
      bar.id = 'l10n-serve-error';
      bar.setAttribute('role', 'alert');
      bar.style.cssText = 'position:fixed;left:0;right:0;bottom:0;background:#8a1010;color:#fff;padding:0.5rem;font:14px system-ui,sans-serif;z-index:9999';
      document.body.appendChild(bar);
    }
    bar.textContent = text;
    bar.hidden = !text;
  };
  async function poll() {
    try {
      const state = await (await fetch('/_l10n/state', {credentials: 'same-origin'})).json();
      if (generation === null) generation = state.generation;
      show(state.error ? 'l10n serve: rebuild failed: ' + state.error : '');
      if (!state.error && state.generation !== generation) { location.reload(); return; }
    } catch (e) {}
    setTimeout(poll, 1000);
  }
  poll();
})();
"""
