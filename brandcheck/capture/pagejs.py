"""The few JavaScript functions the browser capture runs in a page, one round trip each.

Kept in one module so every script a page sees from brandcheck is in one place to review: none of
them changes the page's content, they only scroll it, finish its transitions and read it.
"""

from __future__ import annotations

#: Scroll through the page (lazy images, infinite lists, reveal-on-scroll), stopping at the height
#: cap, then back to the top; let scroll handlers run (fixed navbars that shrink on scroll undo it),
#: finish finite transitions so boxes are final, and wait a little for images and fonts.
SETTLE = r"""
async ({cap, waitMs, scroll}) => {
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const sleep = ms => new Promise(r => setTimeout(r, ms));
  const se = document.scrollingElement || document.documentElement;
  const height = () => Math.max(se ? se.scrollHeight : 0, document.body ? document.body.scrollHeight : 0);
  let steps = 0, grew = false;
  if (scroll && height() > innerHeight + 1) {
    let y = 0;
    const step = Math.max(200, Math.floor(innerHeight * 0.9));
    while (steps < 400) {
      const h = Math.min(height(), cap);
      if (y + innerHeight >= h) break;
      y = Math.min(y + step, h);
      window.scrollTo({top: y, left: 0, behavior: 'instant'});
      steps++;
      await frame();
    }
    await sleep(30);
    grew = height() > cap;
    window.scrollTo({top: 0, left: 0, behavior: 'instant'});
    await frame(); await frame();
    await sleep(50);
  }
  const pending = [...document.images].filter(i => !i.complete && (i.loading !== 'lazy' || i.getBoundingClientRect().top < cap));
  const deadline = sleep(waitMs);
  await Promise.race([
    Promise.all([
      document.fonts ? document.fonts.ready : null,
      ...pending.map(i => new Promise(r => { i.addEventListener('load', r, {once: true}); i.addEventListener('error', r, {once: true}); })),
    ]),
    deadline,
  ]);
  const finish = () => {
    for (const a of document.getAnimations ? document.getAnimations() : []) {
      try {
        const t = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : null;
        if (t && Number.isFinite(t.endTime)) a.finish();
      } catch (e) { /* an animation that cannot finish is left alone */ }
    }
  };
  finish();
  await frame();
  finish();
  return {height: height(), steps, grew, scrollY: window.scrollY};
}
"""

