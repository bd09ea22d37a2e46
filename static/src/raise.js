// "Raise as an issue" beside each rights question answered "No" on the phone's report, as the
// issues step offers on the server (icv/services/visit_reports/raising.py): one tap adds an
// issue row with the check's area and the words of the "no", the level left for the volunteer.
// An issue already beginning with those words is the one raised: a second tap goes to it.
import { addRow, nextIndex } from './report.js'

// As no_answer_text (icv/models/rights.py) words it: test_rights_journey.py checks they agree.
function noText (position, label) {
  return `Detainee ${position}: ${label} \u2014 no.`
}

function position (row) {
  return [...row.parentElement.querySelectorAll(':scope > [data-row]')].indexOf(row) + 1
}

// The button for the "No" answer `input`, made the first time it is needed.
function buttonFor (input, check, raise) {
  const group = input.closest('.govuk-form-group')
  let button = group.querySelector('[data-raise-right]')
  if (button) return button
  button = document.createElement('button')
  button.type = 'button'
  button.className = 'govuk-button govuk-button--secondary govuk-!-margin-bottom-0'
  button.dataset.raiseRight = ''
  const which = document.createElement('span')
  which.className = 'govuk-visually-hidden'
  button.append('Raise as an issue', which)
  button.addEventListener('click', () => raise(input, check))
  group.append(button)
  return button
}

export function initRaiseRights (form) {
  const checks = JSON.parse(form.dataset.raiseRights || '{}')
  const issues = form.querySelector('[data-rows="issues"]')
  const pattern = /^detainees-\d+-([a-z_]+)$/
  if (!issues) return

  const raise = (input, check) => {
    const text = noText(position(input.closest('[data-row]')), check.label)
    const raised = [...issues.querySelectorAll('[data-row]')].find((row) => {
      const description = row.querySelector('[name$="-description"]')
      return description && description.value.startsWith(text)
    })
    const row = raised || addRow(issues, nextIndex(issues))
    if (!raised) {
      row.querySelector('[name$="-area"]').value = check.area
      row.querySelector('[name$="-description"]').value = text
      form.dispatchEvent(new Event('change')) // kept on the phone at once
    }
    row.querySelector('select, textarea, input:not([type="hidden"])').focus()
  }

  // Shown beside a "No" that is chosen, named after the detainee's number as it is now.
  const sync = () => {
    form.querySelectorAll('[data-rows="detainees"] .govuk-radios__input[value="no"]').forEach((input) => {
      const check = checks[(pattern.exec(input.name) || [])[1]]
      if (!check) return
      if (!input.checked && !input.closest('.govuk-form-group').querySelector('[data-raise-right]')) return
      const button = buttonFor(input, check, raise)
      button.hidden = !input.checked
      button.lastChild.textContent = `: ${noText(position(input.closest('[data-row]')), check.label)}`
    })
  }
  sync()
  form.addEventListener('change', sync)
  form.addEventListener('click', (event) => {
    if (event.target.closest('[data-remove-button]')) setTimeout(sync) // the numbers change
  })
}
