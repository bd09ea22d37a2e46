// A form's answers as [name, value] pairs, as the browser would post them, and back again.
import { addRow, renumber, syncConditional } from './report.js'

const KEPT_OUT = new Set(['csrf_token', 'version', 'remove_row', 'later', 'add'])

export function answers (form) {
  return [...new FormData(form)].filter(([name, value]) =>
    !KEPT_OUT.has(name) && typeof value === 'string')
}

// Put `saved` answers back into `form`: first the rows they name (adding or taking out rows of
// detainees and issues), then every field, then what depends on the answers is shown again.
export function fill (form, saved) {
  form.querySelectorAll('[data-rows]').forEach((container) => matchRows(container, saved))
  const values = new Map()
  for (const [name, value] of saved) values.set(name, [...(values.get(name) || []), value])
  for (const field of form.elements) {
    if (!field.name || KEPT_OUT.has(field.name) || field.type === 'submit' || field.type === 'button') continue
    const given = values.get(field.name) || []
    if (field.type === 'radio' || field.type === 'checkbox') {
      field.checked = given.includes(field.value)
    } else {
      field.value = given.length ? given.shift() : '' // a date's three boxes share a name
    }
  }
  form.querySelectorAll('.govuk-radios__input[aria-controls]').forEach(syncConditional)
  const from = form.querySelector('[data-wait-from]')
  if (from) from.dispatchEvent(new Event('input'))
}

function rowIndex (row, pattern) {
  const named = row.querySelector('[name]')
  const match = named && pattern.exec(named.name)
  return match ? match[1] : null
}

function matchRows (container, saved) {
  const pattern = new RegExp(`^${container.dataset.rows}-(\\d+)-`)
  const wanted = new Set(saved.map(([name]) => (pattern.exec(name) || [])[1]).filter(Boolean))
  if (!wanted.size) return // nothing saved of this list: the page's rows stay as they are
  container.querySelectorAll('[data-row]').forEach((row) => {
    if (!wanted.delete(rowIndex(row, pattern))) row.remove()
  })
  ;[...wanted].map(Number).sort((a, b) => a - b).forEach((index) => addRow(container, index))
  renumber(container)
}
