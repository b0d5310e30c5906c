// asyncviz fenced-block loader. Include it once on a docs page:
//
//   <script src="https://your.site/asyncviz/embed.js" defer></script>
//
// and every code block with the language `asyncviz` (a scenario in JSON or
// TOML, as Markdown renders it: <pre><code class="language-asyncviz">) becomes
// a live, steppable embed. The block text is untrusted: it is size-limited,
// passed to the app only as data, and validated there (errors name the field);
// nothing from it is ever inserted as HTML.
(function () {
  'use strict';
  var MAX = 12 * 1024;
  var script = document.currentScript;
  var base = new URL('./', script ? script.src : location.href).href;

  function b64url(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // What the loader itself says, in the language of the block (its own or an ancestor's `lang`,
  // else the page's). The embedded app is told the same language.
  var TEXT = {
    en: {
      tooLong: 'this block is longer than 12 KiB and was not embedded.',
      toml: 'this TOML block could not be read: ',
      title: 'asyncviz simulation '
    },
    ko: {
      tooLong: '이 블록은 12 KiB를 넘어서 임베드하지 않았습니다.',
      toml: '이 TOML 블록을 읽지 못했습니다: ',
      title: 'asyncviz 시뮬레이션 '
    }
  };
  function langOf(el) {
    var holder = el.closest('[lang]');
    var tag = (holder ? holder.getAttribute('lang') : document.documentElement.lang) || '';
    return /^ko\b/i.test(tag) ? 'ko' : 'en';
  }

  function note(pre, message) {
    var p = document.createElement('p');
    p.className = 'asyncviz-error';
    p.setAttribute('role', 'alert');
    p.textContent = 'asyncviz: ' + message;
    pre.parentNode.insertBefore(p, pre.nextSibling);
  }

  function embed(code, index) {
    var pre = code.closest('pre') || code;
    var text = code.textContent || '';
    var lang = langOf(code);
    if (text.length > MAX) {
      note(pre, TEXT[lang].tooLong);
      return;
    }
    if (/^\s*\{/.test(text)) place(pre, text, text, index, lang);
    else tomlToJson(text).then(
      function (json) { place(pre, text, json, index, lang); },
      function (e) { note(pre, TEXT[lang].toml + e.message); });
  }

  // TOML is read by a small wasm module of its own (it carries the parser), loaded only when a
  // page has a TOML block; the app itself is then sent JSON.
  var toml = null;
  function tomlToJson(text) {
    if (!toml) {
      toml = import(base + 'asyncviz-toml.js').then(function (m) {
        return m.default({ module_or_path: base + 'asyncviz-toml_bg.wasm' }).then(function () { return m; });
      });
    }
    return toml.then(function (m) {
      var r = JSON.parse(m.asyncviz_toml_to_json(text));
      if (r.err) throw new Error(r.err);
      return r.json;
    });
  }

  function place(pre, text, json, index, lang) {
    var height = 620;
    var m = /"?height"?\s*[:=]\s*(\d{2,4})/.exec(text);
    if (m) height = Math.max(200, Math.min(2000, Number(m[1])));
    // A block that sets "height" keeps it; others follow their content.
    var iframe = document.createElement('iframe');
    iframe.src = base + '?embed' + (lang === 'ko' ? '&lang=ko' : '') + '&block=' + b64url(json);
    iframe.title = TEXT[lang].title + (index + 1);
    iframe.width = '100%';
    iframe.height = String(height);
    iframe.loading = 'lazy';
    iframe.className = 'asyncviz-embed';
    iframe.setAttribute('frameborder', '0');
    if (m) iframe.setAttribute('data-fixed-height', '');
    pre.parentNode.replaceChild(iframe, pre);
  }

  // Embeds report their content height; size each iframe to fit it.
  window.addEventListener('message', function (e) {
    var d = e.data;
    if (!d || d.asyncviz !== 1 || d.type !== 'state' || typeof d.height !== 'number') return;
    var frames = document.querySelectorAll('iframe.asyncviz-embed');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source && !frames[i].hasAttribute('data-fixed-height')) {
        frames[i].height = String(Math.max(200, Math.min(4000, Math.ceil(d.height) + 4)));
      }
    }
  });

  function run() {
    var blocks = document.querySelectorAll('code.language-asyncviz, code.lang-asyncviz');
    for (var i = 0; i < blocks.length; i++) embed(blocks[i], i);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
  else run();
})();
