// Conveniences for the visit report pages. Every one of them also works without JavaScript:
// "Add another" then saves and reloads the page, "Remove this …" is a tick box, and the wait
// is worked out when the step is saved.

const PLACEHOLDER = /-999\b|"999"/g

export function renumber (container) {
  container.querySelectorAll('[data-row]').forEach((row, position) => {
    row.querySelectorAll('[data-row-number]').forEach((el) => { el.textContent = position + 1 })
  })
  const empty = container.querySelector('[data-empty]')
  if (empty) empty.hidden = container.querySelector('[data-row]') !== null
}

function enhanceRemove (row, container) {
  const group = row.querySelector('[data-remove-row]')
  if (!group || row.querySelector('[data-remove-button]')) return
  // "Remove this detainee" becomes "Remove detainee 3": a name that says which one.
  const noun = group.querySelector('label').textContent.trim().replace('Remove this ', '')
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'govuk-button govuk-button--secondary'
  button.setAttribute('data-remove-button', '')
  const number = document.createElement('span')
  number.setAttribute('data-row-number', '')
  button.append(`Remove ${noun} `, number)
  button.addEventListener('click', () => {
    row.remove()
    renumber(container)
    const add = document.querySelector(`[data-add-row="${container.dataset.rows}"]`)
    if (add) add.focus()
  })
  group.hidden = true
  group.querySelector('input').disabled = true
  group.after(button)
  renumber(container)
}

export function nextIndex (container) {
  let highest = -1
  container.querySelectorAll('[name]').forEach((el) => {
    const match = el.name.match(/^[a-z_]+-(\d+)-/)
    if (match) highest = Math.max(highest, Number(match[1]))
  })
  return highest + 1
}

function initRows (container) {
  const name = container.dataset.rows
  const template = document.querySelector(`template[data-row-template="${name}"]`)
  const add = document.querySelector(`[data-add-row="${name}"]`)
  container.querySelectorAll('[data-row]').forEach((row) => enhanceRemove(row, container))
  if (!template || !add) return
  add.addEventListener('click', (event) => {
    event.preventDefault()
    const first = addRow(container, nextIndex(container)).querySelector('input, select, textarea')
    if (first) first.focus()
  })
}

// A blank row numbered `index`, from the page's template, at the end of `container`.
export function addRow (container, index) {
  const template = document.querySelector(`template[data-row-template="${container.dataset.rows}"]`)
  const holder = document.createElement('div')
  holder.innerHTML = template.innerHTML.replace(PLACEHOLDER, (found) =>
    found.startsWith('"') ? `"${index}"` : `-${index}`)
  const row = holder.firstElementChild
  container.append(row)
  linkConditionals(row)
  enhanceRemove(row, container)
  renumber(container)
  return row
}

function minutes (value) {
  const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(value.trim())
  return match ? Number(match[1]) * 60 + Number(match[2]) : null
}

function initWait (form) {
  const from = form.querySelector('[data-wait-from]')
  const to = form.querySelector('[data-wait-to]')
  const output = form.querySelector('[data-wait-output]')
  if (!from || !to || !output) return
  const show = () => {
    const start = minutes(from.value)
    const end = minutes(to.value)
    if (start === null || end === null) {
      output.textContent = 'The wait is worked out from the two times.'
    } else if (end < start && end + 24 * 60 - start > 6 * 60) {
      output.textContent = 'The time you were let in is before the time you arrived.'
    } else {
      const wait = end >= start ? end - start : end + 24 * 60 - start // past midnight
      const words = `You waited ${wait} minute${wait === 1 ? '' : 's'}`
      output.textContent = wait <= 5
        ? `${words}: immediate access.`
        : `${words}. Give the reason and who authorised it.`
    }
  }
  from.addEventListener('input', show)
  to.addEventListener('input', show)
}

// Conditional questions (the reason under "Not available", the note under "Concern"): shown
// under the chosen answer only. Without JavaScript they are all shown.
function linkConditionals (scope) {
  scope.querySelectorAll('.govuk-radios__input[data-aria-controls]').forEach((input) => {
    input.setAttribute('aria-controls', input.getAttribute('data-aria-controls'))
    input.removeAttribute('data-aria-controls')
  })
  scope.querySelectorAll('.govuk-radios__input[aria-controls]').forEach(syncConditional)
}

export function syncConditional (input) {
  const target = document.getElementById(input.getAttribute('aria-controls'))
  if (target) target.classList.toggle('govuk-radios__conditional--hidden', !input.checked)
}

function onRadioChange (event) {
  const input = event.target
  if (!input.matches || !input.matches('.govuk-radios__input') || !input.form) return
  input.form.querySelectorAll(`.govuk-radios__input[name="${input.name}"][aria-controls]`)
    .forEach(syncConditional)
}

// "All areas satisfactory" on the phone's report: every area not marked a concern is marked
// satisfactory, as the step page's button does on the server (visit_reports.mark_all_satisfactory).
function initAllSatisfactory (button) {
  button.addEventListener('click', () => {
    const form = button.form
    form.querySelectorAll('.govuk-radios__input[value="satisfactory"]').forEach((input) => {
      const concern = form.querySelector(`.govuk-radios__input[name="${input.name}"][value="concern"]:checked`)
      if (!concern) input.checked = true
    })
    form.querySelectorAll('.govuk-radios__input[aria-controls]').forEach(syncConditional)
    form.dispatchEvent(new Event('change')) // kept on the phone at once
  })
}

export function initReport (scope) {
  linkConditionals(scope)
  scope.querySelectorAll('[data-all-satisfactory]').forEach(initAllSatisfactory)
  scope.addEventListener('change', onRadioChange)
  scope.querySelectorAll('[data-rows]').forEach(initRows)
  scope.querySelectorAll('form').forEach(initWait)
}
