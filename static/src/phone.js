// What the phone keeps of a report as it is typed.
//
// A report written on the phone (/visits/on-this-phone): kept in IndexedDB at every change,
// under the id the phone made for it; reopened as it was after a reload, a crash or a closed
// tab; submitted into the outbox (outbox.js), which sends it as the API's JSON.
//
// A step of a report on the server: kept too, as it opens and as it is typed, with the version
// of the report the page was read at. If the page is opened again at that version (the save
// never arrived: no signal, a crash), what was typed is put back. With no signal, the copies
// of a report's steps can be put together to carry the report on on the phone.
import { all, get, put, remove } from './store.js'
import { answers, fill } from './fields.js'
import { initRaiseRights } from './raise.js'

const STEP_COPY_DAYS = 2

export function person () {
  return Number(document.body.dataset.person)
}

function newId () {
  if (crypto.randomUUID) return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6] & 15) | 64
  bytes[8] = (bytes[8] & 63) | 128
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-')
}

function time (moment) {
  return new Date(moment).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' })
}

function notice (form, text) {
  const status = form.querySelector('[data-saved-status]')
  if (status) status.textContent = text
}

// Keep what `form` holds with `save`: at once when an answer is chosen or a box is left,
// a moment after typing stops, and as the page goes. `save(false)` gives the record to keep;
// as the page goes there is no time to wait for IndexedDB, so the record is also put at once
// in localStorage, from where the next page takes it back (rescued).
const RESCUE = 'icv-rescue'

function keepAsTyped (form, save) {
  let timer = null
  const now = () => { clearTimeout(timer); timer = null; return save(true) }
  form.addEventListener('change', now)
  form.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(now, 250) })
  form.addEventListener('click', (event) => {
    if (event.target.closest('[data-add-row], [data-remove-button]')) setTimeout(now)
  })
  window.addEventListener('pagehide', () => {
    if (!timer) return
    try { localStorage.setItem(RESCUE, JSON.stringify(save(false))) } catch (full) {}
    now()
  })
  return now
}

// What a page that went away had no time to keep: put where it belongs, unless kept since.
export async function rescued () {
  const saved = localStorage.getItem(RESCUE)
  if (!saved) return
  localStorage.removeItem(RESCUE)
  const { store, value } = JSON.parse(saved)
  const key = value[store === 'reports' ? 'id' : 'key']
  const kept = await get(store, key)
  if (!kept || (kept.savedAt || 0) < value.savedAt) await put(store, value)
}

// -- A report written on the phone ----------------------------------------------------------

export async function initPhoneReport (form) {
  const me = person()
  const asked = location.hash.slice(1)
  const found = asked && asked !== 'new' ? await get('reports', asked) : null
  const theirs = found && found.person !== me // someone else's, on a shared phone: left alone
  let report = theirs ? null : found
  if (!asked) {
    const drafts = (await all('reports')).filter((r) => r.person === me && r.state === 'draft')
    report = drafts.sort((a, b) => b.savedAt - a.savedAt)[0] || null
  }
  if (report && report.state !== 'draft' && report.state !== 'refused') {
    document.querySelector('[data-phone-frozen]').hidden = false // in the outbox: frozen
    return
  }
  report = report || { id: /^[0-9a-f-]{36}$/.test(asked) && !theirs ? asked : newId(), person: me, personName: form.dataset.personName, state: 'draft' }
  if (!report.fields && report.id === asked) Object.assign(report, await fromSteps(asked))
  history.replaceState(null, '', `#${report.id}`)
  if (report.fields) {
    fill(form, report.fields)
    notice(form, `Kept on this phone at ${time(report.savedAt)}`)
  } else {
    const today = new Date()
    const boxes = form.querySelectorAll('[name="visit_date"]')
    ;[today.getDate(), today.getMonth() + 1, today.getFullYear()].forEach((part, i) => { boxes[i].value = part })
  }
  initRaiseRights(form)
  form.hidden = false
  if (report.state === 'refused') showProblems(form, report.why || [])

  const save = (keep) => {
    Object.assign(report, { fields: answers(form), summary: summary(form), savedAt: Date.now(), state: 'draft' })
    if (!keep) return { store: 'reports', value: report }
    notice(form, `Kept on this phone at ${time(report.savedAt)}`)
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist()
    return put('reports', report)
  }
  const keepNow = keepAsTyped(form, save)
  // "Start another report" (#new), or a report from the outbox: the page begins again with it
  // (a link to a field, #partner, only moves to it).
  window.addEventListener('hashchange', async () => {
    if (!/^#([0-9a-f-]{36}|new)$/.test(location.hash)) return
    await keepNow()
    location.reload()
  })
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    await save(true)
    Object.assign(report, { body: body(form), state: 'waiting', tries: 0, nextTry: 0, why: null, note: null })
    await put('reports', report)
    location.assign('/visits/outbox')
  })
}

