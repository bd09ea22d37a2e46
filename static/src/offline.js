// The offline layer, for volunteers (static/offline.js, loaded after icv.js on their pages
// only): it only adds to pages that work without it.
// - the service worker (/sw.js) keeps the app's files and the pages for working with no signal;
// - a report written on the phone, and every step of a report, is kept as it is typed (phone.js);
// - the outbox sends what was submitted on the phone when there is a signal (outbox.js);
// - signing out with reports not sent goes first to the outbox, which says so.
import { forgetSteps, initPhoneReport, initStepCopy, person, rescued } from './phone.js'
import { initOutbox, sendWhenPossible, unsent } from './outbox.js'

const KEEP_AFRESH = 10 * 60e3 // the kept pages are fetched again at most this often
const KEPT_FOR = 'icv-kept' // whose pages are kept, and when: "<person>:<time>"

function keepForOffline () {
  if (!('serviceWorker' in navigator)) return
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (!event.data || !event.data.kept) return
    document.documentElement.dataset.offlineReady = 'yes'
    document.querySelectorAll('[data-offline-ready]').forEach((el) => { el.hidden = false })
  })
  // Kept afresh now and then, and at once for someone else than the person they were kept
  // for (a shared phone): the pages say who writes a report made on them.
  const [keptFor, last] = (localStorage.getItem(KEPT_FOR) || ':0').split(':')
  const me = String(person())
  const afresh = navigator.onLine && (keptFor !== me || Date.now() - Number(last) > KEEP_AFRESH)
  if (afresh) localStorage.setItem(KEPT_FOR, `${me}:${Date.now()}`)
  navigator.serviceWorker.register('/sw.js')
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active.postMessage({ keep: true, afresh }))
    .catch(() => {}) // no service worker (a private window): the pages still work online
}

function guardSignOut () {
  document.querySelectorAll('form[action="/sign-out"]').forEach((form) => {
    form.addEventListener('submit', async (event) => {
      event.preventDefault()
      if (!form.hasAttribute('data-sign-out-anyway') && (await unsent(person())).length) {
        location.assign('/visits/outbox?signing-out')
        return
      }
      if (!(await signal())) {
        say(form, 'There is no signal, so you are still signed in. Sign out when the signal returns.')
        return
      }
      // What the pages kept for this person goes with them; reports not sent stay.
      localStorage.removeItem(KEPT_FOR)
      await Promise.all([window.caches && caches.delete('icv-pages'), forgetSteps(true)]).catch(() => {})
      form.submit()
    })
  })
}

// Whether the server answers (navigator.onLine says only that there is a network).
async function signal () {
  try {
    return (await fetch('/api/v1/me', { cache: 'no-store', headers: { Accept: 'application/json' } })).status < 500
  } catch (noSignal) {
    return false
  }
}

function say (form, text) {
  let message = form.parentElement.querySelector('[data-sign-out-message]')
  if (!message) {
    message = document.createElement('p')
    message.className = 'govuk-error-message'
    message.setAttribute('role', 'alert')
    message.dataset.signOutMessage = ''
    form.after(message)
  }
  message.textContent = text
}

// The page for no signal, come to from a page of a report (/offline#<its id>): carry on
// writing that report on the phone.
function offerToCarryOn () {
  const carryOn = document.querySelector('[data-carry-on]')
  if (!carryOn || !/^#[0-9a-f-]{36}$/.test(location.hash)) return
  carryOn.querySelector('a').href += location.hash
  carryOn.hidden = false
}

async function initOffline () {
  document.querySelectorAll('[data-needs-javascript]').forEach((el) => { el.hidden = true })
  document.querySelectorAll('[data-with-javascript]').forEach((el) => { el.hidden = false })
  offerToCarryOn()
  if (document.body.dataset.role !== 'volunteer' || !window.indexedDB) return
  keepForOffline()
  await rescued().catch(() => {})
  guardSignOut()
  const phoneReport = document.querySelector('form[data-phone-report]')
  if (phoneReport) initPhoneReport(phoneReport)
  const step = document.querySelector('form[data-report-step]')
  if (step) initStepCopy(step)
  if (document.querySelector('[data-outbox]')) initOutbox(document)
  forgetSteps(false)
  window.addEventListener('online', () => sendWhenPossible(true))
  sendWhenPossible(true)
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', initOffline)
} else {
  initOffline()
}
