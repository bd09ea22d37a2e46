// icv's service worker (icv/offline/__init__.py), version {{ version }}. It keeps the app's files
// and the pages a volunteer needs with no signal; it sends nothing itself (the outbox does).
const SHELL = 'icv-shell-{{ version }}'
const PAGES = 'icv-pages' // the volunteer's kept pages, emptied when they sign out
const SHELL_FILES = {{ files | tojson }}
const KEPT_PAGES = {{ pages | tojson }}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names
      .filter((name) => name.startsWith('icv-shell-') && name !== SHELL)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()))
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  const url = new URL(request.url)
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return
  if (request.mode === 'navigate') {
    event.respondWith(navigate(request, url))
  } else if (request.method === 'GET' && url.pathname.startsWith('/static/')) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)))
  }
})

// A page: from the network, and a kept page kept afresh. With no network: the kept copy; a
// report started, on the phone; a page of a report, the page saying so, which offers to carry
// on writing that report on the phone; anything else, the page saying so.
async function navigate (request, url) {
  try {
    const response = await fetch(request)
    if (request.method === 'GET' && KEPT_PAGES.includes(url.pathname) && response.ok) {
      const cache = await caches.open(PAGES)
      await cache.put(url.pathname, response.clone())
    }
    return response
  } catch (noNetwork) {
    if (request.method === 'POST' && url.pathname === '/visits/new') {
      return Response.redirect('/visits/on-this-phone#new', 303)
    }
    const report = /^\/visits\/([0-9a-f-]{36})\//.exec(url.pathname)
    if (report) return Response.redirect(`/offline#${report[1]}`, 303)
    const kept = request.method === 'GET' && await caches.match(url.pathname, { ignoreVary: true })
    return kept || await caches.match('/offline', { ignoreVary: true }) || Response.error()
  }
}

// A volunteer's page asks whether the phone has the kept pages, so it can say it is ready to
// work without a signal; now and then (`afresh`), for them to be kept afresh first.
self.addEventListener('message', (event) => {
  if (event.data && event.data.keep) {
    event.waitUntil(keepPages(event.data.afresh).then((kept) => event.source.postMessage({ kept })))
  }
})

async function keepPages (afresh) {
  const cache = await caches.open(PAGES)
  for (const path of afresh ? KEPT_PAGES : []) {
    try {
      const response = await fetch(path)
      if (response.ok && !response.redirected) await cache.put(path, response)
    } catch (noNetwork) {} // the copy kept before stays
  }
  const kept = await Promise.all(KEPT_PAGES.map((path) => cache.match(path, { ignoreVary: true })))
  return kept.every(Boolean)
}
