// The outbox: reports submitted on the phone, sent to /api/v1/visits/<id>/submit when there is
// a signal (at once, when the signal returns, and then on a timer that backs off). Each is sent
// under the id the phone made, so sending one twice stores it once. A report is sent only while
// the person who wrote it is signed in: never under another account.
import { all, put, remove } from './store.js'

const FIRST_WAIT = 30e3
const LONGEST_WAIT = 30 * 60e3
const SENDING_GIVEN_UP = 2 * 60e3
const UNSENT = ['draft', 'waiting', 'sending', 'refused']

let running = null
let timer = null

function changed () {
  document.dispatchEvent(new Event('icv:outbox'))
}

export async function unsent (person) {
  return (await all('reports')).filter((r) => r.person === person && UNSENT.includes(r.state))
}

// Send what waits: everything, when a page opens or the signal returns (`now`); on the timer,
// what has waited its turn.
export function sendWhenPossible (now) {
  running = running || sendDue(now === true).catch(() => {}).then(() => { running = null; schedule() })
  return running
}

// A report left "sending" by a page that went away mid-send is sent again: by the next page,
// or after a while. Sent twice (another tab is sending it), it is stored once.
function due (report, now) {
  return (report.state === 'waiting' && (now || (report.nextTry || 0) <= Date.now())) ||
    (report.state === 'sending' && (now || Date.now() - report.sendingAt > SENDING_GIVEN_UP))
}

async function sendDue (now) {
  const reports = (await all('reports')).filter((report) => due(report, now))
  if (!reports.length) return
  if (!navigator.onLine) {
    for (const report of reports) await put('reports', { ...report, state: 'waiting', note: 'no-signal' })
    return changed()
  }
  let me
  try {
    const response = await fetch('/api/v1/me', { headers: { Accept: 'application/json' } })
    me = response.ok ? await response.json() : null
  } catch (noSignal) {
    for (const report of reports) await later(report)
    return changed()
  }
  for (const report of reports) {
    if (me && me.id === report.person) {
      await send(report, me.csrf_token)
    } else {
      report.note = me ? 'someone-else' : 'sign-in' // it waits for its own person
      await put('reports', report)
    }
    changed()
  }
}

async function send (report, token) {
  Object.assign(report, { state: 'sending', sendingAt: Date.now() })
  await put('reports', report)
  changed()
  let response
  try {
    response = await fetch(`/api/v1/visits/${report.id}/submit`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'X-CSRFToken': token,
        ...(report.basedOn ? { 'If-Match': `"${report.basedOn}"` } : {})
      },
      body: JSON.stringify(report.body)
    })
  } catch (noSignal) {
    return later(report)
  }
  if (response.ok) {
    // Sent: the server keeps it now, so the phone keeps no more than where it went.
    Object.assign(report, { state: 'sent', sentAt: Date.now(), body: null, fields: null, note: null })
  } else if ([404, 409, 412, 422, 428].includes(response.status)) {
    const answer = await response.json().catch(() => ({}))
    Object.assign(report, { state: 'refused', why: reasons(answer), note: null })
  } else if (response.status === 401) {
    Object.assign(report, { state: 'waiting', note: 'sign-in' })
  } else {
    return later(report)
  }
  await put('reports', report)
}

function later (report) {
  const tries = (report.tries || 0) + 1
  const wait = Math.min(FIRST_WAIT * 2 ** (tries - 1), LONGEST_WAIT)
  Object.assign(report, { state: 'waiting', tries, nextTry: Date.now() + wait, note: 'no-signal' })
  return put('reports', report)
}

async function schedule () {
  clearTimeout(timer)
  const waiting = (await all('reports')).filter((r) => r.state === 'waiting' && r.note !== 'sign-in')
  if (!waiting.length) return
  const next = Math.min(...waiting.map((r) => r.nextTry || 0))
  timer = setTimeout(sendWhenPossible, Math.max(next - Date.now(), 1000))
}

// The API's reasons for refusing a report, each with where it points: ['detainees', 2, 'reason'].
function reasons (answer) {
  const found = []
  const walk = (messages, path) => {
    if (typeof messages === 'string') found.push({ text: messages, path })
    else if (Array.isArray(messages)) messages.forEach((m) => walk(m, path))
    else if (messages) Object.entries(messages).forEach(([key, inner]) => walk(inner, [...path, key]))
  }
  walk(answer.errors ? answer.errors.json : answer.message, [])
  return found.length ? found : [{ text: 'The report was refused', path: [] }]
}

