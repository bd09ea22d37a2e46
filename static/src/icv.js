// ICV browser JavaScript, bundled by esbuild into static/icv.js (IIFE, ES2017).
// Load with <script src="/static/icv.js" defer></script>: no inline script is
// needed, so the Content-Security-Policy can forbid inline scripts.
import {
  Button,
  CharacterCount,
  ErrorSummary,
  NotificationBanner,
  PasswordInput,
  ServiceNavigation,
  SkipLink,
  createAll
} from 'govuk-frontend'

import { initReport } from './report.js'

// Not GOV.UK's Radios and Checkboxes: their conditional reveals put aria-expanded on the
// inputs, which ARIA does not allow on a radio or checkbox (axe-core fails the page; see
// alphagov/govuk-frontend#979). report.js reveals conditional questions without it.
const components = [
  Button,
  CharacterCount,
  ErrorSummary,
  NotificationBanner,
  PasswordInput,
  ServiceNavigation,
  SkipLink
]

function init () {
  // What the GOV.UK page template normally does with an inline <script>.
  // `govuk-frontend-supported` uses GOV.UK's own browser check (support for
  // <script type="module">); GOV.UK Frontend's JS does nothing without it.
  document.body.classList.add('js-enabled')
  if ('noModule' in HTMLScriptElement.prototype) {
    document.body.classList.add('govuk-frontend-supported')
  }

  for (const Component of components) {
    createAll(Component, undefined, document)
  }
  initReport(document)
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', init)
} else {
  init()
}