// The field a reason of the API points at (['detainees', '2', 'reason']): the third row on
// the page, its reason for the outcome chosen.
function fieldFor (form, path) {
  const [part, key, name] = path
  if (part === 'detainees' || part === 'issues') {
    const row = form.querySelectorAll(`[data-rows="${part}"] [data-row]`)[Number(key)]
    const first = row && row.querySelector('[name]')
    if (!first) return null
    const prefix = first.name.replace(/-[a-z_]+$/, '')
    const outcome = form.querySelector(`[name="${prefix}-outcome"]:checked`)
    const shown = name && name.startsWith('reason') && outcome ? `${outcome.value}_${name === 'reason' ? 'reason' : 'detail'}` : name
    return document.getElementById(`${prefix}-${shown}`) || first
  }
  if (part === 'checklist') return document.getElementById(`${key}-${name || 'state'}`)
  return document.getElementById({ visit_date: 'visit_date-day', partner_ids: 'partner' }[part] || part)
}

// A report begun on the server, carried on on the phone with no signal: what was typed on
// each of its steps here, put together, and the latest version of the report they were read
// at. The phone then sends it under the report's own id, from that version (basedOn): if the
// report has been saved on the pages since, the server refuses the copy rather than lose that.
async function fromSteps (id) {
  const steps = ['visit', 'access', 'detainees', 'checklist', 'issues', 'observations']
  const copies = await Promise.all(steps.map((step) => get('steps', `${id}/${step}`)))
  const mine = copies.filter((copy) => copy && copy.person === person())
  if (!mine.length) return {}
  return { fields: mine.flatMap((copy) => copy.fields), basedOn: Math.max(...mine.map((copy) => Number(copy.version))) }
}

function showProblems (form, why) {
  const box = document.querySelector('[data-phone-problems]')
  box.innerHTML = '<div class="govuk-error-summary" tabindex="-1"><div role="alert">' +
    '<h2 class="govuk-error-summary__title">The report was refused</h2>' +
    '<div class="govuk-error-summary__body"><p class="govuk-body">Change what is said below, then submit it again.</p>' +
    '<ul class="govuk-list govuk-error-summary__list"></ul></div></div></div>'
  const list = box.querySelector('ul')
  for (const { text, path } of why) {
    const item = document.createElement('li')
    const target = path && path.length ? fieldFor(form, path) : null
    const link = document.createElement(target ? 'a' : 'span')
    if (target) link.href = `#${target.id}`
    link.textContent = text
    item.append(link)
    list.append(item)
  }
  box.querySelector('.govuk-error-summary').focus()
}

function summary (form) {
  const suite = form.querySelector('[name="suite_id"]:checked')
  const label = suite && form.querySelector(`label[for="${suite.id}"]`)
  const [day, month, year] = [...form.querySelectorAll('[name="visit_date"]')].map((box) => box.value.trim())
  return {
    suite: label ? label.textContent.trim() : 'Suite not chosen yet',
    date: [day, month, year].join('/'),
    detainees: form.querySelectorAll('[data-rows="detainees"] [data-row]').length
  }
}