// -- The outbox page --------------------------------------------------------------------------

const STATES = {
  draft: ['Not submitted', 'govuk-tag--grey'],
  waiting: ['Waiting to send', 'govuk-tag--yellow'],
  sending: ['Sending', 'govuk-tag--blue'],
  sent: ['Sent', 'govuk-tag--green'],
  refused: ['Refused', 'govuk-tag--red']
}

const NOTES = {
  'no-signal': 'No signal yet: it is sent when the signal returns.',
  'sign-in': 'Sign in to send it.',
  'someone-else': 'Someone else is signed in: it is sent when you sign in on this phone again.'
}

function el (tag, attributes, ...children) {
  const node = document.createElement(tag)
  Object.entries(attributes || {}).forEach(([name, value]) => node.setAttribute(name, value))
  node.append(...children.filter((child) => child !== null))
  return node
}

function item (report) {
  const [words, colour] = STATES[report.state]
  const what = report.summary || { suite: 'A report', date: '', detainees: 0 }
  const entry = el('li', { 'data-report': report.id },
    el('strong', {}, `${what.suite}, ${what.date} `), el('strong', { class: `govuk-tag ${colour}` }, words))
  const line = (...parts) => entry.append(el('br'), el('span', { class: 'govuk-body-s' }, ...parts))
  const link = (href, text) => el('a', { class: 'govuk-link', href }, text)
  if (report.state === 'draft') {
    line(link(`/visits/on-this-phone#${report.id}`, 'Continue writing it'), ' · ',
      el('button', { type: 'button', class: 'icv-link-button', 'data-delete': report.id }, 'Delete it'))
  } else if (report.state === 'waiting') {
    line(NOTES[report.note] || 'It is sent in a moment.')
    if (report.note === 'no-signal') line(el('button', { type: 'button', class: 'icv-link-button', 'data-send-now': '' }, 'Try again now'))
  } else if (report.state === 'sent') {
    line(`Sent at ${new Date(report.sentAt).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })}. `,
      link(`/visits/${report.id}`, 'See the report'))
  } else if (report.state === 'refused') {
    report.why.forEach((reason) => line(reason.text))
    line(link(`/visits/on-this-phone#${report.id}`, 'Change it and submit it again'))
  }
  return entry
}

export async function initOutbox (root) {
  const list = root.querySelector('[data-outbox]')
  const person = Number(document.body.dataset.person)
  if (new URLSearchParams(location.search).has('signing-out')) {
    root.querySelector('[data-signing-out]').hidden = false
  }
  const draw = async () => {
    const reports = (await all('reports')).sort((a, b) => (b.savedAt || 0) - (a.savedAt || 0))
    const mine = reports.filter((r) => r.person === person)
    const others = reports.filter((r) => r.person !== person && UNSENT.includes(r.state)).length
    const groups = [['Not sent yet', mine.filter((r) => r.state !== 'sent')], ['Sent', mine.filter((r) => r.state === 'sent')]]
    list.replaceChildren(...groups.filter(([, group]) => group.length).flatMap(([title, group]) => [
      el('h2', { class: 'govuk-heading-m' }, title),
      el('ul', { class: 'govuk-list icv-card-list' }, ...group.map(item))
    ]))
    if (!mine.length) list.append(el('p', { class: 'govuk-body' }, 'There are no reports on this phone.'))
    if (others) list.append(el('p', { class: 'govuk-body' }, `This phone also holds ${others} report${others === 1 ? '' : 's'} of someone else, sent when they sign in here.`))
  }
  list.addEventListener('click', async (event) => {
    const button = event.target.closest('button')
    if (!button) return
    if (button.hasAttribute('data-send-now')) {
      for (const report of await all('reports')) {
        if (report.state === 'waiting') await put('reports', { ...report, nextTry: 0 })
      }
      sendWhenPossible(true)
    } else if (button.dataset.delete && button.dataset.sure) {
      await remove('reports', button.dataset.delete)
      draw()
    } else if (button.dataset.delete) {
      button.dataset.sure = 'yes' // a second tap deletes it
      button.textContent = 'Yes, delete it from this phone'
    }
  })
  document.addEventListener('icv:outbox', draw)
  await draw()
}