#: Everything read from the page in one call after the DOM snapshot: metadata, links, image
#: facts, inline SVG markup, @font-face rules, document.fonts, the email preheader, and computed
#: styles of the elements the browser did not lay out (the snapshot has none for them).
#: `idx` indexes `document.querySelectorAll('*')`, which is the snapshot's element order.
#: Returns a JSON string.
COLLECT = r"""
({noLayout, props, maxSvg}) => {
  const all = document.querySelectorAll('*');
  const idxOf = new Map();
  for (let i = 0; i < all.length; i++) idxOf.set(all[i], i);
  const out = {count: all.length, tags: {}, meta: {}, og: {}, links: [], images: [], svgs: [], objects: [],
               fontRules: [], inaccessible: [], faces: [], styles: {}, preheader: null};
  const tag = el => el.localName;
  // metadata
  const m = out.meta;
  m.title = document.title || null;
  const metaContent = sel => { const e = document.querySelector(sel); return e ? e.getAttribute('content') : null; };
  m.description = metaContent('meta[name="description" i]');
  m.lang = document.documentElement.getAttribute('lang') || null;
  m.base = document.baseURI;
  for (const e of document.querySelectorAll('meta[property^="og:" i], meta[name^="og:" i]')) {
    const k = (e.getAttribute('property') || e.getAttribute('name') || '').toLowerCase();
    if (k && !(k in out.og)) out.og[k] = e.getAttribute('content') || '';
  }
  const icon = document.querySelector('link[rel~="icon" i]') || document.querySelector('link[rel="shortcut icon" i]')
    || document.querySelector('link[rel~="apple-touch-icon" i]');
  m.favicon = icon ? icon.href : null;
  m.faviconIdx = icon ? idxOf.get(icon) : null;
  const canon = document.querySelector('link[rel~="canonical" i]');
  m.canonical = canon ? canon.href : null;
  // links a crawler may follow
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    const rel = (a.getAttribute('rel') || '').toLowerCase();
    if (a.href && !a.hasAttribute('download')) out.links.push([a.href, rel.includes('nofollow')]);
  }
  // images
  for (const img of document.images) {
    const i = idxOf.get(img);
    if (i === undefined) continue;
    out.images.push({idx: i, src: img.currentSrc || img.src || '', nw: img.naturalWidth, nh: img.naturalHeight,
                     complete: img.complete, alt: img.getAttribute('alt')});
    out.tags[i] = tag(img);
  }
  for (const s of document.querySelectorAll('svg')) {
    if (s.parentElement && s.parentElement.closest('svg')) continue;
    const i = idxOf.get(s);
    if (i === undefined) continue;
    let markup = s.outerHTML;
    if (!markup.includes('xmlns=')) markup = markup.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg"');
    const vb = s.viewBox && s.viewBox.baseVal ? [s.viewBox.baseVal.width, s.viewBox.baseVal.height] : null;
    const title = s.querySelector('title');
    out.svgs.push({idx: i, markup: markup.length > maxSvg ? null : markup, size: markup.length, vb,
                   label: s.getAttribute('aria-label') || (title ? title.textContent : null)});
    out.tags[i] = tag(s);
  }
  for (const o of document.querySelectorAll('object[data], embed[src]')) {
    const i = idxOf.get(o);
    const src = o.data || o.src || '';
    const type = (o.getAttribute('type') || '').toLowerCase();
    if (i !== undefined && (type.includes('svg') || /\.svgz?(\?|#|$)/i.test(src))) {
      out.objects.push({idx: i, src});
      out.tags[i] = tag(o);
    }
  }
  // @font-face rules of every stylesheet the page can read (cross-origin ones are read over CDP)
  const walk = (rules, href) => {
    for (const r of rules) {
      if (r.type === 5) {
        const s = r.style;
        out.fontRules.push({family: s.getPropertyValue('font-family'), src: s.getPropertyValue('src'),
                            weight: s.getPropertyValue('font-weight') || '400',
                            style: s.getPropertyValue('font-style') || 'normal',
                            range: s.getPropertyValue('unicode-range') || '',
                            sheet: href, base: (r.parentStyleSheet && r.parentStyleSheet.href) || document.baseURI});
      } else if (r.type === 3 && r.styleSheet) {
        try { walk(r.styleSheet.cssRules, r.styleSheet.href); } catch (e) { out.inaccessible.push(r.styleSheet.href); }
      } else if (r.cssRules) {
        walk(r.cssRules, href);
      }
    }
  };
  for (const sh of document.styleSheets) {
    let rules = null;
    try { rules = sh.cssRules; } catch (e) { if (sh.href) out.inaccessible.push(sh.href); continue; }
    if (rules) walk(rules, sh.href);
  }
  if (document.fonts) {
    for (const f of document.fonts) {
      out.faces.push({family: f.family, weight: f.weight, style: f.style, status: f.status, range: f.unicodeRange});
    }
  }
  // computed styles of what was not laid out (display: none subtrees: modals, preheaders, menus)
  for (const i of noLayout) {
    const el = all[i];
    if (!el) continue;
    const cs = getComputedStyle(el);
    const st = {};
    for (const p of props) st[p] = cs.getPropertyValue(p);
    out.styles[i] = st;
    out.tags[i] = tag(el);
  }
  // the email preheader: the hidden preview text at the top of the body
  let pre = document.querySelector('.preheader, [class*="preheader" i], [class*="preview-text" i], [class*="previewtext" i]');
  if (!pre && document.body) {
    const hidden = el => {
      const cs = getComputedStyle(el);
      return cs.display === 'none' || cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0
        || cs.maxHeight === '0px' || parseFloat(cs.fontSize) <= 1;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
    let n = 0;
    for (let el = walker.nextNode(); el && n < 40; el = walker.nextNode(), n++) {
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
      const text = (el.textContent || '').trim();
      if (!text) continue;
      if (hidden(el)) { pre = el; break; }
      if (el.children.length === 0) break;  // visible text came first: there is no preheader
    }
  }
  if (pre) out.preheader = (pre.textContent || '').replace(/[\s\u200c\u034f\u00a0\u2007\u00ad\ufeff]+/g, ' ').trim() || null;
  // one string: Playwright's structured serialization of a large object costs 5x more than JSON
  return JSON.stringify(out);
}
"""
