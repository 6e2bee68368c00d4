// Loaded as a module from the page (no inline script: the Content-Security-Policy forbids it),
// so these classes arrive a moment after first paint rather than before it.
import { initAll as initGovuk } from './govuk-frontend.min.js';
import { initAll as initMoj } from './moj-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initGovuk();
initMoj();