// The report as the API takes it (VisitReportSchema): the answers as the page's boxes hold
// them, so the server reads them, and words any refusal, exactly as for the step pages.
export function body (form) {
  const data = new FormData(form)
  const one = (name) => data.get(name) || ''
  return {
    suite_id: one('suite_id'),
    visit_date: data.getAll('visit_date'),
    visit_type: one('visit_type'),
    partner_ids: ['partner', 'second_partner'].map(one).filter(Boolean),
    outcome: one('outcome'),
    abandoned_reason: one('abandoned_reason'),
    arrived_at: one('arrived_at'),
    admitted_at: one('admitted_at'),
    delay_cause: one('delay_cause'),
    delay_reason: one('delay_reason'),
    delay_authorised_by: one('delay_authorised_by'),
    detainees: rows(data, 'detainees').map(detainee),
    checklist: checklist(data),
    issues: rows(data, 'issues'),
    observations: one('observations'),
    confirm_empty: data.get('confirm_empty') === 'y'
  }
}

// Each row's answers by field, in the page's order; a row left empty is null (the server
// leaves it out but counts it, so "detainee 3" is the third on the page).
function rows (data, list) {
  const found = new Map()
  for (const [name, value] of data) {
    const match = new RegExp(`^${list}-(\\d+)-(.+)$`).exec(name)
    if (!match) continue
    const row = found.get(match[1]) || {}
    row[match[2]] = value
    found.set(match[1], row)
  }
  return [...found.values()].map((row) => Object.values(row).some((v) => v.trim()) ? row : null)
}

function detainee (row) {
  if (!row) return null
  const { not_available_reason: a, not_available_detail: b, not_offered_reason: c, not_offered_detail: d, declined_reason: e, declined_detail: f, ...entry } = row
  const reasons = { not_available: [a, b], not_offered: [c, d], declined: [e, f] }[entry.outcome] || ['', '']
  return { ...entry, reason: reasons[0] || '', reason_detail: reasons[1] || '' }
}

function checklist (data) {
  const areas = {}
  for (const [name, value] of data) {
    const match = /^([a-z_]+)-(state|note)$/.exec(name)
    if (match) areas[match[1]] = { ...areas[match[1]], [match[2]]: value }
  }
  return areas
}

// -- A step of a report on the server --------------------------------------------------------

export async function initStepCopy (form) {
  const key = `${form.dataset.reportId}/${form.dataset.reportStep}`
  const version = form.querySelector('[name="version"]').value
  const copy = await get('steps', key)
  const keep = (now = true) => {
    const value = { key, version, person: person(), fields: answers(form), savedAt: Date.now() }
    return now ? put('steps', value) : { store: 'steps', value }
  }
  // A page opened to pre-fill issues is asked for afresh: the copy would wipe what it pre-fills.
  if (copy && copy.version === version && copy.person === person() && !('prefilled' in form.dataset) &&
      JSON.stringify(copy.fields) !== JSON.stringify(answers(form))) {
    fill(form, copy.fields)
    const note = document.createElement('div')
    note.className = 'govuk-inset-text'
    note.textContent = `What you typed on this page at ${time(copy.savedAt)} was not saved, so it is back on the page from this phone. Check it, then save it.`
    form.prepend(note)
  } else {
    keep() // the step as saved: with the rest, the report can be carried on on the phone
  }
  keepAsTyped(form, keep)
}

// Copies of steps are kept a short while (they may hold a custody number), and none of a
// person who signs out (offline.js).
export async function forgetSteps (everything) {
  const old = Date.now() - STEP_COPY_DAYS * 24 * 3600e3
  for (const copy of await all('steps')) {
    if (everything ? copy.person === person() : copy.savedAt < old) await remove('steps', copy.key)
  }
}
