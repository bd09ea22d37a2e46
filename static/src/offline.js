// The offline layer, for volunteers (static/offline.js, loaded after icv.js on their pages
// only): it only adds to pages that work without it.
// - the service worker (/sw.js) keeps the app's files and the pages for working with no signal;
// - a report written on the phone, and every step of a report, is kept as it is typed (phone.js);
// - the outbox sends what was submitted on the phone when there is a signal (outbox.js);
// - signing out with reports not sent goes first to the outbox, which says so.
import { forgetSteps, initPhoneReport, initStepCopy, person } from './phone.js'
import { initOutbox, sendWhenPossible, unsent } from './outbox.js'

const KEEP_AFRESH = 10 * 60e3 // the kept pages are fetched again at most this often

function keepForOffline () {
  if (!('serviceWorker' in navigator)) return
  navigator.serviceWorker.addEventListener('message', (event) => {
    if (!event.data || !event.data.kept) return
    document.documentElement.dataset.offlineReady = 'yes'
    document.querySelectorAll('[data-offline-ready]').forEach((el) => { el.hidden = false })
  })
  const last = Number(sessionStorage.getItem('icv-kept') || 0)
  const afresh = navigator.onLine && Date.now() - last > KEEP_AFRESH
  if (afresh) sessionStorage.setItem('icv-kept', String(Date.now()))
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
      // What the pages kept for this person goes with them; reports not sent stay.
      await Promise.all([window.caches && caches.delete('icv-pages'), forgetSteps(true)]).catch(() => {})
      form.submit()
    })
  })
}

// The page for no signal, come to from a page of a report (/offline#<its id>): carry on
// writing that report on the phone.
function offerToCarryOn () {
  const carryOn = document.querySelector('[data-carry-on]')
  if (!carryOn || !/^#[0-9a-f-]{36}$/.test(location.hash)) return
  carryOn.querySelector('a').href += location.hash
  carryOn.hidden = false
}

function initOffline () {
  document.querySelectorAll('[data-needs-javascript]').forEach((el) => { el.hidden = true })
  document.querySelectorAll('[data-with-javascript]').forEach((el) => { el.hidden = false })
  offerToCarryOn()
  if (document.body.dataset.role !== 'volunteer' || !window.indexedDB) return
  keepForOffline()
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
